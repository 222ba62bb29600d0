package org.dayuan.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;

/**
 * Writes a checkpoint generation: copies, from the latest complete snapshot, the twins that had events since the
 * previous generation. The store cannot apply events itself (that is the registry's job), but a snapshot is the
 * registry's own state at its seq, so the copy is exact. Rows go in over short transactions, the header last.
 */
final class Checkpointer {
    /** Twins looked up in the snapshot per statement and written per transaction. */
    static final int BATCH = 100;
    /** Snapshots replaced while being copied before the run gives up until next time. */
    private static final int ATTEMPTS = 3;

    private record Last(long seq, long revision) {
    }

    private final JsonCodec codec;

    Checkpointer(JsonCodec codec) {
        this.codec = codec;
    }

    /**
     * Writes a generation at the latest complete snapshot when that is newer than the newest generation; returns
     * how many twin rows it wrote, or -1 when there was nothing to do or it was stopped.
     */
    int run(Connection c, BooleanSupplier stopping) throws SQLException {
        c.setAutoCommit(false);
        long previous = CheckpointTable.complete(c);
        // Rows of a generation whose header never got written, from a run that stopped midway.
        deleteRowsAfter(c, previous);
        Map<String, Last> changed = new HashMap<>();
        long scanned = previous;
        for (int attempt = 0; attempt < ATTEMPTS && !stopping.getAsBoolean(); attempt++) {
            SnapshotTable.Header snapshot = SnapshotTable.latestHeader(c);
            if (snapshot == null || snapshot.seq() <= previous || snapshot.seq() < scanned) {
                return -1;
            }
            // A newer snapshot replaces the one being copied: only the events since the last scan are read again.
            EventTable.keys(c, scanned, snapshot.seq(),
                    k -> changed.put(k.thingId(), new Last(k.seq(), k.revision())));
            scanned = snapshot.seq();
            if (copy(c, previous, snapshot, changed, stopping)) {
                return changed.size();
            }
            deleteRowsAfter(c, previous);
        }
        return -1;
    }

    /** Writes the rows and then the header of the generation at {@code snapshot}; false when that one vanished. */
    private boolean copy(Connection c, long previous, SnapshotTable.Header snapshot, Map<String, Last> changed,
                         BooleanSupplier stopping) throws SQLException {
        long seq = snapshot.seq();
        Instant stamp = CheckpointTable.generationTimestamp(c, previous);
        List<String> ids = new ArrayList<>(new TreeMap<>(changed).keySet());
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(from + BATCH, ids.size()));
            Map<String, String> json = snapshotRows(c, snapshot.generation(), batch);
            // Deleting a generation's rows commits with deleting its header: header still there, rows all seen.
            if (stopping.getAsBoolean() || !SnapshotTable.exists(c, snapshot.generation())) {
                c.rollback();
                return false;
            }
            stamp = write(c, seq, batch, changed, json, stamp);
            c.commit();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dayuan_checkpoint (seq, ts, created) VALUES (?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setObject(2, CheckpointTable.utc(stamp));
            ps.setObject(3, CheckpointTable.utc(Instant.now()));
            ps.executeUpdate();
        }
        c.commit();
        return true;
    }

    /** Inserts the rows of {@code batch}; returns the newest stamp among them and {@code stamp}. */
    private Instant write(Connection c, long seq, List<String> batch, Map<String, Last> changed,
                          Map<String, String> json, Instant stamp) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dayuan_checkpoint_twin"
                + " (thing_id, seq, revision, ts, twin_json) VALUES (?, ?, ?, ?, ?)")) {
            for (String id : batch) {
                String twinJson = json.get(id);
                long revision;
                Instant ts;
                if (twinJson != null) {
                    Twin twin = codec.twin(twinJson, id);
                    revision = twin.revision();
                    ts = twin.modified();
                } else {
                    // Not in the snapshot: its last event deleted it. That event's own stamp, at full precision.
                    TwinEvent deletion = EventTable.at(c, changed.get(id).seq(), codec);
                    revision = changed.get(id).revision();
                    ts = deletion == null ? Instant.EPOCH : deletion.timestamp();
                }
                ts = CheckpointTable.ceilMicros(ts);
                ps.setString(1, id);
                ps.setLong(2, seq);
                ps.setLong(3, revision);
                ps.setObject(4, CheckpointTable.utc(ts));
                ps.setString(5, twinJson);
                ps.addBatch();
                if (ts.isAfter(stamp)) {
                    stamp = ts;
                }
            }
            ps.executeBatch();
        }
        return stamp;
    }

    private static Map<String, String> snapshotRows(Connection c, long generation, List<String> ids)
            throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(snapshotRowsSql(ids.size()))) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(i + 1, ids.get(i));
            }
            ps.setLong(ids.size() + 1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * The snapshot rows of {@code count} twins: one primary-key look-up each. With {@code thing_id IN (...)} H2 read
     * every row of the generation for each batch and tested it against the list (it uses an IN list only on an
     * index's first column): over a million twins, hours of a core after a start.
     */
    static String snapshotRowsSql(int count) {
        return "SELECT s.thing_id, s.twin_json FROM (VALUES (CAST(? AS VARCHAR(256)))"
                + ", (?)".repeat(count - 1) + ") v(id) JOIN dayuan_snapshot_twin s"
                + " ON s.generation = ? AND s.thing_id = v.id";
    }

    private static void deleteRowsAfter(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dayuan_checkpoint_twin WHERE seq > ?")) {
            ps.setLong(1, seq);
            ps.executeUpdate();
        }
        c.commit();
    }
}
