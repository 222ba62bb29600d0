package org.dayuan.energy.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * Something a rule found. Rules are level-triggered: while a condition lasts, every evaluation returns it again.
 * The window rules give every repeat the same {@code at}, so the wiring can raise one alarm per (ruleId, subject,
 * at); the quota rule, whose condition has no window end, is stamped with the evaluation time instead.
 *
 * @param ruleId    e.g. {@code energy.stale-meter}
 * @param subject   thingId of the meter or organisation concerned
 * @param severity  e.g. {@code warning}, {@code major}
 * @param at        when the condition was established (end of the window examined)
 * @param value     the measured value, in the unit the message names
 * @param threshold the limit it was compared with
 * @param unit      the unit of value and threshold (kWh, m3, kW, kgce, min, ...)
 * @param message   short Chinese / English text
 */
public record Finding(String ruleId, String subject, String severity, Instant at, double value, double threshold,
                      String unit, String message) {
    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(message, "message");
    }
}
