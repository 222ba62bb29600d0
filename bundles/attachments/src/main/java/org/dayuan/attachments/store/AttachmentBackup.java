package org.dayuan.attachments.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.dayuan.twin.spi.BackupArchive;
import org.dayuan.twin.spi.StoreBackup;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attachments' bytes as a part of a backup, read in the backup's transaction with the twins that describe
 * them; loaded back by the store when it activates ({@link #restoreIfPresent}), before its sweep of rows without a
 * twin, which then finds the restored twins in place.
 */
@Component(service = StoreBackup.class)
public final class AttachmentBackup implements StoreBackup {
    static final String PART = "attachments";
    /** The content table has had one shape so far; a change to it comes with a new number here. */
    static final int SCHEMA_VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(AttachmentBackup.class);

    /** Offered only while the store is active, so its table exists. */
    @Activate
    public AttachmentBackup(@Reference org.dayuan.attachments.Attachments store) {
    }

    AttachmentBackup() {
    }

    @Override
    public String part() {
        return PART;
    }

    @Override
    public int schemaVersion(Connection c) {
        return SCHEMA_VERSION;
    }

    @Override
    public void backup(Connection c, BackupArchive.Writer out) throws SQLException, IOException {
        out.table(ContentTable.TABLE, "id");
    }

    /**
     * Loads the attachments of the backup at {@code archive} into the empty content table, once; refuses a table
     * that holds anything, a newer shape and a damaged file, changing nothing. A backup without attachments leaves
     * the table as it is.
     */
    static void restoreIfPresent(DataSource db, Path archive) {
        if (!Files.exists(archive) || Files.exists(BackupArchive.restoredMarker(archive, PART))) {
            return;
        }
        try (BackupArchive.Reader reader = BackupArchive.open(archive); Connection c = db.getConnection()) {
            BackupArchive.Part part = reader.part(PART).orElse(null);
            if (part == null) {
                LOG.info("The backup {} holds no attachments", archive);
                return;
            }
            if (part.schemaVersion() > SCHEMA_VERSION) {
                throw new IllegalStateException("The backup " + archive + " holds attachments of version "
                        + part.schemaVersion() + " but this bundle knows only up to " + SCHEMA_VERSION + ": a newer"
                        + " Dayuan wrote it. Restore it with that version or a later one. Nothing was changed.");
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + ContentTable.TABLE)) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new IllegalStateException("The attachment store already holds " + rs.getLong(1)
                            + " files: a backup is restored only into an empty store. Nothing was changed. Remove "
                            + archive + " to start on this store as it is.");
                }
            }
            c.setAutoCommit(false);
            long rows;
            try {
                rows = reader.restore(c, PART, ContentTable.TABLE);
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            BackupArchive.markRestored(archive, PART, reader.manifest());
            LOG.info("Restored {} attachment files from {}", rows, archive);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Cannot restore the attachments of " + archive + ": " + e.getMessage()
                    + " Nothing was restored.", e);
        }
    }
}
