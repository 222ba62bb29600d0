package org.dayuan.simulator;

import static org.dayuan.simulator.TestCounty.NOW;
import static org.dayuan.simulator.TestCounty.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FaultPlanTest {
    private static final Set<Fault> ALL = EnumSet.allOf(Fault.class);
    private final List<SimMeter> meters = TestCounty.meters();

    @Test
    void sameInputsGiveTheSamePlanWhateverTheMeterOrder() {
        List<SimMeter> shuffled = new ArrayList<>(meters);
        Collections.reverse(shuffled);
        assertEquals(FaultPlan.plan(meters, NOW, 42, ALL), FaultPlan.plan(shuffled, NOW, 42, ALL));
    }

    @Test
    void anotherSeedPicksOtherMeters() {
        Set<List<String>> stuck = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            stuck.add(FaultPlan.plan(meters, NOW, seed, ALL).meters(Fault.STUCK));
        }
        assertTrue(stuck.size() > 3, "stuck meters over 20 seeds: " + stuck);
    }

    @Test
    void plansOnlyEnabledFaults() {
        assertEquals(FaultPlan.none(), FaultPlan.plan(meters, NOW, 42, EnumSet.noneOf(Fault.class)));
        FaultPlan leak = FaultPlan.plan(meters, NOW, 42, EnumSet.of(Fault.LEAK));
        assertEquals(1, leak.entries().size());
        assertEquals(Fault.LEAK, leak.entries().get(0).fault());
        assertEquals(FaultPlan.plan(meters, NOW, 42, ALL).meters(Fault.LEAK), leak.meters(Fault.LEAK),
                "enabling other faults does not move the leak");
    }

    @Test
    void hvacLeftOnCoversBuildingBLastNightAndTonight() {
        FaultPlan plan = FaultPlan.plan(meters, NOW, 42, ALL);
        List<String> hvac = plan.meters(Fault.HVAC_LEFT_ON);
        assertEquals(List.of(TestCounty.id("meter-e-b-f01-hvac"), TestCounty.id("meter-e-b-f02-hvac"),
                TestCounty.id("meter-e-b-f03-hvac")), hvac);
        FaultPlan.Entry entry = plan.find(hvac.get(0), Fault.HVAC_LEFT_ON).orElseThrow();
        assertEquals(local(2025, 6, 3, 17, 30), entry.from());
        assertEquals(local(2025, 6, 5, 8, 30), entry.until());
        assertTrue(entry.activeAt(local(2025, 6, 4, 2, 0)) && entry.activeAt(local(2025, 6, 4, 23, 0)));
    }

    @Test
    void hvacLeftOnFallsBackToAnotherBuilding() {
        List<SimMeter> synthetic = List.of(SimMeter.synthetic("t", 1, MeterKind.HVAC),
                SimMeter.synthetic("t", 2, MeterKind.MAIN));
        assertEquals(List.of("t:meter-e-s000001-hvac"),
                FaultPlan.plan(synthetic, NOW, 1, ALL).meters(Fault.HVAC_LEFT_ON));
    }

    @Test
    void leakIsOneWaterMeterWithAModestConstantFlow() {
        for (long seed = 0; seed < 20; seed++) {
            FaultPlan plan = FaultPlan.plan(meters, NOW, seed, ALL);
            List<String> leaking = plan.meters(Fault.LEAK);
            assertEquals(1, leaking.size());
            FaultPlan.Entry entry = plan.find(leaking.get(0), Fault.LEAK).orElseThrow();
            assertTrue(leaking.get(0).contains("meter-w-"), leaking.get(0));
            assertTrue(entry.magnitude() >= 0.3 && entry.magnitude() <= 0.5, "m³/h " + entry.magnitude());
            assertEquals(local(2025, 6, 2, 22, 0), entry.from());
            assertEquals(Instant.MAX, entry.until());
        }
    }

    @Test
    void stuckIsAFloorMeterSinceTwoToFourHours() {
        for (long seed = 0; seed < 20; seed++) {
            FaultPlan plan = FaultPlan.plan(meters, NOW, seed, ALL);
            FaultPlan.Entry entry = plan.entries().stream().filter(e -> e.fault() == Fault.STUCK).findFirst()
                    .orElseThrow();
            assertTrue(entry.thingId().endsWith("-lighting"), entry.thingId());
            Duration age = Duration.between(entry.from(), NOW);
            assertTrue(age.compareTo(Duration.ofHours(2)) >= 0 && age.compareTo(Duration.ofHours(4)) <= 0, "" + age);
        }
    }

    @Test
    void spikeIsOneWholeHourOnAMainBeforeNow() {
        for (long seed = 0; seed < 20; seed++) {
            FaultPlan plan = FaultPlan.plan(meters, NOW, seed, ALL);
            FaultPlan.Entry entry = plan.entries().stream().filter(e -> e.fault() == Fault.SPIKE).findFirst()
                    .orElseThrow();
            assertTrue(entry.thingId().endsWith("-main") && entry.thingId().contains("meter-e-"), entry.thingId());
            assertEquals(Duration.ofHours(1), Duration.between(entry.from(), entry.until()));
            assertTrue(!entry.until().isAfter(NOW) && entry.from().isAfter(NOW.minus(Duration.ofHours(13))));
            assertEquals(4, entry.magnitude());
        }
    }

    @Test
    void noMeterGetsTwoFaults() {
        for (long seed = 0; seed < 20; seed++) {
            List<String> ids = FaultPlan.plan(meters, NOW, seed, ALL).entries().stream()
                    .map(FaultPlan.Entry::thingId).toList();
            assertEquals(ids.size(), new HashSet<>(ids).size(), "seed " + seed + ": " + ids);
        }
    }

    @Test
    void plansNothingWithoutMeters() {
        assertEquals(FaultPlan.none(), FaultPlan.plan(List.of(), NOW, 42, ALL));
    }

    @Test
    void rejectsInvalidEntries() {
        assertThrows(IllegalArgumentException.class,
                () -> new FaultPlan.Entry("ns:m", Fault.SPIKE, NOW, NOW, 4));
        assertThrows(IllegalArgumentException.class,
                () -> new FaultPlan.Entry("ns:m", Fault.LEAK, NOW, Instant.MAX, -1));
        FaultPlan.Entry leak = new FaultPlan.Entry("ns:m", Fault.LEAK, NOW, Instant.MAX, 0.4);
        assertThrows(IllegalArgumentException.class, () -> new FaultPlan(List.of(leak, leak)));
    }
}
