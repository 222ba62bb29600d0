package org.dayuan.twin.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Durable storage behind the registry: an append-only journal of events plus snapshots of all twins. The registry
 * is rebuilt on start from the latest snapshot and the journal after it.
 */
@ConsumerType
public interface TwinJournal {

    /**
     * Appends events in one transaction, grouped with other callers' appends (group commit). The future completes,
     * with the events stamped with their journal positions ({@link TwinEvent#seq()}), only after the commit; it
     * fails when the commit did, and then none of the events is stored.
     */
    default CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events) {
        return append(events, committed -> { });
    }

    /**
     * {@link #append(List)}, running {@code onCommit} with the stamped events after the commit and before the future
     * completes, one call at a time in journal order. That is how the registry makes changes visible and announces
     * them in exactly the order they were stored. {@code onCommit} must be quick and must not call the journal; an
     * exception it throws is logged and does not fail the append, which is durable by then.
     */
    CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, Consumer<List<TwinEvent>> onCommit);

    /**
     * {@link #append(List, Consumer)}, storing {@code audit} (one record per event, in the same order) in the same
     * transaction, each stamped with its event's journal position. A store that keeps no audit trail refuses it.
     */
    default CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, List<AuditRecord> audit,
                                                      Consumer<List<TwinEvent>> onCommit) {
        return CompletableFuture.failedFuture(ErrorCode.STORE_UNAVAILABLE.exception(describe()
                + " keeps no audit trail."));
    }

    /** The stored audit records matching {@code query}, newest first. */
    default List<AuditRecord> audit(AuditQuery query) {
        throw ErrorCode.STORE_UNAVAILABLE.exception(describe() + " keeps no audit trail.");
    }

    /**
     * Stores {@code twins} as the state after journal position {@code seq} and, once stored, lets recovery start
     * from it. Runs in the background; the future completes when the snapshot is durable.
     */
    CompletableFuture<Void> snapshot(long seq, Collection<Twin> twins);

    /** The latest complete snapshot, or an empty one at position 0. */
    Snapshot latestSnapshot();

    /** Feeds every journal event after position {@code afterSeq} to {@code sink}, in journal order. */
    void replay(long afterSeq, Consumer<TwinEvent> sink);

    /** The highest journal position stored, 0 when empty. */
    long lastSeq();

    /** A short description for health output, e.g. {@code h2} or {@code postgresql}, without credentials. */
    String describe();

    /** Whether the store answers right now. */
    boolean isHealthy();

    /**
     * What an operator checks first, by name, read without waiting for the store: e.g. {@code queuedAppends}
     * (appends waiting for the writer), {@code lastSeq}, {@code snapshotAgeSeconds}, {@code eventsSinceSnapshot}.
     * Empty for a store that keeps none.
     */
    default Map<String, Number> figures() {
        return Map.of();
    }

    record Snapshot(long seq, List<Twin> twins) {
    }

    // ---- history ------------------------------------------------------------------------------------------------
    // Past states are rebuilt by applying events to a stored state, the same way recovery does. The defaults suit a
    // journal that keeps every event and no checkpoints; they read the whole journal, so stores should override them.

    /**
     * The newest stored state of twin {@code id} that includes no event after journal position {@code seq}; its
     * later events ({@link #twinEvents}) lead on from there. {@link Checkpoint#START} when the twin's history is kept
     * from its first event. When retention removed the twin's history at {@code seq}, the oldest state kept instead,
     * which is after {@code seq}: callers see that from {@link Checkpoint#seq()}.
     */
    default Checkpoint checkpointAt(TwinId id, long seq) {
        return Checkpoint.START;
    }

    /**
     * The newest stored state of twin {@code id} that includes only events stamped before {@code instant}. When
     * retention removed the twin's history at {@code instant}, the oldest state kept, whose
     * {@link Checkpoint#timestamp()} is not before {@code instant}.
     */
    default Checkpoint checkpointBefore(TwinId id, Instant instant) {
        return Checkpoint.START;
    }

    /**
     * The newest stored state of all twins that includes only events stamped before {@code instant}, for rebuilding
     * the whole registry at a past instant together with {@link #events}; as the one-twin form otherwise.
     */
    default Checkpoint checkpointBefore(Instant instant) {
        return Checkpoint.START;
    }

    /** Up to {@code limit} events of twin {@code id} after position {@code afterSeq}, in journal order. */
    default List<TwinEvent> twinEvents(TwinId id, long afterSeq, int limit) {
        List<TwinEvent> out = new ArrayList<>();
        replay(afterSeq, e -> {
            if (out.size() < limit && e.thingId().equals(id)) {
                out.add(e);
            }
        });
        return out;
    }

    /** Up to {@code limit} events of all twins after position {@code afterSeq}, in journal order. */
    default List<TwinEvent> events(long afterSeq, int limit) {
        List<TwinEvent> out = new ArrayList<>();
        replay(afterSeq, e -> {
            if (out.size() < limit) {
                out.add(e);
            }
        });
        return out;
    }

    /**
     * The newest journal position at which twin {@code id} had revision {@code revision}, from its events or its
     * stored states; empty when none is kept. Revisions restart at 1 when a deleted twin is created again.
     */
    default OptionalLong seqOfRevision(TwinId id, long revision) {
        long[] found = {-1};
        replay(0, e -> {
            if (e.thingId().equals(id) && e.revision() == revision) {
                found[0] = e.seq();
            }
        });
        return found[0] < 0 ? OptionalLong.empty() : OptionalLong.of(found[0]);
    }

    /** Up to where retention removed history; {@link HistoryHorizon#COMPLETE} while every event is kept. */
    default HistoryHorizon historyHorizon() {
        return HistoryHorizon.COMPLETE;
    }

    /**
     * Twins as they were right after journal position {@code seq}: one twin or none for the one-twin queries, every
     * twin that existed then for the all-twin one. {@code timestamp} is when the newest event it includes was
     * stamped, {@link Instant#EPOCH} when it includes none.
     */
    record Checkpoint(long seq, Instant timestamp, List<Twin> twins) {
        /** Before the first event: nothing exists yet. */
        public static final Checkpoint START = new Checkpoint(0, Instant.EPOCH, List.of());

        public Checkpoint {
            twins = List.copyOf(twins);
        }
    }

    /**
     * Retention removed every event up to journal position {@code seq}, all stamped no later than {@code timestamp};
     * past states after both can still be rebuilt, earlier ones cannot.
     */
    record HistoryHorizon(long seq, Instant timestamp) {
        public static final HistoryHorizon COMPLETE = new HistoryHorizon(0, Instant.EPOCH);

        /** Whether nothing was removed. */
        public boolean isComplete() {
            return seq == 0;
        }
    }
}
