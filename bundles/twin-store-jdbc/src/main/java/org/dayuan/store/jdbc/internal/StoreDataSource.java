package org.dayuan.store.jdbc.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The journal's database as a {@link DataSource}, so a bundle that keeps data beside the twins (the attachment
 * store's file contents) writes to the same database, with the same URL, durability settings and credentials, instead
 * of configuring a second one. Each call opens a new connection; the caller closes it. Service property
 * {@value #PROPERTY}={@value #JOURNAL} tells it apart from any other DataSource in the framework.
 */
@Component(service = DataSource.class, configurationPid = StoreConfig.PID,
        property = StoreDataSource.PROPERTY + "=" + StoreDataSource.JOURNAL)
public final class StoreDataSource implements DataSource {
    static final String PROPERTY = "dayuan.store";
    static final String JOURNAL = "journal";

    private final JdbcTarget target;
    private PrintWriter logWriter;

    @Activate
    public StoreDataSource(StoreConfig config) {
        target = JdbcTarget.of(config.url(), config.user(), config.password());
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target.connect();
    }

    /** The credentials are the store's; other ones would be a second configuration of the same database. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("The Dayuan store's DataSource uses the credentials of "
                + StoreConfig.PID + ".");
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
