package org.dayuan.store.jdbc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dayuan.twin.spi.BackupArchive;
import org.dayuan.twin.spi.StoreBackup;
import org.dayuan.twin.spi.TwinJournal;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's part of a backup: every table of {@link Schema} but the schema version table (the manifest names the
 * version, and a restore migrates to it), each in key order. The head seq noted in the manifest is the newest event
 * the backup's transaction sees; the events are exactly those up to it and the audit records exactly theirs,
 * because the writer commits events and their audit together in seq order.
 *
 * <p>Restoring happens when the journal opens ({@link #restoreIfPresent}), before the registry reads anything.
 */
@Component(service = StoreBackup.class)
public final class JournalBackup implements StoreBackup {
    static final String PART = "journal";
    static final String HEAD_SEQ = "headSeq";
    private static final Logger LOG = LoggerFactory.getLogger(JournalBackup.class);

    /** The tables in restore order, each with its key order and the schema version that created it. */
    private record Table(String name, String orderBy, int since) {
    }

    private static final List<Table> TABLES = List.of(
            new Table("dayuan_event", "seq", 1),
            new Table("dayuan_snapshot", "generation", 1),
            new Table("dayuan_snapshot_twin", "generation, thing_id", 1),
            new Table("dayuan_checkpoint", "seq", 2),
            new Table("dayuan_checkpoint_twin", "thing_id, seq", 2),
            new Table("dayuan_history_horizon", "id", 2),
            new Table("dayuan_audit", "seq", 3));

    /** Offered only while the journal is open, so a backup never reads tables that are still being migrated. */
    @org.osgi.service.component.annotations.Activate
    public JournalBackup(@Reference TwinJournal journal) {
    }

    JournalBackup() {
    }

    @Override
    public String part() {
        return PART;
    }

    @Override
    public int schemaVersion(Connection c) throws SQLException {
        return Schema.currentVersion(c);
    }

    @Override
    public void backup(Connection c, BackupArchive.Writer out) throws SQLException, IOException {
        int version = Schema.currentVersion(c);
        out.note(HEAD_SEQ, Long.toString(EventTable.maxSeq(c)));
        for (Table t : TABLES) {
            if (t.since() <= version) {
                out.table(t.name(), t.orderBy());
            }
        }
    }

    /**
     * Loads the journal's part of the backup at {@code archive} into an empty store, when there is such a file and
     * the journal's part of it was not restored before. Refuses, changing nothing, a store that holds anything, an
     * archive of a newer schema than this bundle knows, and a damaged archive. Rows are loaded in one transaction,
     * at the archive's schema version; the journal then migrates them as it does any older store.
     */
    static void restoreIfPresent(Connection c, Path archive, String target) throws SQLException {
        if (!Files.exists(archive)) {
            return;
        }
        Path marker = BackupArchive.restoredMarker(archive, PART);
        if (Files.exists(marker)) {
            LOG.info("The backup {} was restored into {} before ({}); remove it, it is not read again", archive,
                    target, marker);
            return;
        }
        try (BackupArchive.Reader reader = BackupArchive.open(archive)) {
            BackupArchive.Part part = reader.part(PART).orElseThrow(() -> new SQLException("The backup " + archive
                    + " holds no twin journal, so there is nothing to restore; remove it to start on " + target
                    + " as it is."));
            int newest = Schema.MIGRATIONS.get(Schema.MIGRATIONS.size() - 1).version();
            if (part.schemaVersion() > newest || part.schemaVersion() < 1) {
                throw new SQLException("The backup " + archive + " was written at journal schema version "
                        + part.schemaVersion() + " but this bundle knows only up to " + newest + ": a newer Dayuan"
                        + " wrote it, and this one does not downgrade it. Restore it with that version or a later"
                        + " one. Nothing was changed.");
            }
            Map<String, Long> held = contents(c);
            if (!held.isEmpty()) {
                throw new SQLException("The store " + target + " is not empty (it holds " + held + "): a backup is"
                        + " restored only into an empty store. Nothing was changed. Point the store at an empty"
                        + " database (a new PostgreSQL database or schema, or a distribution whose data/dayuan is"
                        + " new), or remove " + archive + " to start on this store as it is.");
            }
            Schema.migrate(c, part.schemaVersion());
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            Map<String, Long> loaded = new LinkedHashMap<>();
            try {
                for (Table t : TABLES) {
                    if (part.tables().containsKey(t.name())) {
                        loaded.put(t.name(), reader.restore(c, PART, t.name()));
                    } else if (t.since() <= part.schemaVersion()) {
                        throw new IOException(archive + " is damaged: it has no table " + t.name() + ", which"
                                + " schema version " + part.schemaVersion() + " has.");
                    }
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            BackupArchive.markRestored(archive, PART, reader.manifest());
            LOG.info("Restored the twin journal from {} (made {} on {}, head seq {}) into {}: {}", archive,
                    reader.manifest().created(), reader.manifest().database(), part.notes().get(HEAD_SEQ), target,
                    loaded);
        } catch (IOException e) {
            throw new SQLException("Cannot restore " + archive + ": " + e.getMessage() + " Nothing was restored.",
                    e);
        }
    }

    /** The journal's tables that hold rows, with their counts; none before the first start. */
    static Map<String, Long> contents(Connection c) throws SQLException {
        int version;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM dayuan_schema_version")) {
            rs.next();
            version = rs.getInt(1);
        } catch (SQLException e) {
            // No version table: a database the journal never opened. On PostgreSQL the failed statement ends the
            // (auto-committed) transaction, so nothing is left to roll back.
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return Map.of();
        }
        Map<String, Long> held = new LinkedHashMap<>();
        List<Table> present = new ArrayList<>();
        for (Table t : TABLES) {
            if (t.since() <= version) {
                present.add(t);
            }
        }
        for (Table t : present) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t.name())) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    held.put(t.name(), rs.getLong(1));
                }
            }
        }
        return held;
    }
}
