package org.dayuan.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/** A half-open span of time {@code [from, to)}. */
public record TimeWindow(Instant from, Instant to) {
    public TimeWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("empty time window " + from + " .. " + to);
        }
    }

    public double hours() {
        return Duration.between(from, to).toMillis() / 3_600_000.0;
    }

    /** The whole local day. */
    public static TimeWindow day(LocalDate date, ZoneId zone) {
        return new TimeWindow(date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /**
     * The daily window from {@code start} to {@code end} local time that ends on {@code date}; when start is not
     * before end the window crosses midnight and begins the day before (22:00 → 06:00).
     */
    public static TimeWindow daily(LocalTime start, LocalTime end, LocalDate date, ZoneId zone) {
        LocalDate startDate = start.isBefore(end) ? date : date.minusDays(1);
        return new TimeWindow(startDate.atTime(start).atZone(zone).toInstant(), date.atTime(end).atZone(zone).toInstant());
    }

    /** The most recent daily window that has ended at or before {@code now}. */
    public static TimeWindow lastDaily(LocalTime start, LocalTime end, ZoneId zone, Instant now) {
        LocalDate date = now.atZone(zone).toLocalDate();
        TimeWindow w = daily(start, end, date, zone);
        return w.to.isAfter(now) ? daily(start, end, date.minusDays(1), zone) : w;
    }
}
