package org.dayuan.twin.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
import org.dayuan.twin.spi.TwinJournal;

/**
 * A journal in a list, for registry and history tests; the JDBC journal has its own tests against real databases.
 * It keeps no checkpoints until {@link #forgetUpTo} plays retention: then each twin's state at the cut is its base.
 * <p>
 * Test support kept in main code on purpose: twin-core's own tests and the test-support module both need it, and
 * test-support depends on twin-core, so it cannot live in either's tests. Its package is not exported, so no bundle
 * in the distribution can use it, and nothing there creates one.
 */
public final class MemoryJournal implements TwinJournal {
    final List<TwinEvent> events = new ArrayList<>();
    private final List<AuditRecord> audit = new ArrayList<>();
    volatile boolean failing;
    private long lastSeq;
    private Snapshot snapshot = new Snapshot(0, List.of());
    private HistoryHorizon horizon = HistoryHorizon.COMPLETE;
    /** Each twin that existed at the horizon, as it was then, with the stamp of its last event up to it. */
    private final Map<TwinId, Checkpoint> bases = new HashMap<>();

    @Override
    public CompletableFuture<List<TwinEvent>> append(List<TwinEvent> batch, Consumer<List<TwinEvent>> onCommit) {
        return append(batch, List.of(), onCommit);
    }

    @Override
    public synchronized CompletableFuture<List<TwinEvent>> append(List<TwinEvent> batch, List<AuditRecord> audit,
                                                                  Consumer<List<TwinEvent>> onCommit) {
        if (failing) {
            return CompletableFuture.failedFuture(ErrorCode.STORE_UNAVAILABLE.exception("down"));
        }
        List<TwinEvent> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            TwinEvent stamped = batch.get(i).withSeq(++lastSeq);
            events.add(stamped);
            out.add(stamped);
            if (i < audit.size()) {
                this.audit.add(audit.get(i).withSeq(lastSeq));
            }
        }
        onCommit.accept(out);
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized List<AuditRecord> audit(AuditQuery query) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = audit.size() - 1; i >= 0 && out.size() < query.limit(); i--) {
            AuditRecord r = audit.get(i);
            if (query.matches(r.seq(), r.timestamp(), r.subject(), r.thingId())) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public synchronized CompletableFuture<Void> snapshot(long seq, Collection<Twin> twins) {
        snapshot = new Snapshot(seq, List.copyOf(twins));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized Snapshot latestSnapshot() {
        return snapshot;
    }

    @Override
    public synchronized void replay(long afterSeq, Consumer<TwinEvent> sink) {
        List.copyOf(events).stream().filter(e -> e.seq() > afterSeq).forEach(sink);
    }

    @Override
    public synchronized long lastSeq() {
        return lastSeq;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public boolean isHealthy() {
        return !failing;
    }

    // ---- history: the whole journal is one checkpoint-free history until forgetUpTo -----------------------------

    /**
     * Plays retention: keeps every twin's state right after {@code seq} as its base and drops the events up to it,
     * as the JDBC store does at a checkpoint generation; like it, never past the latest snapshot.
     */
    public synchronized void forgetUpTo(long seq) {
        if (seq > snapshot.seq()) {
            throw new IllegalStateException("Retention never cuts past the latest snapshot (" + snapshot.seq()
                    + "): recovery starts there.");
        }
        Map<TwinId, Twin> states = new HashMap<>();
        Map<TwinId, Instant> stamps = new HashMap<>();
        bases.forEach((id, base) -> {
            states.put(id, base.twins().get(0));
            stamps.put(id, base.timestamp());
        });
        Instant newest = horizon.timestamp();
        for (TwinEvent e : List.copyOf(events)) {
            if (e.seq() > seq) {
                break;
            }
            Twin next = Events.apply(states.get(e.thingId()), e);
            if (next == null) {
                states.remove(e.thingId());
            } else {
                states.put(e.thingId(), next);
            }
            stamps.put(e.thingId(), e.timestamp());
            newest = e.timestamp().isAfter(newest) ? e.timestamp() : newest;
            events.remove(e);
        }
        bases.clear();
        states.forEach((id, twin) -> bases.put(id, new Checkpoint(seq, stamps.get(id), List.of(twin))));
        horizon = new HistoryHorizon(seq, newest);
    }

    @Override
    public synchronized Checkpoint checkpointAt(TwinId id, long seq) {
        return bases.getOrDefault(id, Checkpoint.START);
    }

    @Override
    public synchronized Checkpoint checkpointBefore(TwinId id, Instant instant) {
        return bases.getOrDefault(id, Checkpoint.START);
    }

    @Override
    public synchronized Checkpoint checkpointBefore(Instant instant) {
        if (horizon.isComplete()) {
            return Checkpoint.START;
        }
        return new Checkpoint(horizon.seq(), horizon.timestamp(),
                bases.values().stream().map(b -> b.twins().get(0)).toList());
    }

    @Override
    public synchronized List<TwinEvent> twinEvents(TwinId id, long afterSeq, int limit) {
        return events.stream().filter(e -> e.seq() > afterSeq && e.thingId().equals(id)).limit(limit).toList();
    }

    @Override
    public synchronized List<TwinEvent> events(long afterSeq, int limit) {
        return events.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
    }

    @Override
    public synchronized OptionalLong seqOfRevision(TwinId id, long revision) {
        OptionalLong event = events.stream().filter(e -> e.thingId().equals(id) && e.revision() == revision)
                .mapToLong(TwinEvent::seq).max();
        Checkpoint base = bases.get(id);
        if (event.isEmpty() && base != null && base.twins().get(0).revision() == revision) {
            return OptionalLong.of(base.seq());
        }
        return event;
    }

    @Override
    public synchronized HistoryHorizon historyHorizon() {
        return horizon;
    }
}
