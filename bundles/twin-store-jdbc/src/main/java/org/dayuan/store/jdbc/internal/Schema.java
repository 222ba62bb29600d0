package org.dayuan.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The journal's tables, created and migrated at activation. Each migration runs once, in its own transaction, and
 * is recorded in {@code dayuan_schema_version}; the SQL is the same on H2 and PostgreSQL. H2 commits DDL at once,
 * so statements use {@code IF NOT EXISTS} to let a migration interrupted there run again. Never edit a released
 * migration: append a new one.
 */
final class Schema {
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "journal and snapshots", List.of(
                    "CREATE TABLE IF NOT EXISTS dayuan_event (seq BIGINT NOT NULL PRIMARY KEY,"
                            + " thing_id VARCHAR(256) NOT NULL, revision BIGINT NOT NULL,"
                            + " ts TIMESTAMP WITH TIME ZONE NOT NULL, event_json VARCHAR NOT NULL)",
                    "CREATE INDEX IF NOT EXISTS dayuan_event_thing ON dayuan_event (thing_id, revision)",
                    "CREATE INDEX IF NOT EXISTS dayuan_event_ts ON dayuan_event (ts)",
                    // A generation is usable only once complete: its rows are written in several transactions.
                    "CREATE TABLE IF NOT EXISTS dayuan_snapshot (generation BIGINT NOT NULL PRIMARY KEY,"
                            + " seq BIGINT NOT NULL, twin_count INT NOT NULL,"
                            + " created TIMESTAMP WITH TIME ZONE NOT NULL, complete BOOLEAN NOT NULL)",
                    "CREATE TABLE IF NOT EXISTS dayuan_snapshot_twin (generation BIGINT NOT NULL,"
                            + " thing_id VARCHAR(256) NOT NULL, twin_json VARCHAR NOT NULL,"
                            + " PRIMARY KEY (generation, thing_id))")),
            // History: per-twin states copied from snapshots (checkpoints), so past states are rebuilt from a near
            // state instead of from creation, and retention can drop old events yet keep a base to rebuild from.
            new Migration(2, "history checkpoints and retention horizon", List.of(
                    // A twin's events in journal order; (thing_id, revision) orders by revision, which restarts at 1
                    // when a twin is created again.
                    "CREATE INDEX IF NOT EXISTS dayuan_event_thing_seq ON dayuan_event (thing_id, seq)",
                    // A checkpoint generation is usable once its header row exists; rows are written before it.
                    "CREATE TABLE IF NOT EXISTS dayuan_checkpoint (seq BIGINT NOT NULL PRIMARY KEY,"
                            + " ts TIMESTAMP WITH TIME ZONE NOT NULL, created TIMESTAMP WITH TIME ZONE NOT NULL)",
                    // twin_json NULL: the twin did not exist right after seq (it was deleted).
                    "CREATE TABLE IF NOT EXISTS dayuan_checkpoint_twin (thing_id VARCHAR(256) NOT NULL,"
                            + " seq BIGINT NOT NULL, revision BIGINT NOT NULL, ts TIMESTAMP WITH TIME ZONE NOT NULL,"
                            + " twin_json VARCHAR, PRIMARY KEY (thing_id, seq))",
                    "CREATE INDEX IF NOT EXISTS dayuan_checkpoint_twin_seq ON dayuan_checkpoint_twin (seq)",
                    "CREATE TABLE IF NOT EXISTS dayuan_history_horizon (id INT NOT NULL PRIMARY KEY,"
                            + " seq BIGINT NOT NULL, ts TIMESTAMP WITH TIME ZONE NOT NULL)")),
            // The audit trail, one row per audited event under the event's seq. The record is kept whole as JSON
            // (nanosecond stamp, values before and after) and the columns are only what queries filter on. It is
            // not history: retentionDays never deletes from it (等保 asks for at least six months); migration 4
            // gives it retentions of its own.
            new Migration(3, "audit trail", List.of(
                    // namespace: the thingId's, so an organisation subtree is a prefix match on one column.
                    "CREATE TABLE IF NOT EXISTS dayuan_audit (seq BIGINT NOT NULL PRIMARY KEY,"
                            + " ts TIMESTAMP WITH TIME ZONE NOT NULL, subject VARCHAR(256) NOT NULL,"
                            + " thing_id VARCHAR(256) NOT NULL, namespace VARCHAR(256) NOT NULL,"
                            + " record_json VARCHAR NOT NULL)",
                    // With seq last, newest-first pages of one twin or one subject are a backward index scan.
                    "CREATE INDEX IF NOT EXISTS dayuan_audit_thing ON dayuan_audit (thing_id, seq)",
                    "CREATE INDEX IF NOT EXISTS dayuan_audit_subject ON dayuan_audit (subject, seq)",
                    "CREATE INDEX IF NOT EXISTS dayuan_audit_ts ON dayuan_audit (ts)")),
            // Telemetry in the audit trail: a change by a caller whose only role is device (a reading) is marked, so
            // it is kept for auditTelemetryDays while every other record follows auditDays (for ever by default).
            // Rows written before this migration are not telemetry: who wrote them is known, their roles are not.
            new Migration(4, "telemetry in the audit trail", List.of(
                    "ALTER TABLE dayuan_audit ADD COLUMN IF NOT EXISTS telemetry BOOLEAN DEFAULT FALSE NOT NULL",
                    // Retention finds the expired rows of each kind by a range scan, a chunk at a time.
                    "CREATE INDEX IF NOT EXISTS dayuan_audit_telemetry_ts ON dayuan_audit (telemetry, ts)")),
            // One event per twin and revision, so a write planned against a stale state is refused by the database
            // (see EventTable.INSERT). Revisions restart at 1 when a deleted twin is created again, so the key also
            // names the life of the twin: where it began (the seq of the deletion that ended the one before, 0 for
            // the first). Rows from before this migration have no life (NULL); as NULLs never equal each other in
            // a unique index on H2 or PostgreSQL, the twins created again that they hold cannot break it. They need
            // no protection: they were all in memory before anything new could be planned against them.
            new Migration(5, "one event per twin, life and revision", List.of(
                    "ALTER TABLE dayuan_event ADD COLUMN IF NOT EXISTS life BIGINT",
                    "ALTER TABLE dayuan_event ADD COLUMN IF NOT EXISTS ends_life BOOLEAN",
                    "CREATE UNIQUE INDEX IF NOT EXISTS dayuan_event_life_revision"
                            + " ON dayuan_event (thing_id, life, revision)")),
            // Every acknowledged write waits for its commit, and on H2 a commit rewrites each B-tree leaf the
            // transaction changed. With one event per twin per transaction, each index keyed by thing_id costs one
            // leaf per event. (thing_id, revision) served only the look-up of a revision, which the unique key of
            // migration 5 serves as well (EventTable.seqOfRevision), so it goes.
            new Migration(6, "revisions found through the unique key", List.of(
                    "DROP INDEX IF EXISTS dayuan_event_thing")),
            // For the same reason (thing_id, seq) goes: within a twin the unique key of migration 5 is in journal
            // order too (see EventTable.TWIN_PAGE), once the rows from before that migration have lives. Which
            // lives they had is not recorded (they have no ends_life either), so each gets one of its own, below
            // every life recorded since and in seq order: EventTable.OLD_LIFE (-2^62) plus its seq.
            new Migration(7, "a twin's events in order of its unique key", List.of(
                    "UPDATE dayuan_event SET life = seq + (" + EventTable.OLD_LIFE + ") WHERE life IS NULL",
                    "DROP INDEX IF EXISTS dayuan_event_thing_seq")));

    private Schema() {
    }

    /** Brings the schema up to the newest migration; returns the version it is at. */
    static int migrate(Connection c) throws SQLException {
        return migrate(c, MIGRATIONS.get(MIGRATIONS.size() - 1).version());
    }

    /** Brings the schema up to migration {@code upTo}, as the release that ended there did; for upgrade tests. */
    static int migrate(Connection c, int upTo) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS dayuan_schema_version (version INT NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL, applied TIMESTAMP WITH TIME ZONE NOT NULL)");
            c.commit();
            int current = currentVersion(c);
            int newest = MIGRATIONS.get(MIGRATIONS.size() - 1).version();
            if (current > newest) {
                throw new SQLException("The database schema is at version " + current + " but this bundle knows"
                        + " only up to " + newest + ": a newer Dayuan wrote it, and this one does not downgrade it. Run"
                        + " that version or a later one, or restore a backup taken before the upgrade. Nothing was"
                        + " changed.");
            }
            for (Migration m : MIGRATIONS) {
                if (m.version() > current && m.version() <= upTo) {
                    apply(c, m);
                    current = m.version();
                }
            }
            return current;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM dayuan_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection c, Migration m) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : m.statements()) {
                s.execute(sql);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dayuan_schema_version (version, description, applied) VALUES (?, ?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.description());
            ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
        }
        c.commit();
    }
}
