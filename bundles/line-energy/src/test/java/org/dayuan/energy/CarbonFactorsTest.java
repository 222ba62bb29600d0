package org.dayuan.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CarbonFactorsTest {
    final CarbonFactors defaults = CarbonFactors.defaults();

    @Test
    void eastChinaElectricity2023() {
        Factor f = defaults.lookup(Carrier.ELECTRICITY, "east-china", 2023);
        assertEquals(0.1229, f.kgcePerUnit());
        assertEquals(0.5500, f.kgco2PerUnit());
        assertEquals("kgce:GB/T 2589-2020; co2:electricity.east-china.2023", f.version());
    }

    @Test
    void aLaterYearUsesTheNewestPublishedOneAndAnEarlierYearTheOldest() {
        assertEquals("kgce:GB/T 2589-2020; co2:electricity.national.2023", defaults.lookup(Carrier.ELECTRICITY, "national", 2025).version());
        assertEquals(0.5366, defaults.lookup(Carrier.ELECTRICITY, "national", 2022).kgco2PerUnit());
        Factor early = defaults.lookup(Carrier.ELECTRICITY, "national", 2020);
        assertEquals(0.5568, early.kgco2PerUnit());
        assertEquals("kgce:GB/T 2589-2020; co2:electricity.national.2021", early.version());
        assertEquals(0.5617, defaults.lookup(Carrier.ELECTRICITY, "east-china", 2019).kgco2PerUnit());
    }

    @Test
    void anUnknownRegionFallsBackToNational() {
        Factor f = defaults.lookup(Carrier.ELECTRICITY, "north-west", 2023);
        assertEquals(0.5306, f.kgco2PerUnit());
        assertEquals("kgce:GB/T 2589-2020; co2:electricity.national.2023", f.version());
        assertEquals("生态环境部 2023 announcement", f.co2Source());
    }

    @Test
    void fuelsAndHeatUseTheNdrc2015Figures() {
        Factor gas = defaults.lookup(Carrier.GAS, "east-china", 2023);
        assertEquals(1.2143, gas.kgcePerUnit());
        assertEquals(2.16, gas.kgco2PerUnit());
        assertEquals("kgce:GB/T 2589-2020; co2:gas.national.2015", gas.version());
        assertEquals(0.12283, defaults.lookup(Carrier.HEAT, "national", 2023).kgcePerUnit());
        assertEquals(0.396, defaults.lookup(Carrier.HEAT, "national", 2023).kgco2PerUnit());
        assertEquals(1.4714, defaults.lookup(Carrier.GASOLINE, "national", 2023).kgcePerUnit());
        assertEquals(3.10, defaults.lookup(Carrier.DIESEL, "national", 2023).kgco2PerUnit());
    }

    @Test
    void aMissingFactorIsNaNAndNamedNone() {
        Factor cooling = defaults.lookup(Carrier.COOLING, "national", 2023);
        assertTrue(Double.isNaN(cooling.kgco2PerUnit()));
        assertEquals("kgce:GB/T 2589-2020; co2:none", cooling.version());
        assertNull(cooling.co2Source());
    }

    @Test
    void waterHasNoFactor() {
        assertThrows(IllegalArgumentException.class, () -> defaults.lookup(Carrier.WATER, "national", 2023));
    }

    @Test
    void configEntriesAreLaidOverTheDefaults() {
        CarbonFactors f = CarbonFactors.fromConfig(Settings.of(Map.of(
                "co2.electricity.east-china.2024", "0.5300",
                "co2.electricity.east-china.2024.source", "Jiangsu 2024 notice",
                "kgce.gas", "1.3300",
                "calendar.zone", "Asia/Shanghai")));
        Factor e = f.lookup(Carrier.ELECTRICITY, "east-china", 2024);
        assertEquals(0.5300, e.kgco2PerUnit());
        assertEquals("Jiangsu 2024 notice", e.co2Source());
        assertEquals(0.5500, f.lookup(Carrier.ELECTRICITY, "east-china", 2023).kgco2PerUnit());
        assertEquals(1.3300, f.lookup(Carrier.GAS, "national", 2024).kgcePerUnit());
    }

    @Test
    void parseTakesOnlyWhatIsGiven() {
        CarbonFactors f = CarbonFactors.parse(Settings.of(Map.of("kgce.version", "test", "kgce.electricity", "0.3")));
        Factor e = f.lookup(Carrier.ELECTRICITY, "national", 2023);
        assertEquals(0.3, e.kgcePerUnit());
        assertEquals("kgce:test; co2:none", e.version());
        assertEquals("kgce:none; co2:none", f.lookup(Carrier.GAS, "national", 2023).version());
    }

    @Test
    void malformedEntriesAreRefusedNamingTheKey() {
        Map<String, String> bad = Map.of(
                "kgce.coal", "0.7143",
                "kgce.gas", "abc",
                "kgce.water", "0",
                "co2.electricity.national.20x3", "0.5",
                "co2.electricity.national", "0.5",
                "co2.electricity.East China.2023", "0.5",
                "co2.electricity.national.2023", "-0.5",
                "co2.electricity.national.2030.source", "orphan",
                "co2.steam.national.2023", "0.5");
        bad.forEach((key, value) -> {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> CarbonFactors.fromConfig(Settings.of(Map.of(key, value))), key);
            assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        });
    }
}
