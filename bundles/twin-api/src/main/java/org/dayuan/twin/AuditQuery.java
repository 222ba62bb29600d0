package org.dayuan.twin;

import java.time.Instant;
import java.util.Set;

/**
 * Which audit entries to read, newest first: those of one twin and/or one subject (either may be null), stamped in
 * {@code [from, to)}, with a journal position below {@code beforeSeq} (the paging cursor), at most {@code limit}.
 * {@code namespaces} restricts them to twins in those organisation subtrees, as {@link Caller#inScope}; the set
 * holding {@link Caller#ALL_NAMESPACES} does not restrict.
 */
public record AuditQuery(TwinId thingId, String subject, Instant from, Instant to, long beforeSeq, int limit,
                         Set<String> namespaces) {
    public AuditQuery {
        namespaces = Set.copyOf(namespaces);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw ErrorCode.PARAMETER_INVALID.exception("The time range " + from + " to " + to
                    + " is invalid: it must not end before it starts.");
        }
    }

    /** Whether an entry about {@code id}, by {@code who}, at {@code at}, at position {@code seq} is asked for. */
    public boolean matches(long seq, Instant at, String who, TwinId id) {
        return seq < beforeSeq && (thingId == null || thingId.equals(id)) && (subject == null || subject.equals(who))
                && inTimeRange(at) && Caller.covers(namespaces, id.namespace());
    }

    /** Whether {@code at} lies in {@code [from, to)}; an open end does not limit. */
    public boolean inTimeRange(Instant at) {
        return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }
}
