package org.dayuan.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CarrierTest {
    @Test
    void parsesEveryLowerCaseName() {
        assertEquals(List.of(Carrier.ELECTRICITY, Carrier.GAS, Carrier.HEAT, Carrier.COOLING, Carrier.WATER,
                        Carrier.GASOLINE, Carrier.DIESEL),
                List.of("electricity", "gas", "heat", "cooling", "water", "gasoline", "diesel").stream().map(Carrier::parse).toList());
    }

    @Test
    void rejectsUnknownAndUpperCaseNames() {
        assertEquals("unknown carrier 'coal'", assertThrows(IllegalArgumentException.class, () -> Carrier.parse("coal")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Carrier.parse("ELECTRICITY"));
        assertThrows(IllegalArgumentException.class, () -> Carrier.parse(null));
    }

    @Test
    void waterIsTheOnlyCarrierThatIsNotEnergy() {
        assertFalse(Carrier.WATER.isEnergy());
        assertEquals(List.of(Carrier.WATER), List.of(Carrier.values()).stream().filter(c -> !c.isEnergy()).toList());
        assertTrue(Carrier.GASOLINE.isEnergy());
    }

    @Test
    void unitsAreTheOnesQuantitiesAreKeptIn() {
        assertEquals("kWh", Carrier.ELECTRICITY.unit());
        assertEquals("m3", Carrier.GAS.unit());
        assertEquals("kWh", Carrier.HEAT.unit());
        assertEquals("kWh", Carrier.COOLING.unit());
        assertEquals("m3", Carrier.WATER.unit());
        assertEquals("kg", Carrier.DIESEL.unit());
    }
}
