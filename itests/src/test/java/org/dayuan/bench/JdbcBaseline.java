package org.dayuan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Properties;

/**
 * The baseline for acknowledged updates: raw batched JDBC inserts into the database the journal uses, same URL
 * (with the settings the store adds: {@code WRITE_DELAY=0} on H2, {@code reWriteBatchedInserts=true} on
 * PostgreSQL), into a table shaped like the journal's {@code dayuan_event} with its three indexes, rows of the same
 * size as a property-update event. One thread, autocommit off, {@code addBatch} × batch then {@code executeBatch()}
 * and {@code commit()}: the method of STACK.md's insert rates. The table is dropped afterwards.
 *
 * <p>With audit ({@link #run(Target, int, double, double, boolean)}), each row is what the journal really writes
 * per acknowledged update: the event, in a table with all of {@code dayuan_event}'s columns and indexes (the unique
 * (thing, life, revision) key included, the (thing, revision) and (thing, seq) ones that migrations 6 and 7 dropped
 * left out), and its
 * audit record in a table shaped like {@code dayuan_audit} with its four indexes, both in the same transaction.
 * That is the baseline of the registry's write path; the events-only rate stays as the method of STACK.md.
 */
final class JdbcBaseline {
    private static final String TABLE = "dayuan_bench_event";
    private static final String AUDIT = "dayuan_bench_audit";

    record Target(String engine, String url, Properties properties, Driver driver) {
        String describe() {
            int cut = url.length();
            for (char c : new char[] {';', '?'}) {
                int i = url.indexOf(c);
                if (i >= 0) {
                    cut = Math.min(cut, i);
                }
            }
            return engine + " " + url.substring(0, cut);
        }
    }

    private JdbcBaseline() {
    }

    /**
     * The database of the running store, from {@code etc/org.dayuan.store.cfg} (empty url: the embedded H2 file under
     * {@code karaf.data}), with the driver the distribution deploys.
     */
    static Target storeTarget() throws Exception {
        Properties cfg = new Properties();
        Path file = Path.of(System.getProperty("karaf.etc", "etc"), "org.dayuan.store.cfg");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                cfg.load(in);
            }
        }
        String url = cfg.getProperty("url", "").trim();
        Properties props = new Properties();
        if (!cfg.getProperty("user", "").isBlank()) {
            props.setProperty("user", cfg.getProperty("user").trim());
        }
        if (!cfg.getProperty("password", "").isBlank()) {
            props.setProperty("password", cfg.getProperty("password").trim());
        }
        if (url.isEmpty()) {
            url = "jdbc:h2:file:" + Path.of(System.getProperty("karaf.data", "data"), "dayuan", "twins")
                    .toAbsolutePath();
        }
        if (url.startsWith("jdbc:h2:")) {
            String upper = url.toUpperCase(Locale.ROOT);
            if (!upper.contains(";WRITE_DELAY=")) {
                url += ";WRITE_DELAY=0";
            }
            if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
                url += ";DB_CLOSE_ON_EXIT=FALSE";
            }
            return new Target("h2", url, props, driver("org.h2.Driver"));
        }
        if (url.startsWith("jdbc:postgresql:")) {
            if (!url.toLowerCase(Locale.ROOT).contains("rewritebatchedinserts=")) {
                url += (url.indexOf('?') < 0 ? "?" : "&") + "reWriteBatchedInserts=true";
            }
            return new Target("postgresql", url, props, driver("org.postgresql.Driver"));
        }
        throw new IllegalStateException("Unknown store URL in " + file);
    }

    /**
     * For comparison only: a separate H2 file next to the store's, with H2's default settings (no
     * {@code WRITE_DELAY=0}, so commits are written in the background), to show what the durability setting costs.
     */
    static Target h2DefaultsTarget() throws Exception {
        Path file = Path.of(System.getProperty("karaf.data", "data"), "dayuan", "bench-baseline").toAbsolutePath();
        return new Target("h2", "jdbc:h2:file:" + file, new Properties(), driver("org.h2.Driver"));
    }

    /** Deletes the files of {@link #h2DefaultsTarget()}. */
    static void deleteH2Defaults() throws IOException {
        Path dir = Path.of(System.getProperty("karaf.data", "data"), "dayuan").toAbsolutePath();
        for (String suffix : new String[] {".mv.db", ".trace.db"}) {
            Files.deleteIfExists(dir.resolve("bench-baseline" + suffix));
        }
    }

    private static Driver driver(String className) throws Exception {
        return (Driver) InContainer.load(className).getDeclaredConstructor().newInstance();
    }

    record Outcome(int batch, long rows, double seconds) {
        double rate() {
            return rows / seconds;
        }
    }

    /** Inserts for {@code warmupSeconds} unmeasured, then counts committed rows for {@code measureSeconds}. */
    static Outcome run(Target target, int batch, double warmupSeconds, double measureSeconds) throws SQLException,
            IOException {
        return run(target, batch, warmupSeconds, measureSeconds, false);
    }

    /** As {@link #run(Target, int, double, double)}; with {@code audit}, each row is an event and its audit record. */
    static Outcome run(Target target, int batch, double warmupSeconds, double measureSeconds, boolean audit)
            throws SQLException, IOException {
        try (Connection c = connect(target)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + TABLE);
                s.execute("DROP TABLE IF EXISTS " + AUDIT);
                s.execute("CREATE TABLE " + TABLE + " (seq BIGINT NOT NULL PRIMARY KEY,"
                        + " thing_id VARCHAR(256) NOT NULL, revision BIGINT NOT NULL,"
                        + " ts TIMESTAMP WITH TIME ZONE NOT NULL, event_json VARCHAR NOT NULL"
                        + (audit ? ", life BIGINT, ends_life BOOLEAN" : "") + ")");
                if (!audit) {
                    // The journal's schema migrations 6 and 7 dropped these; the events-only rate keeps STACK.md's.
                    s.execute("CREATE INDEX " + TABLE + "_thing ON " + TABLE + " (thing_id, revision)");
                    s.execute("CREATE INDEX " + TABLE + "_thing_seq ON " + TABLE + " (thing_id, seq)");
                }
                s.execute("CREATE INDEX " + TABLE + "_ts ON " + TABLE + " (ts)");
                if (audit) {
                    s.execute("CREATE UNIQUE INDEX " + TABLE + "_life_revision ON " + TABLE
                            + " (thing_id, life, revision)");
                    s.execute("CREATE TABLE " + AUDIT + " (seq BIGINT NOT NULL PRIMARY KEY,"
                            + " ts TIMESTAMP WITH TIME ZONE NOT NULL, subject VARCHAR(256) NOT NULL,"
                            + " thing_id VARCHAR(256) NOT NULL, namespace VARCHAR(256) NOT NULL,"
                            + " record_json VARCHAR NOT NULL, telemetry BOOLEAN NOT NULL)");
                    s.execute("CREATE INDEX " + AUDIT + "_thing ON " + AUDIT + " (thing_id, seq)");
                    s.execute("CREATE INDEX " + AUDIT + "_subject ON " + AUDIT + " (subject, seq)");
                    s.execute("CREATE INDEX " + AUDIT + "_ts ON " + AUDIT + " (ts)");
                    s.execute("CREATE INDEX " + AUDIT + "_telemetry_ts ON " + AUDIT + " (telemetry, ts)");
                }
            }
            c.commit();
            long seq = 0;
            long rows = 0;
            long start = System.nanoTime();
            long measureFrom = start + (long) (warmupSeconds * 1e9);
            long end = measureFrom + (long) (measureSeconds * 1e9);
            long measuredStart = -1;
            long now;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                    + " (seq, thing_id, revision, ts, event_json" + (audit ? ", life, ends_life) VALUES (?, ?, ?, ?,"
                    + " ?, 0, FALSE)" : ") VALUES (?, ?, ?, ?, ?)"));
                 PreparedStatement auditInsert = !audit ? null : c.prepareStatement("INSERT INTO " + AUDIT
                    + " (seq, ts, subject, thing_id, namespace, record_json, telemetry) VALUES (?, ?, ?, ?, ?, ?,"
                    + " FALSE)")) {
                while ((now = System.nanoTime()) < end) {
                    if (measuredStart < 0 && now >= measureFrom) {
                        measuredStart = now;
                        rows = 0;
                    }
                    for (int i = 0; i < batch; i++) {
                        seq++;
                        String thingId = "bench.upd:meter-" + (seq % 64);
                        OffsetDateTime ts = OffsetDateTime.now(ZoneOffset.UTC);
                        insert.setLong(1, seq);
                        insert.setString(2, thingId);
                        insert.setLong(3, seq / 64);
                        insert.setObject(4, ts);
                        insert.setString(5, eventJson(thingId, seq / 64, ts, seq));
                        insert.addBatch();
                        if (audit) {
                            auditInsert.setLong(1, seq);
                            auditInsert.setObject(2, ts);
                            auditInsert.setString(3, "bench");
                            auditInsert.setString(4, thingId);
                            auditInsert.setString(5, "bench.upd");
                            auditInsert.setString(6, auditJson(thingId, seq / 64, ts, seq));
                            auditInsert.addBatch();
                        }
                    }
                    insert.executeBatch();
                    if (audit) {
                        auditInsert.executeBatch();
                    }
                    c.commit();
                    rows += batch;
                }
            }
            double seconds = (System.nanoTime() - measuredStart) / 1e9;
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + TABLE);
                s.execute("DROP TABLE IF EXISTS " + AUDIT);
            }
            c.commit();
            return new Outcome(batch, measuredStart < 0 ? 0 : rows, seconds);
        }
    }

    /** The JSON the journal stores for a property update (TwinEvent#toJson without seq), ~220 bytes. */
    static String eventJson(String thingId, long revision, OffsetDateTime ts, long n) {
        return "{\"type\":\"modified\",\"thingId\":\"" + thingId
                + "\",\"path\":\"/features/energy/properties/power\",\"value\":" + (n % 100_000) / 100.0
                + ",\"_revision\":" + revision + ",\"timestamp\":\"" + ts.toInstant() + "\",\"subject\":\"bench\"}";
    }

    /** The JSON of the audit record of such an update (AuditRecord#toJson without seq), ~300 bytes. */
    static String auditJson(String thingId, long revision, OffsetDateTime ts, long n) {
        return "{\"timestamp\":\"" + ts.toInstant() + "\",\"subject\":\"bench\",\"origin\":\"internal\",\"thingId\":\""
                + thingId + "\",\"type\":\"modified\",\"path\":\"/features/energy/properties/power\",\"revision\":"
                + revision + ",\"before\":" + ((n - 64) % 100_000) / 100.0 + ",\"after\":" + (n % 100_000) / 100.0
                + ",\"telemetry\":false}";
    }

    private static Connection connect(Target target) throws SQLException {
        Connection c = target.driver().connect(target.url(), target.properties());
        if (c == null) {
            throw new SQLException("The " + target.engine() + " driver does not accept " + target.describe());
        }
        return c;
    }
}
