package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.itests.SseClient.Event;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Device readings over MQTT: from a publish on the embedded broker to a durable, streamed twin update. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MqttIngestIT extends DistributionTest {
    private static final String METER = "cz.wujin:meter-e-a-main";
    private static final String TOPIC = "dayuan/cz.wujin/meter-e-a-main/energy";

    @Inject
    private ConfigurationAdmin configAdmin;

    @Test
    public void aPublishedReadingUpdatesTheMeterTwinAndIsStreamed() throws Exception {
        Mqtt.awaitStatus(api, s -> s.path("connected").asBoolean());
        try (SseClient sse = new SseClient(port, "/api/2/things/" + METER + "/features/energy/properties");
             Mqtt device = new Mqtt("it-meter")) {
            device.publish(TOPIC, "{'reading':61234.5,'power':210.5,'timestamp':'2026-11-22T10:00:00+08:00'}");
            Event event = sse.next(10);
            assertEquals(61234.5, event.data().path("reading").asDouble(), 0);
            JsonNode stored = api.get("/api/2/things/" + METER + "/features/energy/properties").json();
            assertEquals(61234.5, stored.path("reading").asDouble(), 0);
            assertEquals("2026-11-22T10:00:00+08:00", stored.path("timestamp").asText());
        }
    }

    @Test
    public void badMessagesAreParkedWithTheReasonAndChangeNothing() throws Exception {
        Mqtt.awaitStatus(api, s -> s.path("connected").asBoolean());
        long revision = api.get("/api/2/things/" + METER + "?fields=_revision").json().path("_revision").asLong();
        assertTrue("the meter has a revision", revision > 0);
        long rejectedBefore = Mqtt.status(api).path("rejected").asLong();
        List<String[]> bad = List.of(
                new String[] {TOPIC, "{'reading':", "not valid JSON"},
                new String[] {TOPIC, "[1,2]", "not a JSON object"},
                new String[] {TOPIC, "{'reading':'lots'}", "violates"},
                new String[] {TOPIC, "{'reading':-5}", "violates"},
                new String[] {TOPIC, "{'reading':null}", "is null"},
                new String[] {TOPIC, "{}", "no property"},
                new String[] {TOPIC, "{'x':'" + "y".repeat(20_000) + "'}", "over the limit"},
                new String[] {"dayuan/cz.wujin/meter-nope/energy", "{'reading':1}", "no twin"},
                new String[] {"dayuan/cz.wujin/meter-e-a-main/gas", "{'reading':1}", "no feature"});
        try (Mqtt device = new Mqtt("it-bad")) {
            for (String[] b : bad) {
                device.publish(b[0], b[1]);
            }
            device.publish(TOPIC, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});
        }
        JsonNode status = Mqtt.awaitStatus(api, s -> s.path("rejected").asLong() >= rejectedBefore + bad.size() + 1);
        assertEquals(revision, api.get("/api/2/things/" + METER + "?fields=_revision").json().path("_revision").asLong());
        List<String> reasons = new ArrayList<>();
        status.path("recentRejections").forEach(r -> reasons.add(r.path("reason").asText()));
        for (String[] b : bad) {
            assertTrue(b[2] + " in " + reasons, reasons.stream().anyMatch(r -> r.contains(b[2])));
        }
        Path dir = Path.of(status.path("deadLetterDir").asText());
        try (Stream<Path> files = Files.list(dir)) {
            String all = String.join("", files.map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            }).toList());
            assertTrue("every refused message is kept: " + all, all.contains("meter-nope")
                    && all.contains("payloadBase64"));
        }
    }

    @Test
    public void aBurstOfReadingsIsAppliedInOrderPerMeter() throws Exception {
        Mqtt.awaitStatus(api, s -> s.path("connected").asBoolean());
        List<String> meters = new ArrayList<>();
        api.get("/api/2/search/things?filter=eq(attributes/carrier,%22electricity%22)&option=size(20)&fields=thingId")
                .json().path("items").forEach(i -> meters.add(i.path("thingId").asText()));
        assertEquals(20, meters.size());
        long appliedBefore = Mqtt.status(api).path("applied").asLong();
        int rounds = 50;
        try (Mqtt device = new Mqtt("it-burst")) {
            for (int r = 1; r <= rounds; r++) {
                for (String meter : meters) {
                    device.publish("dayuan/" + meter.replace(':', '/') + "/energy",
                            "{'reading':" + (70_000 + r) + ",'power':1}");
                }
            }
        }
        Mqtt.awaitStatus(api, s -> s.path("applied").asLong() >= appliedBefore + (long) rounds * meters.size());
        for (String meter : meters) {
            assertEquals(meter, 70_000 + rounds, api.get("/api/2/things/" + meter
                    + "/features/energy/properties/reading").json().asDouble(), 0);
        }
    }

    /** Points the ingestion at another broker; returns the configuration as it was. */
    private Dictionary<String, Object> useBroker(String url) throws Exception {
        return Dist.override(configAdmin.getConfiguration("org.dayuan.mqtt", null), Map.of("brokerUrl", url));
    }

    private void restore(Dictionary<String, Object> original) throws Exception {
        String url = String.valueOf(original.get("brokerUrl"));
        configAdmin.getConfiguration("org.dayuan.mqtt", null).update(original);
        Mqtt.awaitStatus(api, s -> s.path("connected").asBoolean() && url.equals(s.path("broker").asText()));
    }

    @Test
    public void theSameIngestionWorksAgainstAnExternalBroker() throws Exception {
        MosquittoProcess broker = MosquittoProcess.start(MosquittoProcess.directory("mosquitto-external"), true);
        String mosquitto = broker.url;
        Dictionary<String, Object> original = useBroker(mosquitto);
        try (broker) {
            Mqtt.awaitStatus(api, s -> mosquitto.equals(s.path("broker").asText()) && s.path("connected").asBoolean());
            try (Mqtt device = new Mqtt(mosquitto, "it-external")) {
                device.publish("dayuan/cz.wujin/meter-e-b-main/energy", "{'reading':77777.5,'power':99.5}");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (api.get("/api/2/things/cz.wujin:meter-e-b-main/features/energy/properties/reading").json()
                    .asDouble() != 77777.5) {
                assertTrue("the reading sent through Mosquitto never arrived", System.nanoTime() < deadline);
                Thread.sleep(100);
            }
        } finally {
            restore(original);
        }
    }

    @Test
    public void anUnreachableBrokerIsReportedNotIgnored() throws Exception {
        String nowhere = "tcp://127.0.0.1:" + Dist.freePort();
        Dictionary<String, Object> original = useBroker(nowhere);
        try {
            JsonNode status = Mqtt.awaitStatus(api, s -> nowhere.equals(s.path("broker").asText())
                    && s.has("lastError"));
            assertFalse(status.path("connected").asBoolean());
            assertTrue(status.path("lastError").asText(), status.path("lastError").asText().contains(nowhere));
        } finally {
            restore(original);
        }
    }
}
