package org.dayuan.device.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.models.Models;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.core.models.ModelCatalog;
import org.dayuan.twin.core.models.ModelValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand bad messages for the fire-water and detector topics through the ingestion's decode and write path,
 * against a real registry that validates against the shipped Thing Models, under the grant a county gives
 * device-mqtt: none escapes, none changes a twin, each is parked and counted once with a reason naming the fault.
 */
class MqttFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    private static final String BSN = "org.dayuan.device-mqtt";
    private static final String TANK = "cz.wujin:tank-a-roof-level";
    private static final String DETECTOR = "cz.wujin:det-a-0101-01";
    private static final String OTHER_TANK = "cz.xinbei:tank-x-roof-level";
    private static final int MAX_PAYLOAD = 16384;

    @TempDir
    Path dir;

    private final InMemoryTwins twins = new InMemoryTwins();
    /** What etc/org.dayuan.identities.cfg gives device-mqtt in a county that lists its organisations. */
    private final TwinRegistry view = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN,
            "device, ns:cz.wujin, name:device-mqtt")).registry();
    private final Decoder decoder = new Decoder(new TopicScheme("dayuan/{namespace}/{name}/{feature}"), List.of(),
            MAX_PAYLOAD, id -> view.get(view.identity(), id));
    private final IngestStats stats = new IngestStats();

    MqttFuzzTest() {
        twins.registry.addValidator(new ModelValidator(
                ModelCatalog.of("org.dayuan.twin-models", Models.class.getResource(Models.RESOURCE_DIR))));
        for (String ns : List.of("cz.wujin", "cz.xinbei")) {
            create(ns + ":room-1", "{'attributes':{'name':'水箱间'}}");
        }
        String tank = "{'definition':'dayuan:WaterTankSensor:1.0.0','attributes':{'name':'屋顶消防水箱液位',"
                + "'parent':'%s','measures':'level','levelLow':1.2,'levelHigh':2.6},"
                + "'features':{'tank':{'properties':{'level':2.1,'timestamp':'2026-12-06T09:00:00+08:00'}}}}";
        create(TANK, tank.formatted("cz.wujin:room-1"));
        create(OTHER_TANK, tank.formatted("cz.xinbei:room-1"));
        create(DETECTOR, "{'definition':'dayuan:FireDetector:1.0.0','attributes':{'name':'感烟探测器',"
                + "'parent':'cz.wujin:room-1','kind':'smoke','loop':1,'address':1},"
                + "'features':{'status':{'properties':{'fire':false,'fault':false,'disabled':false}}}}");
    }

    private void create(String id, String json) {
        try {
            twins.registry.create(ADMIN, TwinId.of(id), (ObjectNode) JSON.readTree(json.replace('\'', '"')));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Every twin as stored, with its revision. */
    private Map<String, JsonNode> snapshot() {
        Map<String, JsonNode> all = new TreeMap<>();
        twins.registry.list(ADMIN).forEach(t -> all.put(t.id() + "@" + t.revision(), t.toJson()));
        return all;
    }

    /**
     * One message as MqttIngestion handles it: decode, then the merge its route makes as the bundle's identity; a
     * refusal by either (a 4xx from the registry) is parked with its reason and counted. Anything else escapes.
     */
    private void ingest(DeadLetters deadLetters, String topic, byte[] payload) throws Exception {
        stats.received.incrementAndGet();
        String reason;
        try {
            Decoder.Write write = decoder.decode(topic, payload);
            view.merge(view.identity().from("route mqtt-ingest"), write.thingId(),
                    org.dayuan.twin.JsonPointer.of("features", write.feature(), "properties"), write.properties(),
                    WriteCondition.NONE);
            stats.applied.incrementAndGet();
            return;
        } catch (Decoder.Rejected e) {
            reason = e.getMessage();
        } catch (DayuanException e) {
            if (e.status() >= 500) {
                throw e;
            }
            reason = e.getMessage();
        }
        deadLetters.park(Instant.parse("2026-12-06T02:00:00Z"), topic, payload, reason);
        stats.rejected.incrementAndGet();
    }

    @Test
    void aThousandBadPayloadsAreEachRefusedOnceWithTheirReasonAndChangeNothing() throws Exception {
        List<BadPayloads.Case> cases = new BadPayloads(TANK, DETECTOR, OTHER_TANK, MAX_PAYLOAD, 13).generate(1000);
        DeadLetters deadLetters = new DeadLetters(dir);
        Map<String, JsonNode> before = snapshot();
        List<String> escaped = new ArrayList<>();
        for (BadPayloads.Case c : cases) {
            try {
                ingest(deadLetters, c.topic(), c.payload());
            } catch (Throwable e) {
                escaped.add(c + " -> " + e);
            }
        }
        assertEquals(List.of(), escaped, "nothing escapes the ingestion");
        assertEquals(before, snapshot(), "no twin changed");
        assertEquals(1000, stats.received.get());
        assertEquals(0, stats.applied.get(), "no bad payload is applied");
        assertEquals(1000, stats.rejected.get(), "each is counted once");

        List<String> lines;
        try (Stream<Path> files = Files.list(dir)) {
            lines = files.flatMap(f -> {
                try {
                    return Files.readAllLines(f, StandardCharsets.UTF_8).stream();
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }
        assertEquals(1000, lines.size(), "one dead letter per refused message");
        Map<String, Integer> histogram = new TreeMap<>();
        List<String> wrongReason = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            BadPayloads.Case c = cases.get(i);
            JsonNode letter = JSON.readTree(lines.get(i));
            String reason = letter.path("reason").asText();
            assertEquals(c.topic(), letter.path("topic").asText());
            if (!reason.contains(c.expect())) {
                wrongReason.add(c + " -> " + reason);
            }
            histogram.merge(c.kind() + ": " + reason.replaceAll("\\d+", "N").replaceAll("<[^>]*>", "<…>")
                    .replaceAll("The value .* at ", "The value … at "), 1, Integer::sum);
        }
        histogram.forEach((r, n) -> System.out.println(String.format("%5d  %s", n, r)));
        assertEquals(List.of(), wrongReason, "each reason names what was wrong");

        // The same path still applies a good reading, so the refusals above are the payloads' doing.
        ingest(deadLetters, "dayuan/cz.wujin/tank-a-roof-level/tank", "{\"level\":1.9}".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, stats.applied.get());
        assertEquals(1.9, twins.registry.get(ADMIN, TwinId.of(TANK)).orElseThrow().toJson()
                .at("/features/tank/properties/level").asDouble(), 0);
        assertFalse(snapshot().equals(before));
        assertTrue(deadLetters.recent().size() <= 20);
    }
}
