package org.dayuan.alarms;

import java.util.Objects;

import org.dayuan.twin.Twin;

/**
 * What happened to an alarm that is worth telling: {@code raised}, {@code escalated} (not acknowledged within T1, or
 * not verified within T2: {@code reason} says which) or {@code verified} (with a real result); the alarm as a twin.
 */
public record AlarmNotice(String event, String reason, Twin alarm) {
    public AlarmNotice {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(alarm, "alarm");
        reason = reason == null ? "" : reason;
    }
}
