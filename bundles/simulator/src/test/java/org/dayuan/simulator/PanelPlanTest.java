package org.dayuan.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.dayuan.gbt26875.Address;
import org.junit.jupiter.api.Test;

class PanelPlanTest {
    static final Instant START = TestCounty.NOW;
    static final SimPanel A = panel("fap-a", "0a0b0c0d0e01", 1, 12);
    static final SimPanel B = panel("fap-b", "0a0b0c0d0e02", 2, 8);
    static final SimPanel EMPTY = panel("fap-c", "0a0b0c0d0e03", 3, 0);

    static SimPanel panel(String name, String transmitter, int number, int detectors) {
        List<SimPanel.Detector> list = new ArrayList<>();
        for (int i = 1; i <= detectors; i++) {
            list.add(new SimPanel.Detector(TestCounty.id("fd-" + name + "-" + i), 1 + i / 5, i, "smoke"));
        }
        return new SimPanel(TestCounty.id(name), Address.parse(transmitter), number, list);
    }

    static PanelPlan.Scenario scenario(double falseShare, String silentPanel) {
        return new PanelPlan.Scenario(Duration.ofMinutes(30), falseShare, Duration.ofMinutes(2),
                Duration.ofMinutes(20), Duration.ofMinutes(45), Duration.ofMinutes(15), silentPanel,
                Duration.ofMinutes(120), Duration.ofMinutes(10));
    }

    private static List<PanelPlan.Event> of(List<PanelPlan.Event> events, PanelPlan.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    @Test
    void firesComeEveryPeriodAndEachIsResetAfterItsKindsDelay() {
        PanelPlan plan = new PanelPlan(List.of(A, B, EMPTY), scenario(0.7, ""), 42, START);
        List<PanelPlan.Event> events = plan.due(START, START.plus(Duration.ofHours(10)));
        List<PanelPlan.Event> fires = of(events, PanelPlan.Kind.FIRE);
        assertEquals(20, fires.size());
        for (int k = 0; k < fires.size(); k++) {
            PanelPlan.Event fire = fires.get(k);
            assertEquals(START.plus(Duration.ofMinutes(30L * (k + 1))), fire.at());
            assertEquals(fire.at().plus(fire.real() ? Duration.ofMinutes(20) : Duration.ofMinutes(2)), fire.until());
            assertNotEquals(EMPTY.thingId(), fire.panel(), "a panel without detectors has nothing to report");
            SimPanel panel = fire.panel().equals(A.thingId()) ? A : B;
            assertTrue(panel.detectors().contains(fire.detector()));
            // its reset, at the same detector, at `until` (the last one's may lie beyond the window)
            boolean resetInWindow = !fire.until().isAfter(START.plus(Duration.ofHours(10)));
            assertEquals(resetInWindow, events.stream().anyMatch(e -> e.kind() == PanelPlan.Kind.FIRE_RESET
                    && e.detector().equals(fire.detector()) && e.at().equals(fire.until())));
        }
        List<Instant> times = events.stream().map(PanelPlan.Event::at).toList();
        assertEquals(times.stream().sorted().toList(), times);
    }

    @Test
    void theShareOfFalseAlarmsIsTheConfiguredOne() {
        PanelPlan plan = new PanelPlan(List.of(A, B), scenario(0.7, ""), 42, START);
        List<PanelPlan.Event> fires = of(plan.due(START, START.plus(Duration.ofMinutes(30L * 2000))),
                PanelPlan.Kind.FIRE);
        assertEquals(2000, fires.size());
        double share = fires.stream().filter(e -> !e.real()).count() / 2000.0;
        assertTrue(share > 0.65 && share < 0.75, "false alarm share " + share);
        Set<String> panels = fires.stream().map(PanelPlan.Event::panel).collect(Collectors.toSet());
        assertEquals(Set.of(A.thingId(), B.thingId()), panels);
        assertTrue(of(new PanelPlan(List.of(A), scenario(0, ""), 42, START).due(START,
                START.plus(Duration.ofDays(1))), PanelPlan.Kind.FIRE).stream().allMatch(PanelPlan.Event::real));
        assertTrue(of(new PanelPlan(List.of(A), scenario(1, ""), 42, START).due(START,
                START.plus(Duration.ofDays(1))), PanelPlan.Kind.FIRE).stream().noneMatch(PanelPlan.Event::real));
    }

    @Test
    void faultsComeHalfAPeriodOffsetAndClearAfterFaultFor() {
        PanelPlan plan = new PanelPlan(List.of(A, B), scenario(0.7, ""), 42, START);
        List<PanelPlan.Event> events = plan.due(START, START.plus(Duration.ofHours(3)));
        List<PanelPlan.Event> faults = of(events, PanelPlan.Kind.FAULT);
        assertEquals(List.of(22.5, 67.5, 112.5, 157.5), faults.stream()
                .map(e -> Duration.between(START, e.at()).getSeconds() / 60.0).toList());
        for (PanelPlan.Event f : faults) {
            assertTrue(events.contains(new PanelPlan.Event(f.until(), PanelPlan.Kind.FAULT_CLEARED, f.panel(),
                    f.detector(), f.until(), false)), "cleared: " + f);
        }
    }

    @Test
    void theSilentPanelIsTheLastOneUnlessNamed() {
        PanelPlan plan = new PanelPlan(List.of(A, B), scenario(0.7, ""), 42, START);
        assertEquals(B, plan.silentPanel());
        List<PanelPlan.Event> silences = of(plan.due(START, START.plus(Duration.ofHours(5))), PanelPlan.Kind.SILENT);
        assertEquals(2, silences.size());
        assertEquals(START.plus(Duration.ofHours(2)), silences.get(0).at());
        assertEquals(START.plus(Duration.ofMinutes(130)), silences.get(0).until());
        assertNull(silences.get(0).detector());

        assertEquals(A, new PanelPlan(List.of(A, B), scenario(0.7, A.thingId()), 42, START).silentPanel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PanelPlan(List.of(A, B), scenario(0.7, "cz.wujin:fap-x"), 42, START));
        assertTrue(e.getMessage().contains("cz.wujin:fap-x"), e.getMessage());
    }

    @Test
    void playingInStepsGivesTheSameEventsAsPlayingAtOnce() {
        PanelPlan plan = new PanelPlan(List.of(A, B), scenario(0.7, ""), 42, START);
        Instant end = START.plus(Duration.ofHours(12));
        List<PanelPlan.Event> stepped = new ArrayList<>();
        for (Instant t = START; t.isBefore(end); t = t.plusSeconds(37)) {
            stepped.addAll(plan.due(t, t.plusSeconds(37).isAfter(end) ? end : t.plusSeconds(37)));
        }
        assertEquals(plan.due(START, end), stepped);
        // and the same seed tells the same story, another seed another
        assertEquals(plan.due(START, end), new PanelPlan(List.of(A, B), scenario(0.7, ""), 42, START).due(START, end));
        assertNotEquals(plan.due(START, end), new PanelPlan(List.of(A, B), scenario(0.7, ""), 43, START)
                .due(START, end));
    }

    @Test
    void zeroPeriodsPlayNothingOfTheirKind() {
        PanelPlan.Scenario none = new PanelPlan.Scenario(Duration.ZERO, 0.5, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, "", Duration.ZERO, Duration.ZERO);
        PanelPlan plan = new PanelPlan(List.of(A, B), none, 42, START);
        assertEquals(List.of(), plan.due(START, START.plus(Duration.ofDays(3))));
        assertNull(plan.silentPanel());
        assertFalse(new PanelPlan(List.of(), scenario(0.5, ""), 42, START).due(START, START.plus(Duration.ofDays(1)))
                .iterator().hasNext());
    }

    @Test
    void badScenariosAreRefusedWithTheKeyAtFault() {
        IllegalArgumentException share = assertThrows(IllegalArgumentException.class, () -> new PanelPlan.Scenario(
                Duration.ofMinutes(1), 1.5, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO,
                Duration.ZERO, "", Duration.ZERO, Duration.ZERO));
        assertTrue(share.getMessage().contains("panels.falseAlarmShare"), share.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PanelPlan.Scenario(Duration.ofMinutes(1), 0.5,
                Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO, "", Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new PanelPlan.Scenario(Duration.ZERO, 0.5, Duration.ZERO,
                Duration.ZERO, Duration.ofMinutes(5), Duration.ZERO, "", Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new PanelPlan.Scenario(Duration.ZERO, 0.5, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, "", Duration.ofMinutes(5), Duration.ofMinutes(5)));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new PanelPlan.Scenario(Duration.ofMinutes(-1), 0.5, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, "", Duration.ZERO, Duration.ZERO));
        assertTrue(negative.getMessage().contains("panels.fireEvery"), negative.getMessage());
    }
}
