package org.dayuan.backup.shell;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.dayuan.backup.BackupService;
import org.dayuan.twin.spi.BackupArchive;

/**
 * {@code dayuan:backup <file>}: the same backup as {@code POST /api/dayuan/backup}, into a file on the server. It is
 * written beside the target under a temporary name and moved into place once complete, so the file named is either
 * a whole backup or not there.
 */
@Service
@Command(scope = "dayuan", name = "backup", description = "Writes a consistent backup of the twin store (every twin,"
        + " its history, the audit trail and the attachments) to a file while Dayuan keeps running.",
        detailedDescription = "The backup is read in one snapshot of the database, so it holds the journal up to one"
                + " seq (printed at the end) and nothing after it, while writes go on. To restore it, copy it to"
                + " data/dayuan/restore.zip of a fresh distribution on an empty store and start that one; see the"
                + " backup bundle's README.")
public class BackupCommand implements Action {
    @Reference
    BackupService backups;

    @Argument(index = 0, name = "file", required = true, description = "The file to write, e.g."
            + " /var/backups/dayuan-2026-12-07.zip; relative paths are taken from Karaf's base directory.")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "-f", aliases = "--force", description = "Replace the file if it exists.")
    boolean force;

    @Override
    public Object execute() throws Exception {
        Path target = Path.of(file).toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException(target + " is a directory; name the backup file, e.g. "
                    + target.resolve(BackupService.fileName(java.time.Instant.now())));
        }
        if (Files.exists(target) && !force) {
            throw new IllegalArgumentException(target + " exists; choose another name, or add --force to"
                    + " replace it.");
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("The directory " + dir + " does not exist.");
        }
        Path partial = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        BackupArchive.Manifest manifest;
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                manifest = backups.write(out);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        System.out.println("Backup of " + manifest.database() + " at journal seq "
                + manifest.longNote("journal", "headSeq") + " written to " + target + " (" + Files.size(target)
                + " bytes): " + BackupService.summary(manifest));
        return null;
    }
}
