package org.dayuan.store.jdbc.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.dayuan.testing.LocalServices;

/** A fresh, empty database for one test, removed afterwards. */
abstract class TestDatabase implements AutoCloseable {
    abstract String url();

    abstract String user();

    StoreConfig config(int maxBatch) {
        return TestConfig.of(url(), user(), "", maxBatch);
    }

    /** A connection beside the journal's, to look at or tamper with the tables. */
    Connection connect() throws SQLException {
        return JdbcTarget.of(url(), user(), "").connect();
    }

    @Override
    public void close() {
    }

    /** An H2 file in the test's temporary directory. */
    static TestDatabase h2(Path dir) {
        // dayuan.harness.h2: settings appended to the URL, for trying H2's own with WriteThroughputHarness
        String url = "jdbc:h2:file:" + dir.resolve("twins").toAbsolutePath()
                + System.getProperty("dayuan.harness.h2", "");
        return new TestDatabase() {
            @Override
            String url() {
                return url;
            }

            @Override
            String user() {
                return "sa";
            }
        };
    }

    /**
     * A schema of its own in the PostgreSQL named by {@code dayuan.test.pg.url}; without one the test is skipped,
     * except in CI, which starts PostgreSQL before the tests.
     */
    static TestDatabase postgres() {
        String base = System.getProperty("dayuan.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = "postgres";
        String schema = "dayuan_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = JdbcTarget.of(base, user, "").connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            LocalServices.unavailable("PostgreSQL at " + base + " as user " + user, "start it, or point"
                    + " -Ddayuan.test.pg.url at one (a user=... URL parameter wins), to run the store tests on it", e);
        }
        String url = base + (base.indexOf('?') < 0 ? "?" : "&") + "currentSchema=" + schema;
        return new TestDatabase() {
            @Override
            String url() {
                return url;
            }

            @Override
            String user() {
                return user;
            }

            @Override
            public void close() {
                try (Connection c = JdbcTarget.of(base, user, "").connect(); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not drop test schema " + schema, e);
                }
            }
        };
    }
}
