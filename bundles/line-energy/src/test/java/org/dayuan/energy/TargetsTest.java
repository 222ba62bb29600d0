package org.dayuan.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Month;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TargetsTest {
    final Targets targets = Targets.defaults();

    @Test
    void defaultsAreChangzhouTargetsAndTheNational2020Baseline() {
        assertEquals(-6, targets.percent(Metric.KGCE_PER_M2));
        assertEquals(-7, targets.percent(Metric.KGCE_PER_PERSON));
        assertEquals(-7, targets.percent(Metric.WATER_PER_PERSON));
        assertEquals(-7, targets.percent(Metric.CO2_PER_M2));
        assertEquals(new Baseline(2020, 18.48, 329.56, 21.53, null), targets.national());
    }

    @Test
    void theTargetPathIsLinearFromBaselineYearToTargetYearThenFlat() {
        assertEquals(18.48, targets.target(Metric.KGCE_PER_M2, 18.48, 2020, 2020), 1e-9);
        assertEquals(18.48, targets.target(Metric.KGCE_PER_M2, 18.48, 2020, 2019), 1e-9);
        // 2023 is 3/5 of the way: 18.48 × (1 − 0.06 × 0.6) = 17.81472
        assertEquals(17.81472, targets.target(Metric.KGCE_PER_M2, 18.48, 2020, 2023), 1e-9);
        assertEquals(17.3712, targets.target(Metric.KGCE_PER_M2, 18.48, 2020, 2025), 1e-9);
        assertEquals(17.3712, targets.target(Metric.KGCE_PER_M2, 18.48, 2020, 2027), 1e-9);
        // A subject baselined in 2022 reaches −7 % per person in 3 years: 2023 is 1/3 of the way.
        assertEquals(300 * (1 - 0.07 / 3), targets.target(Metric.KGCE_PER_PERSON, 300, 2022, 2023), 1e-9);
    }

    @Test
    void aYearlyQuotaIsSplitByMonthWeights() {
        assertEquals(1.0 / 12, targets.monthShare(Month.MAY), 1e-12);
        Targets winterHeavy = Targets.fromConfig(Settings.of(Map.of("quota.monthWeights", "2,1,1,1,1,1,1,1,1,1,1,2")));
        assertEquals(2.0 / 14, winterHeavy.monthShare(Month.JANUARY), 1e-12);
        assertEquals(1.0 / 14, winterHeavy.monthShare(Month.JUNE), 1e-12);
    }

    @Test
    void configOverridesPercentagesYearsAndBaseline() {
        Targets national = Targets.fromConfig(Settings.of(Map.of("target.perM2", "-5", "target.targetYear", "2030",
                "baseline.co2PerM2", "40", "baseline.perM2", "18.03", "target.baselineYear", "2022")));
        assertEquals(-5, national.percent(Metric.KGCE_PER_M2));
        assertEquals(new Baseline(2022, 18.03, 329.56, 21.53, 40.0), national.national());
        assertEquals(2030, national.targetYear());
        assertNull(targets.national().co2PerM2());
    }

    @Test
    void badConfigIsRefusedNamingTheKey() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Targets.fromConfig(Settings.of(Map.of("quota.monthWeights", "1,1,1"))));
        assertTrue(e.getMessage().contains("quota.monthWeights"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Targets.fromConfig(Settings.of(Map.of("target.targetYear", "2019"))));
        assertTrue(e.getMessage().contains("target"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Targets.fromConfig(Settings.of(Map.of("target.perPerson", "-7%"))));
        assertTrue(e.getMessage().contains("target.perPerson"), e.getMessage());
    }
}
