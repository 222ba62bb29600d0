package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A thousand bad messages from a device of cz.wujin, through the embedded broker, at the demo roof tank's level
 * sensor and a fire detector: every one reaches the ingestion (they stay inside what the broker lets that device
 * publish), is refused and parked once with its reason, and neither twin changes nor does the safety line raise
 * anything; a good reading afterwards is applied. The decoder's own test (device-mqtt MqttFuzzTest) adds the
 * messages the broker already drops: other organisations and topics outside the pattern.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MqttFuzzIT extends DistributionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TANK = "cz.wujin:tank-a-roof-level";
    private static final String TANK_TOPIC = "dayuan/cz.wujin/tank-a-roof-level/tank";
    private static final int MAX_PAYLOAD = 16384;
    private static final int COUNT = 1000;

    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        // Dist turns it off already; said again here because a simulated tank reading would change the twin.
        options.add(editConfigurationFilePut("etc/org.dayuan.simulator.cfg", "enabled", "false"));
        return options.toArray(Option[]::new);
    }

    private record Bad(String topic, byte[] payload, String expect) {
        String key() {
            return topic + " " + Base64.getEncoder().encodeToString(payload);
        }
    }

    private static Bad text(String topic, String payload, String expect) {
        return new Bad(topic, payload.getBytes(StandardCharsets.UTF_8), expect);
    }

    /** Seeded: the same thousand every run, each kind in turn. */
    private static List<Bad> generate(String detectorTopic, long seed) {
        Random random = new Random(seed);
        List<Bad> out = new ArrayList<>();
        for (int i = 0; out.size() < COUNT; i++) {
            String level = String.valueOf(random.nextInt(300) / 100.0);
            int v = random.nextInt(1000);
            out.add(switch (i % 12) {
                case 0 -> text(TANK_TOPIC, List.of("{\"level\":", "{'level':1}", "{level:1}", "{\"level\":1,}",
                        "{\"level\":01}", "{\"fire\":tru}", "{\"level\":1,\"level\":2}").get(v % 7), "not valid JSON");
                case 1 -> text(TANK_TOPIC, "{\"level\":" + List.of("\"" + level + "\"", "[1]", "{\"m\":1}", "true",
                        "\"abc\"").get(v % 5) + "}", "/level violates");
                case 2 -> text(detectorTopic, "{\"fire\":" + List.of("1", "\"true\"", "[true]", "{\"on\":true}")
                        .get(v % 4) + "}", "/fire violates");
                case 3 -> text(TANK_TOPIC, "{\"level\":-" + (v + 1) / 100.0 + "}", "/level violates");
                case 4 -> text("dayuan/cz.wujin/tank-nope-" + v + "/tank", "{\"level\":" + level + "}", "no twin");
                case 5 -> text((v % 2 == 0 ? TANK_TOPIC : detectorTopic).replaceAll("/[^/]*$", v % 2 == 0 ? "/status"
                        : "/tank"), "{\"level\":1}", "has no feature");
                case 6 -> text(TANK_TOPIC, List.of("", " ", "\n").get(v % 3), "payload is empty");
                case 7 -> text(TANK_TOPIC, "{\"level\":1,\"note\":\"" + "x".repeat(MAX_PAYLOAD + v) + "\"}",
                        "over the limit");
                case 8 -> text(v % 2 == 0 ? TANK_TOPIC : detectorTopic, "{\"level\":" + "[".repeat(17 + v)
                        + "1" + "]".repeat(17 + v) + "}", "nests deeper than");
                case 9 -> new Bad(TANK_TOPIC, new byte[][] {{'{', '"', 'l', '"', ':', '"', (byte) 0xff, '"', '}'},
                        {(byte) 0xc0, (byte) 0xaf}, {'{', '"', 'l', '"', ':', '"', (byte) 0xed, (byte) 0xa0,
                        (byte) 0x80, '"', '}'}}[v % 3], "not valid UTF-8");
                case 10 -> text(TANK_TOPIC, "{\"level\":" + List.of("NaN", "Infinity", "-Infinity", "1e999")
                        .get(v % 4) + "}", v % 4 == 3 ? "out of range" : "not valid JSON");
                default -> text(TANK_TOPIC, List.of("{}", "{\"level\":null}", "[1]", "1.5", "null").get(v % 5),
                        List.of("no property", "is null", "not a JSON object", "not a JSON object",
                                "not a JSON object").get(v % 5));
            });
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The twin's revision, from its ETag {@code "rev:N"}: the thing JSON carries no revision unless asked. */
    private long revision(String id) {
        Api.Reply r = api.get("/api/2/things/" + id);
        String etag = r.header("ETag");
        assertTrue(r.toString(), r.status() == 200 && etag != null && etag.matches("\"rev:\\d+\""));
        return Long.parseLong(etag.replaceAll("\\D", ""));
    }

    /** Every dead letter written so far, one JSON object a line. */
    private static List<JsonNode> deadLetters(Path dir) throws IOException {
        List<JsonNode> letters = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return letters;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    letters.add(JSON.readTree(line));
                }
            }
        }
        return letters;
    }

    @Test
    public void aThousandBadPayloadsAreRefusedOnceEachAndChangeNothing() throws Exception {
        JsonNode start = Mqtt.awaitStatus(api, s -> s.path("connected").asBoolean());
        String detector = api.get("/api/2/search/things?filter=" + enc("eq(definition,\"dayuan:FireDetector:1.0.0\")")
                + "&option=size(1)&fields=thingId").json().path("items").path(0).path("thingId").asText();
        assertTrue("a demo detector", detector.startsWith("cz.wujin:"));
        String detectorTopic = "dayuan/" + detector.replace(':', '/') + "/status";
        long tankRevision = revision(TANK);
        long detectorRevision = revision(detector);
        Path dir = Path.of(start.path("deadLetterDir").asText());
        int lettersBefore = deadLetters(dir).size();
        long rejectedBefore = start.path("rejected").asLong();
        long appliedBefore = start.path("applied").asLong();

        List<Bad> bad = generate(detectorTopic, 13);
        try (Mqtt device = new Mqtt("it-fuzz")) {
            for (Bad b : bad) {
                device.publish(b.topic(), b.payload());
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode status = Mqtt.status(api);
        while (status.path("rejected").asLong() < rejectedBefore + COUNT) {
            assertTrue("the refusals never all arrived: " + status, System.nanoTime() < deadline);
            Thread.sleep(200);
            status = Mqtt.status(api);
        }
        assertEquals(rejectedBefore + COUNT, status.path("rejected").asLong());
        assertEquals(appliedBefore, status.path("applied").asLong());
        assertEquals(0, status.path("failed").asLong());
        assertEquals(tankRevision, revision(TANK));
        assertEquals(detectorRevision, revision(detector));
        String alarms = "/api/2/search/things?filter=" + enc("and(eq(definition,\"dayuan:Alarm:2.0.0\"),in("
                + "attributes/parent,\"" + TANK + "\",\"" + detector + "\"))") + "&fields=thingId,attributes/type";
        Api.Reply raised = api.get(alarms);
        assertEquals(raised.toString(), 200, raised.status());
        assertEquals(raised.toString(), 0, raised.json().path("items").size());

        List<JsonNode> letters = deadLetters(dir);
        assertEquals("one dead letter per refused message", lettersBefore + COUNT, letters.size());
        Map<String, List<String>> expected = new HashMap<>();
        bad.forEach(b -> expected.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(b.expect()));
        Map<String, Integer> histogram = new TreeMap<>();
        List<String> unexplained = new ArrayList<>();
        for (JsonNode letter : letters.subList(lettersBefore, letters.size())) {
            byte[] payload = letter.has("payloadBase64")
                    ? Base64.getDecoder().decode(letter.path("payloadBase64").asText())
                    : letter.path("payload").asText().getBytes(StandardCharsets.UTF_8);
            String key = letter.path("topic").asText() + " " + Base64.getEncoder().encodeToString(payload);
            String reason = letter.path("reason").asText();
            List<String> wanted = expected.getOrDefault(key, List.of());
            String match = wanted.stream().filter(reason::contains).findFirst().orElse(null);
            if (match == null) {
                unexplained.add(letter.toString().substring(0, Math.min(300, letter.toString().length())));
            } else {
                wanted.remove(match);
                histogram.merge(reason.replaceAll("\\d+", "N").replaceAll("The value .* at ", "The value … at "),
                        1, Integer::sum);
            }
        }
        histogram.forEach((r, n) -> System.out.println(String.format("MqttFuzzIT %5d  %s", n, r)));
        assertEquals("every dead letter is one of ours with its reason", List.of(), unexplained);

        assertEquals(200, api.anonymous().get("/api/health").status());
        try (Mqtt device = new Mqtt("it-fuzz-good")) {
            device.publish(TANK_TOPIC, "{'level':2.2,'timestamp':'2026-12-06T10:30:00+08:00'}");
        }
        Mqtt.awaitStatus(api, s -> s.path("applied").asLong() == appliedBefore + 1);
        assertEquals(2.2, api.get("/api/2/things/" + TANK + "/features/tank/properties/level").json().asDouble(), 0);
        assertEquals(tankRevision + 1, revision(TANK));
    }
}
