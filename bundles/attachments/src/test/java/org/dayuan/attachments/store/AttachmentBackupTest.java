package org.dayuan.attachments.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.dayuan.attachments.Attachment;
import org.dayuan.testing.Configs;
import org.dayuan.twin.spi.BackupArchive;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attachments' bytes in a backup: restored byte for byte into an empty store, refused by one holding files. */
class AttachmentBackupTest extends StoreFixture {
    @TempDir
    Path dir;

    AttachmentBackupTest() throws Exception {
    }

    @Override
    DataSource database() {
        return h2("source");
    }

    private DataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve(name).toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        ds.setUser("sa");
        return ds;
    }

    private AttachmentStore storeOn(DataSource on, Path restore) {
        return new AttachmentStore(view, on, Configs.of(AttachmentsConfig.class, Map.of()),
                Clock.fixed(NOW, ZoneOffset.UTC), restore);
    }

    private Path backup() throws Exception {
        Path file = dir.resolve("backup.zip");
        try (OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            BackupArchive.Manifest m = BackupArchive.write(db, List.of(new AttachmentBackup()), out);
            assertEquals(2L, m.parts().get("attachments").tables().get(ContentTable.TABLE));
        }
        return file;
    }

    @Test
    void filesAreRestoredByteForByteIntoAnEmptyStore() throws Exception {
        AttachmentStore source = store(Map.of());
        byte[] pdf = Files.pdf(300_000);
        byte[] png = Files.png(2_000);
        Attachment a = source.store(MANAGER, ROOM, "产权证.pdf", "application/pdf", "deed", "", new ByteArrayInputStream(pdf));
        Attachment b = source.store(MANAGER, ROOM, "门.png", "image/png", "photo", "", new ByteArrayInputStream(png));
        Path file = backup();

        AttachmentStore copy = storeOn(h2("copy"), file);

        assertArrayEquals(pdf, read(copy, VIEWER, a.id()));
        assertArrayEquals(png, read(copy, VIEWER, b.id()));
        assertTrue(java.nio.file.Files.exists(BackupArchive.restoredMarker(file, AttachmentBackup.PART)));
    }

    @Test
    void aStoreHoldingFilesRefusesTheRestoreAndKeepsThem() throws Exception {
        AttachmentStore source = store(Map.of());
        source.store(MANAGER, ROOM, "a.pdf", "application/pdf", "deed", "", new ByteArrayInputStream(Files.pdf(1000)));
        source.store(MANAGER, ROOM, "b.pdf", "application/pdf", "deed", "", new ByteArrayInputStream(Files.pdf(2000)));
        Path file = backup();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> storeOn(db, file));

        assertTrue(e.getMessage().contains("already holds 2 files") && e.getMessage().contains("Nothing was changed"),
                e.getMessage());
        assertEquals(2, rows());
    }
}
