package org.dayuan.alarms;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The alarm service every line raises its alarms through. Each call acts as {@code caller} (a line passes its own
 * {@code TwinRegistry.identity()}, a servlet the logged-in user), bounded by the alarm bundle's grant, and is
 * recorded in the alarm with the caller's subject; a caller that may not see the source gets the registry's 404,
 * one that may not write its namespace the registry's 403. Alarms are returned as their twins.
 */
@ProviderType
public interface Alarms {
    /** The definition of every alarm twin. */
    String DEFINITION = "dayuan:Alarm:2.0.0";

    /**
     * Raises an alarm for the condition, or, when (source, type) has an open alarm, records a repeat on it (count,
     * lastSeen, active again). A new alarm starts unacknowledged and is notified.
     */
    Twin raise(Caller caller, AlarmCondition condition);

    /**
     * Records that the condition (source, type) returned to normal at {@code at}: the open alarm becomes inactive
     * and stays open until a person closes it. Empty when there is no open alarm, or it is already inactive.
     */
    Optional<Twin> normal(Caller caller, TwinId source, String type, Instant at);

    /**
     * Takes one lifecycle step on the alarm. An illegal step is a 409 {@code alarms:step.illegal} naming the
     * current state; a step without what it needs (a verify without result, a shelve without a future until) a 400.
     */
    Twin act(Caller caller, TwinId alarm, AlarmStep step);

    /** The open alarm of (source, type), if there is one the caller can see. */
    Optional<Twin> open(Caller caller, TwinId source, String type);

    /** The open alarms the caller can see whose type starts with {@code typePrefix} (empty: all), newest first. */
    List<Twin> openAlarms(Caller caller, String typePrefix);
}
