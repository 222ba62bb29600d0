package org.dayuan.attachments.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.dayuan.testing.LocalServices;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * On the PostgreSQL named by {@code dayuan.test.pg.url} (CI starts one), in a schema of its own; skipped with a
 * message where none answers.
 */
class PostgresAttachmentStoreTest extends AttachmentStoreContract {
    private static final String BASE = System.getProperty("dayuan.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private final String schema = "dayuan_att_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    PostgresAttachmentStoreTest() throws Exception {
    }

    private static PGSimpleDataSource at(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser("postgres");
        ds.setConnectTimeout(3);
        return ds;
    }

    @Override
    DataSource database() {
        try (Connection c = at(BASE).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            LocalServices.unavailable("PostgreSQL at " + BASE + " as user postgres", "start it, or point"
                    + " -Ddayuan.test.pg.url at one, to run the attachment store tests on it", e);
        }
        return at(BASE + (BASE.indexOf('?') < 0 ? "?" : "&") + "currentSchema=" + schema);
    }

    @Override
    void dropDatabase() throws SQLException {
        if (db != null) {
            try (Connection c = at(BASE).getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
