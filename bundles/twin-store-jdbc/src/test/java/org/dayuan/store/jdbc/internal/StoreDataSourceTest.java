package org.dayuan.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DataSource reaches the journal's own database, with the journal's durability settings. */
class StoreDataSourceTest {
    @TempDir
    Path dir;

    @Test
    void itOpensTheJournalsDatabase() throws Exception {
        TestDatabase db = TestDatabase.h2(dir);
        JdbcTwinJournal journal = new JdbcTwinJournal(db.config(10));
        try {
            StoreDataSource source = new StoreDataSource(db.config(10));
            try (Connection c = source.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dayuan_event")) {
                assertTrue(rs.next(), "the journal's tables are there");
                assertEquals(0, rs.getLong(1));
                try (ResultSet delay = s.executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                    assertTrue(delay.next());
                    assertEquals("0", delay.getString(1), "every commit is written before it returns");
                }
            }
            assertThrows(SQLFeatureNotSupportedException.class, () -> source.getConnection("other", "secret"));
            assertTrue(source.toString().startsWith("h2 file:"), source.toString());
        } finally {
            journal.deactivate();
        }
    }
}
