package org.dayuan.twin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.NestingLimit;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.Test;

/** Every write to the registry, whoever makes it (HTTP, MQTT ingestion, routes), keeps twins within the limit. */
class NestingLimitRegistryTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Caller DEVICE = Caller.fromGrants("meter-1", List.of("device", "ns:cz.wujin"), "mqtt");
    private static final TwinId ID = TwinId.of("cz.wujin:meter");
    private static final JsonPointer PROPERTY = JsonPointer.parse("/features/power/properties/kw");
    private final MemoryJournal journal = new MemoryJournal();
    private final Registry registry = new Registry(journal, e -> { }, 1_000_000);

    private static JsonNode nested(int levels) throws Exception {
        return M.readTree("{\"a\":".repeat(levels) + "1" + "}".repeat(levels));
    }

    private void assertRefusedAndNothingChanged(Consumer<Registry> write) {
        Twin before = registry.get(Registry.SELF, ID).orElseThrow();
        int events = journal.events.size();
        DayuanException e = assertThrows(DayuanException.class, () -> write.accept(registry));
        assertEquals(ErrorCode.JSON_INVALID, e.errorCode());
        assertTrue(e.getMessage().contains("at most " + NestingLimit.MAX_DEPTH + " levels"), e.getMessage());
        assertEquals(events, journal.events.size());
        Twin after = registry.get(Registry.SELF, ID).orElseThrow();
        assertEquals(before.revision(), after.revision());
        assertEquals(before.toJson(), after.toJson());
    }

    @Test
    void aDeviceCannotWriteAValueTooDeepBelowItsFeature() throws Exception {
        registry.create(Registry.SELF, ID, (ObjectNode) M.readTree("{\"features\":{\"power\":{\"properties\":{}}}}"));
        JsonNode fits = nested(NestingLimit.MAX_DEPTH - PROPERTY.size());
        registry.put(DEVICE, ID, PROPERTY, fits, WriteCondition.NONE);
        JsonNode tooDeep = nested(NestingLimit.MAX_DEPTH - PROPERTY.size() + 1);
        assertRefusedAndNothingChanged(r -> r.put(DEVICE, ID, PROPERTY, tooDeep, WriteCondition.NONE));
        assertRefusedAndNothingChanged(r -> r.merge(DEVICE, ID, PROPERTY, tooDeep, WriteCondition.NONE));
        JsonNode parserDeep = nested(999);
        assertRefusedAndNothingChanged(r -> r.put(DEVICE, ID, PROPERTY, parserDeep, WriteCondition.NONE));
        assertRefusedAndNothingChanged(r -> r.merge(Registry.SELF, ID, JsonPointer.empty(),
                M.createObjectNode().set("features", parserDeep), WriteCondition.NONE));
        // The twin that exists stays readable and deletable.
        M.writeValueAsBytes(registry.get(Registry.SELF, ID).orElseThrow().toJson());
        registry.delete(Registry.SELF, ID, JsonPointer.empty(), WriteCondition.NONE, false);
        assertTrue(registry.get(Registry.SELF, ID).isEmpty());
    }

    @Test
    void aWholeTwinTooDeepIsNeitherCreatedNorReplaced() throws Exception {
        ObjectNode deep = M.createObjectNode().set("attributes", nested(NestingLimit.MAX_DEPTH));
        TwinId other = TwinId.of("cz.wujin:other");
        assertEquals(ErrorCode.JSON_INVALID, assertThrows(DayuanException.class,
                () -> registry.create(Registry.SELF, other, deep)).errorCode());
        assertTrue(registry.get(Registry.SELF, other).isEmpty());
        assertTrue(journal.events.isEmpty());
        registry.create(Registry.SELF, ID, M.createObjectNode());
        assertRefusedAndNothingChanged(r -> r.put(Registry.SELF, ID, JsonPointer.empty(), deep, WriteCondition.NONE));
    }
}
