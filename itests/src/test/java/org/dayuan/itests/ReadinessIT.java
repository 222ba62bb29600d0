package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * What a script that runs the README's command sees: from the first answer after a fresh start, {@code /api/health}
 * is 503 {@code STARTING} until every part is ready, {@code /api/health/live} is 200 meanwhile, and the first login
 * after {@code UP}, the admin's and a demo user's, works. Not a Pax Exam test: it must watch the realm being written
 * from the very start, which Pax Exam's boot hides.
 */
public class ReadinessIT {
    private ProcessDist dist;

    @Before
    public void unpack() throws Exception {
        dist = new ProcessDist("readiness-");
    }

    @After
    public void stop() {
        dist.close();
    }

    @Test
    public void healthIsStartingUntilLoginsWork() throws Exception {
        dist.start();
        Api anonymous = new Api(dist.port).anonymous();
        List<String> beforeUp = new ArrayList<>();
        boolean liveWhileStarting = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        Api.Reply health = null;
        while (System.nanoTime() < deadline) {
            Api.Reply live = answer(anonymous, "/api/health/live");
            health = answer(anonymous, "/api/health");
            // no answer yet, or Jetty up before the servlet is registered: health does not exist yet
            if (health != null && health.status() != 404) {
                if (health.status() == 200) {
                    break;
                }
                beforeUp.add(health.status() + " " + health.raw().body());
                liveWhileStarting |= live != null && live.status() == 200
                        && "{\"status\":\"LIVE\"}".equals(live.raw().body());
            }
            Thread.sleep(100);
        }
        assertTrue("health said UP within 180 s; before: " + beforeUp, health != null && health.status() == 200);
        assertEquals("{\"status\":\"UP\"}", health.raw().body());
        // The first logins right after UP: no retry, a 401 here is what the readiness exists to prevent.
        Api admin = new Api(dist.port);
        assertEquals(200, admin.whoami().status());
        assertEquals(200, admin.as("wujin-viewer", "Wujin-Viewer-2026").whoami().status());
        assertEquals(200, admin.as("xinbei-viewer", "Xinbei-Viewer-2026").whoami().status());
        assertTrue("the demo county is loaded at UP",
                admin.get("/api/health").json().path("twins").asInt() >= DistributionTest.DEMO_TWINS);

        assertTrue("health was seen starting after a fresh start", !beforeUp.isEmpty());
        for (String answer : beforeUp) {
            assertTrue("every answer before UP is 503 STARTING: " + beforeUp,
                    answer.equals("503 {\"status\":\"STARTING\"}"));
        }
        assertTrue("liveness answered 200 while health was starting", liveWhileStarting);

        // what README's run command waits with: it finds the port in etc/ and returns once UP
        Process ready = new ProcessBuilder(dist.home.resolve("bin/dayuan-ready").toString(), "30")
                .directory(dist.home.toFile()).redirectErrorStream(true).start();
        String said = new String(ready.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(said, 0, ready.waitFor());
        assertTrue(said, said.contains("\"UP\""));
    }

    /** The answer to an anonymous GET, or null while nothing listens. */
    private static Api.Reply answer(Api api, String path) {
        try {
            return api.get(path);
        } catch (AssertionError notListening) {
            return null;
        }
    }
}
