package org.dayuan.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases written by an earlier Dayuan, kept as fixtures (schema version 5, commit fde48391: an H2 file and a
 * PostgreSQL dump, made by {@link UpgradeFixture}), open with this one: migrated to the newest schema, and every
 * twin, event, revision look-up and audit record reads as that version read them (its reading is in the fixture's
 * {@code *-expected.txt}). A database of a newer version than this one is refused, naming both versions, and left
 * as it is.
 */
class SchemaUpgradeTest {
    private static final String FIXTURE = "/upgrade/schema-5/";
    private static final int NEWEST = Schema.MIGRATIONS.get(Schema.MIGRATIONS.size() - 1).version();

    @TempDir
    Path dir;

    @Test
    void anH2FileOfSchema5OpensMigratedWithEverythingAsItWas() throws Exception {
        TestDatabase db = h2Fixture();
        assertSameLines(expected("h2-expected.txt"), UpgradeFixture.readBack(db.config(1000)));
        assertEquals(NEWEST, schemaVersion(db));
    }

    @Test
    void aPostgresqlSchemaOfSchema5OpensMigratedWithEverythingAsItWas() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            String schema = db.url().substring(db.url().indexOf("currentSchema=") + "currentSchema=".length());
            String dump = resource("postgresql.sql").replace("${schema}", schema);
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute(dump);
            }
            assertSameLines(expected("postgresql-expected.txt"), UpgradeFixture.readBack(db.config(1000)));
            assertEquals(NEWEST, schemaVersion(db));
        }
    }

    @Test
    void aDatabaseOfANewerVersionIsRefusedAndLeftAsItIs() throws Exception {
        TestDatabase db = h2Fixture();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO dayuan_schema_version (version, description, applied)"
                    + " VALUES (99, 'from a later Dayuan', CURRENT_TIMESTAMP)");
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new JdbcTwinJournal(db.config(1000)));
        assertTrue(refused.getMessage().contains("schema is at version 99 but this bundle knows only up to " + NEWEST
                + ": a newer Dayuan wrote it"), refused.getMessage());
        assertEquals(99, schemaVersion(db));
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dayuan_event")) {
            rs.next();
            assertEquals(expected("h2-expected.txt").stream().filter(l -> l.startsWith("event ")).count(),
                    rs.getLong(1));
        }
    }

    /** The H2 fixture copied into this test's directory, as a data directory an operator brings along. */
    private TestDatabase h2Fixture() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(FIXTURE + "twins.mv.db")) {
            Files.copy(in, dir.resolve("twins.mv.db"));
        }
        return TestDatabase.h2(dir);
    }

    /** Line by line, so that a failure names the first line that differs rather than printing both whole. */
    private static void assertSameLines(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "line " + (i + 1));
        }
        assertEquals(expected.size(), actual.size(), "lines read back");
    }

    private static List<String> expected(String name) throws IOException {
        return resource(name).lines().toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream(FIXTURE + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int schemaVersion(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM dayuan_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
