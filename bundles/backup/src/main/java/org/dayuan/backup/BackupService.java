package org.dayuan.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.spi.BackupArchive;
import org.dayuan.twin.spi.StoreBackup;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one backup of every {@link StoreBackup} part there is (the journal's, the attachments' when that feature
 * runs) from the twin store's database, for the API and the console alike.
 */
@Component(service = BackupService.class)
public final class BackupService {
    /** The part without which a backup holds no twins. */
    static final String JOURNAL = "journal";
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final DataSource db;
    private final List<StoreBackup> parts = new CopyOnWriteArrayList<>();

    @Activate
    public BackupService(@Reference(target = "(dayuan.store=journal)") DataSource db) {
        this.db = db;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPart(StoreBackup part) {
        parts.add(part);
    }

    void removePart(StoreBackup part) {
        parts.remove(part);
    }

    /** Writes the backup to {@code out}, which stays open; a 503 when the journal is not running. */
    public BackupArchive.Manifest write(OutputStream out) throws SQLException, IOException {
        List<StoreBackup> now = List.copyOf(parts);
        if (now.stream().noneMatch(p -> p.part().equals(JOURNAL))) {
            throw ErrorCode.STORE_UNAVAILABLE.exception("The twin journal is not running, so there is nothing to"
                    + " back up.");
        }
        long start = System.nanoTime();
        BackupArchive.Manifest manifest = BackupArchive.write(db, now, out);
        LOG.info("Backup of {} made at journal seq {} in {} ms: {}", manifest.database(),
                manifest.longNote(JOURNAL, "headSeq"), (System.nanoTime() - start) / 1_000_000, summary(manifest));
        return manifest;
    }

    /** The rows of each table, for logs and the console. */
    public static String summary(BackupArchive.Manifest manifest) {
        StringBuilder out = new StringBuilder();
        manifest.parts().forEach((name, part) -> part.tables().forEach((table, rows) ->
                out.append(out.length() == 0 ? "" : ", ").append(table).append(' ').append(rows)));
        return out.toString();
    }

    /** The name a backup made at {@code at} is offered under. */
    public static String fileName(Instant at) {
        return "dayuan-backup-" + FILE_TIME.format(at) + ".zip";
    }
}
