package org.dayuan.store.jdbc.internal;

import static org.dayuan.store.jdbc.internal.TestLife.append;
import static org.dayuan.store.jdbc.internal.TestLife.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dayuan.twin.spi.TwinJournal.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Past-state reads per second straight on the journal, with reads borrowing from the pool beside the same reads
 * opening a connection per query (as before the pool; the journal over the driver's unpooled DataSource), on the
 * same database in the same run. One read is the journal calls of {@code History.atRevision}: horizon, the
 * revision's seq, its checkpoint, the events after it, horizon again. Prints figures, asserts only that both
 * answer alike. Run with {@code mvn -o test -pl bundles/twin-store-jdbc -Dtest=HistoryReadBench
 * -Ddayuan.bench.history=true} (in the machine's bench lock).
 */
@EnabledIfSystemProperty(named = "dayuan.bench.history", matches = "true")
class HistoryReadBench {
    private static final int TWINS = 200;
    private static final int THREADS = 4;
    private static final Duration ROUND = Duration.ofSeconds(3);
    private static final int ROUNDS = 3;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void h2() throws Exception {
        measure("h2", TestDatabase.h2(dir));
    }

    @Test
    void postgresql() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            measure("postgresql", db);
        }
    }

    private void measure(String name, TestDatabase db) throws Exception {
        JdbcTwinJournal pooled = new JdbcTwinJournal(db.config(1000));
        JdbcTwinJournal unpooled = null;
        try {
            List<TestLife> twins = new ArrayList<>();
            for (int i = 0; i < TWINS; i++) {
                TestLife t = new TestLife("bench.history:twin-" + i);
                twins.add(t);
                append(pooled, t.create(T0, "{\"n\":0}"));
                for (int r = 1; r < 5; r++) {
                    append(pooled, t.change(T0.plusSeconds(r), "{\"n\":" + r + "}"));
                }
            }
            snapshot(pooled, twins.toArray(TestLife[]::new));
            pooled.runHistoryJob();
            for (TestLife t : twins) {
                for (int r = 5; r < 8; r++) {
                    append(pooled, t.change(T0.plusSeconds(r), "{\"n\":" + r + "}"));
                }
            }
            unpooled = new JdbcTwinJournal(db.config(1000), JdbcTarget.of(db.url(), db.user(), "").dataSource());
            assertEquals(read(pooled, twins.get(7)), read(unpooled, twins.get(7)));
            rate(unpooled, twins); // warm-up of both, not counted
            rate(pooled, twins);
            double[] withPool = new double[ROUNDS];
            double[] perQuery = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                perQuery[round] = rate(unpooled, twins);
                withPool[round] = rate(pooled, twins);
            }
            Arrays.sort(withPool);
            Arrays.sort(perQuery);
            double pool = withPool[ROUNDS / 2];
            double direct = perQuery[ROUNDS / 2];
            System.out.printf(Locale.ROOT, "history reads/s %s, %d threads, median of %d rounds of %d s: pooled %.0f,"
                    + " connection per query %.0f, ratio %.2f; physical connections opened by the pool: %d%n", name,
                    THREADS, ROUNDS, ROUND.toSeconds(), pool, direct, pool / direct,
                    pooled.ownPool().physicalConnections());
        } finally {
            if (unpooled != null) {
                unpooled.deactivate();
            }
            pooled.deactivate();
        }
    }

    private static List<Object> read(JdbcTwinJournal journal, TestLife twin) {
        Object before = journal.historyHorizon();
        long seq = journal.seqOfRevision(twin.id, 6).orElseThrow();
        Checkpoint start = journal.checkpointAt(twin.id, seq);
        Object events = journal.twinEvents(twin.id, start.seq(), 100);
        return List.of(before, seq, start, events, journal.historyHorizon());
    }

    private static double rate(JdbcTwinJournal journal, List<TestLife> twins) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Long>> readers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            readers.add(CompletableFuture.supplyAsync(() -> {
                long n = 0;
                while (!stop.get()) {
                    read(journal, twins.get(ThreadLocalRandom.current().nextInt(twins.size())));
                    n++;
                }
                return n;
            }));
        }
        long t0 = System.nanoTime();
        Thread.sleep(ROUND.toMillis());
        stop.set(true);
        long total = 0;
        for (CompletableFuture<Long> r : readers) {
            total += r.get();
        }
        return total / ((System.nanoTime() - t0) / 1e9);
    }
}
