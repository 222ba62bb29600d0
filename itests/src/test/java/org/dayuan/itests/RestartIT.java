package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Every installed part comes back after a restart, graceful ({@code bin/stop}) or after {@code kill -9}: the
 * embedded broker reads its persisted sessions again, ingestion reconnects and a device's reading lands. Health says
 * DOWN, with the part's name for a login only, when a part is not running. Not a Pax Exam test, because Pax Exam
 * cannot restart its own container.
 */
public class RestartIT {
    /** The documented demo device user (README "Demo users"). */
    private static final String DEVICE = "wujin-device";
    private static final String DEVICE_PASSWORD = "Wujin-Device-2026";
    private static final String METER = "cz.wujin:meter-e-a-main";
    private static final String READING = "/api/2/things/" + METER + "/features/energy/properties/reading";

    private ProcessDist dist;
    private Api api;

    @Before
    public void unpack() throws Exception {
        dist = new ProcessDist("restart-");
    }

    @After
    public void stop() {
        dist.close();
    }

    @Test
    public void aRestartBringsTheBrokerAndIngestionBackAndHealthSaysWhatIsDown() throws Exception {
        dist.start();
        api = new Api(dist.port);
        awaitUp();
        assertReadingLands(1001.5);

        dist.stop();
        dist.start();
        awaitUp();
        assertReadingLands(1002.5);

        dist.kill9();
        dist.start();
        awaitUp();
        assertReadingLands(1003.5);

        String log = Files.readString(dist.home.resolve("data/log/karaf.log"));
        assertFalse("the broker read its store back: " + log.length(), log.contains("ClassNotFoundException"));
        assertFalse("no MQTT packet is logged at INFO", log.contains("MQTTMessageLogger"));

        // A part that cannot start: another program holds the broker's port when Dayuan starts.
        dist.stop();
        try (ServerSocket taken = new ServerSocket(dist.mqttPort, 50, InetAddress.getLoopbackAddress())) {
            dist.start();
            // The broker's failure is reported once its component has tried to start, ingestion's a moment later.
            Api.Reply health = awaitHealth(503, "org.dayuan.mqtt.broker.EmbeddedBroker", "mqtt-ingestion");
            assertEquals("an anonymous monitor learns up or down, nothing more", "{\"status\":\"DOWN\"}",
                    api.anonymous().get("/api/health").raw().body());
            JsonNode down = health.json().path("down");
            assertTrue(health.toString(), down.has("org.dayuan.mqtt.broker.EmbeddedBroker"));
            assertTrue(health.toString(), down.path("org.dayuan.mqtt.broker.EmbeddedBroker").asText()
                    .contains("in use"));
            assertTrue(health.toString(), down.has("mqtt-ingestion"));
        }
    }

    private void awaitUp() {
        // 200 only once every part runs, ingestion connected to the broker included
        api.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(180));
        Api.Reply anonymous = api.anonymous().get("/api/health");
        assertEquals("{\"status\":\"UP\"}", anonymous.raw().body());
        JsonNode admin = api.get("/api/health").json();
        assertEquals(admin.toString(), 0, admin.path("down").size());
        String store = admin.path("store").asText();
        assertTrue("an administrator sees where the store is: " + store, store.contains(Dist.onPostgres()
                ? "127.0.0.1:5432" : dist.home.toString()));
    }

    /** Health once it answers {@code status} and names every part in {@code down}. */
    private Api.Reply awaitHealth(int status, String... down) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            try {
                Api.Reply r = api.get("/api/health");
                if (r.status() == status && r.json().has("down")
                        && Arrays.stream(down).allMatch(r.json().path("down")::has)) {
                    return r;
                }
            } catch (AssertionError notListening) {
                // not yet
            }
            assertTrue("health never answered " + status, System.nanoTime() < deadline);
            Thread.sleep(250);
        }
    }

    /** A device publishes a reading; it reaches the twin. */
    private void assertReadingLands(double reading) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // The demo users are written shortly after the first start; trying to log in before would count as failed
        // logins towards the lockout.
        while (!Files.readString(dist.home.resolve("data/log/karaf.log")).contains("demo user '" + DEVICE + "'")) {
            assertTrue("the demo device user was never created", System.nanoTime() < deadline);
            Thread.sleep(200);
        }
        try (Mqtt d = new Mqtt("tcp://127.0.0.1:" + dist.mqttPort, "restart-device", DEVICE, DEVICE_PASSWORD)) {
            d.publish("dayuan/cz.wujin/meter-e-a-main/energy", "{'reading':" + reading + ",'power':1}");
        }
        while (api.get(READING).json().asDouble() != reading) {
            assertTrue("reading " + reading + " never arrived", System.nanoTime() < deadline);
            Thread.sleep(200);
        }
    }
}
