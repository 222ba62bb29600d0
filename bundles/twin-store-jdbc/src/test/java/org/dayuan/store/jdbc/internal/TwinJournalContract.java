package org.dayuan.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.dayuan.testing.Json;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.spi.TwinJournal;
import org.junit.jupiter.api.Test;

/** What every database behind the journal must do; one subclass per database. */
abstract class TwinJournalContract extends JournalTestBase {

    /** What {@link TwinJournal#describe()} starts with. */
    abstract String engine();

    static void assertStoreUnavailable(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, future::join);
        DayuanException cause = assertInstanceOf(DayuanException.class, e.getCause());
        assertEquals(ErrorCode.STORE_UNAVAILABLE, cause.errorCode());
    }

    @Test
    void freshStoreIsEmpty() {
        JdbcTwinJournal journal = open();
        assertEquals(0, journal.lastSeq());
        assertEquals(new TwinJournal.Snapshot(0, List.of()), journal.latestSnapshot());
        assertEquals(List.of(), replayAll(journal, 0));
    }

    @Test
    void appendThenReplayReturnsEventsWithExactContent() {
        JdbcTwinJournal journal = open();
        List<TwinEvent> in = TestEvents.everyType();
        List<TwinEvent> acknowledged = new ArrayList<>(journal.append(in.subList(0, 2)).join());
        acknowledged.addAll(journal.append(in.subList(2, in.size())).join());

        List<TwinEvent> expected = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            expected.add(in.get(i).withSeq(i + 1));
        }
        assertEquals(expected, acknowledged);
        assertEquals(expected, replayAll(journal, 0));
        assertEquals(in.size(), journal.lastSeq());
    }

    @Test
    void concurrentAppendersAllCompleteWithUniqueIncreasingSeqsAndShareTransactions() throws Exception {
        JdbcTwinJournal journal = open();
        int threads = 8;
        int perThread = 200;
        long transactionsBefore = journal.committedTransactions();
        List<List<CompletableFuture<List<TwinEvent>>>> submitted = appendConcurrently(threads, perThread,
                (thread, i) -> journal.append(List.of(TestEvents.modified(thread, i))));
        List<Long> all = new ArrayList<>();
        for (List<CompletableFuture<List<TwinEvent>>> thread : submitted) {
            long previous = 0;
            for (CompletableFuture<List<TwinEvent>> future : thread) {
                long seq = future.get(60, TimeUnit.SECONDS).get(0).seq();
                assertTrue(seq > previous, "one caller's appends are numbered in the order it made them");
                previous = seq;
                all.add(seq);
            }
        }

        int events = threads * perThread;
        all.sort(Comparator.naturalOrder());
        assertEquals(LongStream.rangeClosed(1, events).boxed().toList(), all);
        long transactions = journal.committedTransactions() - transactionsBefore;
        assertTrue(transactions < events, events + " events took " + transactions + " transactions: no group commit");
        assertEquals(all, seqs(replayAll(journal, 0)));
    }

    @Test
    void commitCallbacksRunInJournalOrderBeforeTheFutureCompletes() throws Exception {
        JdbcTwinJournal journal = open();
        List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                boolean allSeenFirst = true;
                for (int i = 1; i <= 100; i++) {
                    List<TwinEvent> done = journal.append(List.of(TestEvents.modified(thread, i)),
                            committed -> committed.forEach(e -> seen.add(e.seq()))).get(60, TimeUnit.SECONDS);
                    allSeenFirst &= seen.contains(done.get(0).seq());
                }
                return allSeenFirst;
            }));
        }
        for (Future<Boolean> r : results) {
            assertTrue(r.get(60, TimeUnit.SECONDS), "a future completed before its commit callback ran");
        }
        pool.shutdown();
        assertEquals(LongStream.rangeClosed(1, 400).boxed().toList(), seen);
    }

    @Test
    void eventsOfOneAppendShareOneTransactionEvenBeyondMaxBatch() {
        JdbcTwinJournal journal = open(10);
        journal.append(List.of(TestEvents.modified(1, 1))).join();
        long transactionsBefore = journal.committedTransactions();
        List<TwinEvent> many = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            many.add(TestEvents.modified(2, i + 1));
        }

        List<TwinEvent> stored = journal.append(many).join();

        assertEquals(transactionsBefore + 1, journal.committedTransactions());
        assertEquals(LongStream.rangeClosed(2, 26).boxed().toList(), seqs(stored));
    }

    @Test
    void aFailedAppendStoresNoneOfItsEventsAndLaterAppendsContinue() throws SQLException {
        JdbcTwinJournal journal = open();
        journal.append(List.of(TestEvents.modified(1, 1))).join();
        // A row planted behind the journal's back at seq 3 makes the middle insert of the next append (2..4) fail.
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement(EventTable.INSERT)) {
            TwinEvent planted = TestEvents.modified(9, 9);
            EventTable.bind(insert, 3, planted, new JsonCodec().event(planted));
            insert.executeUpdate();
        }

        assertStoreUnavailable(journal.append(List.of(TestEvents.modified(2, 1), TestEvents.modified(2, 2),
                TestEvents.modified(2, 3))));

        long next = journal.append(List.of(TestEvents.modified(3, 1))).join().get(0).seq();
        assertTrue(next > 4, "numbers of the failed append are not reused");
        assertEquals(List.of(1L, 3L, next), seqs(replayAll(journal, 0)));
    }

    @Test
    void snapshotRoundTripsAndReplacesOlderGenerations() throws SQLException {
        JdbcTwinJournal journal = open(7);
        journal.snapshot(5, TestEvents.things("old", 20, 1)).join();
        // More twins than a read page and than a write transaction holds.
        List<Twin> newer = TestEvents.things("room", KeysetPager.PAGE_SIZE + 5, 2);

        journal.snapshot(9, newer).join();

        TwinJournal.Snapshot latest = journal.latestSnapshot();
        assertEquals(9, latest.seq());
        Comparator<Twin> byId = Comparator.comparing(Twin::id);
        assertEquals(newer.stream().sorted(byId).toList(), latest.twins().stream().sorted(byId).toList());
        assertEquals(1, count("SELECT COUNT(*) FROM dayuan_snapshot"));
        assertEquals(newer.size(), count("SELECT COUNT(*) FROM dayuan_snapshot_twin"));
    }

    @Test
    void replayAfterTheSnapshotSeqReturnsOnlyLaterEvents() {
        JdbcTwinJournal journal = open();
        List<TwinEvent> stored = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            stored.addAll(journal.append(List.of(TestEvents.modified(1, i))).join());
        }
        journal.snapshot(stored.get(5).seq(), List.of(TestEvents.thing(TwinId.of("cz.wujin.b1:meter-1"), 6))).join();

        TwinJournal.Snapshot snapshot = journal.latestSnapshot();

        assertEquals(stored.subList(6, 10), replayAll(journal, snapshot.seq()));
    }

    @Test
    void reopeningRecoversLastSeqAndContinuesNumbering() {
        JdbcTwinJournal first = open();
        List<TwinEvent> before = first.append(List.of(TestEvents.modified(1, 1), TestEvents.modified(1, 2))).join();
        first.deactivate();

        JdbcTwinJournal second = open();
        assertEquals(2, second.lastSeq());
        List<TwinEvent> after = second.append(List.of(TestEvents.modified(1, 3))).join();

        assertEquals(List.of(3L), seqs(after));
        List<TwinEvent> all = new ArrayList<>(before);
        all.addAll(after);
        assertEquals(all, replayAll(second, 0));
    }

    @Test
    void activatingTwiceAppliesEachMigrationOnce() throws SQLException {
        open().deactivate();
        open();

        assertEquals(Schema.MIGRATIONS.size(), count("SELECT COUNT(*) FROM dayuan_schema_version"));
        try (Connection c = db.connect()) {
            assertEquals(Schema.MIGRATIONS.get(Schema.MIGRATIONS.size() - 1).version(), Schema.migrate(c));
        }
        assertEquals(Schema.MIGRATIONS.size(), count("SELECT COUNT(*) FROM dayuan_schema_version"));
    }

    @Test
    void afterCloseEverythingFailsFastWithStoreUnavailable() {
        JdbcTwinJournal journal = open();
        journal.deactivate();

        CompletableFuture<List<TwinEvent>> append = journal.append(List.of(TestEvents.modified(1, 1)));
        assertTrue(append.isDone());
        assertStoreUnavailable(append);
        assertStoreUnavailable(journal.snapshot(1, List.of()));
        DayuanException e = assertThrows(DayuanException.class, journal::lastSeq);
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertFalse(journal.isHealthy());
    }

    @Test
    void describeNamesTheEngineWithoutCredentialsAndHealthIsChecked() {
        JdbcTwinJournal journal = open();

        assertTrue(journal.describe().startsWith(engine() + " "), journal.describe());
        assertFalse(journal.describe().contains("="), journal.describe());
        assertTrue(journal.isHealthy());
    }

    /**
     * Proves "acknowledged means durable": a child JVM appends from several threads and prints each
     * acknowledgement; it is killed with SIGKILL mid-stream, and every acknowledged event must be stored exactly.
     */
    @Test
    void acknowledgedEventsSurviveKillMinus9() throws Exception {
        int wanted = 3000;
        Path stderr = tempDir.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp", System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(), db.url(), db.user())
                .redirectError(stderr.toFile()).start();
        Map<Long, TwinEvent> acknowledged = new ConcurrentHashMap<>();
        List<String> malformed = new ArrayList<>();
        CountDownLatch enough = new CountDownLatch(wanted);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!acknowledge(line, acknowledged, enough)) {
                        malformed.add(line);
                    }
                }
            } catch (IOException e) {
                malformed.add(e.toString());
            }
        }, "ack-reader");
        reader.start();
        try {
            if (!enough.await(120, TimeUnit.SECONDS)) {
                fail("The child acknowledged only " + acknowledged.size() + " events; its stderr: "
                        + Files.readString(stderr));
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(30_000);
        }
        assertEquals(128 + 9, child.exitValue(), "the child died of SIGKILL");
        // A line cut by the kill is the only one allowed not to parse.
        assertTrue(malformed.size() <= 1, "unreadable acknowledgements: " + malformed);

        Map<Long, TwinEvent> stored = new HashMap<>();
        open().replay(0, e -> stored.put(e.seq(), e));

        List<Long> lost = acknowledged.keySet().stream()
                .filter(seq -> !acknowledged.get(seq).equals(stored.get(seq))).sorted().toList();
        assertTrue(lost.isEmpty(), lost.size() + " of " + acknowledged.size()
                + " acknowledged events are missing or changed after kill -9, e.g. seq " + lost.stream().limit(5)
                .toList());
    }

    /** Parses {@code ack <thread> <i> <seq>... .}; false when the line is not one. */
    private static boolean acknowledge(String line, Map<Long, TwinEvent> acknowledged, CountDownLatch enough) {
        String[] parts = line.split(" ");
        if (parts.length < 5 || !parts[0].equals("ack") || !parts[parts.length - 1].equals(".")) {
            return false;
        }
        List<TwinEvent> sent = TestEvents.killBatch(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        if (sent.size() != parts.length - 4) {
            return false;
        }
        for (int k = 0; k < sent.size(); k++) {
            long seq = Long.parseLong(parts[3 + k]);
            acknowledged.put(seq, sent.get(k).withSeq(seq));
            enough.countDown();
        }
        return true;
    }

    // ---- one event per twin, life and revision (schema migration 5) -------------------------------------------

    private static final TwinId LAMP = TwinId.of("cz.wujin.b1", "lamp");

    private static TwinEvent lamp(TwinEvent.Type type, long revision) {
        return switch (type) {
            case CREATED -> new TwinEvent(0, type, LAMP, JsonPointer.empty(),
                    TestEvents.thing(LAMP, 1).toJson(), 1, TestEvents.modified(1, 1).timestamp(), "admin");
            case DELETED -> new TwinEvent(0, type, LAMP, JsonPointer.empty(), null, revision,
                    TestEvents.modified(1, revision).timestamp(), "admin");
            default -> new TwinEvent(0, type, LAMP, JsonPointer.parse("/attributes/on"),
                    Json.json(revision % 2 == 0 ? "true" : "false"), revision,
                    TestEvents.modified(1, revision).timestamp(), "admin");
        };
    }

    @Test
    void aSecondEventOfTheSameTwinAndRevisionIsRefusedAndStoresNothing() {
        JdbcTwinJournal journal = open();
        journal.append(List.of(lamp(TwinEvent.Type.CREATED, 1), lamp(TwinEvent.Type.MODIFIED, 2))).join();

        // Planned against the state before revision 2 was stored: a stale write.
        assertStoreUnavailable(journal.append(List.of(lamp(TwinEvent.Type.MODIFIED, 2))));
        assertStoreUnavailable(journal.append(List.of(lamp(TwinEvent.Type.MODIFIED, 3),
                lamp(TwinEvent.Type.MODIFIED, 2))));

        assertEquals(List.of(1L, 2L), replayAll(journal, 0).stream().map(TwinEvent::revision).toList());
        assertEquals(3, journal.append(List.of(lamp(TwinEvent.Type.MODIFIED, 3))).join().get(0).revision());
    }

    @Test
    void aTwinCreatedAgainBeginsANewLifeButAStaleCreationOrChangeIsRefused() {
        JdbcTwinJournal journal = open();
        journal.append(List.of(lamp(TwinEvent.Type.CREATED, 1), lamp(TwinEvent.Type.MODIFIED, 2))).join();
        assertStoreUnavailable(journal.append(List.of(lamp(TwinEvent.Type.CREATED, 1))), "it exists");
        journal.append(List.of(lamp(TwinEvent.Type.DELETED, 3))).join();
        assertStoreUnavailable(journal.append(List.of(lamp(TwinEvent.Type.MODIFIED, 3))), "it was deleted");

        // Revisions restart at 1 in the new life; in one transaction each event sees those before it.
        journal.append(List.of(lamp(TwinEvent.Type.CREATED, 1), lamp(TwinEvent.Type.MODIFIED, 2))).join();
        journal.append(List.of(lamp(TwinEvent.Type.DELETED, 3), lamp(TwinEvent.Type.CREATED, 1))).join();
        assertStoreUnavailable(journal.append(List.of(lamp(TwinEvent.Type.CREATED, 1))), "it exists again");
        journal.append(List.of(lamp(TwinEvent.Type.MODIFIED, 2))).join();

        assertEquals(List.of(1L, 2L, 3L, 1L, 2L, 3L, 1L, 2L),
                replayAll(journal, 0).stream().map(TwinEvent::revision).toList());
    }

    @Test
    void aRefusedAppendFailsAloneNotTheOthersSharingItsTransaction() {
        JdbcTwinJournal journal = open();
        journal.append(List.of(lamp(TwinEvent.Type.CREATED, 1))).join();
        List<CompletableFuture<List<TwinEvent>>> innocent = new ArrayList<>();
        CompletableFuture<List<TwinEvent>> stale = null;
        // Queued without waiting, so the writer takes many of them into one transaction.
        for (int i = 1; i <= 40; i++) {
            innocent.add(journal.append(List.of(TestEvents.modified(i, 1))));
            if (i == 20) {
                stale = journal.append(List.of(lamp(TwinEvent.Type.CREATED, 1)));
            }
        }

        assertStoreUnavailable(stale);
        innocent.forEach(CompletableFuture::join);
        assertEquals(41, replayAll(journal, 0).size());
    }

    @Test
    void aDatabaseHoldingTwinsCreatedAgainIsMigratedAndItsTwinsWrittenOn() throws SQLException {
        // Releases before migration 5 stored lives of a twin one after another with the same revisions.
        List<TwinEvent> old = List.of(lamp(TwinEvent.Type.CREATED, 1).withSeq(1),
                lamp(TwinEvent.Type.MODIFIED, 2).withSeq(2), lamp(TwinEvent.Type.DELETED, 3).withSeq(3),
                lamp(TwinEvent.Type.CREATED, 1).withSeq(4), lamp(TwinEvent.Type.MODIFIED, 2).withSeq(5));
        try (Connection c = db.connect()) {
            assertEquals(4, Schema.migrate(c, 4));
            for (TwinEvent e : old) {
                insertAsBeforeLives(c, e);
            }
        }

        JdbcTwinJournal journal = open();

        assertEquals(old, replayAll(journal, 0));
        assertStoreUnavailable(journal.append(List.of(lamp(TwinEvent.Type.MODIFIED, 3),
                lamp(TwinEvent.Type.MODIFIED, 3))));
        long third = journal.append(List.of(lamp(TwinEvent.Type.MODIFIED, 3))).join().get(0).seq();
        assertStoreUnavailable(journal.append(List.of(lamp(TwinEvent.Type.MODIFIED, 3))), "stale after migration");
        assertEquals(6, replayAll(journal, 0).size());
        journal.append(List.of(lamp(TwinEvent.Type.DELETED, 4))).join();
        long created = journal.append(List.of(lamp(TwinEvent.Type.CREATED, 1))).join().get(0).seq();

        // Revisions are found through the lives recorded since, then among the rows that have none.
        assertEquals(OptionalLong.of(created), journal.seqOfRevision(LAMP, 1));
        assertEquals(OptionalLong.of(third), journal.seqOfRevision(LAMP, 3));
        assertEquals(OptionalLong.of(5), journal.seqOfRevision(LAMP, 2));
        assertEquals(OptionalLong.empty(), journal.seqOfRevision(LAMP, 9));
        // The lives migration 7 gave the old rows keep the twin's history in journal order.
        assertTwinEventsFromEveryPosition(journal, List.of(LAMP));
    }

    static void assertStoreUnavailable(CompletableFuture<?> future, String why) {
        CompletionException e = assertThrows(CompletionException.class, future::join, why);
        assertEquals(ErrorCode.STORE_UNAVAILABLE, assertInstanceOf(DayuanException.class, e.getCause()).errorCode());
    }
}
