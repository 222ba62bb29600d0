package org.dayuan.alarms;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A channel alarms are delivered to (webhook, SMS, ...), registered as an OSGi service: the whiteboard. The alarm
 * service delivers to every notifier whose service properties match the alarm: {@value #NAME} (required, recorded
 * with each delivery), {@value #MIN_SEVERITY} (info, warning, major, critical; default info) and
 * {@value #NAMESPACES} (the organisations it serves; absent or {@code *}: all). Deliveries run off the writer's
 * thread; each outcome is recorded on the alarm ({@code deliveries}).
 */
@ConsumerType
public interface AlarmNotifier {
    String NAME = "dayuan.notifier";
    String MIN_SEVERITY = "dayuan.notifier.minSeverity";
    String NAMESPACES = "dayuan.notifier.namespaces";

    /**
     * Delivers one notice, retrying as the notifier sees fit, and returns once delivered; throws when it finally
     * failed, with a message that says why (recorded on the alarm).
     */
    void deliver(AlarmNotice notice) throws Exception;
}
