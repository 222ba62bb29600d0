package org.dayuan.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a long ordered result page by page, each page starting after the last key of the one before. Memory stays
 * bounded on both databases without driver-specific streaming (pgjdbc streams only inside a transaction, H2 only in
 * lazy mode), and no transaction stays open while a slow consumer works through a million events.
 */
final class KeysetPager {
    static final int PAGE_SIZE = 1000;
    /** Ends every paged query, after its {@code ORDER BY} on the key. */
    static final String PAGE = " FETCH FIRST " + PAGE_SIZE + " ROWS ONLY";

    @FunctionalInterface
    interface Binder<K> {
        /** Sets the query's parameters so it returns the rows after {@code after}. */
        void bind(PreparedStatement ps, K after) throws SQLException;
    }

    @FunctionalInterface
    interface RowHandler<K> {
        /** Consumes one row and returns its key. */
        K handle(ResultSet rs) throws SQLException;
    }

    private KeysetPager() {
    }

    static <K> void forEach(Connection c, String sql, K start, Binder<K> binder, RowHandler<K> handler)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(PAGE_SIZE);
            K after = start;
            int rows;
            do {
                binder.bind(ps, after);
                rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        after = handler.handle(rs);
                        rows++;
                    }
                }
            } while (rows == PAGE_SIZE);
        }
    }
}
