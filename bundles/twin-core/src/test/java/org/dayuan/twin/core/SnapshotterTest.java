package org.dayuan.twin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.spi.TwinJournal;
import org.junit.jupiter.api.Test;

class SnapshotterTest {
    private static final Caller C = Caller.fromGrants("tester", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    /** The memory journal, but the first snapshot stays unwritten until {@link #finishFirst} completes it. */
    private static final class SlowFirstSnapshot implements TwinJournal {
        final MemoryJournal memory = new MemoryJournal();
        final CompletableFuture<Void> finishFirst = new CompletableFuture<>();
        final List<Long> snapshotSeqs = new ArrayList<>();
        /** For each snapshot, whether every one before it was written when it was asked for. */
        final List<Boolean> earlierWritten = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<Void> snapshot(long seq, Collection<Twin> twins) {
            earlierWritten.add(snapshotSeqs.isEmpty() || finishFirst.isDone());
            snapshotSeqs.add(seq);
            CompletableFuture<Void> written = memory.snapshot(seq, twins);
            return snapshotSeqs.size() == 1 ? finishFirst : written;
        }

        @Override
        public CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, Consumer<List<TwinEvent>> c) {
            return memory.append(events, c);
        }

        @Override
        public CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, List<AuditRecord> audit,
                                                         Consumer<List<TwinEvent>> c) {
            return memory.append(events, audit, c);
        }

        @Override
        public Snapshot latestSnapshot() {
            return memory.latestSnapshot();
        }

        @Override
        public void replay(long afterSeq, Consumer<TwinEvent> sink) {
            memory.replay(afterSeq, sink);
        }

        @Override
        public long lastSeq() {
            return memory.lastSeq();
        }

        @Override
        public String describe() {
            return memory.describe();
        }

        @Override
        public boolean isHealthy() {
            return true;
        }
    }

    private static void create(Registry registry, int twins) {
        for (int i = 0; i < twins; i++) {
            registry.create(C, TwinId.of("cz.wujin:t" + i), J.objectNode());
        }
    }

    private static void update(Registry registry, int times) {
        for (int i = 0; i < times; i++) {
            registry.put(C, TwinId.of("cz.wujin:t0"), JsonPointer.parse("/attributes/n"), J.numberNode(i),
                    WriteCondition.NONE);
        }
    }

    /** A snapshot writes every twin: with more twins than snapshotEvery, it waits for as many events as twins. */
    @Test
    void aSnapshotWaitsForAsManyEventsAsThereAreTwins() {
        MemoryJournal journal = new MemoryJournal();
        Registry registry = new Registry(journal, e -> { }, 100_000);
        Snapshotter snapshotter = new Snapshotter(registry, 100);
        create(registry, 300);
        snapshotter.tick();
        assertEquals(300, journal.latestSnapshot().seq());

        update(registry, 299);
        snapshotter.tick();
        assertEquals(300, journal.latestSnapshot().seq(), "299 events, 300 twins: not due");

        update(registry, 1);
        snapshotter.tick();
        assertEquals(600, journal.latestSnapshot().seq());
    }

    @Test
    void withFewTwinsASnapshotFollowsSnapshotEvery() {
        MemoryJournal journal = new MemoryJournal();
        Registry registry = new Registry(journal, e -> { }, 100_000);
        Snapshotter snapshotter = new Snapshotter(registry, 100);
        create(registry, 10);
        update(registry, 89);
        snapshotter.tick();
        assertEquals(0, journal.latestSnapshot().seq());

        update(registry, 1);
        snapshotter.tick();
        assertEquals(100, journal.latestSnapshot().seq());
    }

    /**
     * A stop waits for the snapshot being written before it snapshots what came after: the journal closes after
     * the registry stopped, and a snapshot it is still writing then is lost.
     */
    @Test
    void stopWaitsForTheSnapshotBeingWrittenThenTakesTheLast() throws Exception {
        SlowFirstSnapshot journal = new SlowFirstSnapshot();
        Registry registry = new Registry(journal, e -> { }, 100_000);
        Snapshotter snapshotter = new Snapshotter(registry, 100);
        create(registry, 100);
        snapshotter.tick();
        update(registry, 5);
        snapshotter.tick();
        assertEquals(List.of(100L), journal.snapshotSeqs, "one snapshot at a time");

        Thread stop = new Thread(snapshotter::stop);
        stop.start();
        while (stop.getState() != Thread.State.TIMED_WAITING && stop.isAlive()) {
            Thread.onSpinWait();
        }
        assertEquals(List.of(100L), journal.snapshotSeqs, "the stop waits for the first snapshot");
        journal.finishFirst.complete(null);
        stop.join();

        assertEquals(List.of(100L, 105L), journal.snapshotSeqs);
        assertEquals(List.of(true, true), journal.earlierWritten);
        assertEquals(105, journal.latestSnapshot().seq());
    }

    @Test
    void aStopWaitsLongerForALargerRegistry() {
        assertEquals(Duration.ofMinutes(1), Snapshotter.stopWait(0));
        assertTrue(Snapshotter.stopWait(1_000_000).compareTo(Duration.ofMinutes(15)) > 0);
    }
}
