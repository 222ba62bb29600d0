package org.dayuan.fleet.rules;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Duty hours in local time: a working day is an ordinary working weekday that is not a public holiday, or an adjusted
 * working day (调休, a weekend day worked in exchange for a longer holiday); duty runs from {@code start} to
 * {@code end} on working days only.
 */
record DutyCalendar(Set<DayOfWeek> workingDays, LocalTime start, LocalTime end, Set<LocalDate> holidays,
                    Set<LocalDate> workdays) {
    DutyCalendar {
        workingDays = Set.copyOf(workingDays);
        holidays = Set.copyOf(holidays);
        workdays = Set.copyOf(workdays);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("Duty hours " + start + "-" + end + " end before they start");
        }
    }

    boolean workingDay(LocalDate day) {
        if (workdays.contains(day)) {
            return true;
        }
        return !holidays.contains(day) && workingDays.contains(day.getDayOfWeek());
    }

    boolean onDuty(LocalDateTime at) {
        LocalTime t = at.toLocalTime();
        return workingDay(at.toLocalDate()) && !t.isBefore(start) && t.isBefore(end);
    }

    /** {@code "MON,TUE"}; a name that is no day is an IllegalArgumentException naming the key. */
    static Set<DayOfWeek> days(String text, String key) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            DayOfWeek match = null;
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d.name().startsWith(p) && p.length() >= 3) {
                    match = d;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException(key + ": '" + part.trim() + "' is no day of the week (MON ... SUN)");
            }
            days.add(match);
        }
        return days;
    }

    /** {@code "2026-01-01..2026-01-03,2026-01-10"}: single dates and inclusive ranges. */
    static Set<LocalDate> dates(String text, String key) {
        Set<LocalDate> dates = new HashSet<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                String[] range = p.split("\\.\\.");
                LocalDate from = LocalDate.parse(range[0].trim());
                LocalDate to = range.length > 1 ? LocalDate.parse(range[1].trim()) : from;
                if (range.length > 2 || to.isBefore(from) || from.plusDays(366).isBefore(to)) {
                    throw new IllegalArgumentException(key + ": '" + p + "' is no range of at most a year");
                }
                for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                    dates.add(d);
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(key + ": '" + p + "' is not yyyy-MM-dd or yyyy-MM-dd..yyyy-MM-dd", e);
            }
        }
        return dates;
    }
}
