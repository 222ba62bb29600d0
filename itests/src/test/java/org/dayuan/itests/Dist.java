package org.dayuan.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.Assume;
import org.ops4j.pax.exam.Option;
import org.osgi.service.cm.Configuration;

/**
 * How the itests boot the distribution: on free ports, with the store chosen by system property
 * {@code dayuan.it.store} ({@code h2}, or {@code postgresql} in a fresh schema of the local PostgreSQL).
 */
public final class Dist {
    public static final String PORT_PROPERTY = "dayuan.it.port";
    /** The first-start admin the tests configure, instead of the generated password a fresh install prints. */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "it-Admin-2026";
    /** The password of every test user below. */
    public static final String USER_PASSWORD = "it-User-2026";
    /**
     * {@link #USER_PASSWORD} as Karaf's bcrypt encryption stores it. Written hashed, since a password in clear makes
     * Karaf rewrite users.properties at start, racing the users Dayuan creates there.
     */
    private static final String USER_PASSWORD_HASH = "{CRYPT}2432612431302454432e2e4f724842507878586c6256556c7a4378624f434e4c4f51687a356e684244484c3276646c7849725952415a642e6e667461{CRYPT}";
    /** Test users in Karaf's realm: name, then roles and organisation scopes as etc/users.properties lists them. */
    static final Map<String, String> USERS = Map.of(
            "wj-manager", "manager,ns:cz.wujin",
            "wj-integrator", "integrator,ns:cz.wujin",
            "wj-viewer", "viewer,ns:cz.wujin",
            "wj-device", "device,ns:cz.wujin",
            "no-role", "ssh",
            "lock-me", "viewer,ns:cz.wujin");
    public static final String STORE_PROPERTY = "dayuan.it.store";
    /** The feature with PostgreSQL's driver, which the distribution has but does not boot. */
    public static final String POSTGRESQL_FEATURE = "dayuan-store-postgresql";
    /** Inside a Pax Exam container: whether the build runs as CI, where a test may not skip for a missing tool. */
    static final String CI_PROPERTY = "dayuan.it.ci";
    /** The port of the embedded MQTT broker inside the container. */
    public static final String MQTT_PORT_PROPERTY = "dayuan.it.mqtt.port";
    /** The safety line's GB/T 26875.3 gateway, on a free port so a Dayuan running beside the tests is no bother. */
    public static final String PANELS_PORT_PROPERTY = "dayuan.it.panels.port";
    /** The fleet line's JT/T 808 gateway, on a free port likewise. */
    public static final String FLEET_PORT_PROPERTY = "dayuan.it.fleet.port";

    private Dist() {
    }

    public static boolean onPostgres() {
        return "postgresql".equals(System.getProperty(STORE_PROPERTY, "h2"));
    }

    /** The Pax Exam options; runs in the test JVM before the container starts. */
    static Option[] options() {
        return options(new File("target/exam"), PORT_PROPERTY, "dayuan_it_").toArray(Option[]::new);
    }

    /**
     * The options for a distribution unpacked below {@code unpackDirectory}, its HTTP port passed into the container
     * as system property {@code portProperty}, and, for a PostgreSQL run, the store in a fresh schema whose name
     * starts with {@code schemaPrefix}.
     */
    public static List<Option> options(File unpackDirectory, String portProperty, String schemaPrefix) {
        String port = String.valueOf(freePort());
        String mqttPort = String.valueOf(freePort());
        String panelsPort = String.valueOf(freePort());
        String fleetPort = String.valueOf(freePort());
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(distribution())
                        .unpackDirectory(unpackDirectory).useDeployFolder(false),
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", port),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                        String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                        String.valueOf(freePort())),
                systemProperty(portProperty).value(port),
                // The embedded broker and the ingestion on a free port; the simulator and the energy and office
                // lines' alarm rules stay off so that every test sees the demo county as generated, unless it turns
                // them on itself.
                editConfigurationFilePut("etc/org.dayuan.mqtt.broker.cfg", "port", mqttPort),
                editConfigurationFilePut("etc/org.dayuan.mqtt.cfg", "brokerUrl", "tcp://127.0.0.1:" + mqttPort),
                editConfigurationFilePut("etc/org.dayuan.mqtt.cfg", "retrySeconds", "1"),
                editConfigurationFilePut("etc/org.dayuan.simulator.cfg", "enabled", "false"),
                editConfigurationFilePut("etc/org.dayuan.auth.cfg", "adminPassword", ADMIN_PASSWORD),
                editConfigurationFilePut("etc/org.dayuan.energy.cfg", "alarms", "false"),
                editConfigurationFilePut("etc/org.dayuan.office.rules.cfg", "alarms", "false"),
                systemProperty(MQTT_PORT_PROPERTY).value(mqttPort),
                editConfigurationFilePut("etc/org.dayuan.safety.panels.cfg", "port", panelsPort),
                systemProperty(PANELS_PORT_PROPERTY).value(panelsPort),
                // The simulator is off (above), so no simulated terminal connects to the gateway either.
                editConfigurationFilePut("etc/org.dayuan.fleet.gateway.cfg", "port", fleetPort),
                systemProperty(FLEET_PORT_PROPERTY).value(fleetPort),
                systemProperty(STORE_PROPERTY).value(System.getProperty(STORE_PROPERTY, "h2")),
                // the container does not inherit the environment: what the tests inside it read of it
                systemProperty(CI_PROPERTY).value(String.valueOf(ci())),
                systemProperty(MosquittoProcess.BINARY_PROPERTY).value(MosquittoProcess.binary())));
        USERS.forEach((user, grants) -> options.add(editConfigurationFilePut("etc/users.properties", user,
                USER_PASSWORD_HASH + "," + grants)));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isEmpty()) {
            options.add(editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.localRepository", repo));
        }
        if (onPostgres()) {
            options.add(editConfigurationFilePut("etc/org.dayuan.store.cfg", "url", freshPostgresSchema(schemaPrefix)));
            options.add(editConfigurationFileExtend("etc/org.apache.karaf.features.cfg", "featuresBoot",
                    POSTGRESQL_FEATURE));
        }
        return options;
    }

    /**
     * The archive built in this reactor (not one from the local Maven repository, which may be older or absent, as
     * {@code mvn verify} does not install).
     */
    public static String distribution() {
        return archive().toURI().toString();
    }

    /** The distribution archive built in this reactor. */
    public static File archive() {
        String path = System.getProperty("dayuan.it.dist");
        File archive = path == null ? null : new File(path);
        if (archive == null || !archive.isFile()) {
            throw new IllegalStateException("No distribution at " + path + "; build karaf-dist first");
        }
        return archive;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates an empty schema in the local PostgreSQL and returns a JDBC URL that uses it. Schemas of earlier runs
     * are dropped first: only one distribution runs at a time on a machine, so none of them is in use.
     */
    static String freshPostgresSchema() {
        return freshPostgresSchema("dayuan_it_");
    }

    /**
     * Inside a container: updates {@code config} with {@code overrides}, keeping its other properties, as an operator
     * editing the file would; returns the properties as they were, to put back with {@code config.update}.
     */
    public static Dictionary<String, Object> override(Configuration config, Map<String, ?> overrides)
            throws IOException {
        Dictionary<String, Object> original = config.getProperties();
        Dictionary<String, Object> changed = new Hashtable<>();
        for (var keys = original.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            changed.put(key, original.get(key));
        }
        overrides.forEach(changed::put);
        config.update(changed);
        return original;
    }

    /** Whether this runs as CI ({@code CI=true}, here or, inside a container, as passed on by {@link #options}). */
    static boolean ci() {
        return "true".equals(System.getenv("CI")) || Boolean.getBoolean(CI_PROPERTY);
    }

    /** An empty schema named {@code prefix...} in the local PostgreSQL; earlier ones with that prefix are dropped. */
    public static String freshPostgresSchema(String prefix) {
        String base = System.getProperty("dayuan.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            List<String> old = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE '"
                    + prefix.replace("_", "\\_") + "%'")) {
                while (rs.next()) {
                    old.add(rs.getString(1));
                }
            }
            for (String o : old) {
                s.execute("DROP SCHEMA " + o + " CASCADE");
            }
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            // only tests of the H2 stage get here without PostgreSQL: the pom skips the PostgreSQL stage then
            String line = "PostgreSQL at " + base + " is not answering (" + e.getMessage() + "); start it, or point"
                    + " -Ddayuan.test.pg.url at one, to run this test";
            if (!ci()) {
                System.out.println("SKIPPED: " + line);
                Assume.assumeNoException(line, e);
            }
            throw new IllegalStateException(line + ". CI=true makes it mandatory.", e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
