package org.dayuan.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.dayuan.twin.Twin;
import org.junit.jupiter.api.Test;

/**
 * Start-up reads the latest snapshot page by page along its primary key. Each page must be a range of the key read
 * in its order, not a sort of the rest of the generation; and as H2 stores the rows under a hidden row id in the
 * order they were inserted, the pages walk the stored rows once only when the rows went in in key order.
 */
class H2SnapshotOrderTest extends JournalTestBase {
    @Override
    TestDatabase createDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }

    @Test
    void snapshotRowsAreStoredInTheOrderTheyAreRead() throws SQLException {
        JdbcTwinJournal journal = open(7);
        // As the registry hands them over: in hash order, not in thingId order.
        List<Twin> twins = new ArrayList<>(TestEvents.things("room", KeysetPager.PAGE_SIZE + 5, 1));
        Collections.shuffle(twins, new Random(42));

        journal.snapshot(3, twins).join();

        List<String> byKey = ids("ORDER BY thing_id");
        assertEquals(twins.size(), byKey.size());
        assertTrue(byKey.equals(ids("ORDER BY _ROWID_")), "rows stored out of thingId order");
        assertEquals(twins.size(), journal.latestSnapshot().twins().size());
    }

    /** Each page is a range of the primary key read in its order: no sort, no scan of the whole generation. */
    @Test
    void snapshotPagesFollowThePrimaryKey() throws SQLException {
        open();
        try (Connection c = db.connect();
             PreparedStatement explain = c.prepareStatement("EXPLAIN " + SnapshotTable.TWINS_AFTER)) {
            explain.setLong(1, 1);
            explain.setString(2, "");
            try (ResultSet rs = explain.executeQuery()) {
                rs.next();
                String plan = rs.getString(1);
                assertTrue(plan.contains("PRIMARY_KEY") && plan.contains("/* index sorted */"), plan);
            }
        }
    }

    private List<String> ids(String order) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT thing_id FROM dayuan_snapshot_twin " + order); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
