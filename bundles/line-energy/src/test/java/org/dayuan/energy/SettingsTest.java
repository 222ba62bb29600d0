package org.dayuan.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void absentAndBlankValuesGiveTheDefault() {
        Settings s = Settings.of(Map.of("spike.factor", "  "));
        assertEquals(2.5, s.number("spike.factor", 2.5));
        assertEquals(7, s.integer("x", 7));
        assertEquals(LocalTime.of(8, 30), s.time("t", LocalTime.of(8, 30)));
    }

    @Test
    void parsesTrimmedValues() {
        Settings s = Settings.of(Map.of("a", " 0.5 ", "d", "2024-10-01, 2024-10-02,", "t", "22:00"));
        assertEquals(0.5, s.number("a", 1));
        assertEquals(List.of(LocalDate.of(2024, 10, 1), LocalDate.of(2024, 10, 2)), s.dates("d"));
        assertEquals(LocalTime.of(22, 0), s.time("t", null));
    }

    @Test
    void rejectsWhatJavaWouldWronglyAcceptAsANumber() {
        for (String bad : List.of("NaN", "Infinity", "1d", "0x10", "1,5", "abc")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("spike.factor", bad)).number("spike.factor", 1));
            assertTrue(e.getMessage().contains("'spike.factor'"), e.getMessage());
        }
    }

    @Test
    void errorsNameTheKeyAndTheValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Map.of("calendar.holidays", "2024-10-01,2024-13-01")).dates("calendar.holidays"));
        assertEquals("config key 'calendar.holidays': '2024-13-01' is not an ISO date like 2024-10-01", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("k", "0")).positive("k", 1));
        assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("z", "Mars/Olympus")).zone("z", null));
    }

    @Test
    void severitiesAreTheAlarmServiceOnes() {
        assertEquals("major", Settings.of(Map.of("s", " Major ")).severity("s", "warning"));
        assertEquals("warning", Settings.empty().severity("s", "warning"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Map.of("spike.severity", "minor")).severity("spike.severity", "warning"));
        assertEquals("config key 'spike.severity': 'minor' is not a severity: info, warning, major or critical",
                e.getMessage());
    }
}
