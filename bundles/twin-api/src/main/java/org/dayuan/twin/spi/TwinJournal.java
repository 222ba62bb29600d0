package org.dayuan.twin.spi;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
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

    record Snapshot(long seq, List<Twin> twins) {
    }
}
