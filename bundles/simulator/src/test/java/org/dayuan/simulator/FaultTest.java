package org.dayuan.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class FaultTest {
    @Test
    void parsesConfigValues() {
        assertEquals(EnumSet.of(Fault.STUCK, Fault.HVAC_LEFT_ON), Fault.parseSet("stuck, hvac-left-on"));
        assertEquals(EnumSet.of(Fault.LEAK, Fault.SPIKE), Fault.parseSet(" LEAK spike "));
        assertEquals(EnumSet.allOf(Fault.class), Fault.parseSet("all"));
        assertEquals(EnumSet.noneOf(Fault.class), Fault.parseSet(""));
        assertEquals(EnumSet.noneOf(Fault.class), Fault.parseSet(null));
    }

    @Test
    void rejectsUnknownFaultNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fault.parseSet("stuck,fire"));
        assertTrue(e.getMessage().contains("'fire'"), e.getMessage());
    }
}
