package org.dayuan.safety.water;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.safety.Fixture;
import org.dayuan.safety.SafetyConfig;
import org.dayuan.safety.SafetyLineAccess;
import org.dayuan.safety.Searches;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The line over a registry in memory with the real alarm and work-order services: readings written as a device
 * writes them reach the line as events and become alarms with cameras and work orders, with hysteresis.
 */
class WaterLineTest {
    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");
    private static final String ROOF = "cz.wujin:tank-a-roof-level";
    private static final String POOL = "cz.wujin:tank-a-pool-level";
    private final Fixture f = new Fixture(T0);
    private final List<SafetyLineAccess> lines = new java.util.ArrayList<>();

    WaterLineTest() {
        f.place();
    }

    private SafetyLineAccess start() {
        SafetyLineAccess line = SafetyLineAccess.start(f, Fixture.config(SafetyConfig.class, Map.of()));
        lines.add(line);
        line.settle();
        return line;
    }

    @AfterEach
    void stop() {
        lines.forEach(SafetyLineAccess::stop);
    }

    private Optional<Twin> alarm(String sensor, String type) {
        return f.alarms.open(Fixture.ADMIN, TwinId.of(sensor), type);
    }

    private List<Twin> orders(TwinId origin) {
        return Searches.all(f.twins.search, Fixture.ADMIN, "and(eq(definition,\"dayuan:WorkOrder:1.0.0\"),"
                + "eq(attributes/origin," + Searches.quote(origin.toString()) + "))");
    }

    private static JsonNode attr(Twin t, String name) {
        return t.toJson().path("attributes").path(name);
    }

    @Test
    void aTankAlreadyLowAtStartRaisesWithItsCamerasAndAWorkOrder() {
        f.tank(POOL, "cz.wujin:room-a-0101", 1.0);
        f.tank(ROOF, "cz.wujin:room-a-0102", 2.0);
        start();
        Twin alarm = alarm(POOL, "safety.water-low").orElseThrow();
        assertEquals("major", attr(alarm, "severity").asText());
        assertEquals("safety", attr(alarm, "line").asText());
        assertTrue(attr(alarm, "active").asBoolean());
        JsonNode d = attr(alarm, "details");
        assertEquals(1.0, d.path("value").asDouble());
        assertEquals(1.2, d.path("threshold").asDouble());
        assertEquals("m", d.path("unit").asText());
        assertEquals("cz.wujin:room-a-0101", d.path("room").asText());
        assertEquals("cz.wujin:floor-a-01", d.path("floor").asText());
        assertEquals("[\"cz.wujin:cam-a-0101\"]", d.path("cameras").toString(), "the room's own camera");
        List<Twin> orders = orders(alarm.id());
        assertEquals(1, orders.size());
        assertEquals(POOL, attr(orders.get(0), "parent").asText());
        assertEquals(Optional.empty(), alarm(ROOF, "safety.water-low"));
    }

    @Test
    void aReadingBelowTheLimitRaisesAndOnlyOneBackInsideByTheDeadbandClears() {
        f.tank(ROOF, "cz.wujin:room-a-0102", 2.0);
        SafetyLineAccess line = start();
        f.reading(ROOF, "level", 1.1);
        line.settle();
        Twin alarm = alarm(ROOF, "safety.water-low").orElseThrow();
        JsonNode d = attr(alarm, "details");
        assertEquals("[\"cz.wujin:cam-a-f01\",\"cz.wujin:cam-a-0101\"]", d.path("cameras").toString(),
                "no camera in the room: those on its floor");
        assertEquals(1, orders(alarm.id()).size());

        f.reading(ROOF, "level", 1.22);
        line.settle();
        assertTrue(attr(alarm(ROOF, "safety.water-low").orElseThrow(), "active").asBoolean(), "inside by < 0.05 m");
        f.reading(ROOF, "level", 1.3);
        line.settle();
        Twin normal = alarm(ROOF, "safety.water-low").orElseThrow();
        assertFalse(attr(normal, "active").asBoolean());
        assertEquals("unacknowledged", attr(normal, "state").asText(), "normal never closes it");

        f.reading(ROOF, "level", 1.0);
        line.settle();
        Twin again = alarm(ROOF, "safety.water-low").orElseThrow();
        assertEquals(alarm.id(), again.id());
        assertEquals(2, attr(again, "count").asInt());
        assertEquals(1, orders(alarm.id()).size(), "one order per alarm");
    }

    @Test
    void aReadingThatIsNoNumberChangesNothing() {
        f.tank(ROOF, "cz.wujin:room-a-0102", 1.0);
        SafetyLineAccess line = start();
        Twin before = alarm(ROOF, "safety.water-low").orElseThrow();
        f.reading(ROOF, "level", "empty");
        line.settle();
        f.reading(ROOF, "level", null);
        line.settle();
        assertEquals(before, alarm(ROOF, "safety.water-low").orElseThrow());
        f.reading(ROOF, "level", 2.0);
        line.settle();
        assertFalse(attr(alarm(ROOF, "safety.water-low").orElseThrow(), "active").asBoolean());
    }

    @Test
    void aRestartDoesNotRaiseAStandingConditionAgain() {
        f.tank(ROOF, "cz.wujin:room-a-0102", 1.0);
        start().stop();
        Twin first = alarm(ROOF, "safety.water-low").orElseThrow();
        start();
        assertEquals(first, alarm(ROOF, "safety.water-low").orElseThrow());
    }

    @Test
    void highPressureRaisesWithoutAWorkOrder() {
        f.create("cz.wujin:tank-a-hydrant-pressure", "{\"definition\":\"dayuan:WaterTankSensor:1.0.0\","
                + "\"attributes\":{\"name\":\"消火栓管网压力\",\"parent\":\"cz.wujin:room-a-0101\",\"measures\":"
                + "\"pressure\",\"pressureLow\":0.2,\"pressureHigh\":1.0},\"features\":{\"tank\":{\"properties\":"
                + "{\"pressure\":1.3}}}}");
        start();
        Twin alarm = alarm("cz.wujin:tank-a-hydrant-pressure", "safety.pressure-high").orElseThrow();
        assertEquals("MPa", attr(alarm, "details").path("unit").asText());
        assertEquals(0, orders(alarm.id()).size());
    }
}
