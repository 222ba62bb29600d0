package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * With an external broker, README's Mosquitto set-up (password_file, and an acl_file that lets the ingestion's user
 * read the device topics and each device user write its own organisation's) keeps a device of cz.wujin out of
 * cz.xinbei. A Mosquitto of its own is started on a free port with that set-up, and the ingestion pointed at it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MosquittoAclIT extends DistributionTest {
    private static final String INGEST_PASSWORD = "it-Ingest-2026";
    /** README's example ACL, as an operator would copy it. */
    private static final String ACL = """
            # the ingestion reads every device topic
            user dayuan-ingest
            topic read dayuan/#

            # a device user writes its own organisation's topics only; a sub-organisation is a topic level of its
            # own, so each namespace the user covers gets a line (cz.wujin.hutang would need another)
            user wj-device
            topic write dayuan/cz.wujin/#
            """;

    @Inject
    private ConfigurationAdmin configAdmin;

    private JsonNode status() {
        Api.Reply r = api.get("/api/dayuan/mqtt");
        return r.status() == 200 ? r.json() : MissingNode.getInstance();
    }

    private double reading(String thingId) {
        return api.get("/api/2/things/" + thingId + "/features/energy/properties/reading").json().asDouble();
    }

    @Test
    public void aWujinDeviceCannotWriteXinbeiThroughMosquittoWithTheReadmeAcl() throws Exception {
        Path dir = Files.createTempDirectory("mosquitto-acl");
        int port = Dist.freePort();
        run(dir, "mosquitto_passwd", "-b", "-c", "passwd", "dayuan-ingest", INGEST_PASSWORD);
        run(dir, "mosquitto_passwd", "-b", "passwd", "wj-device", Dist.USER_PASSWORD);
        Files.writeString(dir.resolve("acl"), ACL);
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous false",
                "password_file " + dir.resolve("passwd"),
                "acl_file " + dir.resolve("acl"),
                "persistence false",
                "user " + System.getProperty("user.name"), ""));
        Process mosquitto = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        String url = "tcp://127.0.0.1:" + port;
        Configuration config = configAdmin.getConfiguration("org.dayuan.mqtt", null);
        Dictionary<String, Object> original = config.getProperties();
        try {
            assertEquals(201, api.put("/api/2/things/cz.xinbei:meter-m",
                    "{'features':{'energy':{'properties':{'reading':5}}}}").status());
            Dictionary<String, Object> changed = new Hashtable<>();
            for (var keys = original.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                changed.put(key, original.get(key));
            }
            changed.put("brokerUrl", url);
            changed.put("username", "dayuan-ingest");
            changed.put("password", INGEST_PASSWORD);
            config.update(changed);
            await(() -> url.equals(status().path("broker").asText()) && status().path("connected").asBoolean(),
                    "ingestion never connected to the test Mosquitto: " + Files.readString(dir.resolve("mosquitto.log")));

            try (Mqtt device = new Mqtt(url, "it-acl-device")) {
                // Mosquitto acknowledges a publish its ACL denies and drops it (MQTT 3.1.1)
                device.publish("dayuan/cz.xinbei/meter-m/energy", "{'reading':666}");
                device.publish("dayuan/cz.wujin/meter-e-a-main/energy", "{'reading':4242.5}");
            }
            await(() -> reading("cz.wujin:meter-e-a-main") == 4242.5, "the device's own reading never landed");
            assertEquals("the denied reading changed nothing", 5, reading("cz.xinbei:meter-m"), 0);
        } finally {
            config.update(original);
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(failure, System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(String.join(" ", command) + ": " + out, 0, p.waitFor());
    }
}
