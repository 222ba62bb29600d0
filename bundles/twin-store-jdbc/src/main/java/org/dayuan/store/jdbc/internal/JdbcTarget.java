package org.dayuan.store.jdbc.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * The database the journal talks to: which engine, the URL as the journal uses it, and a description without
 * credentials. Connections come straight from the driver class because {@code DriverManager} only sees drivers on
 * the caller's class loader, which in OSGi is not where the driver bundles are.
 */
final class JdbcTarget {
    /** The feature that installs PostgreSQL's driver; the default features only bring H2's. */
    static final String POSTGRESQL_FEATURE = "dayuan-store-postgresql";

    enum Engine {
        H2("h2", "jdbc:h2:", "org.h2.Driver", "dayuan-core"),
        POSTGRESQL("postgresql", "jdbc:postgresql:", "org.postgresql.Driver", POSTGRESQL_FEATURE);

        private final String label;
        private final String prefix;
        private final String driverClass;
        private final String feature;

        Engine(String label, String prefix, String driverClass, String feature) {
            this.label = label;
            this.prefix = prefix;
            this.driverClass = driverClass;
            this.feature = feature;
        }

        /**
         * By name, so that this bundle resolves and runs on H2 without PostgreSQL's driver: its import is optional
         * and wired only once the driver's feature is installed.
         */
        Driver driver() {
            return JdbcTarget.driver(driverClass, label, feature);
        }
    }

    private final Engine engine;
    private final String url;
    private final String description;
    private final Properties properties = new Properties();
    private final Driver driver;

    private JdbcTarget(Engine engine, String url, String user, String password) {
        this.engine = engine;
        this.url = url;
        this.description = engine.label + " " + withoutParameters(url.substring(engine.prefix.length()));
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        this.driver = engine.driver();
    }

    /** Checks the configured URL and makes it safe to use; empty means the embedded H2 file under Karaf's data. */
    static JdbcTarget of(String configuredUrl, String user, String password) {
        String url = configuredUrl == null || configuredUrl.isBlank() ? defaultUrl() : configuredUrl.strip();
        for (Engine engine : Engine.values()) {
            if (url.startsWith(engine.prefix)) {
                String usable = engine == Engine.H2 ? durableH2(url) : batchedPostgres(url);
                return new JdbcTarget(engine, usable, nullToEmpty(user), nullToEmpty(password));
            }
        }
        throw ConfigError.invalid("url", "<" + withoutParameters(url) + "> is not supported; use jdbc:h2:... or"
                + " jdbc:postgresql://host:port/database, or leave it empty for the embedded H2 file.");
    }

    static Driver driver(String driverClass, String label, String feature) {
        try {
            return (Driver) Class.forName(driverClass, true, JdbcTarget.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw ConfigError.invalid("url", "the " + label + " driver is not installed; install it with"
                    + " 'feature:install " + feature + "' (it is in the distribution), or use another url.");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot load the " + label + " driver " + driverClass, e);
        }
    }

    static String defaultUrl() {
        // H2 2.x refuses paths implicitly relative to the working directory, hence the absolute path.
        Path file = Path.of(System.getProperty("karaf.data", "data"), "dayuan", "twins").toAbsolutePath();
        return "jdbc:h2:file:" + file;
    }

    /**
     * H2 writes committed changes to its file in the background, up to WRITE_DELAY (500 ms) later, so a crash would
     * lose acknowledged events. With 0 every commit stores synchronously. DB_CLOSE_ON_EXIT=FALSE leaves closing to
     * deactivate, instead of H2's shutdown hook closing the database under an in-flight transaction.
     */
    private static String durableH2(String url) {
        String writeDelay = h2Setting(url, "WRITE_DELAY");
        if (writeDelay == null) {
            url += ";WRITE_DELAY=0";
        } else if (!writeDelay.equals("0")) {
            throw ConfigError.invalid("url", "WRITE_DELAY=" + writeDelay + " would let H2 lose acknowledged events"
                    + " on a crash; remove it or set WRITE_DELAY=0.");
        }
        if (h2Setting(url, "DB_CLOSE_ON_EXIT") == null) {
            url += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return url;
    }

    /** The value of {@code ;KEY=value} in an H2 URL, or null. */
    private static String h2Setting(String url, String key) {
        String[] parts = url.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0 && parts[i].substring(0, eq).strip().equalsIgnoreCase(key)) {
                return parts[i].substring(eq + 1).strip();
            }
        }
        return null;
    }

    /** pgjdbc sends a batch as one multi-row INSERT only with this flag, which roughly doubles journal throughput. */
    private static String batchedPostgres(String url) {
        if (url.toLowerCase(Locale.ROOT).contains("rewritebatchedinserts=")) {
            return url;
        }
        return url + (url.indexOf('?') < 0 ? "?" : "&") + "reWriteBatchedInserts=true";
    }

    /** Cuts H2's {@code ;settings} and PostgreSQL's {@code ?parameters}, which may carry a password. */
    private static String withoutParameters(String url) {
        int cut = url.length();
        for (char c : new char[] {';', '?'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return url.substring(0, cut);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** A probe short enough for a health check; the caller must not hold anything the writer waits for. */
    static boolean isValid(Connection c) throws SQLException {
        return c != null && c.isValid(2);
    }

    Connection connect() throws SQLException {
        Connection c = driver.connect(url, properties);
        if (c == null) {
            throw new SQLException("The " + engine.label + " driver does not accept the URL of " + description);
        }
        return c;
    }

    /** Connections straight from the driver, one per call; the pool in {@link StoreDataSource} sits on it. */
    DriverDataSource dataSource() {
        return new DriverDataSource(this);
    }

    /** The URL with the settings the journal added; may contain credentials, so never log it. */
    String url() {
        return url;
    }

    @Override
    public String toString() {
        return description;
    }
}
