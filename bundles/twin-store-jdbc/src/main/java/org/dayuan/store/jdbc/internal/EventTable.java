package org.dayuan.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;

import org.dayuan.twin.TwinEvent;

/**
 * The journal table: each event's JSON plus the columns it is looked up by. The seq is the key column only, not
 * part of the JSON, because it is assigned after the JSON is encoded.
 */
final class EventTable {
    static final String INSERT =
            "INSERT INTO dayuan_event (seq, thing_id, revision, ts, event_json) VALUES (?, ?, ?, ?, ?)";
    private static final String AFTER =
            "SELECT seq, event_json FROM dayuan_event WHERE seq > ? ORDER BY seq" + KeysetPager.PAGE;

    private EventTable() {
    }

    /** Sets the parameters of {@link #INSERT}: the event's columns, its seq, and its JSON from the codec. */
    static void bind(PreparedStatement insert, long seq, TwinEvent event, String json) throws SQLException {
        insert.setLong(1, seq);
        insert.setString(2, event.thingId().toString());
        insert.setLong(3, event.revision());
        insert.setObject(4, OffsetDateTime.ofInstant(event.timestamp(), ZoneOffset.UTC));
        insert.setString(5, json);
    }

    static long maxSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM dayuan_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void replay(Connection c, long afterSeq, JsonCodec codec, Consumer<TwinEvent> sink) throws SQLException {
        KeysetPager.forEach(c, AFTER, afterSeq, (ps, after) -> ps.setLong(1, after), rs -> {
            long seq = rs.getLong(1);
            sink.accept(codec.event(rs.getString(2), seq));
            return seq;
        });
    }
}
