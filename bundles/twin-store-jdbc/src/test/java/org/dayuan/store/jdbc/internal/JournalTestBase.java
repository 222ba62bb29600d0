package org.dayuan.store.jdbc.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.dayuan.twin.TwinEvent;
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

    private JdbcTwinJournal opened(JdbcTwinJournal journal) {
        opened.add(journal);
        return journal;
    }

    static List<TwinEvent> replayAll(TwinJournal journal, long afterSeq) {
        List<TwinEvent> events = new ArrayList<>();
        journal.replay(afterSeq, events::add);
        return events;
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
}
