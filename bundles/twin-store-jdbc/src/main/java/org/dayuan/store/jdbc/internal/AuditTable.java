package org.dayuan.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinEvent;

/**
 * The audit trail: each record's JSON under its event's seq, plus the columns queries and retention filter on.
 * Written only by the journal's writer, in the transaction of its events; deleted only by {@link #prune}, with
 * telemetry and other records on retentions of their own (see {@link Schema} migrations 3 and 4).
 *
 * <p>{@code ts} holds the stamp rounded down to the microsecond the databases keep, while records carry
 * nanoseconds. The SQL therefore selects the whole microsecond at each end of {@code [from, to)}, and the stamp in
 * the JSON decides there; every other filter is the SQL's alone.
 */
final class AuditTable {
    static final String INSERT = "INSERT INTO dayuan_audit (seq, ts, subject, thing_id, namespace, record_json,"
            + " telemetry) VALUES (?, ?, ?, ?, ?, ?, ?)";
    /** One chunk of the expired rows of one kind; no order, so the index on (telemetry, ts) answers it alone. */
    private static final String PRUNE = "DELETE FROM dayuan_audit WHERE seq IN (SELECT seq FROM dayuan_audit"
            + " WHERE telemetry = ? AND ts < ? FETCH FIRST ? ROWS ONLY)";
    /** The size of the {@code subject} column. */
    static final int MAX_SUBJECT = 256;

    private AuditTable() {
    }

    /**
     * Refuses, on the caller's thread, audit records that do not pair up with {@code events} or that the table
     * cannot hold: a row failing in the writer would fail every append sharing its transaction.
     */
    static void check(List<TwinEvent> events, List<AuditRecord> audit) {
        if (audit.size() != events.size()) {
            throw new IllegalArgumentException(audit.size() + " audit records for " + events.size()
                    + " events; there must be one per event, in the same order.");
        }
        for (int i = 0; i < audit.size(); i++) {
            AuditRecord record = audit.get(i);
            if (!record.thingId().equals(events.get(i).thingId())) {
                throw new IllegalArgumentException("Audit record " + i + " is about " + record.thingId()
                        + " but its event about " + events.get(i).thingId() + ".");
            }
            if (record.subject() == null || record.subject().length() > MAX_SUBJECT) {
                throw new IllegalArgumentException("Audit record " + i + " of " + record.thingId() + " needs a"
                        + " subject of at most " + MAX_SUBJECT + " characters.");
            }
        }
    }

    /** Sets the parameters of {@link #INSERT}: the record's columns, its event's seq, and its JSON from the codec. */
    static void bind(PreparedStatement insert, long seq, AuditRecord record, String json) throws SQLException {
        insert.setLong(1, seq);
        insert.setObject(2, CheckpointTable.utc(CheckpointTable.floorMicros(record.timestamp())));
        insert.setString(3, record.subject());
        insert.setString(4, record.thingId().toString());
        insert.setString(5, record.thingId().namespace());
        insert.setString(6, json);
        insert.setBoolean(7, record.telemetry());
    }

    /**
     * Deletes the records of one kind ({@code telemetry} or not) stamped before {@code before}, {@code chunk} rows
     * per transaction so the journal's writer never waits long on them, until none is left or {@code stopping}.
     * Returns how many it deleted.
     */
    static long prune(Connection c, boolean telemetry, Instant before, int chunk, BooleanSupplier stopping)
            throws SQLException {
        long deleted = 0;
        try (PreparedStatement ps = c.prepareStatement(PRUNE)) {
            ps.setBoolean(1, telemetry);
            ps.setObject(2, CheckpointTable.utc(CheckpointTable.floorMicros(before)));
            ps.setInt(3, chunk);
            while (!stopping.getAsBoolean()) {
                int rows = ps.executeUpdate();
                c.commit();
                deleted += rows;
                if (rows < chunk) {
                    break;
                }
            }
        }
        return deleted;
    }

    /** Up to {@code limit} records matching {@code query}, newest first. */
    static List<AuditRecord> query(Connection c, AuditQuery query, int limit, JsonCodec codec) throws SQLException {
        if (query.namespaces().isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT seq, record_json FROM dayuan_audit WHERE seq < ?");
        List<Object> filters = new ArrayList<>();
        if (query.thingId() != null) {
            sql.append(" AND thing_id = ?");
            filters.add(query.thingId().toString());
        }
        if (query.subject() != null) {
            sql.append(" AND subject = ?");
            filters.add(query.subject());
        }
        if (query.from() != null) {
            sql.append(" AND ts >= ?");
            filters.add(CheckpointTable.utc(CheckpointTable.floorMicros(query.from())));
        }
        if (query.to() != null) {
            sql.append(" AND ts < ?");
            filters.add(CheckpointTable.utc(CheckpointTable.ceilMicros(query.to())));
        }
        if (!query.namespaces().contains(Caller.ALL_NAMESPACES)) {
            List<String> clauses = new ArrayList<>();
            // Sorted, so the same scopes make the same statement text for the databases' statement caches.
            for (String scope : query.namespaces().stream().sorted().toList()) {
                clauses.add("namespace = ? OR namespace LIKE ? ESCAPE '\\'");
                filters.add(scope);
                filters.add(likeLiteral(scope) + ".%");
            }
            sql.append(" AND (").append(String.join(" OR ", clauses)).append(')');
        }
        sql.append(" ORDER BY seq DESC FETCH FIRST ? ROWS ONLY");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < filters.size(); i++) {
                ps.setObject(i + 2, filters.get(i));
            }
            return newestFirst(ps, query, limit, codec, filters.size() + 2);
        }
    }

    /**
     * Reads pages until {@code limit} records matched exactly or the rows ran out: a page can lose rows to the
     * sub-microsecond check at {@code from} and {@code to}, and the caller would take a short page for the end.
     */
    private static List<AuditRecord> newestFirst(PreparedStatement ps, AuditQuery query, int limit, JsonCodec codec,
                                                 int limitParameter) throws SQLException {
        List<AuditRecord> out = new ArrayList<>();
        long before = query.beforeSeq();
        while (true) {
            int wanted = limit - out.size();
            ps.setLong(1, before);
            ps.setInt(limitParameter, wanted);
            ps.setFetchSize(wanted);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    before = rs.getLong(1);
                    AuditRecord record = codec.audit(rs.getString(2), before);
                    if (query.inTimeRange(record.timestamp())) {
                        out.add(record);
                    }
                }
            }
            if (rows < wanted || out.size() == limit) {
                return out;
            }
        }
    }

    /** {@code text} matched literally by {@code LIKE ... ESCAPE '\'}. */
    private static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
