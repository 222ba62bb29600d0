package org.dayuan.energy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Working days and hours of the campus. Chinese public holidays move every year and come with make-up working
 * days on weekends (调休), so both lists come from config rather than from a rule.
 */
public final class WorkCalendar {
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    private final ZoneId zone;
    private final LocalTime workStart;
    private final LocalTime workEnd;
    private final Set<DayOfWeek> weekend;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> extraWorkdays;
    private final LocalTime nightStart;
    private final LocalTime nightEnd;

    public WorkCalendar(ZoneId zone, LocalTime workStart, LocalTime workEnd, Set<DayOfWeek> weekend,
                        Set<LocalDate> holidays, Set<LocalDate> extraWorkdays, LocalTime nightStart, LocalTime nightEnd) {
        if (!workStart.isBefore(workEnd)) {
            throw new IllegalArgumentException("working hours must start before they end: " + workStart + " - " + workEnd);
        }
        if (nightStart.equals(nightEnd)) {
            throw new IllegalArgumentException("the night window is empty: " + nightStart + " - " + nightEnd);
        }
        Set<LocalDate> both = new HashSet<>(holidays);
        both.retainAll(extraWorkdays);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("dates are both holidays and extra working days: " + both);
        }
        this.zone = zone;
        this.workStart = workStart;
        this.workEnd = workEnd;
        this.weekend = weekend.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(weekend);
        this.holidays = Set.copyOf(holidays);
        this.extraWorkdays = Set.copyOf(extraWorkdays);
        this.nightStart = nightStart;
        this.nightEnd = nightEnd;
    }

    /**
     * Keys: {@code calendar.zone} (Asia/Shanghai), {@code calendar.workStart} (08:30), {@code calendar.workEnd}
     * (17:30), {@code calendar.weekend} (SATURDAY,SUNDAY), {@code calendar.holidays} and
     * {@code calendar.extraWorkdays} (ISO dates, comma-separated), {@code calendar.nightStart} (22:00),
     * {@code calendar.nightEnd} (06:00).
     */
    public static WorkCalendar fromConfig(Settings s) {
        Set<DayOfWeek> weekend = EnumSet.noneOf(DayOfWeek.class);
        List<String> days = s.keys().contains("calendar.weekend") ? s.list("calendar.weekend") : List.of("SATURDAY", "SUNDAY");
        for (String d : days) {
            try {
                weekend.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw Settings.invalid("calendar.weekend", d, "is not a day of the week like SATURDAY");
            }
        }
        try {
            return new WorkCalendar(s.zone("calendar.zone", DEFAULT_ZONE),
                    s.time("calendar.workStart", LocalTime.of(8, 30)), s.time("calendar.workEnd", LocalTime.of(17, 30)),
                    weekend, Set.copyOf(s.dates("calendar.holidays")), Set.copyOf(s.dates("calendar.extraWorkdays")),
                    s.time("calendar.nightStart", LocalTime.of(22, 0)), s.time("calendar.nightEnd", LocalTime.of(6, 0)));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("config key") ? e
                    : new IllegalArgumentException("config keys 'calendar.*': " + e.getMessage(), e);
        }
    }

    public static WorkCalendar defaults() {
        return fromConfig(Settings.empty());
    }

    public ZoneId zone() {
        return zone;
    }

    /** An extra working day (调休) wins over the weekend; a holiday wins over a weekday. */
    public boolean isWorkingDay(LocalDate date) {
        if (extraWorkdays.contains(date)) {
            return true;
        }
        return !holidays.contains(date) && !weekend.contains(date.getDayOfWeek());
    }

    public boolean isWorkingHour(ZonedDateTime time) {
        ZonedDateTime local = time.withZoneSameInstant(zone);
        LocalTime t = local.toLocalTime();
        return isWorkingDay(local.toLocalDate()) && !t.isBefore(workStart) && t.isBefore(workEnd);
    }

    public boolean isWorkingHour(Instant time) {
        return isWorkingHour(time.atZone(zone));
    }

    /** Inside the night window, on any day: a building should idle at night whether or not the next day is worked. */
    public boolean isNight(Instant time) {
        LocalTime t = time.atZone(zone).toLocalTime();
        if (nightStart.isBefore(nightEnd)) {
            return !t.isBefore(nightStart) && t.isBefore(nightEnd);
        }
        return !t.isBefore(nightStart) || t.isBefore(nightEnd);
    }

    /** The working hours of {@code date}, whether or not it is a working day. */
    public TimeWindow workingHours(LocalDate date) {
        return TimeWindow.daily(workStart, workEnd, date, zone);
    }

    /** The most recent night window that has ended at or before {@code now}. */
    public TimeWindow lastNight(Instant now) {
        return TimeWindow.lastDaily(nightStart, nightEnd, zone, now);
    }
}
