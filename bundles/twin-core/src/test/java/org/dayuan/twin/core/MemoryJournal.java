package org.dayuan.twin.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.spi.TwinJournal;

/** A journal in a list, for registry tests; the JDBC journal has its own tests against real databases. */
final class MemoryJournal implements TwinJournal {
    final List<TwinEvent> events = new ArrayList<>();
    volatile boolean failing;
    private Snapshot snapshot = new Snapshot(0, List.of());

    @Override
    public synchronized CompletableFuture<List<TwinEvent>> append(List<TwinEvent> batch,
                                                                  Consumer<List<TwinEvent>> onCommit) {
        if (failing) {
            return CompletableFuture.failedFuture(ErrorCode.STORE_UNAVAILABLE.exception("down"));
        }
        List<TwinEvent> out = new ArrayList<>();
        for (TwinEvent e : batch) {
            TwinEvent stamped = e.withSeq(events.size() + 1);
            events.add(stamped);
            out.add(stamped);
        }
        onCommit.accept(out);
        return CompletableFuture.completedFuture(out);
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
        events.stream().filter(e -> e.seq() > afterSeq).forEach(sink);
    }

    @Override
    public synchronized long lastSeq() {
        return events.size();
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public boolean isHealthy() {
        return !failing;
    }
}
