package org.dayuan.twin.spi;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One bundle's share of the durable state in the twin store's database (the DataSource with
 * {@code dayuan.store=journal}), as a backup copies it. Every part is read on the same connection, inside one
 * read-only snapshot transaction the caller opened ({@link BackupArchive#write}), so the parts agree with each other
 * at one point of the journal while writers go on. A part owns its tables: only it knows their names and their SQL.
 * Restoring is the owner's business too, at its activation, before it serves anything
 * ({@link BackupArchive#restoreFile()}).
 */
public interface StoreBackup {
    /** The part's name in an archive, e.g. {@code journal}; a path segment, unique among the parts. */
    String part();

    /** The version of the part's tables in {@code c}'s database; a restore refuses an archive of a newer one. */
    int schemaVersion(Connection c) throws SQLException;

    /**
     * Writes every table of the part as {@code c}'s transaction sees it ({@link BackupArchive.Writer#table}), and
     * the facts worth a line in the manifest ({@link BackupArchive.Writer#note}). Must not commit, roll back or
     * change the isolation of {@code c}.
     */
    void backup(Connection c, BackupArchive.Writer out) throws SQLException, IOException;
}
