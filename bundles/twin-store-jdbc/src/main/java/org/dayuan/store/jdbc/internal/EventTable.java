package org.dayuan.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;

/**
 * The journal table: each event's JSON plus the columns it is looked up by. The seq is the key column only, not
 * part of the JSON, because it is assigned after the JSON is encoded.
 */
final class EventTable {
    /**
     * Inserts an event in the life of its twin that the database knows: the life of the twin's newest stored event,
     * or, for a creation right after a deletion, a new life that begins at that deletion. With the unique key
     * (thing_id, life, revision) of schema migration 5, an event planned against a stale state (the same revision
     * as one stored, a second creation of a twin that exists, a change to one deleted) is refused. The life comes
     * from the rows stored, so each event must see the ones inserted before it in its transaction: INSERT ... SELECT
     * keeps the PostgreSQL driver from folding a batch into one multi-row statement, whose rows would not.
     *
     * <p>The newest event is found as the last entry of index dayuan_event_thing_seq: {@code seq > 0} (true of every
     * seq) and ordering by both of its columns are what make H2 walk that index backwards to one row. Ordered by
     * seq alone, H2 took index dayuan_event_thing, read every event of the twin and sorted them, on every insert:
     * the writer's time per event then grew with the twin's history.
     */
    static final String INSERT = "INSERT INTO dayuan_event (seq, thing_id, revision, ts, event_json, ends_life, life)"
            + " SELECT CAST(? AS BIGINT), CAST(? AS VARCHAR(256)), CAST(? AS BIGINT),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR), CAST(? AS BOOLEAN),"
            + " COALESCE((SELECT CASE WHEN p.ends_life AND CAST(? AS BOOLEAN) THEN p.seq ELSE p.life END"
            + " FROM dayuan_event p WHERE p.thing_id = CAST(? AS VARCHAR(256)) AND p.seq > 0"
            + " ORDER BY p.thing_id DESC, p.seq DESC FETCH FIRST 1 ROWS ONLY), 0)";
    private static final String AFTER =
            "SELECT seq, event_json FROM dayuan_event WHERE seq > ? ORDER BY seq" + KeysetPager.PAGE;
    private static final String PAGE_AFTER =
            "SELECT seq, event_json FROM dayuan_event WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY";
    /**
     * Served by index dayuan_event_thing_seq on both databases. Ordered by the whole key: with {@code ORDER BY seq}
     * alone H2 reads every later event of the twin and sorts them, for each page.
     */
    static final String TWIN_PAGE_AFTER = "SELECT seq, event_json FROM dayuan_event"
            + " WHERE thing_id = ? AND seq > ? ORDER BY thing_id, seq FETCH FIRST ? ROWS ONLY";
    /** The life of the twin's newest event, by the same backward walk of dayuan_event_thing_seq as {@link #INSERT}. */
    private static final String NEWEST_LIFE = "SELECT life FROM dayuan_event WHERE thing_id = ? AND seq > 0"
            + " ORDER BY thing_id DESC, seq DESC FETCH FIRST 1 ROWS ONLY";
    /** One entry of the unique index dayuan_event_life_revision. */
    static final String SEQ_IN_LIFE =
            "SELECT seq FROM dayuan_event WHERE thing_id = ? AND life = ? AND revision = ?";
    /** The life a deletion ended: its own row's, found by its seq, which is where the next life began. */
    private static final String LIFE_AT = "SELECT life FROM dayuan_event WHERE seq = ?";
    /** Rows from before migration 5 have no life; their lives are older than every life recorded. */
    private static final String SEQ_WITHOUT_LIFE =
            "SELECT MAX(seq) FROM dayuan_event WHERE thing_id = ? AND life IS NULL AND revision = ?";
    private static final String KEYS_BETWEEN = "SELECT seq, thing_id, revision FROM dayuan_event"
            + " WHERE seq > ? AND seq <= ? ORDER BY seq" + KeysetPager.PAGE;

    /** The look-up columns of one stored event. */
    record Key(long seq, String thingId, long revision) {
    }

    private EventTable() {
    }

    /** Sets the parameters of {@link #INSERT}: the event's columns, its seq, and its JSON from the codec. */
    static void bind(PreparedStatement insert, long seq, TwinEvent event, String json) throws SQLException {
        insert.setLong(1, seq);
        insert.setString(2, event.thingId().toString());
        insert.setLong(3, event.revision());
        insert.setObject(4, OffsetDateTime.ofInstant(event.timestamp(), ZoneOffset.UTC));
        insert.setString(5, json);
        insert.setBoolean(6, event.deletesTwin());
        insert.setBoolean(7, event.type() == TwinEvent.Type.CREATED);
        insert.setString(8, event.thingId().toString());
    }

    static long maxSeq(Connection c) throws SQLException {
        return single(c, "SELECT COALESCE(MAX(seq), 0) FROM dayuan_event");
    }

    /** The lowest seq stored, 0 when the table is empty. */
    static long minSeq(Connection c) throws SQLException {
        return single(c, "SELECT COALESCE(MIN(seq), 0) FROM dayuan_event");
    }

    static void replay(Connection c, long afterSeq, JsonCodec codec, Consumer<TwinEvent> sink) throws SQLException {
        KeysetPager.forEach(c, AFTER, afterSeq, (ps, after) -> ps.setLong(1, after), rs -> {
            long seq = rs.getLong(1);
            sink.accept(codec.event(rs.getString(2), seq));
            return seq;
        });
    }

    /** Up to {@code limit} events after {@code afterSeq}, in journal order. */
    static List<TwinEvent> page(Connection c, long afterSeq, int limit, JsonCodec codec) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PAGE_AFTER)) {
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
            return events(ps, limit, codec);
        }
    }

    /** Up to {@code limit} events of one twin after {@code afterSeq}, in journal order. */
    static List<TwinEvent> twinPage(Connection c, TwinId id, long afterSeq, int limit, JsonCodec codec)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TWIN_PAGE_AFTER)) {
            ps.setString(1, id.toString());
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
            return events(ps, limit, codec);
        }
    }

    private static List<TwinEvent> events(PreparedStatement ps, int limit, JsonCodec codec) throws SQLException {
        ps.setFetchSize(limit);
        List<TwinEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(codec.event(rs.getString(2), rs.getLong(1)));
            }
        }
        return out;
    }

    /** The event at {@code seq}, or null. */
    static TwinEvent at(Connection c, long seq, JsonCodec codec) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT event_json FROM dayuan_event WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? codec.event(rs.getString(1), seq) : null;
            }
        }
    }

    /**
     * The newest seq of an event of {@code id} with {@code revision}. Revisions are unique within a life and lives
     * follow one another in seq order, so the answer is in the newest life that reached {@code revision}: walking the
     * lives back from the current one, each a look-up in the unique index (thing_id, life, revision), finds it
     * without reading the twin's history. A life above 0 began at the seq of the deletion that ended the one before,
     * whose row names that one; the walk ends at life 0, or where retention removed that row (and every older
     * event with it).
     */
    static OptionalLong seqOfRevision(Connection c, TwinId id, long revision) throws SQLException {
        String thing = id.toString();
        Long life;
        try (PreparedStatement ps = c.prepareStatement(NEWEST_LIFE)) {
            ps.setString(1, thing);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return OptionalLong.empty();
                }
                life = nullableLong(rs, 1);
            }
        }
        try (PreparedStatement inLife = c.prepareStatement(SEQ_IN_LIFE);
             PreparedStatement lifeAt = c.prepareStatement(LIFE_AT)) {
            inLife.setString(1, thing);
            inLife.setLong(3, revision);
            while (life != null) {
                inLife.setLong(2, life);
                try (ResultSet rs = inLife.executeQuery()) {
                    if (rs.next()) {
                        return OptionalLong.of(rs.getLong(1));
                    }
                }
                if (life == 0) {
                    break;
                }
                lifeAt.setLong(1, life);
                try (ResultSet rs = lifeAt.executeQuery()) {
                    if (!rs.next()) {
                        return OptionalLong.empty();
                    }
                    life = nullableLong(rs, 1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(SEQ_WITHOUT_LIFE)) {
            ps.setString(1, thing);
            ps.setLong(2, revision);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Long seq = nullableLong(rs, 1);
                return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
            }
        }
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** Feeds the look-up columns of the events in {@code (afterSeq, upToSeq]} to {@code sink}, in journal order. */
    static void keys(Connection c, long afterSeq, long upToSeq, Consumer<Key> sink) throws SQLException {
        KeysetPager.forEach(c, KEYS_BETWEEN, afterSeq, (ps, after) -> {
            ps.setLong(1, after);
            ps.setLong(2, upToSeq);
        }, rs -> {
            Key key = new Key(rs.getLong(1), rs.getString(2), rs.getLong(3));
            sink.accept(key);
            return key.seq();
        });
    }

    /** Deletes the events in {@code (afterSeq, upToSeq]}; returns how many there were. */
    static int deleteBetween(Connection c, long afterSeq, long upToSeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dayuan_event WHERE seq > ? AND seq <= ?")) {
            ps.setLong(1, afterSeq);
            ps.setLong(2, upToSeq);
            return ps.executeUpdate();
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
