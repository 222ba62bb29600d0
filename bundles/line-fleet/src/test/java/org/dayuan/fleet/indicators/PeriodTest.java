package org.dayuan.fleet.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.YearMonth;

import org.dayuan.twin.DayuanException;
import org.junit.jupiter.api.Test;

class PeriodTest {
    @Test
    void monthQuarterAndYearInShanghai() {
        Period m = Period.parse("2026-11");
        assertEquals(Instant.parse("2026-10-31T16:00:00Z"), m.start().toInstant());
        assertEquals(Instant.parse("2026-11-30T16:00:00Z"), m.end().toInstant());
        Period q = Period.parse("2026-Q4");
        assertEquals(YearMonth.of(2026, 10), q.firstMonth());
        assertEquals(YearMonth.of(2026, 12), q.lastMonth());
        Period y = Period.parse("2026");
        assertEquals(Instant.parse("2025-12-31T16:00:00Z"), y.start().toInstant());
        assertEquals(Instant.parse("2026-12-31T16:00:00Z"), y.end().toInstant());
        assertTrue(y.contains(Instant.parse("2026-12-31T15:59:59Z")));
        assertEquals("2026-12", Period.monthOf(Instant.parse("2026-11-30T16:00:00Z")).text());
    }

    @Test
    void badPeriodsAreParameterErrors() {
        for (String bad : new String[] {"2026-13", "2026-Q5", "2026-q4", "26", "1999", "2026-11-01", "", "november"}) {
            DayuanException e = assertThrows(DayuanException.class, () -> Period.parse(bad));
            assertEquals("things:parameter.invalid", e.errorCode().code(), bad);
            assertEquals(400, e.status());
        }
    }

    @Test
    void fuelNormsByDisplacementClass() {
        FuelNorms n = new FuelNorms(9.0, "2.0=8.5, 1.6=7.5", 4.0);
        assertEquals(7.5, n.norm("gasoline", 1.4).orElseThrow());
        assertEquals(7.5, n.norm("gasoline", 1.6).orElseThrow());
        assertEquals(8.5, n.norm("diesel", 1.8).orElseThrow());
        assertEquals(9.0, n.norm("diesel", 2.8).orElseThrow());
        assertEquals(9.0, n.norm("gasoline", null).orElseThrow());
        assertEquals(4.0, n.norm("plugInHybrid", 1.5).orElseThrow());
        assertTrue(n.norm("electric", 0.0).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new FuelNorms(9.0, "1.6:7.5", 4.0));
    }
}
