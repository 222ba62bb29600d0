package org.dayuan.energy;

import static org.dayuan.energy.Fixtures.SHANGHAI;
import static org.dayuan.energy.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Year;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IndicatorCalculatorTest {
    static final double EPS = 1e-9;
    final IndicatorCalculator calculator = new IndicatorCalculator(Targets.defaults(), SHANGHAI);
    final CarbonFactors factors = CarbonFactors.defaults();
    final Subject office = new Subject("cz.wujin:org-1", "武进区机关事务管理中心", 100, 10, null, null);
    final Map<Carrier, Double> worked = Map.of(Carrier.ELECTRICITY, 10_000.0, Carrier.GAS, 1_000.0);

    Indicators year2023(Subject s, Map<Carrier, Double> metered, Map<Carrier, Double> billed) {
        return calculator.compute(s, Year.of(2023), metered, billed, factors, "east-china", at("2024-01-01T00:00"));
    }

    @Test
    void workedExample2023EastChina() {
        Indicators r = year2023(office, worked, Map.of());
        // kgce = 10,000 × 0.1229 + 1,000 × 1.2143 = 1,229 + 1,214.3 = 2,443.3
        assertEquals(2443.3, r.values().kgce(), EPS);
        // kgCO₂ = 10,000 × 0.5500 + 1,000 × 2.16 = 5,500 + 2,160 = 7,660
        assertEquals(7660, r.values().kgco2(), EPS);
        assertEquals(24.433, r.values().kgcePerM2(), EPS);
        assertEquals(244.33, r.values().kgcePerPerson(), EPS);
        assertEquals(76.6, r.values().kgco2PerM2(), EPS);
        assertNull(r.values().waterM3());
        assertNull(r.values().waterM3PerPerson());
        assertEquals("2023", r.period());
        assertNull(r.projected(), "2023 is complete");
        assertEquals(List.of("kgce:GB/T 2589-2020; co2:electricity.east-china.2023", "kgce:GB/T 2589-2020; co2:gas.national.2015"),
                List.copyOf(r.factorVersions()));
        assertEquals(List.of(), r.notes());
    }

    @Test
    void aCompleteYearIsComparedWithTheNationalBaselineAndTargetPath() {
        Map<Metric, Comparison> c = year2023(office, worked, Map.of()).comparisons();
        Comparison perM2 = c.get(Metric.KGCE_PER_M2);
        // 24.433 / 18.48 − 1 = +32.21 %; target 2023 = 18.48 × (1 − 0.06 × 3/5) = 17.81472
        assertEquals(32.2132034632, perM2.percentVsBaseline(), 1e-6);
        assertEquals(17.81472, perM2.target(), EPS);
        assertFalse(perM2.onTrack());
        assertEquals("national", perM2.baselineSource());
        Comparison perPerson = c.get(Metric.KGCE_PER_PERSON);
        // 244.33 / 329.56 − 1 = −25.86 %; target = 329.56 × (1 − 0.07 × 3/5) = 315.71848
        assertEquals(-25.8617550692, perPerson.percentVsBaseline(), 1e-6);
        assertEquals(315.71848, perPerson.target(), EPS);
        assertTrue(perPerson.onTrack());
        assertFalse(c.containsKey(Metric.WATER_PER_PERSON), "no water data");
        assertFalse(c.containsKey(Metric.CO2_PER_M2), "no national CO₂ baseline");
    }

    @Test
    void aSubjectsOwnBaselineWinsOverTheNationalOne() {
        Subject own = new Subject("cz.wujin:org-2", "x", 100, 10, new Baseline(2020, 25.0, null, 30.0, 80.0), null);
        Indicators r = year2023(own, Map.of(Carrier.ELECTRICITY, 10_000.0, Carrier.GAS, 1_000.0, Carrier.WATER, 250.0), Map.of());
        Comparison co2 = r.comparisons().get(Metric.CO2_PER_M2);
        // 76.6 vs target 80 × (1 − 0.07 × 0.6) = 76.64: just on track.
        assertEquals(76.64, co2.target(), EPS);
        assertTrue(co2.onTrack());
        assertEquals("own", co2.baselineSource());
        assertEquals(25.0, r.comparisons().get(Metric.KGCE_PER_M2).baseline());
        assertFalse(r.comparisons().containsKey(Metric.KGCE_PER_PERSON), "own baseline has no per-person value");
        assertEquals(25.0, r.values().waterM3PerPerson(), EPS);
        assertEquals(250.0, r.values().waterM3(), EPS);
        assertEquals(2443.3, r.values().kgce(), EPS, "water is not energy");
    }

    @Test
    void aYearInProgressIsProjectedToTheFullYear() {
        // 1 January to 1 April 2023 = 31 + 28 + 31 = 90 days of 365.
        Indicators r = calculator.compute(office, Year.of(2023), Map.of(Carrier.ELECTRICITY, 10_000.0), Map.of(), factors,
                "east-china", at("2023-04-01T00:00"));
        assertEquals(1229, r.values().kgce(), EPS);
        double projected = 1229 * 365 / 90.0;
        assertEquals(projected, r.projected().kgce(), 1e-6);
        assertEquals(projected / 100, r.projected().kgcePerM2(), 1e-6);
        Comparison perM2 = r.comparisons().get(Metric.KGCE_PER_M2);
        assertEquals(projected / 100, perM2.value(), 1e-6, "compared on the projection, not the quarter");
        assertFalse(perM2.onTrack());
        assertThrows(IllegalArgumentException.class, () -> calculator.compute(office, Year.of(2023), worked, Map.of(),
                factors, "east-china", at("2023-01-01T00:00")));
    }

    @Test
    void meteredDataWinsAndTheBillIsKeptForReconciliation() {
        Indicators r = year2023(office, Map.of(Carrier.ELECTRICITY, 10_000.0),
                Map.of(Carrier.ELECTRICITY, 10_400.0, Carrier.GAS, 1_000.0));
        CarrierLine e = r.carriers().get(Carrier.ELECTRICITY);
        assertEquals(new CarrierLine(Carrier.ELECTRICITY, 10_000, "meter", 10_400.0, -400.0,
                factors.lookup(Carrier.ELECTRICITY, "east-china", 2023)), e);
        CarrierLine gas = r.carriers().get(Carrier.GAS);
        assertEquals("bill", gas.source());
        assertNull(gas.difference());
        assertEquals(2443.3, r.values().kgce(), EPS);
    }

    @Test
    void aMonthGetsItsShareOfTheYearlyQuota() {
        Subject withQuota = new Subject("cz.wujin:org-1", "x", 100, 10, null, 12_000.0);
        Indicators r = calculator.compute(withQuota, YearMonth.of(2023, 5), Map.of(Carrier.ELECTRICITY, 10_000.0), Map.of(),
                factors, "east-china");
        assertEquals("2023-05", r.period());
        assertEquals(1000, r.quotaKgce(), EPS);
        assertEquals(1.229, r.quotaUsed(), EPS);
        assertTrue(r.comparisons().isEmpty(), "baselines are yearly");
        assertNull(calculator.compute(office, YearMonth.of(2023, 5), worked, Map.of(), factors, "east-china").quotaKgce());
    }

    @Test
    void aCarrierWithoutAFactorIsLeftOutAndNoted() {
        Indicators r = year2023(office, Map.of(Carrier.ELECTRICITY, 10_000.0, Carrier.COOLING, 500.0), Map.of());
        assertEquals(5500, r.values().kgco2(), EPS);
        assertEquals(1229 + 500 * 0.12283, r.values().kgce(), EPS);
        assertEquals(List.of("no kgCO2 factor for cooling: 500.0 kWh left out of kgCO2"), r.notes());
    }

    @Test
    void perPersonAndPerM2AreNullWithoutHeadcountOrArea() {
        Subject empty = new Subject("cz.wujin:bldg-9", "x", 0, 0, null, null);
        Indicators r = year2023(empty, worked, Map.of());
        assertNull(r.values().kgcePerPerson());
        assertNull(r.values().kgcePerM2());
        assertTrue(r.comparisons().isEmpty());
    }

    @Test
    void rejectsNegativeQuantities() {
        assertThrows(IllegalArgumentException.class, () -> year2023(office, Map.of(Carrier.GAS, -1.0), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> year2023(office, Map.of(), Map.of(Carrier.GAS, Double.NaN)));
    }
}
