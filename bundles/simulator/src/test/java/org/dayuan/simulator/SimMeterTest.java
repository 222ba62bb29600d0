package org.dayuan.simulator;

import static org.dayuan.simulator.TestCounty.attributes;
import static org.dayuan.simulator.TestCounty.electricity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimMeterTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static Stream<Arguments> demoTwins() {
        return Stream.of(
                Arguments.of("meter-e-a-main", electricity("main", null, 40), MeterKind.MAIN, "a", 40),
                Arguments.of("meter-e-b-power", electricity("sub", "power", 10), MeterKind.POWER, "b", 10),
                Arguments.of("meter-e-a-f03-lighting", electricity("sub", "lighting", 1), MeterKind.LIGHTING, "a", 1),
                Arguments.of("meter-e-a-f03-hvac", electricity("sub", "hvac", 1), MeterKind.HVAC, "a", 1),
                Arguments.of("meter-e-c-special", electricity("sub", "special", 1), MeterKind.SPECIAL, "c", 1),
                Arguments.of("meter-g-c-kitchen", attributes("carrier", "gas", "role", "main", "ctMultiplier", 1),
                        MeterKind.GAS, "c", 1),
                Arguments.of("meter-w-a-main", attributes("role", "main", "use", "domestic", "diameter", 80),
                        MeterKind.WATER_MAIN, "a", 1),
                Arguments.of("meter-w-c-canteen", attributes("role", "sub", "use", "canteen", "ctMultiplier", 5),
                        MeterKind.WATER_SUB, "c", 1));
    }

    @ParameterizedTest
    @MethodSource("demoTwins")
    void derivesKindBuildingAndCtFromDemoTwin(String name, ObjectNode attributes, MeterKind kind, String building,
            int ct) {
        SimMeter meter = SimMeter.from("cz.wujin:" + name, attributes, JSON.objectNode().put("reading", 123.45))
                .orElseThrow();
        assertEquals(kind, meter.kind());
        assertEquals(building, meter.building());
        assertEquals(ct, meter.ctMultiplier());
        assertEquals(123.45, meter.initialReading());
    }

    static Stream<JsonNode> unsimulatable() {
        return Stream.of(
                attributes("measures", "level", "tank", "屋顶消防水箱", "levelLow", 1),
                attributes("carrier", "heat", "role", "main"),
                attributes("carrier", "electricity", "role", "sub"),
                attributes("carrier", "electricity", "role", "sub", "endUse", "elevator"),
                attributes("carrier", "electricity"),
                electricity("main", null, 0),
                attributes("carrier", "electricity", "role", "main", "ctMultiplier", "forty"),
                attributes("use", "domestic"),
                JSON.objectNode(),
                JSON.arrayNode(),
                JSON.textNode("meter"));
    }

    @ParameterizedTest
    @MethodSource("unsimulatable")
    void skipsTwinsItCannotSimulate(JsonNode attributes) {
        assertEquals(Optional.empty(), SimMeter.from("cz.wujin:x", attributes, null));
    }

    @Test
    void skipsNullAttributes() {
        assertEquals(Optional.empty(), SimMeter.from("cz.wujin:x", null, null));
    }

    @Test
    void startsAtZeroWithoutUsableReading() {
        ObjectNode main = electricity("main", null, 40);
        assertEquals(0, SimMeter.from("cz.wujin:meter-e-a-main", main, null).orElseThrow().initialReading());
        assertEquals(0, SimMeter.from("cz.wujin:meter-e-a-main", main, JSON.objectNode().put("reading", -5))
                .orElseThrow().initialReading());
        assertEquals(0, SimMeter.from("cz.wujin:meter-e-a-main", main, JSON.objectNode().put("reading", "12"))
                .orElseThrow().initialReading());
    }

    @Test
    void takesBuildingFromFeedsWhenIdFollowsNoScheme() {
        ObjectNode attributes = electricity("main", null, 40);
        attributes.putObject("relations").putArray("feeds").add("cz.wujin:org-czj").add("cz.wujin:bldg-b-f02");
        assertEquals("b", SimMeter.from("cz.wujin:em-0042", attributes, null).orElseThrow().building());
        assertEquals("", SimMeter.from("cz.wujin:em-0042", electricity("main", null, 40), null).orElseThrow()
                .building());
    }

    @Test
    void syntheticMetersAreUniqueAndShapedLikeDemoMeters() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            for (MeterKind kind : MeterKind.values()) {
                SimMeter meter = SimMeter.synthetic("load.test", i, kind);
                assertTrue(ids.add(meter.thingId()), meter.thingId());
                assertEquals(kind.defaultCt(), meter.ctMultiplier());
                assertTrue(meter.initialReading() >= 0);
            }
        }
        SimMeter hvac = SimMeter.synthetic("load.test", 42, MeterKind.HVAC);
        assertEquals("load.test:meter-e-s000042-hvac", hvac.thingId());
        assertEquals("s000042", hvac.building());
        assertEquals(hvac, SimMeter.synthetic("load.test", 42, MeterKind.HVAC));
        assertEquals("load.test:meter-w-s000007-canteen", SimMeter.synthetic("load.test", 7, MeterKind.WATER_SUB)
                .thingId());
        assertEquals("s000042", SimMeter.from(hvac.thingId(), electricity("sub", "hvac", 1), null).orElseThrow()
                .building());
    }

    @Test
    void rejectsBadSyntheticArguments() {
        assertThrows(IllegalArgumentException.class, () -> SimMeter.synthetic("a:b", 1, MeterKind.MAIN));
        assertThrows(IllegalArgumentException.class, () -> SimMeter.synthetic("", 1, MeterKind.MAIN));
        assertThrows(IllegalArgumentException.class, () -> SimMeter.synthetic("ns", -1, MeterKind.MAIN));
    }

    @Test
    void rejectsNegativeReadingAndNonPositiveCt() {
        assertThrows(IllegalArgumentException.class, () -> new SimMeter("ns:m", MeterKind.MAIN, "a", 40, -0.01));
        assertThrows(IllegalArgumentException.class, () -> new SimMeter("ns:m", MeterKind.MAIN, "a", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SimMeter("ns:m", MeterKind.MAIN, "a", Double.NaN, 1));
    }

    @Test
    void countyHelperBuildsEveryKind() {
        List<SimMeter> meters = TestCounty.meters();
        for (MeterKind kind : MeterKind.values()) {
            assertTrue(meters.stream().anyMatch(m -> m.kind() == kind), kind.name());
        }
    }
}
