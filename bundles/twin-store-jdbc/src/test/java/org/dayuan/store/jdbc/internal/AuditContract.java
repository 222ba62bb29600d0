package org.dayuan.store.jdbc.internal;

import static org.dayuan.store.jdbc.internal.TwinJournalContract.assertStoreUnavailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.dayuan.testing.Json;
import org.dayuan.testing.MutableClock;
import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** The audit trail on every database: written with its events, read newest first, kept; one subclass each. */
abstract class AuditContract extends JournalTestBase {
    static final Set<String> ALL = Set.of(Caller.ALL_NAMESPACES);
    /** On a microsecond, so the stamps a few nanoseconds after it share the microsecond the databases keep. */
    static final Instant X = Instant.parse("2025-03-01T08:00:00.000001Z");

    static AuditQuery query(TwinId thingId, String subject, Instant from, Instant to) {
        return new AuditQuery(thingId, subject, from, to, Long.MAX_VALUE, 100, ALL);
    }

    static AuditQuery inScope(String... namespaces) {
        return new AuditQuery(null, null, null, null, Long.MAX_VALUE, 100, Set.of(namespaces));
    }

    static AuditQuery page(long beforeSeq, int limit) {
        return new AuditQuery(null, null, null, null, beforeSeq, limit, ALL);
    }

    /** A change of {@code thingId} stamped {@code at}. */
    /** A change of {@code thingId} at {@code at}; each of a twin's changes needs a revision of its own. */
    static TwinEvent change(String thingId, Instant at, long revision) {
        return new TwinEvent(0, TwinEvent.Type.MODIFIED, TwinId.of(thingId), JsonPointer.parse("/attributes/on"),
                Json.json("true"), revision, at, "line-energy");
    }

    static List<Long> auditSeqs(List<AuditRecord> records) {
        return records.stream().map(AuditRecord::seq).toList();
    }

    @Test
    void auditRecordsAreStoredInTheTransactionOfTheirEventsUnderTheirSeqs() throws SQLException {
        JdbcTwinJournal journal = open();
        journal.append(List.of(TestEvents.modified(1, 1))).join();
        List<TwinEvent> in = TestEvents.everyType();
        List<AuditRecord> audit = in.stream().map(e -> TestEvents.audit(e, "王工")).toList();
        long transactionsBefore = journal.committedTransactions();

        List<TwinEvent> stored = journal.append(in, audit, committed -> { }).join();

        assertEquals(transactionsBefore + 1, journal.committedTransactions());
        assertEquals(LongStream.rangeClosed(2, 6).boxed().toList(), seqs(stored));
        List<AuditRecord> expected = new ArrayList<>();
        for (int i = 0; i < audit.size(); i++) {
            expected.add(audit.get(i).withSeq(stored.get(i).seq()));
        }
        assertEquals(newestFirst(expected), allAudit(journal), "exact content, nulls before and after included");
        assertEquals(0, count("SELECT COUNT(*) FROM dayuan_audit WHERE seq = 1"), "an append without audit");
    }

    @Test
    void queriesSelectByTwinAndBySubjectNewestFirst() {
        JdbcTwinJournal journal = open();
        TwinId meter1 = TwinId.of("cz.wujin.b1:meter-1");
        appendAudited(journal, "alice", List.of(TestEvents.modified(1, 1), TestEvents.modified(2, 1)));
        appendAudited(journal, "bob", List.of(TestEvents.modified(1, 2)));
        appendAudited(journal, "alice", List.of(TestEvents.modified(1, 3)));

        assertEquals(List.of(4L, 3L, 1L), auditSeqs(journal.audit(query(meter1, null, null, null))));
        assertEquals(List.of(4L, 2L, 1L), auditSeqs(journal.audit(query(null, "alice", null, null))));
        assertEquals(List.of(4L, 1L), auditSeqs(journal.audit(query(meter1, "alice", null, null))));
        assertEquals(List.of(), journal.audit(query(meter1, "carol", null, null)));
        assertEquals(List.of(), journal.audit(query(TwinId.of("cz.wujin.b1:meter-9"), null, null, null)));
    }

    @Test
    void aTimeRangeIncludesItsStartAndExcludesItsEndToTheNanosecond() {
        JdbcTwinJournal journal = open();
        long revision = 1;
        for (long nanos : new long[] {-1000, 0, 100, 300, 1000}) {
            appendAudited(journal, "alice", List.of(change("cz.wujin:a", X.plusNanos(nanos), ++revision)));
        }

        assertEquals(List.of(5L, 4L, 3L), auditSeqs(journal.audit(query(null, null, X.plusNanos(100), null))));
        assertEquals(List.of(4L), auditSeqs(journal.audit(query(null, null, X.plusNanos(101), X.plusNanos(1000)))));
        assertEquals(List.of(3L, 2L, 1L), auditSeqs(journal.audit(query(null, null, null, X.plusNanos(300)))));
        assertEquals(List.of(4L, 3L, 2L, 1L), auditSeqs(journal.audit(query(null, null, null, X.plusNanos(301)))));
        assertEquals(List.of(2L), auditSeqs(journal.audit(query(null, null, X.minusNanos(999), X.plusNanos(1)))));
        assertEquals(List.of(), journal.audit(query(null, null, X.plus(1, ChronoUnit.DAYS), null)));
    }

    @Test
    void aPageIsFilledPastRowsOnlyTheSubMicrosecondCheckDrops() {
        JdbcTwinJournal journal = open();
        long revision = 1;
        for (long nanos : new long[] {0, 100, 300}) {
            appendAudited(journal, "alice", List.of(change("cz.wujin:a", X.plusNanos(nanos), ++revision)));
        }

        // The newest row is in the range's last microsecond but after its end: the first row the database returns.
        AuditQuery oneBeforeTheEnd = new AuditQuery(null, null, X, X.plusNanos(300), Long.MAX_VALUE, 1, ALL);

        assertEquals(List.of(2L), auditSeqs(journal.audit(oneBeforeTheEnd)));
    }

    @Test
    void pagesGoBackFromBeforeSeqUpToTheLimit() {
        JdbcTwinJournal journal = open();
        List<TwinEvent> events = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            events.add(TestEvents.modified(i % 2, i));
        }
        List<AuditRecord> stored = new ArrayList<>(appendAudited(journal, "alice", events.subList(0, 20)));
        for (TwinEvent e : events.subList(20, 25)) {
            stored.addAll(appendAudited(journal, "alice", List.of(e)));
        }

        List<AuditRecord> read = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (long before = Long.MAX_VALUE; ; ) {
            List<AuditRecord> page = journal.audit(page(before, 10));
            sizes.add(page.size());
            if (page.isEmpty()) {
                break;
            }
            read.addAll(page);
            before = page.get(page.size() - 1).seq();
        }

        assertEquals(List.of(10, 10, 5, 0), sizes);
        assertEquals(newestFirst(stored), read);
        TwinId meter1 = TwinId.of("cz.wujin.b1:meter-1");
        assertEquals(List.of(15L, 13L, 11L), auditSeqs(journal.audit(
                new AuditQuery(meter1, null, null, null, 17, 3, ALL))));
    }

    @Test
    void aNamespaceScopeCoversItsSubtreeOnlyAndItsTextLiterally() {
        JdbcTwinJournal journal = open();
        List<String> ids = List.of("cz.wujin:a", "cz.wujin.hutang:b", "cz.wujinx:c", "cz.wuajin.b1:d", "cz:e",
                "cz.wu_jin.b2:f", ":g");
        for (String id : ids) {
            appendAudited(journal, "alice", List.of(change(id, X, 2)));
        }

        assertEquals(List.of("cz.wujin.hutang:b", "cz.wujin:a"), thingIds(journal.audit(inScope("cz.wujin"))));
        assertEquals(List.of("cz.wujin.hutang:b"), thingIds(journal.audit(inScope("cz.wujin.hutang"))));
        assertEquals(List.of("cz.wujinx:c", "cz.wujin.hutang:b"),
                thingIds(journal.audit(inScope("cz.wujinx", "cz.wujin.hutang"))));
        // LIKE wildcards in a scope are plain characters: '_' is not any character, '%' not any text.
        assertEquals(List.of("cz.wu_jin.b2:f"), thingIds(journal.audit(inScope("cz.wu_jin"))));
        assertEquals(List.of(), journal.audit(inScope("cz%")));
        assertEquals(List.of("cz.wu_jin.b2:f", "cz:e", "cz.wuajin.b1:d", "cz.wujinx:c", "cz.wujin.hutang:b",
                "cz.wujin:a"), thingIds(journal.audit(inScope("cz"))));
        assertEquals(List.of(":g"), thingIds(journal.audit(inScope(""))));
        assertEquals(newestFirst(ids), thingIds(journal.audit(inScope(Caller.ALL_NAMESPACES))));
        assertEquals(newestFirst(ids), thingIds(journal.audit(inScope("cz.wujin", Caller.ALL_NAMESPACES))));
        assertEquals(List.of(), journal.audit(inScope()));
    }

    private static List<String> thingIds(List<AuditRecord> records) {
        return records.stream().map(r -> r.thingId().toString()).toList();
    }

    @Test
    void theAuditTrailSurvivesReopening() {
        JdbcTwinJournal first = open();
        List<AuditRecord> before = appendAudited(first, "alice", TestEvents.everyType());
        first.deactivate();

        JdbcTwinJournal second = open();
        assertEquals(newestFirst(before), allAudit(second));
        List<AuditRecord> after = appendAudited(second, "bob", List.of(TestEvents.modified(1, 1)));
        assertEquals(List.of(6L), auditSeqs(after));
        assertEquals(after, second.audit(page(Long.MAX_VALUE, 1)));
    }

    @Test
    void anAuditRowThatFailsFailsItsEventsAndLaterAppendsContinue() throws SQLException {
        JdbcTwinJournal journal = open();
        appendAudited(journal, "alice", List.of(TestEvents.modified(1, 1)));
        // An audit row planted at seq 3 makes the audit batch of the next append (2..4) fail after its events went in.
        AuditRecord planted = TestEvents.audit(TestEvents.modified(9, 9), "mallory");
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement(AuditTable.INSERT)) {
            AuditTable.bind(insert, 3, planted, new JsonCodec().audit(planted));
            insert.executeUpdate();
        }
        List<TwinEvent> events = List.of(TestEvents.modified(2, 1), TestEvents.modified(2, 2),
                TestEvents.modified(2, 3));

        assertStoreUnavailable(journal.append(events, events.stream().map(e -> TestEvents.audit(e, "alice"))
                .toList(), committed -> { }));

        assertEquals(List.of(1L), seqs(replayAll(journal, 0)), "the events of the failed append are not stored");
        assertEquals(List.of(3L, 1L), auditSeqs(allAudit(journal)));
        long next = appendAudited(journal, "alice", List.of(TestEvents.modified(3, 1))).get(0).seq();
        assertTrue(next > 4, "numbers of the failed append are not reused");
        assertEquals(List.of(1L, next), seqs(replayAll(journal, 0)));
        assertEquals(List.of(next, 3L, 1L), auditSeqs(allAudit(journal)));
    }

    @Test
    void anEventRowThatFailsFailsItsAuditRecords() throws SQLException {
        JdbcTwinJournal journal = open();
        appendAudited(journal, "alice", List.of(TestEvents.modified(1, 1)));
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement(EventTable.INSERT)) {
            TwinEvent planted = TestEvents.modified(9, 9);
            EventTable.bind(insert, 3, planted, new JsonCodec().event(planted));
            insert.executeUpdate();
        }
        List<TwinEvent> events = List.of(TestEvents.modified(2, 1), TestEvents.modified(2, 2),
                TestEvents.modified(2, 3));

        assertStoreUnavailable(journal.append(events, events.stream().map(e -> TestEvents.audit(e, "alice"))
                .toList(), committed -> { }));

        assertEquals(List.of(1L), auditSeqs(allAudit(journal)));
        assertEquals(List.of(1L, 3L), seqs(replayAll(journal, 0)));
    }

    @Test
    void afterCloseAnAuditedAppendStoresNothingAndReadsFail() {
        JdbcTwinJournal journal = open();
        List<AuditRecord> kept = appendAudited(journal, "alice", List.of(TestEvents.modified(1, 1)));
        journal.deactivate();

        TwinEvent late = TestEvents.modified(1, 2);
        CompletableFuture<List<TwinEvent>> append = journal.append(List.of(late),
                List.of(TestEvents.audit(late, "alice")), committed -> { });
        assertTrue(append.isDone());
        assertStoreUnavailable(append);
        DayuanException e = assertThrows(DayuanException.class, () -> allAudit(journal));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());

        JdbcTwinJournal reopened = open();
        assertEquals(1, reopened.lastSeq());
        assertEquals(kept, allAudit(reopened));
    }

    @Test
    void auditRecordsThatDoNotPairWithTheEventsOrFitTheTableAreRefusedBeforeQueueing() {
        JdbcTwinJournal journal = open();
        TwinEvent event = TestEvents.modified(1, 1);
        AuditRecord good = TestEvents.audit(event, "alice");
        AuditRecord otherTwin = TestEvents.audit(TestEvents.modified(2, 1), "alice");
        AuditRecord anonymous = TestEvents.audit(event, null);
        AuditRecord longName = TestEvents.audit(event, "a".repeat(AuditTable.MAX_SUBJECT + 1));

        for (List<AuditRecord> bad : List.of(List.<AuditRecord>of(), List.of(good, good), List.of(otherTwin),
                List.of(anonymous), List.of(longName))) {
            assertThrows(IllegalArgumentException.class, () -> journal.append(List.of(event), bad, c -> { }));
        }
        assertThrows(IllegalArgumentException.class, () -> journal.append(List.of(), List.of(good), c -> { }));

        assertEquals(0, journal.lastSeq());
        AuditRecord longest = TestEvents.audit(event, "审".repeat(AuditTable.MAX_SUBJECT));
        assertEquals(List.of(longest.withSeq(1)), appendAudited(journal, longest.subject(), List.of(event)));
        assertEquals(List.of(longest.withSeq(1)), allAudit(journal));
    }

    @Test
    void auditedAndUnauditedAppendsShareTransactionsAndEachRowMatchesItsEvent() throws Exception {
        JdbcTwinJournal journal = open();
        int threads = 4;
        int perThread = 100;
        long transactionsBefore = journal.committedTransactions();
        // Even threads audit, odd ones do not, with 1 or 2 events per append.
        List<List<CompletableFuture<List<TwinEvent>>>> submitted = appendConcurrently(threads, perThread,
                (thread, i) -> {
                    List<TwinEvent> events = i % 2 == 0 ? List.of(TestEvents.modified(thread, i))
                            : List.of(TestEvents.modified(thread, i), TestEvents.modified(thread, i + 1000));
                    return thread % 2 == 0
                            ? journal.append(events, events.stream().map(e -> TestEvents.audit(e, "user-" + thread))
                            .toList(), committed -> { })
                            : journal.append(events);
                });
        List<Long> auditedSeqs = new ArrayList<>();
        int appends = 0;
        for (int t = 0; t < threads; t++) {
            for (CompletableFuture<List<TwinEvent>> future : submitted.get(t)) {
                List<TwinEvent> stored = future.get(60, TimeUnit.SECONDS);
                appends++;
                if (t % 2 == 0) {
                    auditedSeqs.addAll(seqs(stored));
                }
            }
        }

        assertTrue(journal.committedTransactions() - transactionsBefore < appends, "no group commit");
        Map<Long, TwinEvent> events = new HashMap<>();
        journal.replay(0, e -> events.put(e.seq(), e));
        List<AuditRecord> audit = allAudit(journal);
        assertEquals(newestFirst(auditedSeqs.stream().sorted().toList()), auditSeqs(audit));
        for (AuditRecord record : audit) {
            TwinEvent event = events.get(record.seq());
            assertEquals(TestEvents.audit(event, record.subject()).withSeq(event.seq()), record);
            assertEquals("user-" + event.thingId().name().substring("meter-".length()), record.subject());
        }
    }

    @Test
    void aDatabaseOfTheReleaseWithoutAuditIsMigratedAndKeepsItsEvents() throws SQLException {
        List<TwinEvent> old = List.of(TestEvents.modified(1, 1).withSeq(1), TestEvents.modified(2, 1).withSeq(2));
        try (Connection c = db.connect()) {
            assertEquals(2, Schema.migrate(c, 2));
            for (TwinEvent e : old) {
                insertAsBeforeLives(c, e);
            }
        }
        assertThrows(SQLException.class, () -> count("SELECT COUNT(*) FROM dayuan_audit"), "no audit table yet");

        JdbcTwinJournal journal = open();

        assertEquals(Schema.MIGRATIONS.size(), count("SELECT MAX(version) FROM dayuan_schema_version"));
        assertEquals(old, replayAll(journal, 0));
        assertEquals(List.of(), allAudit(journal));
        List<AuditRecord> audited = appendAudited(journal, "alice", List.of(TestEvents.modified(1, 2)));
        assertEquals(List.of(3L), auditSeqs(audited));
        assertEquals(audited, allAudit(journal));
    }
    /** {@code record} as the registry writes it for a caller whose only role is device. */
    static AuditRecord telemetry(AuditRecord r) {
        return new AuditRecord(r.seq(), r.timestamp(), r.subject(), r.origin(), r.thingId(), r.type(), r.path(),
                r.revision(), r.before(), r.after(), true);
    }

    @Test
    void telemetryIsKeptForItsOwnRetentionAndPrunedInChunksWhileEveryOtherRecordIsKept() throws SQLException {
        MutableClock clock = new MutableClock(X);
        JdbcTwinJournal journal = open(30, 0, clock);
        List<TwinEvent> readings = new ArrayList<>();
        for (int i = 1; i <= HistoryJob.CHUNK * 2 + 1; i++) {
            readings.add(TestEvents.modified(1, i));
        }
        journal.append(readings, readings.stream().map(e -> telemetry(TestEvents.audit(e, "device-mqtt"))).toList(),
                committed -> { }).join();
        List<AuditRecord> decisions = appendAudited(journal, "王工", List.of(TestEvents.modified(2, 1)));
        List<AuditRecord> all = allAudit(journal);
        assertEquals(readings.size() + 1, all.size());
        assertTrue(all.stream().filter(r -> r.subject().equals("device-mqtt")).allMatch(AuditRecord::telemetry));
        assertEquals(decisions, all.subList(0, 1), "stored and read back as not telemetry");

        clock.set(X.plus(29, ChronoUnit.DAYS));
        journal.runHistoryJob();
        assertEquals(all, allAudit(journal), "within their retention, readings are kept");

        clock.set(X.plus(31, ChronoUnit.DAYS));
        journal.runHistoryJob();
        assertEquals(decisions, allAudit(journal));
        assertEquals(0, count("SELECT COUNT(*) FROM dayuan_audit WHERE telemetry = TRUE"));
        assertEquals(readings.size() + 1, replayAll(journal, 0).size(), "history has a retention of its own");

        clock.set(X.plus(3650, ChronoUnit.DAYS));
        journal.runHistoryJob();
        assertEquals(decisions, allAudit(journal), "other records are kept for ever by default");
    }

    @Test
    void otherRecordsFollowAuditDaysWhenItIsSet() throws SQLException {
        MutableClock clock = new MutableClock(X);
        JdbcTwinJournal journal = open(0, 365, clock);
        List<AuditRecord> decisions = appendAudited(journal, "王工", List.of(TestEvents.modified(2, 1)));
        TwinEvent reading = TestEvents.modified(1, 1);
        journal.append(List.of(reading), List.of(telemetry(TestEvents.audit(reading, "device-mqtt"))),
                committed -> { }).join();

        clock.set(X.plus(364, ChronoUnit.DAYS));
        journal.runHistoryJob();
        assertEquals(2, allAudit(journal).size(), "auditTelemetryDays 0 keeps telemetry for ever");

        clock.set(X.plus(366, ChronoUnit.DAYS));
        journal.runHistoryJob();
        assertEquals(List.of(2L), auditSeqs(allAudit(journal)), "only the reading is left, not " + decisions);
    }

    @Test
    void aDatabaseOfTheReleaseWithoutTelemetryIsMigratedAndKeepsItsAuditRecords() throws SQLException {
        TwinEvent event = TestEvents.modified(1, 1).withSeq(1);
        AuditRecord old = TestEvents.audit(event, "device-mqtt").withSeq(1);
        try (Connection c = db.connect()) {
            assertEquals(3, Schema.migrate(c, 3));
            insertAsBeforeLives(c, event);
            // The row as release 3 wrote it: no telemetry column, no telemetry in the JSON.
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO dayuan_audit (seq, ts, subject,"
                    + " thing_id, namespace, record_json) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, 1);
                insert.setObject(2, CheckpointTable.utc(CheckpointTable.floorMicros(old.timestamp())));
                insert.setString(3, old.subject());
                insert.setString(4, old.thingId().toString());
                insert.setString(5, old.thingId().namespace());
                var json = old.toJson();
                json.remove("seq");
                json.remove("telemetry");
                insert.setString(6, json.toString());
                insert.executeUpdate();
            }
        }
        MutableClock clock = new MutableClock(X.plus(1000, ChronoUnit.DAYS));

        JdbcTwinJournal journal = open(30, 0, clock);
        journal.runHistoryJob();

        assertEquals(Schema.MIGRATIONS.size(), count("SELECT MAX(version) FROM dayuan_schema_version"));
        assertEquals(List.of(old), allAudit(journal), "who wrote it is known, their roles then are not: kept");
        TwinEvent reading = TestEvents.modified(1, 2);
        journal.append(List.of(reading), List.of(telemetry(TestEvents.audit(reading, "device-mqtt"))),
                committed -> { }).join();
        assertEquals(1, count("SELECT COUNT(*) FROM dayuan_audit WHERE telemetry = TRUE"));
    }
}
