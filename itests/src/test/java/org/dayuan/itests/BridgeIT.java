package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * County -> city mirroring with the Ditto bridge between two distributions started as an operator starts them: the
 * county's bridge writes into the city's /ws/2. Writes at the county reach the city; the city stopped for a while and
 * the county killed with SIGKILL mid-stream lose nothing: at the end every twin of the namespace is at the city with
 * the county's state and revision, and the deleted ones are gone. Not Pax Exam: it needs two JVMs and a kill.
 */
public class BridgeIT {
    private static final String NS = "cz.wujin.bridge";
    private static final int TWINS = 40;
    private static final Duration MIRRORED = Duration.ofSeconds(90);

    private ProcessDist city;
    private ProcessDist county;

    @Before
    public void unpack() throws Exception {
        city = new ProcessDist("city-", "dayuan_bridge_city_");
        county = county(city, NS, "county-it", "county-", "dayuan_bridge_county_");
    }

    /**
     * A county unpacked (not started) whose bridge, booted with it, mirrors namespace {@code ns} to {@code city}'s
     * /ws/2 as source {@code source}, logging in as the admin, with short reconnect pauses.
     */
    static ProcessDist county(ProcessDist city, String ns, String source, String prefix, String schemaPrefix)
            throws Exception {
        ProcessDist county = new ProcessDist(prefix, schemaPrefix);
        county.bootFeature("dayuan-ditto-bridge");
        county.append("etc/org.dayuan.ditto.bridge.cfg", String.join("\n",
                "enabled = true", "endpoint = ws://127.0.0.1:" + city.port, "username = " + Dist.ADMIN,
                "password = " + Dist.ADMIN_PASSWORD, "namespaces = " + ns, "source = " + source,
                "retryInitialMillis = 500", "retryMaxMillis = 2000", "timeoutSeconds = 10"));
        return county;
    }

    @After
    public void stop() {
        county.close();
        city.close();
    }

    @Test
    public void countyTwinsReachTheCityThroughCityStopAndCountyKill() throws Exception {
        city.start();
        county.start();
        Api cityApi = new Api(city.port);
        Api countyApi = new Api(county.port);
        cityApi.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(180));
        countyApi.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(180));

        for (int i = 0; i < TWINS; i++) {
            assertEquals(201, countyApi.put(thing(i), "{'attributes':{'i':" + i + "},'features':{'m':"
                    + "{'properties':{'v':0}}}}").status());
        }
        for (int round = 1; round <= 5; round++) {
            for (int i = 0; i < TWINS; i++) {
                assertEquals(204, countyApi.put(thing(i) + "/features/m/properties/v", String.valueOf(round))
                        .status());
            }
        }
        awaitMirrored(countyApi, cityApi);
        JsonNode status = awaitStatus(countyApi, true);
        assertTrue(status.toString(), status.path("sent").asLong() >= TWINS * 6);
        assertTrue(status.toString(), status.path("position").asLong() > 0);
        assertTrue(status.toString(), status.path("lag").has("events") && status.path("lag").has("seconds"));

        // the city goes away for 30 s while the county keeps writing
        city.stop();
        AtomicInteger round = new AtomicInteger(10);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            int r = round.incrementAndGet();
            assertEquals(204, countyApi.put(thing(r % TWINS) + "/features/m/properties/v", String.valueOf(r))
                    .status());
            Thread.sleep(50);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(204, countyApi.delete(thing(i)).status());
        }
        JsonNode down = awaitStatus(countyApi, false);
        assertTrue(down.toString(), down.path("lastError").has("message"));
        assertTrue(down.toString(), down.path("lag").path("events").asLong() > 0);
        city.start();
        cityApi.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(180));
        awaitMirrored(countyApi, cityApi);

        // the county is killed in the middle of a stream of writes, and started again
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> stream = writer.submit(() -> {
            while (writing.get()) {
                int r = round.incrementAndGet();
                try {
                    countyApi.put(thing(5 + r % (TWINS - 5)) + "/features/m/properties/v", String.valueOf(r));
                } catch (AssertionError connectionLost) {
                    return;
                }
            }
        });
        Thread.sleep(3000);
        county.kill9();
        writing.set(false);
        stream.get(60, TimeUnit.SECONDS);
        writer.shutdown();
        county.start();
        countyApi.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(180));
        for (int i = 5; i < 15; i++) {
            countyApi.put(thing(i) + "/attributes/after", "true");
        }
        awaitMirrored(countyApi, cityApi);
        awaitStatus(countyApi, true);
    }

    private static String thing(int i) {
        return "/api/2/things/" + NS + ":t-" + i;
    }

    /**
     * Waits until the city holds every county twin of the namespace with the county's state and, in
     * attributes/dayuanSource, the county's revision; and none of the ones the county deleted.
     */
    private static void awaitMirrored(Api countyApi, Api cityApi) throws InterruptedException {
        long deadline = System.nanoTime() + MIRRORED.toNanos();
        List<String> differences = differences(countyApi, cityApi);
        while (!differences.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            differences = differences(countyApi, cityApi);
        }
        assertTrue("the city differs from the county: " + differences, differences.isEmpty());
    }

    private static List<String> differences(Api countyApi, Api cityApi) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < TWINS; i++) {
            Api.Reply c = countyApi.get(thing(i) + "?fields=thingId,attributes,features,_revision");
            Api.Reply u = cityApi.get(thing(i) + "?fields=thingId,attributes,features");
            if (c.status() == 404) {
                if (u.status() != 404) {
                    out.add(thing(i) + " deleted at the county, city answers " + u.status());
                }
                continue;
            }
            if (u.status() != 200) {
                out.add(thing(i) + " missing at the city: " + u.status());
                continue;
            }
            ObjectNode county = (ObjectNode) c.json();
            long revision = county.remove("_revision").asLong();
            ObjectNode upstream = (ObjectNode) u.json();
            JsonNode source = ((ObjectNode) upstream.path("attributes")).remove("dayuanSource");
            if (source == null || source.path("revision").asLong() != revision
                    || !source.path("instance").asText().equals("county-it")) {
                out.add(thing(i) + " county revision " + revision + ", city holds " + source);
            } else if (!county.equals(upstream)) {
                out.add(thing(i) + " county " + county + " city " + upstream);
            }
        }
        return out;
    }

    private static JsonNode awaitStatus(Api countyApi, boolean connected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Api.Reply reply = countyApi.get("/api/dayuan/ditto-bridge");
        while ((reply.status() != 200 || reply.json().path("connected").asBoolean() != connected)
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
            reply = countyApi.get("/api/dayuan/ditto-bridge");
        }
        assertEquals(reply.toString(), 200, reply.status());
        assertEquals(reply.toString(), connected, reply.json().path("connected").asBoolean());
        assertTrue(reply.toString(), reply.json().path("enabled").asBoolean());
        return reply.json();
    }
}
