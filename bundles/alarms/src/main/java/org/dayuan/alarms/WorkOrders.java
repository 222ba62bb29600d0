package org.dayuan.alarms;

import java.time.Duration;

import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Work orders (工单), shared by all lines: twins of model {@code dayuan:WorkOrder:1.0.0} in the namespace of the twin
 * they concern (their parent). Lifecycle: open → assigned → done → confirmed (or back to assigned when not
 * confirmed); each step records who, when and a comment; an order past its SLA and not done is overdue.
 */
@ProviderType
public interface WorkOrders {
    /** The definition of every work order twin. */
    String DEFINITION = "dayuan:WorkOrder:1.0.0";

    /**
     * Opens a work order about {@code subject}: a title in Chinese, what to do, an optional origin (the alarm or
     * hazard it was created from; at most one open order per origin: asking again returns it), and the time allowed
     * ({@code sla}; null: the configured default).
     */
    Twin open(Caller caller, TwinId subject, String title, String description, TwinId origin, Duration sla);
}
