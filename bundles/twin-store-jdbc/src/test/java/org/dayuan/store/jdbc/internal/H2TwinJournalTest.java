package org.dayuan.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;

import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class H2TwinJournalTest extends TwinJournalContract {
    @Override
    TestDatabase createDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }

    @Override
    String engine() {
        return "h2";
    }

    /**
     * A twin's history is read page by page and its checkpoints newest first: each statement walks its index in
     * order and stops, rather than reading the twin's whole range and sorting it (on every page).
     */
    @Test
    void aTwinsEventsAndCheckpointsAreReadInIndexOrder() throws Exception {
        open();
        try (Connection c = db.connect()) {
            String key = "DAYUAN_EVENT_LIFE_REVISION";
            assertIndexSorted(c, EventTable.TWIN_PAGE, key, "cz.wujin:a", 10L);
            assertIndexSorted(c, EventTable.TWIN_PAGE_IN_LIFE, key, "cz.wujin:a", 0L, 5L, 10L);
            assertIndexSorted(c, EventTable.TWIN_PAGE_LATER_LIVES, key, "cz.wujin:a", 0L, 10L);
            assertIndexSorted(c, EventTable.NEWEST, key, "cz.wujin:a");
            assertIndexSorted(c, EventTable.IN_LIFE_FROM, key, "cz.wujin:a", 0L, 5L);
            assertIndexSorted(c, CheckpointTable.TWIN_AT, "PRIMARY_KEY", "cz.wujin:a", 5L);
            assertIndexSorted(c, CheckpointTable.TWIN_BEFORE, "PRIMARY_KEY", "cz.wujin:a", 5L,
                    Timestamp.from(Instant.now()));
        }
    }

    private static void assertIndexSorted(Connection c, String sql, String index, Object... parameters)
            throws Exception {
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = explain.executeQuery()) {
                rs.next();
                String plan = rs.getString(1);
                assertTrue(plan.contains(index) && plan.contains("/* index sorted */"), plan);
            }
        }
    }

    /** A checkpoint reads each changed twin's snapshot row by its key, not every row of the snapshot per batch. */
    @Test
    void aCheckpointLooksUpEachTwinsSnapshotRowByItsKey() throws Exception {
        open();
        try (Connection c = db.connect();
             PreparedStatement explain = c.prepareStatement("EXPLAIN " + Checkpointer.snapshotRowsSql(3))) {
            explain.setString(1, "cz.wujin:a");
            explain.setString(2, "cz.wujin:b");
            explain.setString(3, "cz.wujin:c");
            explain.setLong(4, 1);
            try (ResultSet rs = explain.executeQuery()) {
                rs.next();
                String plan = rs.getString(1).replaceAll("\\s+", " ");
                assertTrue(plan.matches(".*/\\* PUBLIC\\.PRIMARY_KEY\\w*: GENERATION = \\?4 AND THING_ID = V\\.ID \\*/.*"),
                        plan);
            }
        }
    }

    /** The life of an event is looked up as one index entry, not by reading and sorting the twin's whole history. */
    @Test
    void theLifeOfAnInsertedEventIsOneStepBackInTheUniqueKey() throws Exception {
        open();
        TwinEvent e = new TwinEvent(0, TwinEvent.Type.MODIFIED, TwinId.of("cz.wujin:a"), JsonPointer.parse(
                "/attributes/x"), org.dayuan.testing.Json.json("1"), 2, Instant.now(), "tester");
        try (Connection c = db.connect(); PreparedStatement explain = c.prepareStatement("EXPLAIN "
                + EventTable.INSERT)) {
            EventTable.bind(explain, 1, e, new JsonCodec().event(e));
            try (ResultSet rs = explain.executeQuery()) {
                rs.next();
                String plan = rs.getString(1);
                assertTrue(plan.contains("DAYUAN_EVENT_LIFE_REVISION") && plan.contains("/* index sorted */"), plan);
            }
        }
    }

    /** A revision is one entry of the unique key, so the indexes migrations 6 and 7 dropped are not missed. */
    @Test
    void aRevisionIsLookedUpInTheUniqueKey() throws Exception {
        open();
        try (Connection c = db.connect()) {
            try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + EventTable.SEQ_IN_LIFE)) {
                explain.setString(1, "cz.wujin:a");
                explain.setLong(2, 0);
                explain.setLong(3, 2);
                try (ResultSet rs = explain.executeQuery()) {
                    rs.next();
                    String plan = rs.getString(1);
                    assertTrue(plan.contains("DAYUAN_EVENT_LIFE_REVISION"), plan);
                }
            }
            try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, "DAYUAN_EVENT", false, false)) {
                while (rs.next()) {
                    assertFalse("DAYUAN_EVENT_THING".equals(rs.getString("INDEX_NAME")), "dropped by migration 6");
                    assertFalse("DAYUAN_EVENT_THING_SEQ".equals(rs.getString("INDEX_NAME")), "dropped by migration 7");
                }
            }
        }
    }
}
