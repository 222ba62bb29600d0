package org.dayuan.backup.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dayuan.backup.BackupFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {
    @TempDir
    Path dir;

    private BackupCommand command(String file, boolean force) throws Exception {
        BackupCommand c = new BackupCommand();
        c.backups = BackupFixture.service(BackupFixture.database(dir), true);
        c.file = file;
        c.force = force;
        return c;
    }

    @Test
    void writesTheBackupToTheFileAndLeavesNothingElse() throws Exception {
        Path target = dir.resolve("out").resolve("b.zip");
        Files.createDirectories(target.getParent());

        command(target.toString(), false).execute();

        assertTrue(BackupFixture.entries(Files.readAllBytes(target)).containsKey("manifest.json"));
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws Exception {
        Path target = dir.resolve("b.zip");
        Files.writeString(target, "keep");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> command(target.toString(), false).execute());

        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals("keep", Files.readString(target));
        command(target.toString(), true).execute();
        assertTrue(BackupFixture.entries(Files.readAllBytes(target)).containsKey("manifest.json"));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path target = dir.resolve("nowhere").resolve("b.zip");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> command(target.toString(), false).execute());

        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
