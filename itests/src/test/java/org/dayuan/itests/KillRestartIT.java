package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Nothing acknowledged is lost when the Karaf JVM is killed with SIGKILL in the middle of a write storm: the
 * distribution is unpacked and started as an operator would start it, killed, started again and read back.
 * Not a Pax Exam test, because Pax Exam cannot kill its own container.
 */
public class KillRestartIT {
    private ProcessDist dist;

    @Before
    public void unpack() throws Exception {
        dist = new ProcessDist("kill-");
    }

    @After
    public void stop() {
        dist.close();
    }

    @Test
    public void acknowledgedWritesSurviveKillNine() throws Exception {
        dist.start();
        Api api = new Api(dist.port);
        api.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(120));
        assertEquals(201, api.put("/api/2/things/cz.wujin.kill:meter", "{'features':{'energy':{'properties':{}}}}")
                .status());

        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        for (int w = 0; w < 8; w++) {
            int writer = w;
            writers.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String key = "w" + writer + "_" + (i % 50);
                    try {
                        int status = api.put("/api/2/things/cz.wujin.kill:meter/features/energy/properties/" + key,
                                String.valueOf(i)).status();
                        if (status == 201 || status == 204) {
                            acknowledged.put(key, i);
                        }
                    } catch (AssertionError connectionLost) {
                        return;
                    }
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acknowledged.size() < 400 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        dist.kill9();
        running.set(false);
        writers.shutdown();
        assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals("every property should have been acknowledged before the kill", 400, acknowledged.size());

        dist.start();
        api.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(120));
        // Health answers once the registry has recovered; the things servlet may register a moment later.
        String path = "/api/2/things/cz.wujin.kill:meter/features/energy/properties";
        Api.Reply reply = api.get(path);
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
             reply.status() != 200 && System.nanoTime() < until; reply = api.get(path)) {
            Thread.sleep(200);
        }
        assertEquals(reply.toString(), 200, reply.status());
        var props = reply.json();
        for (Map.Entry<String, Integer> e : acknowledged.entrySet()) {
            assertTrue("acknowledged " + e + " lost; found " + props.get(e.getKey()),
                    props.path(e.getKey()).asInt(-1) >= e.getValue());
        }
        assertEquals(200, api.get("/api/2/things/" + DistributionTest.CAMPUS).status());
    }
}
