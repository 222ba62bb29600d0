package org.dayuan.energy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** Shared helpers: local Shanghai times and ledger filling at a constant rate. */
public final class Fixtures {
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private Fixtures() {
    }

    /** A Shanghai local time such as {@code 2024-05-06T08:30}. */
    public static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    /** Fills {@code [from, to)} with 15-minute intervals at a constant rate, in carrier units per hour. */
    public static void fill(Ledger ledger, String meterId, String from, String to, double perHour) {
        for (Instant t = at(from); t.isBefore(at(to)); t = t.plus(Ledger.SLOT)) {
            ledger.add(new Interval(meterId, t, t.plus(Ledger.SLOT), perHour / 4, Quality.OK));
        }
    }
}
