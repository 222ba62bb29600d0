package org.dayuan.twin.core.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.HistoryParameters;
import org.dayuan.twin.HistoryRange;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Subtree;
import org.dayuan.twin.ThingPaths;
import org.dayuan.twin.TimeSeries;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinChange;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.spi.TwinJournal;
import org.dayuan.twin.spi.TwinJournal.Checkpoint;
import org.dayuan.twin.spi.TwinJournal.HistoryHorizon;

/**
 * {@link TwinHistory} over the journal: each past state is a checkpoint plus the events after it, applied with the
 * registry's own {@link org.dayuan.twin.core.Replay}. The current state comes from the registry when it is the one
 * asked for, as Ditto answers a request for the current revision from memory.
 *
 * <p>Retention may move the history horizon while a read is under way and delete events the read is about to take.
 * It only ever moves forward, so a read that finds it where it was at the start saw everything it needed; one that
 * does not is done again, from the new horizon.
 */
public final class History implements TwinHistory {
    /** Reads done again when retention moves the horizon under them; it moves at most once per job run. */
    private static final int ATTEMPTS = 3;

    private final TwinJournal journal;
    private final TwinRegistry registry;
    private final Clock clock;

    public History(TwinJournal journal, TwinRegistry registry, Clock clock) {
        this.journal = journal;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Twin atRevision(Caller caller, TwinId id, long revision) {
        requireVisible(caller, id);
        if (revision < 0) {
            throw ErrorCode.PARAMETER_INVALID.exception("A revision is 0 or more, not " + revision + ".");
        }
        Optional<Twin> current = registry.get(caller, id);
        if (current.isPresent() && current.get().revision() == revision) {
            return current.get();
        }
        return reading(horizon -> {
            OptionalLong seq = journal.seqOfRevision(id, revision);
            if (seq.isEmpty()) {
                throw unknownOr(caller, id, HistoryErrors.atRevision(id, revision, horizon.isComplete()
                        ? "It never had that revision." : "It never had that revision, or retention removed it: "
                        + HistoryErrors.removed(horizon)));
            }
            Checkpoint start = journal.checkpointAt(id, seq.getAsLong());
            if (start.seq() > seq.getAsLong()) {
                throw HistoryErrors.atRevision(id, revision, HistoryErrors.removed(horizon));
            }
            Timeline timeline = new Timeline(journal, id, start);
            while (timeline.peek() != null && timeline.peek().seq() <= seq.getAsLong()) {
                timeline.advance();
            }
            Twin twin = timeline.twin();
            if (twin == null || twin.revision() != revision) {
                throw HistoryErrors.atRevision(id, revision, "It was deleted by that change.");
            }
            return twin;
        });
    }

    @Override
    public Twin atInstant(Caller caller, TwinId id, Instant instant) {
        requireVisible(caller, id);
        requireNotFuture(instant, () -> HistoryErrors.atInstant(id, instant, "That is in the future."));
        Optional<Twin> current = registry.get(caller, id);
        if (current.isPresent() && current.get().modified().isBefore(instant)) {
            return current.get();
        }
        return reading(horizon -> {
            Timeline timeline = timelineBefore(id, instant, horizon,
                    () -> HistoryErrors.atInstant(id, instant, HistoryErrors.removed(horizon)));
            takeBefore(timeline, instant);
            if (timeline.twin() != null) {
                return timeline.twin();
            }
            throw unknownOr(caller, id, timeline, HistoryErrors.atInstant(id, instant,
                    "It did not exist at that time."));
        });
    }

    @Override
    public void changes(Caller caller, TwinId id, HistoryRange range, Predicate<TwinChange> sink) {
        requireVisible(caller, id);
        HistoryHorizon horizon = journal.historyHorizon();
        Timeline timeline = range instanceof HistoryRange.Revisions r
                ? fromRevision(caller, id, r.from(), horizon)
                : fromInstant(caller, id, ((HistoryRange.Instants) range).from());
        boolean first = true;
        for (TwinEvent e = timeline.peek(); e != null && within(range, e, first); e = timeline.peek()) {
            timeline.advance();
            first = false;
            if (!sink.test(new TwinChange(e, Optional.ofNullable(timeline.twin())))) {
                break;
            }
        }
        if (journal.historyHorizon().seq() > Math.max(horizon.seq(), timeline.startSeq())) {
            // Events this stream read may have been deleted under it. What was handed out cannot be taken back;
            // the caller learns that changes may be missing.
            throw ErrorCode.STORE_UNAVAILABLE.exception("Retention removed history of '" + id + "' while it was"
                    + " being read, so changes may be missing; ask again for what is still kept.");
        }
    }

    /** Positions a timeline just before the change with revision {@code from} (0: the earliest change kept). */
    private Timeline fromRevision(Caller caller, TwinId id, long from, HistoryHorizon horizon) {
        if (from == 0) {
            Timeline timeline = new Timeline(journal, id, journal.checkpointAt(id, 0));
            requireKnown(caller, id, timeline);
            return timeline;
        }
        OptionalLong seq = journal.seqOfRevision(id, from);
        if (seq.isEmpty()) {
            throw unknownOr(caller, id, HistoryErrors.atRevision(id, from, "It never had that revision."));
        }
        Checkpoint start = journal.checkpointAt(id, seq.getAsLong() - 1);
        if (start.seq() >= seq.getAsLong()) {
            throw HistoryErrors.atRevision(id, from, HistoryErrors.removed(horizon));
        }
        Timeline timeline = new Timeline(journal, id, start);
        while (timeline.peek() != null && timeline.peek().seq() < seq.getAsLong()) {
            timeline.advance();
        }
        return timeline;
    }

    /** Positions a timeline after the changes stamped at or before {@code from}, as Ditto streams from there. */
    private Timeline fromInstant(Caller caller, TwinId id, Instant from) {
        Timeline timeline = new Timeline(journal, id, journal.checkpointBefore(id, from));
        requireKnown(caller, id, timeline);
        while (timeline.peek() != null && !timeline.peek().timestamp().isAfter(from)) {
            timeline.advance();
        }
        return timeline;
    }

    /**
     * Whether {@code e} belongs to the range. A bounded revision range ends with its lifetime: a creation after the
     * first change streamed starts another, whose revisions count from 1 again.
     */
    private static boolean within(HistoryRange range, TwinEvent e, boolean first) {
        if (range instanceof HistoryRange.Revisions r) {
            return r.to() == Long.MAX_VALUE
                    || e.revision() <= r.to() && (first || e.type() != TwinEvent.Type.CREATED);
        }
        return e.timestamp().isBefore(((HistoryRange.Instants) range).to());
    }

    @Override
    public TimeSeries series(Caller caller, TwinId id, JsonPointer path, Instant from, Instant to, Duration step) {
        requireVisible(caller, id);
        if (from == null || to == null) {
            throw ErrorCode.PARAMETER_INVALID.exception("A series needs both 'from' and 'to'.");
        }
        if (step == null || step.isNegative() || step.isZero()) {
            throw ErrorCode.PARAMETER_INVALID.exception("The step must be a positive duration, not " + step + ".");
        }
        if (!to.isAfter(from)) {
            throw ErrorCode.PARAMETER_INVALID.exception("The series must end after it starts: 'from' " + from
                    + " is not before 'to' " + to + ".");
        }
        HistoryParameters.requirePoints("From " + from + " to " + to + " in steps of " + step,
                SeriesBuilder.bucketCount(from, to, step), "Choose a longer 'step' or a shorter range.");
        return reading(horizon -> {
            Timeline timeline = timelineBefore(id, from, horizon,
                    () -> HistoryErrors.atInstant(id, from, HistoryErrors.removed(horizon)));
            takeBefore(timeline, from);
            Optional<JsonNode> initial = timeline.twin() == null ? Optional.empty() : timeline.twin().get(path);
            SeriesBuilder points = new SeriesBuilder(from, step);
            while (timeline.peek() != null && timeline.peek().timestamp().isBefore(to)) {
                TwinEvent e = timeline.advance();
                if (timeline.twin() != null && Writes.touches(e, path)) {
                    timeline.twin().get(path).ifPresent(v -> points.add(e.timestamp(), v));
                }
            }
            requireKnown(caller, id, timeline);
            return new TimeSeries(id, path, from, to, step, initial, points.points());
        });
    }

    @Override
    public Subtree subtreeAt(Caller caller, TwinId root, Instant instant, int depth) {
        requireVisible(caller, root);
        requireNotFuture(instant, () -> HistoryErrors.atInstant(root, instant, "That is in the future."));
        return reading(horizon -> {
            requireKept(instant, horizon, () -> HistoryErrors.atInstant(root, instant, HistoryErrors.removed(horizon)));
            Checkpoint start = journal.checkpointBefore(instant);
            if (start.seq() > 0 && !start.timestamp().isBefore(instant)) {
                throw HistoryErrors.atInstant(root, instant, HistoryErrors.removed(horizon));
            }
            PastRegistry past = PastRegistry.at(journal, instant, start);
            Twin twin = past.get(root);
            if (twin == null) {
                throw HistoryErrors.atInstant(root, instant, "It did not exist at that time.");
            }
            Subtree all = past.subtree(twin, depth);
            return new Subtree(all.root(), all.descendants().stream().filter(t -> caller.sees(t.id())).toList());
        });
    }

    // ---- shared steps -------------------------------------------------------------------------------------------

    /** The past of a twin the caller may not see is as unknown as the twin itself. */
    private static void requireVisible(Caller caller, TwinId id) {
        if (!caller.sees(id)) {
            throw ThingPaths.notFound(id, JsonPointer.empty());
        }
    }

    /** A timeline of {@code id} from its newest checkpoint before {@code instant}, or {@code removed} when gone. */
    private Timeline timelineBefore(TwinId id, Instant instant, HistoryHorizon horizon,
                                    Supplier<DayuanException> removed) {
        requireKept(instant, horizon, removed);
        Checkpoint start = journal.checkpointBefore(id, instant);
        if (start.seq() > 0 && !start.timestamp().isBefore(instant)) {
            throw removed.get();
        }
        return new Timeline(journal, id, start);
    }

    /** Takes the events stamped before {@code instant}, stopping at the first that is not (as Ditto does). */
    private static void takeBefore(Timeline timeline, Instant instant) {
        while (timeline.peek() != null && timeline.peek().timestamp().isBefore(instant)) {
            timeline.advance();
        }
    }

    /** States at or before the horizon include events up to its stamp, which may be after the instant asked. */
    private static void requireKept(Instant instant, HistoryHorizon horizon, Supplier<DayuanException> removed) {
        if (!horizon.isComplete() && !instant.isAfter(horizon.timestamp())) {
            throw removed.get();
        }
    }

    private void requireNotFuture(Instant instant, Supplier<DayuanException> error) {
        if (instant.isAfter(clock.instant())) {
            throw error.get();
        }
    }

    /** {@code error}, unless nothing at all is known of {@code id}: then Ditto's plain "thing not found". */
    private DayuanException unknownOr(Caller caller, TwinId id, DayuanException error) {
        return unknownOr(caller, id, new Timeline(journal, id, journal.checkpointAt(id, Long.MAX_VALUE)), error);
    }

    private DayuanException unknownOr(Caller caller, TwinId id, Timeline timeline, DayuanException error) {
        return known(caller, id, timeline) ? error : ThingPaths.notFound(id, JsonPointer.empty());
    }

    private void requireKnown(Caller caller, TwinId id, Timeline timeline) {
        if (!known(caller, id, timeline)) {
            throw ThingPaths.notFound(id, JsonPointer.empty());
        }
    }

    /** Whether anything is known of {@code id}: history in the journal, or the twin as it is now. */
    private boolean known(Caller caller, TwinId id, Timeline timeline) {
        return timeline.knowsTwin() || registry.get(caller, id).isPresent();
    }

    /**
     * Runs {@code read} with the horizon it starts from, and again if the horizon moved before it finished: then
     * its answer, or its error, may come from events that were being deleted.
     */
    private <T> T reading(Function<HistoryHorizon, T> read) {
        for (int attempt = 1; ; attempt++) {
            HistoryHorizon horizon = journal.historyHorizon();
            try {
                T result = read.apply(horizon);
                if (journal.historyHorizon().equals(horizon)) {
                    return result;
                }
            } catch (RuntimeException e) {
                if (journal.historyHorizon().equals(horizon)) {
                    throw e;
                }
            }
            if (attempt == ATTEMPTS) {
                throw ErrorCode.STORE_UNAVAILABLE.exception("Retention kept removing the history being read;"
                        + " try again.");
            }
        }
    }
}
