package org.dayuan.twin;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The past of twins, rebuilt from the journal by applying its events exactly as the registry applied them: Eclipse
 * Ditto's history (a twin at a revision or an instant, the changes between two revisions or instants) plus what
 * campus cockpits need (a property as a time series, a whole subtree at an instant).
 *
 * <p>Instants follow Ditto: the state "at" an instant includes the changes stamped before it, not one stamped exactly
 * at it, and instants in the future have no state. Revisions restart at 1 when a deleted twin is created again; a
 * revision then means the newest state that had it. Where no past state can be given (the twin did not exist, the
 * revision or instant is in the future, retention removed it) the error is a 404 in Ditto's terms; malformed
 * arguments get {@link ErrorCode#PARAMETER_INVALID}.
 */
@ProviderType
public interface TwinHistory {

    /** Ditto's {@code at-historical-revision}: the twin right after the change that gave it {@code revision}. */
    Twin atRevision(Caller caller, TwinId id, long revision);

    /** Ditto's {@code at-historical-timestamp}: the twin after its last change stamped before {@code instant}. */
    Twin atInstant(Caller caller, TwinId id, Instant instant);

    /**
     * The changes of one twin within {@code range}, oldest first, each with the twin right after it, handed to
     * {@code sink} as they are read from the store page by page (so a long range never sits in memory), until the
     * range ends or {@code sink} returns false. For Ditto's historical SSE streams. A range reaching back past what
     * retention kept starts at the earliest change kept, except that a revision range must find its first revision.
     * Unknown twin: {@link ErrorCode#THING_NOT_FOUND} before anything is handed out.
     */
    void changes(Caller caller, TwinId id, HistoryRange range, Predicate<TwinChange> sink);

    /**
     * The value at {@code path} between {@code from} (inclusive) and {@code to} (exclusive) as points of buckets
     * {@code step} long, aligned to {@code from}: for each bucket with a value written in it, the minimum, maximum
     * and mean of the numbers written, the last value written and how many values were. At most
     * {@link TimeSeries#MAX_POINTS} buckets.
     */
    TimeSeries series(Caller caller, TwinId id, JsonPointer path, Instant from, Instant to, Duration step);

    /**
     * {@code root} and its descendants as they were at {@code instant}, by the {@code parent} attributes of that
     * instant, down to {@code depth} levels (1 = children; 0 or less = all), descendants in thingId order.
     */
    Subtree subtreeAt(Caller caller, TwinId root, Instant instant, int depth);
}
