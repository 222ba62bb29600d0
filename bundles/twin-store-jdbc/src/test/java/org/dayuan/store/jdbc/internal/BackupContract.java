package org.dayuan.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.spi.BackupArchive;
import org.dayuan.twin.spi.TwinJournal;
import org.junit.jupiter.api.Test;

/**
 * Online backup and restore of the journal on each database: a backup made while a writer keeps appending holds
 * exactly a prefix of the journal with its audit, and restores into an empty store; what a restore must refuse, it
 * refuses and changes nothing. One subclass per database.
 */
abstract class BackupContract extends JournalTestBase {
    private final List<JdbcTwinJournal> restored = new ArrayList<>();
    private final List<TestDatabase> targets = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeTargets() {
        restored.forEach(JdbcTwinJournal::deactivate);
        targets.forEach(TestDatabase::close);
    }

    /** A second, empty database of the same kind. */
    TestDatabase target(String name) {
        TestDatabase t = createDatabase(tempDir.resolve(name));
        targets.add(t);
        return t;
    }

    JdbcTwinJournal openRestoring(TestDatabase on, Path archive) {
        JdbcTwinJournal j = new JdbcTwinJournal(on.config(1000), Clock.systemUTC(), archive);
        restored.add(j);
        return j;
    }

    static BackupArchive.Manifest backup(JdbcTwinJournal journal, Path file) throws SQLException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            return BackupArchive.write(journal.ownPool(), List.of(new JournalBackup()), out);
        }
    }

    /** Appends audited events from another thread until stopped; each append 1 to 3 events of a few twins. */
    static final class Writer implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger appends = new AtomicInteger();
        final Thread thread;
        volatile Throwable failure;

        Writer(TwinJournal journal, int firstRevision) {
            thread = new Thread(() -> {
                try {
                    for (int i = firstRevision; !stop.get(); i++) {
                        List<TwinEvent> batch = new ArrayList<>();
                        for (int k = 0; k <= i % 3; k++) {
                            batch.add(TestEvents.modified(k, i));
                        }
                        appendAudited(journal, "writer", batch);
                        appends.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }, "backup-test-writer");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(30_000);
            assertEquals(null, failure, "the writer failed");
        }
    }

    @Test
    void backupWhileWritingHoldsExactlyAPrefixOfTheJournalAndItsAuditAndRestoresIt() throws Exception {
        JdbcTwinJournal source = open();
        for (int i = 1; i <= 2000; i++) {
            appendAudited(source, "seed", List.of(TestEvents.modified(100 + i % 50, 1 + i / 50)));
        }
        source.snapshot(source.lastSeq(), TestEvents.things("room", 30, 1)).join();
        List<BackupArchive.Manifest> manifests = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Writer writer = new Writer(source, 1)) {
            for (int b = 0; b < 3; b++) {
                int before = writer.appends.get();
                while (writer.appends.get() < before + 50) {
                    Thread.sleep(5);
                }
                Path file = tempDir.resolve("backup-" + b + ".zip");
                manifests.add(backup(source, file));
                files.add(file);
            }
        }
        List<TwinEvent> all = replayAll(source, 0);
        List<AuditRecord> allAudit = newestFirst(allAudit(source));
        long previous = 0;
        for (int b = 0; b < files.size(); b++) {
            long head = manifests.get(b).longNote(JournalBackup.PART, JournalBackup.HEAD_SEQ);
            assertTrue(head > previous, "each backup sees the writes made before it: " + head + " after " + previous);
            previous = head;
            assertTrue(head < all.get(all.size() - 1).seq(), "writes went on after the backup");
            JdbcTwinJournal copy = openRestoring(target("restore-" + b), files.get(b));

            long at = head;
            List<TwinEvent> events = replayAll(copy, 0);
            List<AuditRecord> audit = newestFirst(allAudit(copy));
            // The seqs first, so a failure names them instead of printing thousands of records.
            assertEquals(LongStream.rangeClosed(1, head).boxed().toList(), seqs(events),
                    "every event up to the head seq and none after");
            assertEquals(all.stream().filter(e -> e.seq() <= at).map(TwinEvent::seq).toList(),
                    audit.stream().map(AuditRecord::seq).toList(), "the audit of exactly those events");
            assertEquals(all.stream().filter(e -> e.seq() <= at).toList(), events);
            assertEquals(allAudit.stream().filter(r -> r.seq() <= at).toList(), audit);
            assertEquals(source.latestSnapshot(), copy.latestSnapshot());
            assertEquals(head, copy.lastSeq(), "the restored journal continues after the head seq");
        }
    }

    @Test
    void restoredJournalTakesNewWritesAfterTheHeadSeq() throws Exception {
        JdbcTwinJournal source = open();
        appendAudited(source, "王工", TestEvents.everyType());
        Path file = tempDir.resolve("b.zip");
        backup(source, file);
        JdbcTwinJournal copy = openRestoring(target("copy"), file);

        List<TwinEvent> next = copy.append(List.of(TestEvents.modified(1, 1))).join();

        assertEquals(6, next.get(0).seq());
        assertEquals(6, replayAll(copy, 0).size());
    }

    @Test
    void restoreIntoAStoreThatHoldsAnythingIsRefusedAndChangesNothing() throws Exception {
        JdbcTwinJournal source = open();
        appendAudited(source, "王工", TestEvents.everyType());
        Path file = tempDir.resolve("b.zip");
        backup(source, file);
        TestDatabase busy = target("busy");
        JdbcTwinJournal other = openRestoring(busy, tempDir.resolve("none.zip"));
        other.append(List.of(TestEvents.modified(7, 1))).join();
        List<TwinEvent> before = replayAll(other, 0);
        other.deactivate();
        restored.remove(other);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> openRestoring(busy, file));

        assertTrue(e.getMessage().contains("is not empty") && e.getMessage().contains("Nothing was changed"),
                e.getMessage());
        assertFalse(Files.exists(BackupArchive.restoredMarker(file, JournalBackup.PART)));
        assertEquals(before, replayAll(openRestoring(busy, tempDir.resolve("none.zip")), 0));
    }

    @Test
    void aBackupOfANewerSchemaIsRefused() throws Exception {
        JdbcTwinJournal source = open();
        appendAudited(source, "王工", TestEvents.everyType());
        Path file = tempDir.resolve("b.zip");
        backup(source, file);
        Path newer = ArchiveFiles.withManifest(file, tempDir.resolve("newer.zip"),
                m -> m.replace("\"schemaVersion\" : " + Schema.MIGRATIONS.size(), "\"schemaVersion\" : 99"));
        TestDatabase empty = target("empty");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> openRestoring(empty, newer));

        assertTrue(e.getMessage().contains("schema version 99") && e.getMessage().contains("does not downgrade"),
                e.getMessage());
        assertEquals(List.of(), replayAll(openRestoring(empty, tempDir.resolve("none.zip")), 0));
    }

    @Test
    void aBackupCutShortIsRefused() throws Exception {
        JdbcTwinJournal source = open();
        appendAudited(source, "王工", TestEvents.everyType());
        Path file = tempDir.resolve("b.zip");
        backup(source, file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = tempDir.resolve("cut.zip");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        TestDatabase empty = target("empty");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> openRestoring(empty, cut));

        assertTrue(e.getMessage().contains("Nothing was restored"), e.getMessage());
    }

    @Test
    void aRestoredBackupIsNotReadAgainAtTheNextStart() throws Exception {
        JdbcTwinJournal source = open();
        appendAudited(source, "王工", TestEvents.everyType());
        Path file = tempDir.resolve("b.zip");
        backup(source, file);
        TestDatabase db2 = target("copy");
        JdbcTwinJournal copy = openRestoring(db2, file);
        copy.append(List.of(TestEvents.modified(1, 1))).join();
        copy.deactivate();
        restored.remove(copy);

        JdbcTwinJournal again = openRestoring(db2, file);

        assertEquals(6, replayAll(again, 0).size());
        assertTrue(Files.exists(BackupArchive.restoredMarker(file, JournalBackup.PART)));
    }
}
