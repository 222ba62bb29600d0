package org.dayuan.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.spi.TwinJournal.Checkpoint;
import org.dayuan.twin.spi.TwinJournal.HistoryHorizon;

/**
 * Checkpoints: per-twin states copied from snapshots, grouped in generations. A generation at seq {@code s} holds a
 * row for each twin that had events since the previous generation: the twin right after {@code s}, or no JSON when
 * it was deleted by then. So the state of every twin at a generation is its newest row up to it, and every twin
 * that ever had an event has a row at or before each later generation. A generation is usable once its header row
 * exists. Once retention moved the horizon to a generation, each twin's newest row up to it is its base, and rows
 * older than that are on their way out and never read.
 *
 * <p>Stored timestamps have microsecond precision while events carry nanoseconds; each one is rounded so that a
 * comparison errs on the side of an older checkpoint, never a checkpoint that includes an event it should not.
 */
final class CheckpointTable {
    private static final String COMPLETE = "SELECT COALESCE(MAX(seq), 0) FROM dayuan_checkpoint";
    // Ordered by the whole primary key (thing_id, seq): with ORDER BY seq alone H2 reads and sorts all the twin's
    // checkpoints up to seq to find the newest.
    static final String TWIN_AT = "SELECT seq, ts, twin_json FROM dayuan_checkpoint_twin"
            + " WHERE thing_id = ? AND seq <= ? ORDER BY thing_id DESC, seq DESC FETCH FIRST 1 ROWS ONLY";
    static final String TWIN_BEFORE = "SELECT seq, ts, twin_json FROM dayuan_checkpoint_twin"
            + " WHERE thing_id = ? AND seq <= ? AND ts < ? ORDER BY thing_id DESC, seq DESC FETCH FIRST 1 ROWS ONLY";
    private static final String GENERATION_BEFORE =
            "SELECT seq, ts FROM dayuan_checkpoint WHERE ts < ? ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY";
    private static final String GENERATION_FROM =
            "SELECT seq, ts FROM dayuan_checkpoint WHERE seq >= ? ORDER BY seq FETCH FIRST 1 ROWS ONLY";
    /**
     * Each twin's newest row up to a generation, live ones only. One statement, not keyset pages: the plans scan
     * every row up to the generation, once per page, and the result (one row per twin) is held anyway.
     */
    private static final String TWINS_AT = "SELECT c.thing_id, c.twin_json FROM dayuan_checkpoint_twin c"
            + " WHERE c.seq <= ? AND c.twin_json IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
            + " dayuan_checkpoint_twin n WHERE n.thing_id = c.thing_id AND n.seq > c.seq AND n.seq <= ?)";
    private static final String SEQ_OF_REVISION = "SELECT MAX(seq) FROM dayuan_checkpoint_twin"
            + " WHERE thing_id = ? AND revision = ? AND seq <= ? AND twin_json IS NOT NULL";
    private static final String HORIZON = "SELECT seq, ts FROM dayuan_history_horizon WHERE id = 1";

    private record Row(long seq, Instant ts, String json) {
    }

    private record Generation(long seq, Instant ts) {
    }

    private final JsonCodec codec;

    CheckpointTable(JsonCodec codec) {
        this.codec = codec;
    }

    // ---- reads --------------------------------------------------------------------------------------------------

    /** See {@link org.dayuan.twin.spi.TwinJournal#checkpointAt}. */
    Checkpoint twinAt(Connection c, TwinId id, long seq) throws SQLException {
        return orBase(c, id, row(c, TWIN_AT, id, Math.min(seq, complete(c)), null));
    }

    /** See {@link org.dayuan.twin.spi.TwinJournal#checkpointBefore(TwinId, Instant)}. */
    Checkpoint twinBefore(Connection c, TwinId id, Instant instant) throws SQLException {
        return orBase(c, id, row(c, TWIN_BEFORE, id, complete(c), instant));
    }

    /** A row older than the twin's base is being deleted with the events after it, so the base is used instead. */
    private Checkpoint orBase(Connection c, TwinId id, Row row) throws SQLException {
        HistoryHorizon horizon = horizon(c);
        if (horizon.seq() > 0) {
            Row base = row(c, TWIN_AT, id, horizon.seq(), null);
            if (base != null && (row == null || row.seq() < base.seq())) {
                row = base;
            }
        }
        if (row == null) {
            return Checkpoint.START;
        }
        List<Twin> twins = row.json() == null ? List.of() : List.of(codec.twin(row.json(), id.toString()));
        return new Checkpoint(row.seq(), row.ts(), twins);
    }

    private static Row row(Connection c, String sql, TwinId id, long maxSeq, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id.toString());
            ps.setLong(2, maxSeq);
            if (before != null) {
                ps.setObject(3, utc(floorMicros(before)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Row(rs.getLong(1), instant(rs, 2), rs.getString(3)) : null;
            }
        }
    }

    /**
     * See {@link org.dayuan.twin.spi.TwinJournal#checkpointBefore(Instant)}: the newest generation stamped before
     * {@code instant}, or the horizon's when that one is older than the horizon.
     */
    Checkpoint allBefore(Connection c, Instant instant) throws SQLException {
        Generation generation = generation(c, GENERATION_BEFORE, ps -> ps.setObject(1, utc(floorMicros(instant))));
        HistoryHorizon horizon = horizon(c);
        if (generation == null || generation.seq() < horizon.seq()) {
            if (horizon.isComplete()) {
                return Checkpoint.START;
            }
            generation = generation(c, GENERATION_FROM, ps -> ps.setLong(1, horizon.seq()));
            if (generation == null) {
                throw new SQLException("No checkpoint generation at or after the history horizon " + horizon.seq());
            }
        }
        long seq = generation.seq();
        List<Twin> twins = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TWINS_AT)) {
            ps.setLong(1, seq);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    twins.add(codec.twin(rs.getString(2), rs.getString(1)));
                }
            }
        }
        return new Checkpoint(seq, generation.ts(), twins);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** The generation the query finds, or null. */
    private static Generation generation(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Generation(rs.getLong(1), instant(rs, 2)) : null;
            }
        }
    }

    /** The newest position of a stored state of {@code id} with {@code revision}. */
    OptionalLong seqOfRevision(Connection c, TwinId id, long revision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SEQ_OF_REVISION)) {
            ps.setString(1, id.toString());
            ps.setLong(2, revision);
            ps.setLong(3, complete(c));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long seq = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(seq);
            }
        }
    }

    /** The seq of the newest usable generation, 0 when there is none. */
    static long complete(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(COMPLETE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The stamp of generation {@code seq}, or {@link Instant#EPOCH} when there is none. */
    static Instant generationTimestamp(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ts FROM dayuan_checkpoint WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? instant(rs, 1) : Instant.EPOCH;
            }
        }
    }

    static HistoryHorizon horizon(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(HORIZON)) {
            return rs.next() ? new HistoryHorizon(rs.getLong(1), instant(rs, 2)) : HistoryHorizon.COMPLETE;
        }
    }

    // ---- writes (the history job only) ----------------------------------------------------------------------

    /** Moves the horizon; the caller commits. */
    static void setHorizon(Connection c, HistoryHorizon horizon) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE dayuan_history_horizon SET seq = ?, ts = ? WHERE id = 1")) {
            update.setLong(1, horizon.seq());
            update.setObject(2, utc(horizon.timestamp()));
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO dayuan_history_horizon (id, seq, ts) VALUES (1, ?, ?)")) {
            insert.setLong(1, horizon.seq());
            insert.setObject(2, utc(horizon.timestamp()));
            insert.executeUpdate();
        }
    }

    // ---- timestamps ---------------------------------------------------------------------------------------------

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** For stamps stored on a checkpoint: never earlier than the event stamp they stand for. */
    static Instant ceilMicros(Instant instant) {
        Instant floor = floorMicros(instant);
        return floor.equals(instant) ? instant : floor.plus(1, ChronoUnit.MICROS);
    }

    /** For instants compared with stored stamps ({@code ts < instant}): never later than the instant asked for. */
    static Instant floorMicros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
