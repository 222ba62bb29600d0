package org.dayuan.energy;

import static org.dayuan.energy.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WorkCalendarTest {
    /** May Day 2024: 1–5 May off, Saturday 11 May worked instead (调休). */
    final WorkCalendar calendar = WorkCalendar.fromConfig(Settings.of(Map.of(
            "calendar.holidays", "2024-05-01,2024-05-02,2024-05-03",
            "calendar.extraWorkdays", "2024-05-11")));

    @Test
    void weekdaysWorkWeekendsAndHolidaysDoNotAndExtraWorkdaysDo() {
        assertTrue(calendar.isWorkingDay(LocalDate.of(2024, 5, 6)), "Monday");
        assertFalse(calendar.isWorkingDay(LocalDate.of(2024, 5, 4)), "Saturday");
        assertFalse(calendar.isWorkingDay(LocalDate.of(2024, 5, 2)), "holiday on a Thursday");
        assertTrue(calendar.isWorkingDay(LocalDate.of(2024, 5, 11)), "make-up Saturday");
    }

    @Test
    void workingHoursAreHalfOpenFromHalfPastEightToHalfPastFive() {
        assertFalse(calendar.isWorkingHour(at("2024-05-06T08:29")));
        assertTrue(calendar.isWorkingHour(at("2024-05-06T08:30")));
        assertTrue(calendar.isWorkingHour(at("2024-05-06T17:29")));
        assertFalse(calendar.isWorkingHour(at("2024-05-06T17:30")));
        assertFalse(calendar.isWorkingHour(at("2024-05-02T10:00")), "holiday");
        assertTrue(calendar.isWorkingHour(at("2024-05-11T10:00")), "make-up Saturday");
        // 02:00 UTC is 10:00 in Shanghai.
        assertTrue(calendar.isWorkingHour(at("2024-05-06T10:00").atZone(ZoneId.of("UTC"))));
    }

    @Test
    void theNightWindowCrossesMidnight() {
        assertFalse(calendar.isNight(at("2024-05-06T21:59")));
        assertTrue(calendar.isNight(at("2024-05-06T22:00")));
        assertTrue(calendar.isNight(at("2024-05-07T03:00")));
        assertTrue(calendar.isNight(at("2024-05-07T05:59")));
        assertFalse(calendar.isNight(at("2024-05-07T06:00")));
    }

    @Test
    void lastNightIsTheMostRecentWindowThatHasEnded() {
        assertEquals(new TimeWindow(at("2024-05-06T22:00"), at("2024-05-07T06:00")), calendar.lastNight(at("2024-05-07T06:00")));
        assertEquals(new TimeWindow(at("2024-05-05T22:00"), at("2024-05-06T06:00")), calendar.lastNight(at("2024-05-07T05:59")));
        assertEquals(new TimeWindow(at("2024-05-06T08:30"), at("2024-05-06T17:30")), calendar.workingHours(LocalDate.of(2024, 5, 6)));
    }

    @Test
    void hoursAndWindowsComeFromConfig() {
        WorkCalendar c = WorkCalendar.fromConfig(Settings.of(Map.of("calendar.workStart", "09:00", "calendar.workEnd", "18:00",
                "calendar.nightStart", "01:00", "calendar.nightEnd", "05:00", "calendar.weekend", "sunday")));
        assertTrue(c.isWorkingDay(LocalDate.of(2024, 5, 4)), "Saturday is worked when only Sunday is weekend");
        assertFalse(c.isWorkingHour(at("2024-05-06T08:45")));
        assertTrue(c.isWorkingHour(at("2024-05-06T17:45")));
        assertFalse(c.isNight(at("2024-05-06T23:00")));
        assertTrue(c.isNight(at("2024-05-07T01:00")));
        assertEquals(new TimeWindow(at("2024-05-07T01:00"), at("2024-05-07T05:00")), c.lastNight(at("2024-05-07T12:00")));
    }

    @Test
    void badConfigIsRefusedNamingTheKey() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> WorkCalendar.fromConfig(Settings.of(Map.of("calendar.holidays", "2024-05-32"))));
        assertTrue(e.getMessage().contains("calendar.holidays"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> WorkCalendar.fromConfig(Settings.of(Map.of("calendar.weekend", "caturday"))));
        assertTrue(e.getMessage().contains("calendar.weekend"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WorkCalendar.fromConfig(Settings.of(Map.of(
                "calendar.holidays", "2024-05-11", "calendar.extraWorkdays", "2024-05-11"))));
        assertTrue(e.getMessage().contains("2024-05-11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkCalendar.fromConfig(Settings.of(Map.of(
                "calendar.workStart", "18:00"))));
    }
}
