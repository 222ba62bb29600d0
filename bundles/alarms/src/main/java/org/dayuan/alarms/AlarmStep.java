package org.dayuan.alarms;

import java.time.Instant;
import java.util.Objects;

/**
 * One lifecycle step: the action, the comment every step records, the verification {@code result} (required for
 * {@link AlarmAction#VERIFY}, null otherwise) and the shelving expiry {@code until} (required for
 * {@link AlarmAction#SHELVE}, null otherwise).
 */
public record AlarmStep(AlarmAction action, String comment, Verification result, Instant until) {
    public AlarmStep {
        Objects.requireNonNull(action, "action");
        comment = comment == null ? "" : comment;
    }

    public static AlarmStep of(AlarmAction action, String comment) {
        return new AlarmStep(action, comment, null, null);
    }
}
