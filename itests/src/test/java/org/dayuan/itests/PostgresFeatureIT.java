package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.Assume;
import org.junit.Test;

/**
 * An integrator points the store at PostgreSQL but forgets its driver's feature, which the distribution carries
 * without booting it: the log names the command to type, nothing is served as healthy, and typing it in the console
 * brings the registry up on PostgreSQL without a restart. Runs in the H2 stage, on its own schema, because the
 * PostgreSQL stage boots the feature from the start.
 */
public class PostgresFeatureIT {
    private static final String COMMAND = "feature:install " + Dist.POSTGRESQL_FEATURE;

    @Test
    public void aPostgresqlUrlWithoutItsFeatureIsRefusedUntilTheFeatureIsInstalledLive() throws Exception {
        Assume.assumeFalse("the PostgreSQL stage boots the driver's feature", Dist.onPostgres());
        String url = Dist.freshPostgresSchema("dayuan_pgfeature_");
        try (ProcessDist dist = new ProcessDist("pgfeature-")) {
            dist.append("etc/org.dayuan.store.cfg", "url = " + url);
            dist.start();
            Api api = new Api(dist.port);

            String log = awaitLog(dist, "'" + COMMAND + "'", Duration.ofSeconds(120));
            assertTrue("the log says which driver is missing: " + log, log.contains("postgresql driver is not installed"));
            assertNotEquals("no health without a store", 200, api.get("/api/health").status());
            assertEquals("nothing was written to H2 instead", false,
                    Files.exists(dist.home.resolve("data/dayuan/twins.mv.db")));

            String out = dist.console(COMMAND, "feature:list -i");
            assertTrue(out, out.contains(Dist.POSTGRESQL_FEATURE + " "));
            api.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(120));
            assertEquals(200, api.get("/api/2/things/" + DistributionTest.CAMPUS).status());
            assertTrue("the health names PostgreSQL: " + api.get("/api/health").json(),
                    api.get("/api/health").json().path("store").asText().startsWith("postgresql"));
            assertTrue("the demo county is journalled in PostgreSQL", journalled(url) >= DistributionTest.DEMO_TWINS);
        }
    }

    private static String awaitLog(ProcessDist dist, String needle, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String log = "";
        while (System.nanoTime() < deadline) {
            var file = dist.home.resolve("data/log/karaf.log");
            log = Files.exists(file) ? Files.readString(file) : "";
            if (log.contains(needle)) {
                return log;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + needle + " in the log within " + timeout + ": " + log);
    }

    /** How many twins have events in the schema at {@code url}. */
    private static long journalled(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(DISTINCT thing_id) FROM dayuan_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
