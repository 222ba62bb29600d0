package org.dayuan.simulator;

import static org.dayuan.simulator.TestCounty.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoadProfileTest {
    private final LoadProfile profile = LoadProfile.standard();

    /** Mean of the typical load over [from, to), sampled every five minutes. */
    private double average(MeterKind kind, Instant from, Instant to) {
        double sum = 0;
        int n = 0;
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(5))) {
            sum += profile.mean(kind, t);
            n++;
        }
        return sum / n;
    }

    @Test
    void mainNightBaseloadIsAFifthOfWorkingHours() {
        // Wednesdays in winter, spring, early and high summer, autumn
        for (int[] date : new int[][] {{1, 15}, {4, 16}, {6, 18}, {7, 16}, {10, 15}}) {
            int month = date[0];
            int day = date[1];
            double working = average(MeterKind.MAIN, local(2025, month, day, 8, 30), local(2025, month, day, 17, 30));
            double night = average(MeterKind.MAIN, local(2025, month, day, 0, 0), local(2025, month, day, 5, 0));
            double ratio = night / working;
            assertTrue(ratio > 0.15 && ratio < 0.25, "month " + month + ": night/working = " + ratio);
        }
    }

    @Test
    void workingHoursOfMainAreInTheDemoRange() {
        double working = average(MeterKind.MAIN, local(2025, 7, 16, 9, 0), local(2025, 7, 16, 11, 30));
        assertTrue(working > 230 && working < 260, "typical July morning main " + working);
    }

    @Test
    void weekendIsBelowWeekday() {
        for (MeterKind kind : MeterKind.values()) {
            double wednesday = average(kind, local(2025, 6, 4, 0, 0), local(2025, 6, 5, 0, 0));
            double saturday = average(kind, local(2025, 6, 7, 0, 0), local(2025, 6, 8, 0, 0));
            assertTrue(saturday < wednesday * (kind == MeterKind.SPECIAL ? 0.95 : 0.6),
                    kind + ": Saturday " + saturday + " vs Wednesday " + wednesday);
        }
    }

    @Test
    void hvacIsNearZeroAtNightInSpring() {
        Instant aprilNight = local(2025, 4, 16, 2, 0);
        assertTrue(profile.shape(MeterKind.HVAC, aprilNight) < 0.02);
        assertTrue(profile.mean(MeterKind.HVAC, aprilNight) < 1, "kW " + profile.mean(MeterKind.HVAC, aprilNight));
    }

    @Test
    void hvacFollowsTheSeason() {
        double april = profile.shape(MeterKind.HVAC, local(2025, 4, 16, 10, 0));
        double july = profile.shape(MeterKind.HVAC, local(2025, 7, 16, 10, 0));
        double january = profile.shape(MeterKind.HVAC, local(2025, 1, 15, 10, 0));
        assertTrue(july > 3 * april, "July " + july + " vs April " + april);
        assertTrue(january > 3 * april, "January " + january + " vs April " + april);
        assertEquals(july, profile.working(MeterKind.HVAC, local(2025, 7, 16, 3, 0)), 1e-9);
    }

    @Test
    void morningRampsAndLunchDips() {
        double early = profile.shape(MeterKind.LIGHTING, local(2025, 6, 4, 7, 30));
        double morning = profile.shape(MeterKind.LIGHTING, local(2025, 6, 4, 10, 0));
        double lunch = profile.shape(MeterKind.LIGHTING, local(2025, 6, 4, 12, 30));
        double evening = profile.shape(MeterKind.LIGHTING, local(2025, 6, 4, 19, 0));
        double night = profile.shape(MeterKind.LIGHTING, local(2025, 6, 4, 23, 30));
        assertTrue(early < morning && lunch < morning && evening < lunch && night < evening);
        assertEquals(0.05, night, 1e-9, "lighting night share");
    }

    @Test
    void canteenPeaksAtMealTimes() {
        for (MeterKind kind : new MeterKind[] {MeterKind.GAS, MeterKind.WATER_SUB}) {
            double lunch = profile.mean(kind, local(2025, 6, 4, 11, 30));
            double breakfast = profile.mean(kind, local(2025, 6, 4, 7, 30));
            double afternoon = profile.mean(kind, local(2025, 6, 4, 15, 0));
            assertTrue(lunch > 5 * afternoon && breakfast > 2 * afternoon, kind.name());
            assertEquals(0, profile.mean(kind, local(2025, 6, 4, 3, 0)));
        }
    }

    @Test
    void waterMainsAreNearZeroAtNight() {
        double night = profile.mean(MeterKind.WATER_MAIN, local(2025, 6, 4, 3, 0));
        double day = profile.mean(MeterKind.WATER_MAIN, local(2025, 6, 4, 10, 0));
        assertTrue(night < 0.05, "night m³/h " + night);
        assertTrue(day > 1 && day < 5, "day m³/h " + day);
    }

    @Test
    void followsShanghaiLocalTime() {
        // 02:00 UTC is 10:00 in Changzhou, 18:00 UTC is 02:00 the next morning
        assertEquals(1, profile.shape(MeterKind.LIGHTING, Instant.parse("2025-06-04T02:00:00Z")), 1e-9);
        assertEquals(0.05, profile.shape(MeterKind.LIGHTING, Instant.parse("2025-06-03T18:00:00Z")), 1e-9);
    }

    @Test
    void meterLevelsSpanTheKindRangeAndAreRepeatable() {
        for (MeterKind kind : MeterKind.values()) {
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int i = 0; i < 500; i++) {
                SimMeter meter = SimMeter.synthetic("t", i, kind);
                double level = profile.level(meter, 7);
                assertEquals(level, profile.level(meter, 7));
                min = Math.min(min, level);
                max = Math.max(max, level);
            }
            double range = kind.maxLevel() - kind.minLevel();
            assertTrue(min >= kind.minLevel() && min < kind.minLevel() + 0.1 * range, kind + " min " + min);
            assertTrue(max <= kind.maxLevel() && max > kind.maxLevel() - 0.1 * range, kind + " max " + max);
        }
        SimMeter meter = SimMeter.synthetic("t", 1, MeterKind.MAIN);
        assertTrue(profile.level(meter, 7) != profile.level(meter, 8), "another seed draws another level");
    }

    @Test
    void scaleMultipliesEveryLoad() {
        SimMeter meter = SimMeter.synthetic("t", 3, MeterKind.HVAC);
        Instant t = local(2025, 7, 16, 10, 0);
        assertEquals(2 * profile.mean(meter, 1, t), LoadProfile.standard(2).mean(meter, 1, t), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> LoadProfile.standard(-1));
        assertThrows(IllegalArgumentException.class, () -> LoadProfile.constant(Double.NaN));
    }

    @Test
    void constantProfileIsFlatAndNoiseless() {
        LoadProfile flat = LoadProfile.constant(100);
        SimMeter meter = SimMeter.synthetic("t", 3, MeterKind.LIGHTING);
        assertEquals(100, flat.mean(meter, 1, local(2025, 6, 7, 3, 0)));
        assertEquals(100, flat.mean(MeterKind.GAS, local(2025, 6, 4, 15, 0)));
        assertEquals(1, flat.noise(MeterKind.POWER, 123, 456));
    }

    @Test
    void noiseIsCentredBoundedAndRepeatable() {
        double sum = 0;
        int n = 100_000;
        for (int s = 0; s < n; s++) {
            double noise = profile.noise(MeterKind.POWER, 99, s);
            assertTrue(noise > 1 - 3.5 * MeterKind.POWER.noise() && noise < 1 + 3.5 * MeterKind.POWER.noise());
            sum += noise;
        }
        assertEquals(1, sum / n, 0.002);
        assertEquals(profile.noise(MeterKind.POWER, 99, 5), profile.noise(MeterKind.POWER, 99, 5));
    }
}
