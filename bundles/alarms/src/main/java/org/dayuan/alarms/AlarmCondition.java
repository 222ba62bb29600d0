package org.dayuan.alarms;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.TwinId;

/**
 * A condition a line found: what it is about ({@code source}, a twin the raising caller can see), its {@code type}
 * ({@code <line>.<what>}, e.g. {@code energy.night-baseload}, {@code safety.fire}, {@code safety.link}), severity,
 * a display {@code name} in Chinese, a {@code message} with the figures, when it was seen, and {@code details}: the
 * line's own attributes for the alarm (value, threshold, unit, cameras, ...), written as they are; may be null.
 * There is at most one open alarm per (source, type): raising it again counts a repeat.
 */
public record AlarmCondition(TwinId source, String type, String line, Severity severity, String name, String message,
                             Instant at, ObjectNode details) {
    public AlarmCondition {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(at, "at");
        message = message == null ? name : message;
    }
}
