package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

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
 * cz.xinbei; and a subscription the broker's ACL refuses is a visible failure, retried until the ACL allows it. Each
 * test starts a Mosquitto of its own on a free port, and points the ingestion at it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MosquittoAclIT extends DistributionTest {
    private static final String INGEST_PASSWORD = "it-Ingest-2026";
    private static final String DYNSEC_PLUGIN = "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so";
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
        Path dir = MosquittoProcess.directory("mosquitto-acl");
        run(dir, "mosquitto_passwd", "-b", "-c", "passwd", "dayuan-ingest", INGEST_PASSWORD);
        run(dir, "mosquitto_passwd", "-b", "passwd", "wj-device", Dist.USER_PASSWORD);
        Files.writeString(dir.resolve("acl"), ACL);
        MosquittoProcess mosquitto = MosquittoProcess.start(dir, false, "password_file " + dir.resolve("passwd"),
                "acl_file " + dir.resolve("acl"));
        String url = mosquitto.url;
        Configuration config = configAdmin.getConfiguration("org.dayuan.mqtt", null);
        Dictionary<String, Object> original = config.getProperties();
        try {
            assertEquals(201, api.put("/api/2/things/cz.xinbei:meter-m",
                    "{'features':{'energy':{'properties':{'reading':5}}}}").status());
            ingestFrom(config, url, 5);
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
            mosquitto.close();
        }
    }

    /**
     * A broker that lets the ingestion connect but refuses its subscription (SUBACK 0x80) sends it nothing: health
     * and the status say so, with the filter and the return code, the subscription is retried less and less often,
     * and once the operator lets it read the device topics, on the broker as it runs, readings land, with no restart.
     * Mosquitto's dynamic security plugin refuses a SUBSCRIBE its roles do not allow and takes role changes live (it
     * then drops the user's connections, so the ingestion reconnects and subscribes); an acl_file is only applied to
     * what is delivered, and its SUBACK grants any filter.
     */
    @Test
    public void aRefusedSubscriptionIsShownAndRetriedUntilTheBrokerAllowsIt() throws Exception {
        Path dir = MosquittoProcess.directory("mosquitto-dynsec");
        String adminPassword = "it-Dynsec-2026";
        run(dir, "mosquitto_ctrl", "dynsec", "init", dir.resolve("dynsec.json").toString(), "admin", adminPassword);
        MosquittoProcess mosquitto = MosquittoProcess.start(dir, false, "plugin " + DYNSEC_PLUGIN,
                "plugin_opt_config_file " + dir.resolve("dynsec.json"));
        String url = mosquitto.url;
        int port = mosquitto.port;
        Configuration config = configAdmin.getConfiguration("org.dayuan.mqtt", null);
        Dictionary<String, Object> original = config.getProperties();
        try {
            String[] dynsec = {"mosquitto_ctrl", "-h", "127.0.0.1", "-p", Integer.toString(port), "-u", "admin",
                    "-P", adminPassword, "dynsec"};
            run(dir, dynsec, "createClient", "dayuan-ingest", "-p", INGEST_PASSWORD);
            run(dir, dynsec, "createClient", "wj-device", "-p", Dist.USER_PASSWORD);
            run(dir, dynsec, "createRole", "device");
            run(dir, dynsec, "addRoleACL", "device", "publishClientSend", "dayuan/cz.wujin/#", "allow");
            run(dir, dynsec, "addClientRole", "wj-device", "device");
            ingestFrom(config, url, 1);

            // a refusal after the first: the subscription is retried on the connection, less often each time
            JsonNode refused = Mqtt.awaitStatus(api, s -> url.equals(s.path("broker").asText()) && s.path("lastError")
                    .asText().matches(".*refused the subscription.*retrying in ([2-9]|\\d\\d) s"));
            assertFalse(refused.toString(), refused.path("connected").asBoolean());
            assertTrue(refused.toString(), refused.path("lastError").asText()
                    .contains("refused the subscription to dayuan/+/+/+ (SUBACK return code 0x80)"));
            Api.Reply health = api.get("/api/health");
            assertEquals(health.toString(), 503, health.status());
            assertTrue(health.toString(), health.json().path("down").path("mqtt-ingestion").asText()
                    .contains("refused the subscription to dayuan/+/+/+"));

            run(dir, dynsec, "createRole", "ingest");
            run(dir, dynsec, "addRoleACL", "ingest", "subscribePattern", "dayuan/#", "allow");
            run(dir, dynsec, "addClientRole", "dayuan-ingest", "ingest");
            JsonNode granted = Mqtt.awaitStatus(api, s -> s.path("connected").asBoolean());
            assertEquals(granted.toString(), url, granted.path("broker").asText());
            try (Mqtt device = new Mqtt(url, "it-dynsec-device")) {
                device.publish("dayuan/cz.wujin/meter-e-a-main/energy", "{'reading':5151.5}");
            }
            await(() -> reading("cz.wujin:meter-e-a-main") == 5151.5, "the reading never landed once subscribed: "
                    + Files.readString(dir.resolve("mosquitto.log")));
        } finally {
            config.update(original);
            mosquitto.close();
        }
    }

    /** Points the ingestion at {@code url} as the test broker's user dayuan-ingest. */
    private static void ingestFrom(Configuration config, String url, int retrySeconds) throws IOException {
        Dist.override(config, Map.of("brokerUrl", url, "username", "dayuan-ingest", "password", INGEST_PASSWORD,
                "retrySeconds", retrySeconds));
    }

    private static void await(java.util.function.BooleanSupplier condition, String failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(failure, System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    private static void run(Path dir, String[] command, String... arguments) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(arguments));
        run(dir, all.toArray(String[]::new));
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        MosquittoProcess.run(dir, command);
    }
}
