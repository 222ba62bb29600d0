package org.dayuan.store.jdbc.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The journal's database as an unpooled {@link DataSource}: each call opens a physical connection through the driver
 * of {@link JdbcTarget}. It is what the pool draws its connections from, so the pool never goes through
 * {@code DriverManager}, which in OSGi cannot see the driver bundles. Counts the connections it opened, which shows
 * whether a pool in front of it reuses them.
 */
final class DriverDataSource implements DataSource {
    private final JdbcTarget target;
    private final AtomicLong opened = new AtomicLong();
    private volatile PrintWriter logWriter;

    DriverDataSource(JdbcTarget target) {
        this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = target.connect();
        opened.incrementAndGet();
        return c;
    }

    /** The credentials are the store's; other ones would be a second configuration of the same database. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("The Dayuan store's DataSource uses the credentials of "
                + StoreConfig.PID + ".");
    }

    /** Physical connections opened so far. */
    long opened() {
        return opened.get();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // connections come straight from the driver, which has its own connect timeouts
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("java.util.logging is not used");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return target.toString();
    }
}
