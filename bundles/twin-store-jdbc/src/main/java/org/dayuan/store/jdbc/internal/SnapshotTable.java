package org.dayuan.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.dayuan.twin.Twin;
import org.dayuan.twin.spi.TwinJournal.Snapshot;

/**
 * Snapshot generations: a header row per generation and one row per twin. Rows go in over several transactions so
 * a snapshot of many twins does not hold one huge transaction; the header is marked complete only after all rows
 * are committed, and only complete generations are read. A crash midway leaves an incomplete generation that the
 * next snapshot deletes.
 *
 * <p>Rows are inserted in thingId order, the order {@link #latest} reads them in. Both databases store a table's
 * rows in the order they were inserted (H2 under a hidden row id, as its key here is not a single integer column;
 * PostgreSQL in its heap, save for space vacuum freed), so reading along the primary key then walks the stored rows once; rows inserted in the
 * registry's hash order made nearly every row of a large snapshot a read of another page.
 */
final class SnapshotTable {
    private static final String LATEST = "SELECT generation, seq, twin_count, created FROM dayuan_snapshot"
            + " WHERE complete = TRUE ORDER BY generation DESC FETCH FIRST 1 ROWS ONLY";
    /**
     * One page of a generation. The order names the key's leading column too: ordered by thing_id alone, H2 does not
     * see that the key already gives that order, and reads and sorts every row after the page's start for each page.
     */
    static final String TWINS_AFTER = "SELECT thing_id, twin_json FROM dayuan_snapshot_twin"
            + " WHERE generation = ? AND thing_id > ? ORDER BY generation, thing_id" + KeysetPager.PAGE;

    /** The header row of one generation; {@code created} is when its writing began. */
    record Header(long generation, long seq, int twinCount, Instant created) {
    }

    private final JsonCodec codec;
    private final int rowsPerTransaction;

    SnapshotTable(JsonCodec codec, int rowsPerTransaction) {
        this.codec = codec;
        this.rowsPerTransaction = rowsPerTransaction;
    }

    /** Stores {@code twins} as a new generation at {@code seq}, then deletes every older generation. */
    void write(Connection c, long seq, List<Twin> twins) throws SQLException {
        List<Twin> inReadOrder = new ArrayList<>(twins);
        inReadOrder.sort(Comparator.comparing(Twin::id));
        c.setAutoCommit(false);
        long generation = nextGeneration(c);
        try (PreparedStatement header = c.prepareStatement("INSERT INTO dayuan_snapshot"
                + " (generation, seq, twin_count, created, complete) VALUES (?, ?, ?, ?, FALSE)")) {
            header.setLong(1, generation);
            header.setLong(2, seq);
            header.setInt(3, twins.size());
            header.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            header.executeUpdate();
        }
        try (PreparedStatement row = c.prepareStatement(
                "INSERT INTO dayuan_snapshot_twin (generation, thing_id, twin_json) VALUES (?, ?, ?)")) {
            int pending = 0;
            for (Twin twin : inReadOrder) {
                row.setLong(1, generation);
                row.setString(2, twin.id().toString());
                row.setString(3, codec.twin(twin));
                row.addBatch();
                if (++pending == rowsPerTransaction) {
                    row.executeBatch();
                    c.commit();
                    pending = 0;
                }
            }
            row.executeBatch();
        }
        update(c, "UPDATE dayuan_snapshot SET complete = TRUE WHERE generation = ?", generation);
        c.commit();
        update(c, "DELETE FROM dayuan_snapshot_twin WHERE generation < ?", generation);
        update(c, "DELETE FROM dayuan_snapshot WHERE generation < ?", generation);
        c.commit();
    }

    /**
     * The newest complete generation. Rows are read in pages, so a newer snapshot may delete this one meanwhile;
     * the row count against the header tells, and then the newer one is read instead.
     */
    Snapshot latest(Connection c) throws SQLException {
        Header header = latestHeader(c);
        while (header != null) {
            List<Twin> twins = twins(c, header.generation());
            if (twins.size() == header.twinCount()) {
                return new Snapshot(header.seq(), List.copyOf(twins));
            }
            Header now = latestHeader(c);
            if (now != null && now.generation() == header.generation()) {
                throw new SQLException("Snapshot generation " + header.generation() + " records "
                        + header.twinCount() + " twins but has " + twins.size() + " rows");
            }
            header = now;
        }
        return new Snapshot(0, List.of());
    }

    private List<Twin> twins(Connection c, long generation) throws SQLException {
        List<Twin> twins = new ArrayList<>();
        KeysetPager.forEach(c, TWINS_AFTER, "", (ps, after) -> {
            ps.setLong(1, generation);
            ps.setString(2, after);
        }, rs -> {
            String thingId = rs.getString(1);
            twins.add(codec.twin(rs.getString(2), thingId));
            return thingId;
        });
        return twins;
    }

    /** The header of the newest complete generation, or null. */
    static Header latestHeader(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LATEST)) {
            return rs.next() ? new Header(rs.getLong(1), rs.getLong(2), rs.getInt(3),
                    rs.getObject(4, OffsetDateTime.class).toInstant()) : null;
        }
    }

    /** Whether generation {@code generation} is still stored: a newer complete one deletes it. */
    static boolean exists(Connection c, long generation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dayuan_snapshot WHERE generation = ?")) {
            ps.setLong(1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static long nextGeneration(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(generation), 0) + 1 FROM dayuan_snapshot")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void update(Connection c, String sql, long generation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, generation);
            ps.executeUpdate();
        }
    }
}
