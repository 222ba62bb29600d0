package org.dayuan.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class TankPlayTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant START = TestCounty.NOW;

    /** The demo's four sensors of one building, with the demo's limits and values. */
    static List<SimTank> demoTanks() throws Exception {
        return List.of(
                tank("tank-a-roof-level", "{\"measures\":\"level\",\"levelLow\":1.2,\"levelHigh\":2.6}",
                        "{\"level\":2.2}"),
                tank("tank-a-pool-level", "{\"measures\":\"level\",\"levelLow\":2.0,\"levelHigh\":4.2}",
                        "{\"level\":3.6}"),
                tank("tank-a-sprinkler-pressure",
                        "{\"measures\":\"pressure\",\"pressureLow\":0.25,\"pressureHigh\":1.2}", "{\"pressure\":0.45}"),
                tank("tank-a-hydrant-pressure", "{\"measures\":\"pressure\",\"pressureLow\":0.2,\"pressureHigh\":1.0}",
                        "{\"pressure\":0.38}"));
    }

    private static SimTank tank(String name, String attributes, String properties) throws Exception {
        return SimTank.from(TestCounty.id(name), MAPPER.readTree(attributes), MAPPER.readTree(properties))
                .orElseThrow();
    }

    @Test
    void readsMeasuresLimitsAndCurrentValueFromTheTwin() throws Exception {
        SimTank roof = demoTanks().get(0);
        assertEquals("level", roof.measures());
        assertEquals(1.2, roof.low());
        assertEquals(2.6, roof.high());
        assertEquals(2.2, roof.nominal());
    }

    @Test
    void aCurrentValueOutsideTheNormalBandIsReplacedByTheMiddle() throws Exception {
        SimTank t = tank("t", "{\"measures\":\"level\",\"levelLow\":1,\"levelHigh\":3}", "{\"level\":0.5}");
        assertEquals(2.0, t.nominal());
        SimTank missing = SimTank.from("cz.wujin:t", MAPPER.readTree("{\"measures\":\"level\",\"levelLow\":1,"
                + "\"levelHigh\":3}"), JSON.missingNode()).orElseThrow();
        assertEquals(2.0, missing.nominal());
    }

    @Test
    void twinsWithoutUsableLimitsAreNotPlayed() throws Exception {
        for (String attributes : List.of("{\"levelLow\":1,\"levelHigh\":3}",
                "{\"measures\":\"flow\",\"flowLow\":1,\"flowHigh\":3}",
                "{\"measures\":\"level\",\"levelHigh\":3}",
                "{\"measures\":\"level\",\"levelLow\":\"1\",\"levelHigh\":3}",
                "{\"measures\":\"level\",\"levelLow\":3,\"levelHigh\":3}",
                "{\"measures\":\"pressure\",\"pressureLow\":-0.1,\"pressureHigh\":1}")) {
            assertTrue(SimTank.from("cz.wujin:t", MAPPER.readTree(attributes), JSON.objectNode()).isEmpty(),
                    attributes);
        }
        assertThrows(IllegalArgumentException.class, () -> new SimTank("cz.wujin:t", "level", 1, 3, 3.5));
    }

    @Test
    void withoutTheScenarioEveryValueStaysWellInsideItsLimitsForAWeek() throws Exception {
        TankPlay play = new TankPlay(demoTanks(), "", 42, START, Duration.ZERO, Duration.ZERO);
        assertTrue(play.drained().isEmpty());
        for (SimTank tank : play.tanks()) {
            double range = tank.high() - tank.low();
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (long m = 0; m < 7 * 24 * 60; m += 7) {
                double v = play.value(tank, START.plusSeconds(m * 60));
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(min >= tank.low() + (TankPlay.MARGIN * range) - 0.001, tank.thingId() + " min " + min);
            assertTrue(max <= tank.high() - (TankPlay.MARGIN * range) + 0.001, tank.thingId() + " max " + max);
            assertTrue(max - min > 0.02 * range, tank.thingId() + " should move, stayed within " + min + ".." + max);
        }
    }

    @Test
    void theScenarioDrainsTheFirstLevelSensorBelowItsLowLimitDuringEachWindowOnly() throws Exception {
        TankPlay play = new TankPlay(demoTanks(), "", 42, START, Duration.ofMinutes(60), Duration.ofMinutes(20));
        SimTank roof = play.drained().orElseThrow();
        assertEquals(TestCounty.id("tank-a-roof-level"), roof.thingId());
        // not in the first period: the county starts healthy
        assertFalse(play.isLow(START.plusSeconds(10 * 60)));
        assertTrue(play.value(roof, START.plusSeconds(10 * 60)) > roof.low());
        for (int window = 1; window <= 3; window++) {
            Instant opens = START.plusSeconds(window * 3600L);
            assertTrue(play.value(roof, opens.minusSeconds(60)) > roof.low());
            assertTrue(play.isLow(opens.plusSeconds(6 * 60)));
            // after a quarter of the window it is at the bottom, below the low limit
            double bottom = play.value(roof, opens.plusSeconds(10 * 60));
            assertEquals(roof.low() - TankPlay.LOW_DEPTH * (roof.high() - roof.low()), bottom, 0.001);
            assertTrue(play.value(roof, opens.plusSeconds(19 * 60)) < roof.low());
            assertFalse(play.isLow(opens.plusSeconds(20 * 60)));
            assertTrue(play.value(roof, opens.plusSeconds(20 * 60)) > roof.low());
        }
        // the other sensors are untouched by the scenario
        SimTank pool = play.tanks().get(1);
        assertTrue(play.value(pool, START.plusSeconds(3600 + 600)) > pool.low());
    }

    @Test
    void theScenarioCanNameItsSensor() throws Exception {
        String hydrant = TestCounty.id("tank-a-hydrant-pressure");
        TankPlay play = new TankPlay(demoTanks(), hydrant, 42, START, Duration.ofMinutes(30), Duration.ofMinutes(5));
        SimTank drained = play.drained().orElseThrow();
        assertEquals(hydrant, drained.thingId());
        assertTrue(play.value(drained, START.plusSeconds(30 * 60 + 4 * 60)) < drained.low());
    }

    @Test
    void badScenariosAreRefusedWithTheirReason() throws Exception {
        List<SimTank> tanks = demoTanks();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new TankPlay(tanks,
                "cz.wujin:nope", 42, START, Duration.ofMinutes(60), Duration.ofMinutes(5)));
        assertTrue(unknown.getMessage().contains("cz.wujin:nope"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TankPlay(tanks, "", 42, START, Duration.ofMinutes(10),
                Duration.ofMinutes(10)));
        assertThrows(IllegalArgumentException.class, () -> new TankPlay(List.of(tanks.get(0), tanks.get(0)), "", 42,
                START, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void readingsAreTheTankFeaturesPropertiesAsTheIngestionTakesThem() throws Exception {
        TankPlay play = new TankPlay(demoTanks(), "", 42, START, Duration.ZERO, Duration.ZERO);
        List<Reading> readings = play.readings(START);
        assertEquals(4, readings.size());
        Reading roof = readings.get(0);
        assertEquals("tank", roof.featureId());
        JsonNode p = roof.properties();
        assertEquals(List.of("level", "timestamp"), iterate(p));
        assertEquals("2025-06-04T10:00:00+08:00", p.get("timestamp").asText());
        assertEquals(List.of("pressure", "timestamp"), iterate(readings.get(2).properties()));
        // the same seed and instant give the same values: a restarted simulator continues the same story
        assertEquals(readings, new TankPlay(demoTanks(), "", 42, START, Duration.ZERO, Duration.ZERO).readings(START));
    }

    private static List<String> iterate(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
