package org.dayuan.testing;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.spi.TwinJournal;

/**
 * A real journal with commit faults played on its next append, for the registry's fault tests over the memory
 * journal and over the JDBC stores: a commit that lands late (after the registry stopped waiting), one the store
 * kept although its caller hears a failure (as when the connection breaks during COMMIT), and reads that fail.
 */
public final class FaultyJournal implements TwinJournal {
    private final TwinJournal store;
    private final AtomicReference<Held> hold = new AtomicReference<>();
    private volatile boolean failAfterCommit;
    private final AtomicInteger failingReads = new AtomicInteger();

    public FaultyJournal(TwinJournal store) {
        this.store = store;
    }

    /** An append kept back: nothing reaches the store until {@link #commit} or {@link #fail}. */
    public static final class Held {
        private final CompletableFuture<List<TwinEvent>> future = new CompletableFuture<>();
        private final CompletableFuture<Runnable> append = new CompletableFuture<>();

        /** Lets the append through to the store now; its outcome reaches the registry as the store reports it. */
        public void commit() {
            append.join().run();
        }

        /** Fails the append without storing anything. */
        public void fail() {
            append.join();
            future.completeExceptionally(ErrorCode.STORE_UNAVAILABLE.exception("The held append failed."));
        }

        /** Whether the registry's append has arrived. */
        public boolean arrived() {
            return append.isDone();
        }
    }

    /** Keeps the next append back until the returned handle lets it through or fails it. */
    public Held holdNextAppend() {
        Held held = new Held();
        hold.set(held);
        return held;
    }

    /** The next append is stored, but its commit callback never runs and its caller hears a failure. */
    public void failNextAfterCommit() {
        failAfterCommit = true;
    }

    /** The next {@code n} reads of a twin's events fail, as when the store does not answer. */
    public void failReads(int n) {
        failingReads.set(n);
    }

    @Override
    public CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, Consumer<List<TwinEvent>> onCommit) {
        return append(events, List.of(), onCommit);
    }

    @Override
    public CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, List<AuditRecord> audit,
                                                     Consumer<List<TwinEvent>> onCommit) {
        Held held = hold.getAndSet(null);
        if (held != null) {
            held.append.complete(() -> delegate(events, audit, onCommit).whenComplete((stored, failure) -> {
                if (failure != null) {
                    held.future.completeExceptionally(failure);
                } else {
                    held.future.complete(stored);
                }
            }));
            return held.future;
        }
        if (failAfterCommit) {
            failAfterCommit = false;
            return delegate(events, audit, committed -> { })
                    .thenCompose(stored -> CompletableFuture.failedFuture(ErrorCode.STORE_UNAVAILABLE.exception(
                            "The connection broke while committing.")));
        }
        return delegate(events, audit, onCommit);
    }

    private CompletableFuture<List<TwinEvent>> delegate(List<TwinEvent> events, List<AuditRecord> audit,
                                                        Consumer<List<TwinEvent>> onCommit) {
        return audit.isEmpty() ? store.append(events, onCommit) : store.append(events, audit, onCommit);
    }

    @Override
    public List<TwinEvent> twinEvents(TwinId id, long afterSeq, int limit) {
        if (failingReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw ErrorCode.STORE_UNAVAILABLE.exception("The store does not answer.");
        }
        return store.twinEvents(id, afterSeq, limit);
    }

    @Override
    public List<AuditRecord> audit(AuditQuery query) {
        return store.audit(query);
    }

    @Override
    public CompletableFuture<Void> snapshot(long seq, Collection<Twin> twins) {
        return store.snapshot(seq, twins);
    }

    @Override
    public Snapshot latestSnapshot() {
        return store.latestSnapshot();
    }

    @Override
    public void replay(long afterSeq, Consumer<TwinEvent> sink) {
        store.replay(afterSeq, sink);
    }

    @Override
    public long lastSeq() {
        return store.lastSeq();
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public boolean isHealthy() {
        return store.isHealthy();
    }

    @Override
    public Checkpoint checkpointAt(TwinId id, long seq) {
        return store.checkpointAt(id, seq);
    }

    @Override
    public Checkpoint checkpointBefore(TwinId id, Instant instant) {
        return store.checkpointBefore(id, instant);
    }

    @Override
    public Checkpoint checkpointBefore(Instant instant) {
        return store.checkpointBefore(instant);
    }

    @Override
    public List<TwinEvent> events(long afterSeq, int limit) {
        return store.events(afterSeq, limit);
    }

    @Override
    public OptionalLong seqOfRevision(TwinId id, long revision) {
        return store.seqOfRevision(id, revision);
    }

    @Override
    public HistoryHorizon historyHorizon() {
        return store.historyHorizon();
    }
}
