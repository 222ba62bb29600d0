package org.dayuan.store.jdbc.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * The journal's database as a pooled {@link DataSource}: the journal's reads borrow from it, and so does a bundle
 * that keeps data beside the twins (the attachment store's file contents), with the same URL, durability settings and
 * credentials instead of a second configuration. The pool is HikariCP's over connections from the driver itself
 * ({@link DriverDataSource}); a connection idle for a while is validated before it is handed out. The caller closes
 * what it borrowed, which returns it. Service property {@value #PROPERTY}={@value #JOURNAL} tells it apart from any
 * other DataSource in the framework.
 */
@Component(service = DataSource.class, configurationPid = StoreConfig.PID,
        property = StoreDataSource.PROPERTY + "=" + StoreDataSource.JOURNAL)
public final class StoreDataSource implements DataSource {
    static final String PROPERTY = "dayuan.store";
    static final String JOURNAL = "journal";
    static final int MAX_POOL_SIZE = 100;
    /** Idle connections are probed this often, so a database or firewall dropping them is noticed before a read. */
    private static final long KEEPALIVE_MILLIS = TimeUnit.MINUTES.toMillis(2);

    private final DriverDataSource driver;
    private final HikariDataSource pool;

    @Activate
    public StoreDataSource(StoreConfig config) {
        int size = config.poolSize();
        if (size < 1 || size > MAX_POOL_SIZE) {
            throw ConfigError.invalid("poolSize", size + " is out of range; use 1 to " + MAX_POOL_SIZE + ".");
        }
        driver = JdbcTarget.of(config.url(), config.user(), config.password()).dataSource();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("dayuan-store");
        hikari.setDataSource(driver);
        hikari.setMaximumPoolSize(size);
        // Connections only when asked for, grown to poolSize under load and shrunk after 10 idle minutes, so a quiet
        // county (or a test creating many journals) keeps few connections to PostgreSQL open. Not even one kept
        // idle: Hikari opens those on a thread of its own that its shutdown does not wait for, so one could open
        // the database again after the journal closed (on H2, writing its file under a directory being removed).
        hikari.setMinimumIdle(0);
        hikari.setKeepaliveTime(KEEPALIVE_MILLIS);
        // Activation does not wait for the database: the journal reports a database it cannot open, and a pool
        // that starts empty fills itself once the database answers.
        hikari.setInitializationFailTimeout(-1);
        pool = new HikariDataSource(hikari);
        LoggerFactory.getLogger(StoreDataSource.class).info("Connection pool on {}: {} connections", driver, size);
    }

    @Deactivate
    void close() {
        pool.close();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    /** The credentials are the store's; other ones would be a second configuration of the same database. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return driver.getConnection(username, password);
    }

    /** Physical connections the pool opened so far. */
    long physicalConnections() {
        return driver.opened();
    }

    /** The pool's own figures: connections open, in use, idle, and callers waiting. */
    HikariPoolMXBean metrics() {
        return pool.getHikariPoolMXBean();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
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
        return driver.toString();
    }
}
