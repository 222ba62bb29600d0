package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.Test;

/**
 * An integrator removes and adds the energy line on a running distribution by typing feature commands into the
 * Karaf console through {@code bin/client} as the admin user: no restart, no twin lost, the line's routes stop and
 * start cleanly. Not a Pax Exam test: it drives the console of a distribution started as an operator starts it.
 */
public class LiveInstallIT {
    private static final String STATUS = "/api/dayuan/energy/status";

    @Test
    public void theEnergyLineIsUninstalledAndInstalledLiveFromTheConsole() throws Exception {
        try (ProcessDist dist = new ProcessDist("console-")) {
            dist.start();
            Api api = new Api(dist.port);
            int twins = api.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(120)).json()
                    .path("twins").asInt();
            awaitStatus(api, STATUS, 200);
            assertTrue(api.get(STATUS).json().path("meters").asInt() > 0);

            String out = dist.console("feature:uninstall dayuan-energy", "feature:list -i");
            assertFalse(out, out.contains("dayuan-energy "));
            assertTrue("the rest stays installed: " + out, out.contains("dayuan-mqtt "));
            awaitStatus(api, STATUS, 404);
            assertEquals(twins, api.get("/api/health").json().path("twins").asInt());

            out = dist.console("feature:install dayuan-energy", "feature:list -i");
            assertTrue(out, out.contains("dayuan-energy "));
            awaitStatus(api, STATUS, 200);
            // the line reads its meters on its own thread after it starts (health says STARTING meanwhile)
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (api.get(STATUS).json().path("meters").asInt() == 0) {
                assertTrue("the line never read its meters again", System.nanoTime() < deadline);
                Thread.sleep(250);
            }
            api.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(60));
            assertEquals(twins, api.get("/api/health").json().path("twins").asInt());
            assertEquals(200, api.get("/api/2/things/" + DistributionTest.CAMPUS).status());

            String log = Files.readString(dist.home.resolve("data/log/karaf.log"));
            assertEquals("the line started twice, stopped once: " + log.length(), 2,
                    log.split("Energy line ready", -1).length - 1);
            assertFalse("routes stopped cleanly", log.contains("Error occurred during shutdown"));
        }
    }

    private static void awaitStatus(Api api, String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = api.get(path).status();
            if (last == status) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " answered " + last + ", not " + status);
    }
}
