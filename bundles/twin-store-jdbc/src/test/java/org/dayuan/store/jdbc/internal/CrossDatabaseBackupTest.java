package org.dayuan.store.jdbc.internal;

import static org.dayuan.store.jdbc.internal.JournalTestBase.allAudit;
import static org.dayuan.store.jdbc.internal.JournalTestBase.appendAudited;
import static org.dayuan.store.jdbc.internal.JournalTestBase.replayAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dayuan.twin.TwinId;
import org.dayuan.twin.spi.BackupArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup is the same logical content on either database: H2 → PostgreSQL → H2 keeps every event, audit record,
 * snapshot and history checkpoint, and the tables of the backup of the copy are the same bytes as the original's.
 * Skipped without PostgreSQL, as the other PostgreSQL tests are.
 */
class CrossDatabaseBackupTest {
    @TempDir
    Path dir;
    private final List<JdbcTwinJournal> journals = new ArrayList<>();
    private final List<TestDatabase> databases = new ArrayList<>();

    @AfterEach
    void close() {
        journals.forEach(JdbcTwinJournal::deactivate);
        databases.forEach(TestDatabase::close);
    }

    private JdbcTwinJournal open(TestDatabase db, Path restore) {
        databases.add(db);
        JdbcTwinJournal j = new JdbcTwinJournal(db.config(1000), Clock.systemUTC(), restore);
        journals.add(j);
        return j;
    }

    @Test
    void h2ToPostgresToH2KeepsEverything() throws Exception {
        TestDatabase pg = TestDatabase.postgres();
        JdbcTwinJournal h2 = open(TestDatabase.h2(dir.resolve("h2")), dir.resolve("none.zip"));
        appendAudited(h2, "王工", TestEvents.everyType());
        for (int i = 1; i <= 20; i++) {
            appendAudited(h2, "line-energy", List.of(TestEvents.modified(i % 4, i)));
        }
        h2.snapshot(h2.lastSeq(), TestEvents.things("room", 12, 3)).join();
        h2.runHistoryJob();
        appendAudited(h2, "王工", List.of(TestEvents.modified(9, 1)));
        Path first = dir.resolve("from-h2.zip");
        BackupContract.backup(h2, first);

        JdbcTwinJournal onPg = open(pg, first);
        Path second = dir.resolve("from-pg.zip");
        BackupContract.backup(onPg, second);
        JdbcTwinJournal back = open(TestDatabase.h2(dir.resolve("h2-again")), second);

        for (JdbcTwinJournal copy : List.of(onPg, back)) {
            assertEquals(replayAll(h2, 0), replayAll(copy, 0));
            assertEquals(allAudit(h2), allAudit(copy));
            assertEquals(h2.latestSnapshot(), copy.latestSnapshot());
            assertEquals(h2.historyHorizon(), copy.historyHorizon());
            TwinId room = TwinId.of("cz.wujin.b1", "room-3");
            assertEquals(h2.checkpointAt(room, h2.lastSeq()), copy.checkpointAt(room, copy.lastSeq()));
        }
        Map<String, byte[]> a = ArchiveFiles.entries(first);
        Map<String, byte[]> b = ArchiveFiles.entries(second);
        assertEquals(a.keySet(), b.keySet());
        for (String entry : a.keySet()) {
            if (!entry.equals("manifest.json")) {
                assertArrayEquals(a.get(entry), b.get(entry), entry + " is the same on both databases");
            }
        }
        assertEquals(BackupArchive.open(first).manifest().parts(), BackupArchive.open(second).manifest().parts());
    }
}
