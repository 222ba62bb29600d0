package org.dayuan.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.dayuan.twin.spi.TwinJournal.HistoryHorizon;

/**
 * Removes history older than the retention period. The cut is always at a checkpoint generation, so every twin's
 * newest row up to it is a base its later history is rebuilt from; and never after the latest complete snapshot,
 * which recovery starts from. The horizon moves first, in its own transaction, so readers stop asking for what goes;
 * then events and superseded rows are deleted in small transactions, which never hold up the journal's writer and
 * pick up where they stopped after a crash or deactivation.
 *
 * <p>The audit trail ({@code dayuan_audit}) is left alone on purpose, although its rows share the deleted events'
 * seqs: 等保 requires it to be kept for at least six months, and {@code retentionDays} is chosen for history
 * (storage, rebuild speed), often far shorter.
 */
final class Retention {
    private static final String CUT = "SELECT seq, ts FROM dayuan_checkpoint WHERE ts < ? AND seq <= ?"
            + " ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY";
    /** Rows up to the horizon that are not a twin's base: older than its newest row there, or a deletion. */
    private static final String DOOMED_ROWS = "SELECT c.thing_id, c.seq FROM dayuan_checkpoint_twin c"
            + " WHERE c.seq <= ? AND (c.seq > ? OR (c.seq = ? AND c.thing_id > ?)) AND (c.twin_json IS NULL"
            + " OR EXISTS (SELECT 1 FROM dayuan_checkpoint_twin n WHERE n.thing_id = c.thing_id AND n.seq > c.seq"
            + " AND n.seq <= ?)) ORDER BY c.seq, c.thing_id FETCH FIRST ? ROWS ONLY";

    /** What one run did. */
    record Result(HistoryHorizon horizon, long events, long rows) {
    }

    private record RowKey(String thingId, long seq) {
    }

    private final Duration keep;
    private final int chunk;

    /**
     * @param keep  how long events are kept; zero keeps them for ever
     * @param chunk most rows deleted per transaction
     */
    Retention(Duration keep, int chunk) {
        this.keep = keep;
        this.chunk = chunk;
    }

    Result run(Connection c, Instant now, BooleanSupplier stopping) throws SQLException {
        c.setAutoCommit(false);
        HistoryHorizon horizon = CheckpointTable.horizon(c);
        if (!keep.isZero()) {
            HistoryHorizon cut = cut(c, now.minus(keep));
            if (cut != null && cut.seq() > horizon.seq()) {
                CheckpointTable.setHorizon(c, cut);
                c.commit();
                horizon = cut;
            }
        }
        if (horizon.isComplete()) {
            return new Result(horizon, 0, 0);
        }
        long events = deleteEvents(c, horizon.seq(), stopping);
        long rows = deleteRows(c, horizon.seq(), stopping);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dayuan_checkpoint WHERE seq < ?")) {
            ps.setLong(1, horizon.seq());
            ps.executeUpdate();
        }
        c.commit();
        return new Result(horizon, events, rows);
    }

    /** The newest generation whose events were all stamped before {@code cutoff}, up to the latest snapshot. */
    private static HistoryHorizon cut(Connection c, Instant cutoff) throws SQLException {
        SnapshotTable.Header snapshot = SnapshotTable.latestHeader(c);
        if (snapshot == null) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement(CUT)) {
            ps.setObject(1, CheckpointTable.utc(CheckpointTable.floorMicros(cutoff)));
            ps.setLong(2, snapshot.seq());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new HistoryHorizon(rs.getLong(1), CheckpointTable.instant(rs, 2)) : null;
            }
        }
    }

    private long deleteEvents(Connection c, long upTo, BooleanSupplier stopping) throws SQLException {
        long deleted = 0;
        for (long after = EventTable.minSeq(c) - 1; after >= 0 && after < upTo && !stopping.getAsBoolean(); ) {
            long next = Math.min(after + chunk, upTo);
            deleted += EventTable.deleteBetween(c, after, next);
            c.commit();
            after = next;
        }
        return deleted;
    }

    private long deleteRows(Connection c, long upTo, BooleanSupplier stopping) throws SQLException {
        long deleted = 0;
        RowKey after = new RowKey("", -1);
        while (!stopping.getAsBoolean()) {
            List<RowKey> doomed = doomedRows(c, upTo, after);
            if (doomed.isEmpty()) {
                break;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM dayuan_checkpoint_twin WHERE thing_id = ? AND seq = ?")) {
                for (RowKey k : doomed) {
                    ps.setString(1, k.thingId());
                    ps.setLong(2, k.seq());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            deleted += doomed.size();
            after = doomed.get(doomed.size() - 1);
        }
        return deleted;
    }

    private List<RowKey> doomedRows(Connection c, long upTo, RowKey after) throws SQLException {
        List<RowKey> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(DOOMED_ROWS)) {
            ps.setLong(1, upTo);
            ps.setLong(2, after.seq());
            ps.setLong(3, after.seq());
            ps.setString(4, after.thingId());
            ps.setLong(5, upTo);
            ps.setInt(6, chunk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RowKey(rs.getString(1), rs.getLong(2)));
                }
            }
        }
        return out;
    }
}
