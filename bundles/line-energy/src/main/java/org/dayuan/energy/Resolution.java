package org.dayuan.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** Bucket sizes for {@link Ledger#series}, aligned to the local calendar of the ledger's zone. */
public enum Resolution {
    QUARTER_HOUR, HOUR, DAY, MONTH;

    /** The start of the bucket that contains {@code t}. */
    Instant floor(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        return switch (this) {
            case QUARTER_HOUR -> Ledger.slotStart(t, zone);
            case HOUR -> z.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> z.toLocalDate().atStartOfDay(zone).toInstant();
            case MONTH -> z.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
        };
    }

    /** The start of the bucket after the one starting at {@code start}. */
    Instant next(Instant start, ZoneId zone) {
        ZonedDateTime z = start.atZone(zone);
        return switch (this) {
            case QUARTER_HOUR -> start.plus(Ledger.SLOT);
            case HOUR -> z.plusHours(1).toInstant();
            // Re-anchor to midnight so a day after a DST change still starts at 00:00 local.
            case DAY -> z.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
            case MONTH -> z.toLocalDate().plusMonths(1).atStartOfDay(zone).toInstant();
        };
    }

    /**
     * How many buckets {@link Ledger#series} returns for {@code [from, to)}, counted without walking them, so a
     * request can be refused before any work: slots and hours follow one another without gaps (a DST change moves
     * the local clock, not the buckets), days and months are counted on the local calendar. 0 when {@code to} is
     * not after {@code from}.
     */
    public long buckets(Instant from, Instant to, ZoneId zone) {
        if (!to.isAfter(from)) {
            return 0;
        }
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.minusNanos(1).atZone(zone).toLocalDate();
        return switch (this) {
            case QUARTER_HOUR, HOUR -> {
                long span = Duration.between(floor(from, zone), to).toNanos();
                long size = (this == HOUR ? Duration.ofHours(1) : Ledger.SLOT).toNanos();
                yield (span + size - 1) / size;
            }
            case DAY -> ChronoUnit.DAYS.between(first, last) + 1;
            case MONTH -> ChronoUnit.MONTHS.between(YearMonth.from(first), YearMonth.from(last)) + 1;
        };
    }
}
