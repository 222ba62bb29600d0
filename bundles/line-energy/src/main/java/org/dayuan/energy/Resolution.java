package org.dayuan.energy;

import java.time.Instant;
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
}
