package org.dayuan.backup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.sql.DataSource;

import org.dayuan.twin.spi.BackupArchive;
import org.dayuan.twin.spi.StoreBackup;
import org.h2.jdbcx.JdbcDataSource;

/** An H2 file with one table standing in for the journal's, and the service over it. */
public final class BackupFixture {
    private BackupFixture() {
    }

    public static DataSource database(Path dir) throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("twins").toAbsolutePath() + ";WRITE_DELAY=0");
        ds.setUser("sa");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (seq BIGINT PRIMARY KEY, v VARCHAR)");
            s.execute("MERGE INTO t KEY (seq) VALUES (1, '一'), (2, 'two')");
        }
        return ds;
    }

    /** A part named {@code journal} holding table t, noting head seq 2. */
    public static StoreBackup journal() {
        return new StoreBackup() {
            @Override
            public String part() {
                return "journal";
            }

            @Override
            public int schemaVersion(Connection c) {
                return 1;
            }

            @Override
            public void backup(Connection c, BackupArchive.Writer out) throws SQLException, IOException {
                out.note("headSeq", "2");
                out.table("t", "seq");
            }
        };
    }

    public static BackupService service(DataSource db, boolean withJournal) {
        BackupService s = new BackupService(db);
        if (withJournal) {
            s.addPart(journal());
        }
        return s;
    }

    /** Every entry of a zip, as text. */
    public static Map<String, String> entries(byte[] zip) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
