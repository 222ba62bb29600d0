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
     * <p>The newest event is the last entry of that key for the twin (see {@link #NEWEST}). A newest event from
     * before migration 5 (a life below 0, migration 7) counts as life 0, as it did when such rows had no life.
     */
    static final String INSERT = "INSERT INTO dayuan_event (seq, thing_id, revision, ts, event_json, ends_life, life)"
            + " SELECT CAST(? AS BIGINT), CAST(? AS VARCHAR(256)), CAST(? AS BIGINT),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR), CAST(? AS BOOLEAN),"
            + " COALESCE((SELECT CASE WHEN p.ends_life AND CAST(? AS BOOLEAN) THEN p.seq"
            + " WHEN p.life < 0 THEN 0 ELSE p.life END"
            + " FROM dayuan_event p WHERE p.thing_id = CAST(? AS VARCHAR(256))"
            + " ORDER BY p.thing_id DESC, p.life DESC, p.revision DESC FETCH FIRST 1 ROWS ONLY), 0)";
    private static final String AFTER =
            "SELECT seq, event_json FROM dayuan_event WHERE seq > ? ORDER BY seq" + KeysetPager.PAGE;
    private static final String PAGE_AFTER =
            "SELECT seq, event_json FROM dayuan_event WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY";
    /*
     * A twin's events are read through the unique key (thing_id, life, revision) alone: within a twin its order is
     * journal order, because a life begins at the seq of the deletion that ended the one before (so lives grow
     * with seq), revisions grow with seq within a life, and the rows from before migration 5 each have a life of
     * their own below 0 in seq order (migration 7). Each statement is ordered by the whole key so that both
     * databases walk the index and stop, rather than read the twin's range and sort it.
     */
    static final String TWIN_PAGE = "SELECT seq, event_json FROM dayuan_event WHERE thing_id = ?"
            + " ORDER BY thing_id, life, revision FETCH FIRST ? ROWS ONLY";
    static final String TWIN_PAGE_IN_LIFE = "SELECT seq, event_json FROM dayuan_event"
            + " WHERE thing_id = ? AND life = ? AND revision > ? ORDER BY thing_id, life, revision"
            + " FETCH FIRST ? ROWS ONLY";
    static final String TWIN_PAGE_LATER_LIVES = "SELECT seq, event_json FROM dayuan_event"
            + " WHERE thing_id = ? AND life > ? ORDER BY thing_id, life, revision FETCH FIRST ? ROWS ONLY";
    /** The twin's newest event: one step back from the end of its part of the unique key. */
    static final String NEWEST = "SELECT seq, life, revision FROM dayuan_event WHERE thing_id = ?"
            + " ORDER BY thing_id DESC, life DESC, revision DESC FETCH FIRST 1 ROWS ONLY";
    /** The first event of a life at or above a revision. */
    static final String IN_LIFE_FROM = "SELECT seq, life, revision FROM dayuan_event"
            + " WHERE thing_id = ? AND life = ? AND revision >= ? ORDER BY thing_id, life, revision"
            + " FETCH FIRST 1 ROWS ONLY";
    /** The last event of a life. */
    private static final String LAST_IN_LIFE = "SELECT seq, life, revision FROM dayuan_event"
            + " WHERE thing_id = ? AND life = ? ORDER BY thing_id DESC, life DESC, revision DESC"
            + " FETCH FIRST 1 ROWS ONLY";
    /** The newest event from before migration 5 up to a life, which for such rows stands for a seq. */
    private static final String OLD_UP_TO = "SELECT seq, life, revision FROM dayuan_event"
            + " WHERE thing_id = ? AND life < 0 AND life <= ? ORDER BY thing_id DESC, life DESC, revision DESC"
            + " FETCH FIRST 1 ROWS ONLY";
    private static final String AT_SEQ = "SELECT thing_id, seq, life, revision FROM dayuan_event WHERE seq = ?";
    /** One entry of the unique index dayuan_event_life_revision. */
    static final String SEQ_IN_LIFE =
            "SELECT seq FROM dayuan_event WHERE thing_id = ? AND life = ? AND revision = ?";
    /** The life a deletion ended: its own row's, found by its seq, which is where the next life began. */
    private static final String LIFE_AT = "SELECT life FROM dayuan_event WHERE seq = ?";
    /**
     * Rows from before migration 5 had no life; migration 7 gave each one a life of its own, {@link #OLD_LIFE} plus
     * its seq, below every life recorded since and in journal order.
     */
    private static final String SEQ_WITHOUT_LIFE =
            "SELECT MAX(seq) FROM dayuan_event WHERE thing_id = ? AND life < 0 AND revision = ?";
    /** The life migration 7 gives a row from before migration 5, added to its seq. */
    static final long OLD_LIFE = Long.MIN_VALUE / 2;
    private static final String KEYS_BETWEEN = "SELECT seq, thing_id, revision FROM dayuan_event"
            + " WHERE seq > ? AND seq <= ? ORDER BY seq" + KeysetPager.PAGE;

    /** The look-up columns of one stored event. */
    record Key(long seq, String thingId, long revision) {
    }

    /** Where one event of a twin is, in journal order and in the unique key. */
    private record Place(long seq, long life, long revision) {
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

    /**
     * Up to {@code limit} events of one twin after {@code afterSeq}, in journal order: those after the twin's newest
     * event up to {@code afterSeq} in its life, then those of its later lives.
     */
    static List<TwinEvent> twinPage(Connection c, TwinId id, long afterSeq, int limit, JsonCodec codec)
            throws SQLException {
        String thing = id.toString();
        Place from = newestUpTo(c, thing, afterSeq);
        if (from == null) {
            return twinRows(c, TWIN_PAGE, thing, limit, codec);
        }
        List<TwinEvent> out = twinRows(c, TWIN_PAGE_IN_LIFE, thing, limit, codec, from.life(), from.revision());
        if (out.size() < limit) {
            out.addAll(twinRows(c, TWIN_PAGE_LATER_LIVES, thing, limit - out.size(), codec, from.life()));
        }
        return out;
    }

    /** Up to {@code limit} events by {@code sql}: the twin, then {@code keys}, then the limit as parameters. */
    private static List<TwinEvent> twinRows(Connection c, String sql, String thing, int limit, JsonCodec codec,
                                            long... keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, thing);
            for (int i = 0; i < keys.length; i++) {
                ps.setLong(i + 2, keys[i]);
            }
            ps.setInt(keys.length + 2, limit);
            return events(ps, limit, codec);
        }
    }

    /**
     * The twin's newest event at or before journal position {@code seq}, as a place to read on from; null when it had
     * none then (or retention removed them). Usually {@code seq} is one of the twin's own events (the last of a
     * page); otherwise (a checkpoint's generation) the lives are walked back from the newest to the one that began
     * before {@code seq}, and that life is searched by revision, as its seqs grow with its revisions.
     */
    private static Place newestUpTo(Connection c, String thing, long seq) throws SQLException {
        if (seq <= 0) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement(AT_SEQ)) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && thing.equals(rs.getString(1))) {
                    return new Place(rs.getLong(2), rs.getLong(3), rs.getLong(4));
                }
            }
        }
        Place newest = place(c, NEWEST, thing);
        if (newest == null || newest.seq() <= seq) {
            return newest;
        }
        long life = newest.life();
        // Every event of a life above 0 comes after the deletion at its seq that ended the life before.
        while (life > 0 && life >= seq) {
            Long before = lifeAt(c, life);
            if (before == null) {
                return null; // retention removed that deletion, and every event up to it
            }
            life = before;
        }
        if (life >= 0) {
            Place found = newestInLifeUpTo(c, thing, life, seq, life == newest.life() ? newest : null);
            if (found != null) {
                return found;
            }
            if (life > 0) {
                return new Place(life, life, Long.MIN_VALUE); // the deletion at seq life, of the life before
            }
        }
        return place(c, OLD_UP_TO, thing, OLD_LIFE + seq);
    }

    /** The newest event of {@code life} at or before {@code seq}; {@code last} is the life's last event if known. */
    private static Place newestInLifeUpTo(Connection c, String thing, long life, long seq, Place last)
            throws SQLException {
        Place known = place(c, IN_LIFE_FROM, thing, life, Long.MIN_VALUE);
        if (known == null || known.seq() > seq) {
            return null;
        }
        if (last == null) {
            last = place(c, LAST_IN_LIFE, thing, life);
        }
        if (last.seq() <= seq) {
            return last;
        }
        // Binary search: known is at or before seq, and every event from revision `above` on comes after it.
        long above = last.revision();
        while (known.revision() + 1 < above) {
            long mid = known.revision() + (above - known.revision()) / 2;
            Place next = place(c, IN_LIFE_FROM, thing, life, mid);
            if (next == null || next.revision() >= above) {
                above = mid;
            } else if (next.seq() <= seq) {
                known = next;
            } else {
                above = next.revision();
            }
        }
        return known;
    }

    private static Place place(Connection c, String sql, String thing, long... numbers) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, thing);
            for (int i = 0; i < numbers.length; i++) {
                ps.setLong(i + 2, numbers[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Place(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : null;
            }
        }
    }

    /** The life of the event at {@code seq}, or null when there is none. */
    private static Long lifeAt(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LIFE_AT)) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
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
        Place newest = place(c, NEWEST, thing);
        if (newest == null) {
            return OptionalLong.empty();
        }
        Long life = newest.life();
        try (PreparedStatement inLife = c.prepareStatement(SEQ_IN_LIFE)) {
            inLife.setString(1, thing);
            inLife.setLong(3, revision);
            while (life >= 0) {
                inLife.setLong(2, life);
                try (ResultSet rs = inLife.executeQuery()) {
                    if (rs.next()) {
                        return OptionalLong.of(rs.getLong(1));
                    }
                }
                if (life == 0) {
                    break;
                }
                life = lifeAt(c, life);
                if (life == null) {
                    return OptionalLong.empty();
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(SEQ_WITHOUT_LIFE)) {
            ps.setString(1, thing);
            ps.setLong(2, revision);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long seq = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(seq);
            }
        }
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
