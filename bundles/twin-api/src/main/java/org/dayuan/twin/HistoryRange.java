package org.dayuan.twin;

import java.time.Instant;

/** Which changes of a twin a historical stream covers: a range of revisions or of instants, as in Ditto. */
public sealed interface HistoryRange {

    /**
     * Ditto's {@code from-historical-revision} / {@code to-historical-revision}: revisions {@code from} to {@code to},
     * both included, of the lifetime of the twin that had revision {@code from}. {@code from} 0 is the earliest
     * change kept; {@code to} {@link Long#MAX_VALUE} is up to the newest change, across later lifetimes too.
     */
    record Revisions(long from, long to) implements HistoryRange {
        public Revisions {
            if (from < 0 || to < from) {
                throw ErrorCode.PARAMETER_INVALID.exception("The revision range " + from + " to " + to
                        + " is invalid: revisions are 0 or more and the range must not end before it starts.");
            }
        }
    }

    /**
     * Ditto's {@code from-historical-timestamp} / {@code to-historical-timestamp}: the changes stamped after
     * {@code from} and before {@code to} (both excluded, as in Ditto); {@code to} {@link Instant#MAX} is up to the
     * newest change.
     */
    record Instants(Instant from, Instant to) implements HistoryRange {
        public Instants {
            if (from == null || to == null || to.isBefore(from)) {
                throw ErrorCode.PARAMETER_INVALID.exception("The time range " + from + " to " + to
                        + " is invalid: both ends are needed and it must not end before it starts.");
            }
        }
    }
}
