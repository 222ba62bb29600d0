package org.dayuan.store.jdbc.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.core.Registry;
import org.dayuan.twin.core.search.SearchComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The registry's acknowledged write path on an H2 file, without Karaf, to profile quickly (run with
 * {@code -Ddayuan.harness=true -Dtest=WriteThroughputHarness}): 64 threads each putting one property of its own
 * twin, beside raw batched inserts into the same database, then 100k creates. Prints figures; asserts nothing timed.
 *
 * <p>Knobs: {@code dayuan.harness.seconds} (10), {@code .threads} (64), {@code .creates} (100,000),
 * {@code .loadThreads} (4); {@code dayuan.harness.drop=index,...} drops journal indexes before the puts, to weigh
 * what each costs the writer (the queries needing one get slow, so only for this); {@code dayuan.harness.h2=;K=V}
 * appends settings to the H2 URL.
 */
@EnabledIfSystemProperty(named = "dayuan.harness", matches = "true")
class WriteThroughputHarness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller C = Registry.SELF;
    private static final JsonPointer POWER = JsonPointer.parse("/features/energy/properties/power");

    @Test
    void run() throws Exception {
        Path dir = Files.createTempDirectory("dayuan-harness");
        TestDatabase db = TestDatabase.h2(dir);
        JdbcTwinJournal journal = new JdbcTwinJournal(db.config(1000));
        Registry registry = new Registry(journal, (e, after) -> { }, 1 << 20);
        registry.recover();
        for (String drop : System.getProperty("dayuan.harness.drop", "").split(",")) {
            if (!drop.isBlank()) {
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    st.execute("DROP INDEX " + drop);
                }
            }
        }
        new SearchComponent(registry, List.of("attributes/room", "features/energy/properties/power"), 25, 200);
        double seconds = Double.parseDouble(System.getProperty("dayuan.harness.seconds", "10"));
        int threads = Integer.getInteger("dayuan.harness.threads", 64);
        try {
            long cpu0 = cpu("main");
            long bytes0 = h2Info(db, "info.FILE_WRITE_BYTES");
            double raw = rawInserts(db, 100, seconds / 2);
            System.out.printf("raw: H2 wrote %,.0f bytes per row%n",
                    (h2Info(db, "info.FILE_WRITE_BYTES") - bytes0) / (raw * seconds / 2));
            System.out.printf("raw batched insert (batch 100): %,.0f rows/s, %.0f us CPU per row%n", raw,
                    (cpu("main") - cpu0) / 1e3 / (raw * seconds / 2));
            for (int i = 0; i < threads; i++) {
                registry.create(C, TwinId.of("bench:meter-" + i), twin(i));
            }
            long tx0 = journal.committedTransactions();
            long seq0 = journal.lastSeq();
            long writer0 = cpu("dayuan-journal-writer");
            long all0 = processCpu();
            Map<String, Long> threads0 = cpuByThread();
            bytes0 = h2Info(db, "info.FILE_WRITE_BYTES");
            double puts = puts(registry, threads, seconds);
            long n0 = journal.lastSeq() - seq0;
            System.out.printf("registry.put: H2 wrote %,.0f bytes per event%n",
                    (h2Info(db, "info.FILE_WRITE_BYTES") - bytes0) / (double) n0);
            System.out.printf("per event: writer %.0f us CPU, all threads %.0f us CPU%n",
                    (cpu("dayuan-journal-writer") - writer0) / 1e3 / n0, (processCpu() - all0) / 1e3 / n0);
            printCpuSplit(threads0, all0, n0);
            System.out.printf("events per transaction: %.1f%n",
                    (journal.lastSeq() - seq0) / (double) (journal.committedTransactions() - tx0));
            System.out.printf("registry.put, %d threads: %,.0f/s = %.2f x raw%n", threads, puts, puts / raw);
            int n = Integer.getInteger("dayuan.harness.creates", 100_000);
            tx0 = journal.committedTransactions();
            double createSeconds = creates(registry, n, Integer.getInteger("dayuan.harness.loadThreads", 4));
            System.out.printf("create %,d twins: %.1f s (%,.0f/s), %.1f per transaction%n", n, createSeconds,
                    n / createSeconds, n / (double) (journal.committedTransactions() - tx0));
        } finally {
            registry.close();
            journal.deactivate();
        }
    }

    /**
     * One of H2's store counters ({@code info.FILE_WRITE_BYTES}: bytes written to the file so far). Bytes per event
     * measure the pages each commit rewrites, which, unlike rates, the other load on the machine does not change.
     */
    private static long h2Info(TestDatabase db, String name) throws java.sql.SQLException {
        try (Connection c = JdbcTarget.of(db.url(), db.user(), "").connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
            ps.setString(1, name);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : 0;
            }
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * The CPU of the puts per event by thread (numbers in names folded, so the 64 put threads are one line), and what
     * is left of the process's CPU: the JVM's own threads, the garbage collector's and the JIT compiler's. Shows
     * whether the journal writer (one thread, so at most one core) is what limits the rate.
     */
    private static void printCpuSplit(Map<String, Long> threads0, long process0, long events) {
        Map<String, Long> groups = new TreeMap<>();
        groups.put("harness-put-N", PUT_CPU.get());
        long javaThreads = PUT_CPU.get();
        for (Map.Entry<String, Long> e : cpuByThread().entrySet()) {
            long spent = e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
            javaThreads += spent;
            groups.merge(e.getKey().replaceAll("#.*", "").replaceAll("[0-9]+", "N"), spent, Long::sum);
        }
        groups.put("(no Java thread: GC, JIT)", processCpu() - process0 - javaThreads);
        groups.forEach((name, ns) -> {
            if (ns / 1e3 / events >= 1) {
                System.out.printf("  %-40s %4.0f us CPU per event%n", name, ns / 1e3 / events);
            }
        });
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            System.out.printf("  GC %s since the start: %d collections, %d ms%n", gc.getName(),
                    gc.getCollectionCount(), gc.getCollectionTime());
        }
        System.out.printf("  JIT since the start: %d ms of compiling%n",
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
    }

    /** The put threads' CPU, added by each as it ends (a thread that ended is gone from {@link #cpuByThread}). */
    private static final AtomicLong PUT_CPU = new AtomicLong();

    /** CPU time of each live thread but the put threads, by name and id, in ns. */
    private static Map<String, Long> cpuByThread() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && !info.getThreadName().startsWith("harness-put-")) {
                out.put(info.getThreadName() + "#" + info.getThreadId(),
                        Math.max(0, mx.getThreadCpuTime(info.getThreadId())));
            }
        }
        return out;
    }

    /** CPU time of the live threads (not the put threads) whose names start with {@code prefix}, in ns. */
    private static long cpu(String prefix) {
        return cpuByThread().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static ObjectNode twin(int i) {
        ObjectNode t = JSON.createObjectNode();
        t.putObject("attributes").put("room", "r" + (i % 500)).put("floor", i % 7).put("name", "meter " + i);
        ObjectNode props = t.putObject("features").putObject("energy").putObject("properties");
        props.put("power", i % 1000 / 10.0).put("energy", i * 1.5).put("unit", "kW");
        return t;
    }

    private static double puts(Registry registry, int threads, double seconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long warm = start + (long) (seconds * 0.3e9);
        long end = start + (long) (seconds * 1e9);
        long[] counted = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int index = w;
            TwinId id = TwinId.of("bench:meter-" + w);
            Thread t = new Thread(() -> {
                long n = 0;
                long now;
                while ((now = System.nanoTime()) < end) {
                    registry.put(C, id, POWER, DoubleNode.valueOf(n % 1000), WriteCondition.NONE);
                    if (now >= warm) {
                        n++;
                    }
                }
                counted[index] = n;
                PUT_CPU.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            }, "harness-put-" + w);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        long total = 0;
        for (long c : counted) {
            total += c;
        }
        done.set(total);
        return total / (seconds * 0.7);
    }

    private static double creates(Registry registry, int n, int threads) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            Thread t = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    registry.create(C, TwinId.of("bench:load-" + i), twin(i));
                }
            }, "harness-create-" + w);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double rawInserts(TestDatabase db, int batch, double seconds) throws Exception {
        try (Connection c = JdbcTarget.of(db.url(), db.user(), "").connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bench_event (seq BIGINT NOT NULL PRIMARY KEY, thing_id VARCHAR(256) NOT NULL,"
                        + " revision BIGINT NOT NULL, ts TIMESTAMP WITH TIME ZONE NOT NULL, event_json VARCHAR NOT NULL)");
                s.execute("CREATE INDEX bench_event_thing ON bench_event (thing_id, revision)");
                s.execute("CREATE INDEX bench_event_ts ON bench_event (ts)");
                s.execute("CREATE INDEX bench_event_thing_seq ON bench_event (thing_id, seq)");
            }
            c.commit();
            long seq = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO bench_event (seq, thing_id, revision, ts, event_json) VALUES (?, ?, ?, ?, ?)")) {
                while (System.nanoTime() < end) {
                    for (int i = 0; i < batch; i++) {
                        seq++;
                        String id = "bench:meter-" + (seq % 64);
                        insert.setLong(1, seq);
                        insert.setString(2, id);
                        insert.setLong(3, seq / 64);
                        insert.setObject(4, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                        insert.setString(5, "{\"type\":\"modified\",\"thingId\":\"" + id + "\",\"path\":\"/features/"
                                + "energy/properties/power\",\"value\":" + seq % 1000 + ",\"_revision\":" + seq / 64
                                + ",\"timestamp\":\"" + Instant.now() + "\",\"subject\":\"bench\"}");
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    c.commit();
                }
            }
            double rate = seq / ((System.nanoTime() - start) / 1e9);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_event");
            }
            c.commit();
            return rate;
        }
    }
}
