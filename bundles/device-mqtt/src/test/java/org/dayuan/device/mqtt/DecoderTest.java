package org.dayuan.device.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.core.Registry;
import org.dayuan.testing.InMemoryTwins;
import org.junit.jupiter.api.Test;

class DecoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InMemoryTwins twins = new InMemoryTwins();
    private final Decoder decoder = new Decoder(new TopicScheme("dayuan/{namespace}/{name}/{feature}"),
            List.of(FieldMapping.parse("acme:Meter:2|energy|e=reading,p=power:*0.001,ts=timestamp:epochSeconds")),
            256, id -> twins.registry.get(Registry.SELF, id));

    DecoderTest() {
        twins.registry.create(Registry.SELF, TwinId.of("cz.wujin:meter-1"), JSON.valueToTree(Map.of(
                "features", Map.of("energy", Map.of("properties", Map.of("reading", 1))))));
        twins.registry.create(Registry.SELF, TwinId.of("cz.wujin:meter-2"), JSON.valueToTree(Map.of(
                "definition", "acme:Meter:2",
                "features", Map.of("energy", Map.of("properties", Map.of("reading", 1))))));
    }

    private Decoder.Write decode(String topic, String payload) throws Decoder.Rejected {
        return decoder.decode(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private String refused(String topic, String payload) {
        return assertThrows(Decoder.Rejected.class, () -> decode(topic, payload)).getMessage();
    }

    @Test
    void aPayloadBecomesTheFeaturePropertiesOfTheTwinNamedByTheTopic() throws Exception {
        Decoder.Write write = decode("dayuan/cz.wujin/meter-1/energy", "{\"reading\":12.5,\"power\":3}");
        assertEquals("cz.wujin:meter-1", write.thingId().toString());
        assertEquals("energy", write.feature());
        assertEquals(JSON.readTree("{\"reading\":12.5,\"power\":3}"), write.properties());
    }

    @Test
    void aDeviceTypeMappingRenamesScalesAndConvertsTimeAndDropsTheRest() throws Exception {
        Decoder.Write write = decode("dayuan/cz.wujin/meter-2/energy",
                "{\"e\":100.5,\"p\":2500,\"ts\":1700000000,\"rssi\":-70}");
        assertEquals(JSON.readTree("{\"reading\":100.5,\"power\":2.5,\"timestamp\":\"2023-11-14T22:13:20Z\"}"),
                write.properties());
        assertTrue(refused("dayuan/cz.wujin/meter-2/energy", "{\"ts\":\"yesterday\"}").contains("must be a number"));
    }

    @Test
    void brokenMessagesAreRefusedWithTheReason() {
        assertTrue(refused("dayuan/cz.wujin/meter-1", "{}").contains("does not fit"));
        assertTrue(refused("other/cz.wujin/meter-1/energy", "{\"reading\":1}").contains("does not fit"));
        assertTrue(refused("dayuan/not a namespace/meter-1/energy", "{\"reading\":1}").contains("invalid"));
        assertTrue(refused("dayuan/cz.wujin/meter-9/energy", "{\"reading\":1}").contains("no twin"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/water", "{\"reading\":1}").contains("no feature"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/energy", "{\"reading\":").contains("not valid JSON"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/energy", "[1,2]").contains("not a JSON object"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/energy", "{} {}").contains("after the JSON"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/energy", "{\"a\":1,\"a\":2}").contains("not valid JSON"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/energy", "{}").contains("no property"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/energy", "{\"reading\":null}").contains("null"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/energy", "{\"x\":\"" + "y".repeat(300) + "\"}")
                .contains("over the limit"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/energy", " \n").contains("payload is empty"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/energy", "{\"reading\":1e999}").contains("out of range"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/energy", "{\"reading\":NaN}").contains("not valid JSON"));
        assertTrue(refused("dayuan/cz.wujin/meter-1/energy", "{\"r\":" + "[".repeat(Decoder.MAX_DEPTH) + "1"
                + "]".repeat(Decoder.MAX_DEPTH) + "}").contains("nests deeper than 16"));
        // An overlong '/', which Jackson would read as a character.
        assertTrue(assertThrows(Decoder.Rejected.class, () -> decoder.decode("dayuan/cz.wujin/meter-1/energy",
                new byte[] {'{', '"', 'r', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'})).getMessage()
                .contains("not valid UTF-8"));
    }

    @Test
    void aMappedFieldOutOfRangeIsRefusedUnderItsPropertyName() {
        assertTrue(refused("dayuan/cz.wujin/meter-2/energy", "{\"p\":1e999}").contains("'power' is out of range"));
    }

    @Test
    void nestingUpToTheLimitIsRead() throws Exception {
        int inside = Decoder.MAX_DEPTH - 1;
        assertEquals(1, decode("dayuan/cz.wujin/meter-1/energy", "{\"r\":" + "[".repeat(inside) + "1"
                + "]".repeat(inside) + "}").properties().size());
    }

    @Test
    void badPatternsAndMappingsAreRefusedAtConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new TopicScheme("dayuan/{name}/{feature}"));
        assertThrows(IllegalArgumentException.class, () -> new TopicScheme("dayuan/+/{namespace}/{name}/{feature}"));
        assertThrows(IllegalArgumentException.class, () -> FieldMapping.parse("acme|energy"));
        assertThrows(IllegalArgumentException.class, () -> FieldMapping.parse("acme|energy|e=reading:cubed"));
        assertEquals("dayuan/+/+/+", new TopicScheme("dayuan/{namespace}/{name}/{feature}").subscription());
    }
}
