package org.dayuan.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.spi.TwinJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh database per test and the journals a test opens on it, closed afterwards; one subclass per database. */
abstract class JournalTestBase {
    @TempDir
    Path tempDir;
    TestDatabase db;
    private final List<JdbcTwinJournal> opened = new ArrayList<>();

    abstract TestDatabase createDatabase(Path dir);

    @BeforeEach
    void setUp() {
        db = createDatabase(tempDir);
    }

    @AfterEach
    void tearDown() {
        opened.forEach(JdbcTwinJournal::deactivate);
        if (db != null) {
            db.close();
        }
    }

    JdbcTwinJournal open(int maxBatch) {
        return opened(new JdbcTwinJournal(db.config(maxBatch)));
    }

    JdbcTwinJournal open() {
        return open(1000);
    }

    /** A journal keeping {@code retentionDays} of history by {@code clock}. */
    JdbcTwinJournal open(int retentionDays, Clock clock) {
        return opened(new JdbcTwinJournal(TestConfig.of(db.url(), db.user(), "", 1000, retentionDays, 60), clock));
    }

    /** A journal keeping audit records of telemetry {@code auditTelemetryDays}, others {@code auditDays}. */
    JdbcTwinJournal open(int auditTelemetryDays, int auditDays, Clock clock) {
        return opened(new JdbcTwinJournal(TestConfig.of(db.url(), db.user(), "", 1000, 0, 60, auditTelemetryDays,
                auditDays), clock));
    }

    private JdbcTwinJournal opened(JdbcTwinJournal journal) {
        opened.add(journal);
        return journal;
    }

    static List<TwinEvent> replayAll(TwinJournal journal, long afterSeq) {
        List<TwinEvent> events = new ArrayList<>();
        journal.replay(afterSeq, events::add);
        return events;
    }

    /** Appends {@code events} audited as by {@code subject}; returns the audit records as stored, oldest first. */
    static List<AuditRecord> appendAudited(TwinJournal journal, String subject, List<TwinEvent> events) {
        List<AuditRecord> audit = events.stream().map(e -> TestEvents.audit(e, subject)).toList();
        List<TwinEvent> stored = journal.append(events, audit, committed -> { }).join();
        List<AuditRecord> out = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            out.add(audit.get(i).withSeq(stored.get(i).seq()));
        }
        return out;
    }

    /** Every audit record {@code journal} keeps, newest first. */
    static List<AuditRecord> allAudit(TwinJournal journal) {
        return journal.audit(new AuditQuery(null, null, null, null, Long.MAX_VALUE, JdbcTwinJournal.MAX_PAGE,
                Set.of(Caller.ALL_NAMESPACES)));
    }

    /**
     * From every journal position (0 to one past the last, seqs of other twins' events included) and with pages of 1,
     * 2 and 100, each of {@code ids}' events read through {@link TwinJournal#twinEvents} are its events after that
     * position in journal order, as a replay of the whole journal finds them.
     */
    static void assertTwinEventsFromEveryPosition(TwinJournal journal, List<TwinId> ids) {
        List<TwinEvent> all = replayAll(journal, 0);
        long last = all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
        for (TwinId id : ids) {
            for (long after = 0; after <= last + 1; after++) {
                long from = after;
                List<TwinEvent> expected = all.stream().filter(e -> e.thingId().equals(id) && e.seq() > from)
                        .toList();
                for (int limit : new int[] {1, 2, 100}) {
                    assertEquals(expected.subList(0, Math.min(limit, expected.size())),
                            journal.twinEvents(id, after, limit), id + " after " + after + ", " + limit + " at most");
                }
            }
        }
    }

    static <T> List<T> newestFirst(List<T> oldestFirst) {
        List<T> out = new ArrayList<>(oldestFirst);
        Collections.reverse(out);
        return out;
    }

    static List<Long> seqs(List<TwinEvent> events) {
        return events.stream().map(TwinEvent::seq).toList();
    }

    long count(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Inserts {@code e} as releases before schema migration 5 did: without the columns of its twin's life. */
    static void insertAsBeforeLives(Connection c, TwinEvent e) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO dayuan_event (seq, thing_id, revision, ts,"
                + " event_json) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, e.seq());
            insert.setString(2, e.thingId().toString());
            insert.setLong(3, e.revision());
            insert.setObject(4, OffsetDateTime.ofInstant(e.timestamp(), ZoneOffset.UTC));
            insert.setString(5, new JsonCodec().event(e));
            insert.executeUpdate();
        }
    }

    /** Makes one append of a concurrent appender: appender number and 1-based count of its appends. */
    @FunctionalInterface
    interface Appender {
        CompletableFuture<List<TwinEvent>> append(int thread, int i);
    }

    /**
     * Runs {@code threads} appenders at once, each making {@code perThread} appends; returns each one's futures in the
     * order it made them.
     */
    static List<List<CompletableFuture<List<TwinEvent>>>> appendConcurrently(int threads, int perThread,
                                                                             Appender appender) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<CompletableFuture<List<TwinEvent>>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitted.add(pool.submit(() -> {
                    List<CompletableFuture<List<TwinEvent>>> futures = new ArrayList<>();
                    for (int i = 1; i <= perThread; i++) {
                        futures.add(appender.append(thread, i));
                    }
                    return futures;
                }));
            }
            List<List<CompletableFuture<List<TwinEvent>>>> out = new ArrayList<>();
            for (Future<List<CompletableFuture<List<TwinEvent>>>> f : submitted) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
