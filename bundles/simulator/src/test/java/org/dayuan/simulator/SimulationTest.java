package org.dayuan.simulator;

import static org.dayuan.simulator.TestCounty.NOW;
import static org.dayuan.simulator.TestCounty.id;
import static org.dayuan.simulator.TestCounty.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SimulationTest {
    private static final long SEED = 42;
    private static final Duration QUARTER = Duration.ofMinutes(15);
    private static final Instant WEEK_AGO = NOW.minus(Duration.ofDays(7));

    private final List<SimMeter> meters = TestCounty.meters();

    /** A week of history up to {@link TestCounty#NOW} with the given faults, readings by thingId in time order. */
    private Map<String, List<Reading>> week(Set<Fault> faults) {
        Simulation sim = new Simulation(meters, LoadProfile.standard(), FaultPlan.plan(meters, NOW, SEED, faults),
                SEED, WEEK_AGO);
        Map<String, List<Reading>> byMeter = new HashMap<>();
        sim.backfill(WEEK_AGO, NOW, QUARTER, r -> byMeter.computeIfAbsent(r.thingId(), k -> new ArrayList<>()).add(r));
        return byMeter;
    }

    private static Reading at(List<Reading> readings, Instant t) {
        return readings.stream().filter(r -> r.time().equals(t)).findFirst()
                .orElseThrow(() -> new AssertionError("no reading at " + t));
    }

    @Test
    void constantLoadAdvancesRegisterByIntegratedEnergy() {
        SimMeter main = new SimMeter("ns:meter-e-a-main", MeterKind.MAIN, "a", 40, 1000);
        SimMeter water = new SimMeter("ns:meter-w-a-main", MeterKind.WATER_MAIN, "a", 1, 500);
        Simulation sim = new Simulation(List.of(main, water), LoadProfile.constant(100), FaultPlan.none(), SEED,
                NOW);
        List<Reading> readings = sim.advanceTo(NOW.plus(QUARTER));
        // 100 kW for 0.25 h = 25 kWh primary = 0.625 on a register behind a 40:1 CT
        assertEquals(1000.625, sim.register(main.thingId()).getAsDouble(), 1e-9);
        // 100 m³/h for 0.25 h
        assertEquals(525, sim.register(water.thingId()).getAsDouble(), 1e-9);
        assertEquals(1000.63, readings.get(0).reading());
        assertEquals(100, readings.get(0).load());
        assertEquals(100, readings.get(1).load());
    }

    @Test
    void stepSizeDoesNotChangeTheRegister() {
        Simulation coarse = new Simulation(meters, LoadProfile.standard(), FaultPlan.none(), SEED, WEEK_AGO);
        Simulation fine = new Simulation(meters, LoadProfile.standard(), FaultPlan.none(), SEED, WEEK_AGO);
        coarse.advanceTo(NOW);
        fine.backfill(WEEK_AGO, NOW, Duration.ofMinutes(1), r -> { });
        for (SimMeter m : meters) {
            double expected = fine.register(m.thingId()).getAsDouble();
            assertEquals(expected, coarse.register(m.thingId()).getAsDouble(), 1e-6 * expected, m.thingId());
        }
    }

    @Test
    void registersNeverGoBackwardsNorBelowZero() {
        week(EnumSet.allOf(Fault.class)).forEach((id, readings) -> {
            double previous = 0;
            for (Reading r : readings) {
                assertTrue(r.reading() >= previous, id + " at " + r.time());
                assertTrue(r.load() >= 0 || Double.isNaN(r.load()), id + " at " + r.time());
                previous = r.reading();
            }
        });
    }

    @Test
    void registerAgreesWithThePublishedLoad() {
        Map<String, List<Reading>> week = week(EnumSet.noneOf(Fault.class));
        for (SimMeter m : meters) {
            if (m.kind() == MeterKind.GAS) {
                continue; // publishes no load
            }
            List<Reading> readings = week.get(m.thingId());
            double energy = (readings.get(readings.size() - 1).reading() - m.initialReading()) * m.ctMultiplier();
            double sampled = readings.stream().mapToDouble(r -> r.load() * 0.25).sum();
            assertEquals(sampled, energy, 0.03 * sampled, m.thingId());
        }
    }

    @Test
    void mainsAreRealistic() {
        Map<String, List<Reading>> week = week(EnumSet.noneOf(Fault.class));
        for (String k : List.of("a", "b", "c")) {
            double day = at(week.get(id("meter-e-" + k + "-main")), local(2025, 6, 3, 10, 0)).load();
            double night = at(week.get(id("meter-e-" + k + "-main")), local(2025, 6, 3, 3, 0)).load();
            assertTrue(day > 100 && day < 380, k + " main at 10:00: " + day);
            assertTrue(night > 0.12 * day && night < 0.3 * day, k + " main at 03:00: " + night);
        }
    }

    @Test
    void sameSeedGivesSameReadingsAndAnotherSeedOthers() {
        Set<Fault> all = EnumSet.allOf(Fault.class);
        assertEquals(week(all).toString(), week(all).toString());
        Simulation other = new Simulation(meters, LoadProfile.standard(), FaultPlan.none(), SEED + 1, WEEK_AGO);
        Simulation same = new Simulation(meters, LoadProfile.standard(), FaultPlan.none(), SEED, WEEK_AGO);
        assertNotEquals(other.advanceTo(NOW).toString(), same.advanceTo(NOW).toString());
    }

    @Test
    void readingsCarryExactlyTheFeatureProperties() {
        Simulation sim = new Simulation(meters, LoadProfile.standard(), FaultPlan.none(), SEED, NOW);
        for (Reading r : sim.advanceTo(NOW.plus(QUARTER))) {
            List<String> names = new ArrayList<>();
            r.properties().fieldNames().forEachRemaining(names::add);
            MeterKind kind = sim.meters().stream().filter(m -> m.thingId().equals(r.thingId())).findFirst()
                    .orElseThrow().kind();
            List<String> expected = switch (kind.carrier()) {
                case ELECTRICITY -> List.of("reading", "power", "timestamp");
                case GAS -> List.of("reading", "timestamp");
                case WATER -> List.of("reading", "flow", "timestamp");
            };
            assertEquals(expected, names, r.thingId());
            assertEquals(kind.carrier() == MeterKind.Carrier.WATER ? "water" : "energy", r.featureId());
            assertEquals("2025-06-04T10:15:00+08:00", r.properties().get("timestamp").asText());
            assertEquals(NOW.plus(QUARTER), r.time());
            double reading = r.reading();
            assertEquals(Math.round(reading * 100) / 100.0, reading, 0);
        }
    }

    @Test
    void backfillHandsOutOneReadingPerMeterAndStep() {
        Simulation sim = new Simulation(meters, LoadProfile.standard(), FaultPlan.none(), SEED, WEEK_AGO);
        long[] handed = {0};
        long count = sim.backfill(WEEK_AGO, NOW, QUARTER, r -> handed[0]++);
        assertEquals((long) meters.size() * 7 * 96, count);
        assertEquals(count, handed[0]);
        assertEquals(NOW, sim.time());
    }

    @Test
    void backfillFirstCatchesUpSilently() {
        Simulation sim = new Simulation(meters, LoadProfile.standard(), FaultPlan.none(), SEED, WEEK_AGO);
        long count = sim.backfill(NOW.minus(Duration.ofHours(1)), NOW, QUARTER, r -> { });
        assertEquals(meters.size() * 4L, count);
        assertTrue(sim.register(id("meter-e-a-main")).getAsDouble() > 50_000 + 100);
    }

    @Test
    void refusesToGoBack() {
        Simulation sim = new Simulation(meters, LoadProfile.standard(), FaultPlan.none(), SEED, NOW);
        assertThrows(IllegalArgumentException.class, () -> sim.advanceTo(NOW.minusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> sim.backfill(WEEK_AGO, NOW, QUARTER, r -> { }));
        assertThrows(IllegalArgumentException.class, () -> sim.backfill(NOW, NOW.plusSeconds(60), Duration.ZERO,
                r -> { }));
    }

    @Test
    void advancingToNowPublishesWithoutAdvancing() {
        Simulation sim = new Simulation(meters, LoadProfile.standard(), FaultPlan.none(), SEED, NOW);
        List<Reading> readings = sim.advanceTo(NOW);
        assertEquals(meters.size(), readings.size());
        assertEquals(50_000, sim.register(id("meter-e-a-main")).getAsDouble());
    }

    @Test
    void rejectsDuplicateMeters() {
        assertThrows(IllegalArgumentException.class, () -> new Simulation(List.of(meters.get(0), meters.get(0)),
                LoadProfile.standard(), FaultPlan.none(), SEED, NOW));
    }

    @Test
    void stuckMeterStopsAdvancingAndPublishing() {
        FaultPlan plan = FaultPlan.plan(meters, NOW, SEED, EnumSet.of(Fault.STUCK));
        FaultPlan.Entry stuck = plan.entries().get(0);
        Simulation sim = new Simulation(meters, LoadProfile.standard(), plan, SEED, WEEK_AGO);
        List<Reading> readings = new ArrayList<>();
        sim.backfill(WEEK_AGO, NOW, QUARTER, r -> {
            if (r.thingId().equals(stuck.thingId())) {
                readings.add(r);
            }
        });
        Reading last = readings.get(readings.size() - 1);
        assertTrue(last.time().isBefore(stuck.from()) && !last.time().plus(QUARTER).isBefore(stuck.from()),
                "last reading " + last.time() + ", stuck from " + stuck.from());
        double frozen = sim.register(stuck.thingId()).getAsDouble();
        List<Reading> later = sim.advanceTo(NOW.plus(Duration.ofHours(5)));
        assertTrue(later.stream().noneMatch(r -> r.thingId().equals(stuck.thingId())));
        assertEquals(meters.size() - 1, later.size());
        assertEquals(frozen, sim.register(stuck.thingId()).getAsDouble());
        // it metered the last quarter-hour up to the fault, at most 25 kW of lighting
        assertTrue(frozen >= last.reading() - 0.005 && frozen < last.reading() + 25 * 0.25,
                "stopped where it got stuck: last published " + last.reading() + ", register " + frozen);
    }

    @Test
    void hvacLeftOnKeepsBuildingBsNightLoadNearItsDayLoad() {
        Map<String, List<Reading>> week = week(EnumSet.of(Fault.HVAC_LEFT_ON));
        Instant yesterdayMorning = local(2025, 6, 3, 10, 0);
        for (String floor : List.of("f01", "f02", "f03")) {
            List<Reading> b = week.get(id("meter-e-b-" + floor + "-hvac"));
            double day = at(b, yesterdayMorning).load();
            double lastNight = at(b, local(2025, 6, 4, 2, 0)).load();
            double nightBefore = at(b, local(2025, 6, 3, 2, 0)).load();
            assertTrue(lastNight > 0.8 * day && lastNight < 1.2 * day, floor + ": night " + lastNight + ", day " + day);
            assertTrue(nightBefore < 0.05 * day, floor + " before the fault: " + nightBefore);
            List<Reading> a = week.get(id("meter-e-a-" + floor + "-hvac"));
            assertTrue(at(a, local(2025, 6, 4, 2, 0)).load() < 0.05 * at(a, yesterdayMorning).load(), "a " + floor);
        }
        // the main measures what its floors draw: last night's baseload is far above the night before
        List<Reading> main = week.get(id("meter-e-b-main"));
        double lastNight = at(main, local(2025, 6, 4, 2, 0)).load();
        double nightBefore = at(main, local(2025, 6, 3, 2, 0)).load();
        assertTrue(lastNight > 1.4 * nightBefore, "b main at night: " + nightBefore + " -> " + lastNight);
    }

    @Test
    void leakingMeterFlowsAllNight() {
        FaultPlan plan = FaultPlan.plan(meters, NOW, SEED, EnumSet.of(Fault.LEAK));
        String leaking = plan.meters(Fault.LEAK).get(0);
        Map<String, List<Reading>> week = week(EnumSet.of(Fault.LEAK));
        for (Reading r : week.get(leaking)) {
            int hour = r.time().atZone(SimulatorConstants.ZONE).getHour();
            if (hour >= 1 && hour < 5) {
                boolean leakingYet = !r.time().isBefore(plan.entries().get(0).from());
                assertTrue(leakingYet ? r.load() > 0.3 : r.load() < 0.1, leaking + " at " + r.time() + ": "
                        + r.load());
            }
        }
    }

    @Test
    void spikeHourDrawsFourTimesTheUsualLoad() {
        FaultPlan plan = FaultPlan.plan(meters, NOW, SEED, EnumSet.of(Fault.SPIKE));
        FaultPlan.Entry spike = plan.entries().get(0);
        LoadProfile profile = LoadProfile.standard();
        Simulation sim = new Simulation(meters, profile, plan, SEED, WEEK_AGO);
        double level = sim.level(spike.thingId()).getAsDouble();
        int inside = 0;
        List<Reading> readings = new ArrayList<>();
        sim.backfill(WEEK_AGO, NOW, QUARTER, r -> {
            if (r.thingId().equals(spike.thingId())) {
                readings.add(r);
            }
        });
        for (Reading r : readings) {
            double ratio = r.load() / (level * profile.shape(MeterKind.MAIN, r.time()));
            if (spike.activeAt(r.time())) {
                inside++;
                assertTrue(ratio > 3.7 && ratio < 4.3, r.time() + ": " + ratio);
            } else {
                assertTrue(ratio > 0.8 && ratio < 1.2, r.time() + ": " + ratio);
            }
        }
        assertEquals(4, inside);
        // and the register took the extra energy: three extra hours of the usual load, give or take
        Simulation normal = new Simulation(meters, profile, FaultPlan.none(), SEED, WEEK_AGO);
        normal.advanceTo(NOW);
        double extra = (sim.register(spike.thingId()).getAsDouble() - normal.register(spike.thingId()).getAsDouble())
                * 40;
        double usual = profile.shape(MeterKind.MAIN, spike.from().plus(Duration.ofMinutes(30))) * level;
        assertEquals(3 * usual, extra, 0.1 * 3 * usual);
    }

    @Test
    void simulatesThousandsOfMetersQuickly() {
        List<SimMeter> fleet = new ArrayList<>();
        MeterKind[] kinds = MeterKind.values();
        for (int i = 0; i < 5_000; i++) {
            fleet.add(SimMeter.synthetic("load.test", i, kinds[i % kinds.length]));
        }
        Instant start = NOW.minus(Duration.ofDays(1));
        Simulation sim = new Simulation(fleet, LoadProfile.standard(), FaultPlan.plan(fleet, NOW, SEED,
                EnumSet.allOf(Fault.class)), SEED, start);
        long began = System.nanoTime();
        long count = sim.backfill(start, NOW, QUARTER, r -> { });
        long millis = (System.nanoTime() - began) / 1_000_000;
        assertTrue(count >= 5_000L * 95 && count <= 5_000L * 96, "readings " + count);
        assertTrue(millis < 30_000, "a day of 5,000 meters took " + millis + " ms");
    }
}
