package org.dayuan.attachments.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;

/**
 * The attachments' bytes, one row per attachment keyed by its thingId, in the twin store's database. Portable over
 * H2 and PostgreSQL: the column is a BLOB on H2 and a BYTEA on PostgreSQL, both written and read as streams.
 * Each write commits on its own before it returns, so what the store acknowledges is durable.
 */
final class ContentTable {
    static final String TABLE = "dayuan_attachment_content";

    private final DataSource db;

    ContentTable(DataSource db) {
        this.db = db;
    }

    /** Creates the table when it is missing. */
    void create() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String bytes = product.contains("postgres") ? "BYTEA" : "BLOB";
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id VARCHAR(256) PRIMARY KEY, size BIGINT NOT NULL,"
                    + " sha256 VARCHAR(64) NOT NULL, content " + bytes + " NOT NULL)");
        } catch (SQLException e) {
            throw unavailable("create the table " + TABLE, e);
        }
    }

    /** What a write read: how many bytes and their SHA-256 in hex. */
    record Stored(long size, String sha256) {
    }

    /**
     * Stores what {@code content} yields under {@code id} and commits. Whatever the stream throws (a limit passed)
     * rolls the row back and is rethrown as it was.
     */
    Stored write(String id, CappedDigest content) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                        + " (id, size, sha256, content) VALUES (?, 0, '', ?)")) {
                    insert.setString(1, id);
                    insert.setBinaryStream(2, content);
                    insert.executeUpdate();
                }
                content.requireWithinLimit();
                Stored stored = new Stored(content.count(), content.sha256());
                try (PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
                        + " SET size = ?, sha256 = ? WHERE id = ?")) {
                    update.setLong(1, stored.size());
                    update.setString(2, stored.sha256());
                    update.setString(3, id);
                    update.executeUpdate();
                }
                c.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                // A driver reports the stream's refusal as its own SQLException; the refusal is what the caller hears.
                content.requireWithinLimit();
                content.rethrowReadFailure();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("store the content of " + id, e);
        }
    }

    /** Bytes as read: their size and SHA-256 as the write computed them, and the stream. */
    record Read(Stored stored, InputStream bytes) {
    }

    /**
     * The bytes stored under {@code id}, or empty. The stream holds a connection (and on H2 the transaction the
     * BLOB lives in) until it is closed.
     */
    Optional<Read> read(String id) {
        Connection c = null;
        try {
            c = db.getConnection();
            c.setAutoCommit(false);
            PreparedStatement select = c.prepareStatement("SELECT size, sha256, content FROM " + TABLE + " WHERE id = ?");
            select.setString(1, id);
            ResultSet rs = select.executeQuery();
            if (!rs.next()) {
                c.close();
                return Optional.empty();
            }
            Connection held = c;
            Stored stored = new Stored(rs.getLong(1), rs.getString(2));
            return Optional.of(new Read(stored, new FilterInputStream(rs.getBinaryStream(3)) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    try (held) {
                        super.close();
                        held.commit();
                    } catch (SQLException e) {
                        throw new IOException("Could not release the content of " + id + ": " + e.getMessage(), e);
                    }
                }
            }));
        } catch (SQLException e) {
            closeQuietly(c);
            throw unavailable("read the content of " + id, e);
        }
    }

    /** Removes the bytes of {@code id}; whether there were any. */
    boolean delete(String id) {
        try (Connection c = db.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ?")) {
            delete.setString(1, id);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw unavailable("delete the content of " + id, e);
        }
    }

    /** Every id with bytes, for the sweep of rows left without a twin. */
    List<String> ids() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + TABLE)) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw unavailable("list the contents", e);
        }
    }

    private static DayuanException unavailable(String what, SQLException e) {
        return new DayuanException(ErrorCode.STORE_UNAVAILABLE, "The attachment store could not " + what + ": "
                + e.getMessage(), ErrorCode.STORE_UNAVAILABLE.description(), e);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }
}
