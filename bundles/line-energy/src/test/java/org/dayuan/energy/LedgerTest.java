package org.dayuan.energy;

import static org.dayuan.energy.Fixtures.SHANGHAI;
import static org.dayuan.energy.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class LedgerTest {
    static final String M = "cz.wujin:meter-1";
    final Ledger ledger = new Ledger(SHANGHAI);

    void add(String from, String to, double quantity) {
        ledger.add(new Interval(M, at(from), at(to), quantity, Quality.OK));
    }

    double sum(String from, String to) {
        return ledger.sum(M, at(from), at(to));
    }

    @Test
    void anIntervalInsideOneSlotGoesWhollyToIt() {
        add("2024-05-06T10:02", "2024-05-06T10:10", 3);
        assertEquals(3, sum("2024-05-06T10:00", "2024-05-06T10:15"), 1e-6);
        assertEquals(0, sum("2024-05-06T10:15", "2024-05-06T10:30"));
    }

    @Test
    void anIntervalIsSpreadOverItsSlotsInProportionToTime() {
        // 6 kWh over 10:05–10:35: 10 min in the 10:00 slot, 15 in 10:15, 5 in 10:30.
        add("2024-05-06T10:05", "2024-05-06T10:35", 6);
        assertArrayEquals(new double[] {2, 3, 1},
                ledger.series(M, at("2024-05-06T10:00"), at("2024-05-06T10:45"), Resolution.QUARTER_HOUR), 1e-6);
        assertEquals(6, sum("2024-05-06T00:00", "2024-05-07T00:00"), 1e-6);
    }

    @Test
    void sumsCountTheSlotsStartingInTheRange() {
        add("2024-05-06T10:00", "2024-05-06T11:00", 8);
        assertEquals(4, sum("2024-05-06T10:00", "2024-05-06T10:30"), 1e-6);
        assertEquals(6, sum("2024-05-06T10:20", "2024-05-06T11:00"), 1e-6, "from falls back to its slot start 10:15");
    }

    @Test
    void daysFollowTheLocalCalendarOfTheZone() {
        // 23:00 Jan 31 to 01:00 Feb 1 Shanghai is 15:00–17:00 UTC on Jan 31: in UTC all of it would be January.
        add("2024-01-31T23:00", "2024-02-01T01:00", 8);
        assertEquals(List.of(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 1)), List.copyOf(ledger.days(M)));
        assertArrayEquals(new double[] {4, 4},
                ledger.series(M, at("2024-01-01T00:00"), at("2024-03-01T00:00"), Resolution.MONTH), 1e-6);
        assertArrayEquals(new double[] {4, 4},
                ledger.series(M, at("2024-01-31T12:00"), at("2024-02-01T12:00"), Resolution.DAY), 1e-6);
    }

    @Test
    void bucketsWithoutDataAreNaNNotZero() {
        add("2024-05-06T10:00", "2024-05-06T11:00", 8);
        add("2024-05-06T12:00", "2024-05-06T13:00", 0);
        double[] hours = ledger.series(M, at("2024-05-06T09:30"), at("2024-05-06T13:00"), Resolution.HOUR);
        assertArrayEquals(new double[] {Double.NaN, 8, Double.NaN, 0}, hours, 1e-6);
    }

    @Test
    void usageCountsCoveredSlotsIncludingZeroConsumption() {
        add("2024-05-06T10:00", "2024-05-06T10:30", 0);
        add("2024-05-06T10:30", "2024-05-06T10:45", 5);
        Usage u = ledger.usage(M, at("2024-05-06T10:00"), at("2024-05-06T11:00"));
        assertEquals(new Usage(5, 3, 4), u);
        assertEquals(0.75, u.coverage());
        // 5 kWh over 3 covered quarter hours = 0.75 h: 6.67 kW.
        assertEquals(5 / 0.75, u.meanPerHour(), 1e-6);
    }

    @Test
    void gapsAndIgnoredReadingsAddNothing() {
        ledger.add(new Interval(M, at("2024-05-06T10:00"), at("2024-05-06T11:00"), 0, Quality.METER_SWAP));
        ledger.add(new Interval(M, at("2024-05-06T10:00"), at("2024-05-06T11:00"), 0, Quality.IMPLAUSIBLE));
        assertTrue(ledger.meters().isEmpty());
        assertEquals(0, ledger.usage(M, at("2024-05-06T10:00"), at("2024-05-06T11:00")).coveredSlots());
    }

    @Test
    void aDstChangeDayHasFewerSlots() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Ledger l = new Ledger(berlin);
        Instant start = LocalDate.of(2024, 3, 31).atStartOfDay(berlin).toInstant();
        Instant end = LocalDate.of(2024, 4, 1).atStartOfDay(berlin).toInstant();
        // 23 hours that day: 92 quarter hours of 1 kWh each.
        l.add(new Interval(M, start, end, 92, Quality.OK));
        double[] slots = l.series(M, start, end, Resolution.QUARTER_HOUR);
        assertEquals(92, slots.length);
        assertEquals(1, slots[91], 1e-6);
        assertArrayEquals(new double[] {92}, l.series(M, start, end, Resolution.DAY), 1e-4);
        Instant threeAm = LocalDateTime.parse("2024-03-31T03:00").atZone(berlin).toInstant();
        assertEquals(4, l.sum(M, threeAm, threeAm.plusSeconds(3600)), 1e-6, "03:00 is the third hour of that day");
    }

    @Test
    void totalsSumMainMetersPerCarrier() {
        ledger.add(new Interval("m-main", at("2024-05-06T10:00"), at("2024-05-06T11:00"), 100, Quality.OK));
        ledger.add(new Interval("m-sub", at("2024-05-06T10:00"), at("2024-05-06T11:00"), 30, Quality.OK));
        ledger.add(new Interval("w-main", at("2024-05-06T10:00"), at("2024-05-06T11:00"), 2, Quality.OK));
        var meters = List.of(MeterInfo.simple("m-main", Carrier.ELECTRICITY, true),
                MeterInfo.simple("m-sub", Carrier.ELECTRICITY, false), MeterInfo.simple("w-main", Carrier.WATER, true));
        Map<Carrier, Double> totals = ledger.totals(meters, at("2024-05-06T00:00"), at("2024-05-07T00:00"));
        assertEquals(100, totals.get(Carrier.ELECTRICITY), 1e-6);
        assertEquals(2, totals.get(Carrier.WATER), 1e-6);
    }

    @Test
    void pruneDropsOlderDaysAndEmptyMeters() {
        add("2024-05-05T10:00", "2024-05-05T11:00", 1);
        add("2024-05-06T10:00", "2024-05-06T11:00", 2);
        ledger.add(new Interval("old", at("2024-05-01T10:00"), at("2024-05-01T11:00"), 1, Quality.OK));
        ledger.prune(LocalDate.of(2024, 5, 6));
        assertEquals(List.of(LocalDate.of(2024, 5, 6)), List.copyOf(ledger.days(M)));
        assertEquals(List.of(M), List.copyOf(ledger.meters()));
        assertEquals(2, sum("2024-05-01T00:00", "2024-05-07T00:00"), 1e-6);
    }

    @Test
    void readersSeeWholeAddsWhileOneThreadWrites() throws Exception {
        Instant start = at("2024-01-01T00:00");
        int days = 60;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < days * 96; i++) {
                Instant t = start.plus(Ledger.SLOT.multipliedBy(i));
                // Each add spreads 2 kWh over two slots; a reader must never see half of one.
                ledger.add(new Interval(M, t, t.plus(Ledger.SLOT.multipliedBy(2)), 2, Quality.OK));
            }
        });
        writer.start();
        while (writer.isAlive()) {
            double total = ledger.sum(M, start, start.plus(java.time.Duration.ofDays(days + 1)));
            if (Math.abs(total - Math.round(total / 2) * 2) > 1e-3) {
                failure.set(new AssertionError("saw a partial add: " + total));
            }
            ledger.series(M, start, start.plus(java.time.Duration.ofDays(days)), Resolution.HOUR);
        }
        writer.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(days * 96 * 2, ledger.sum(M, start, start.plus(java.time.Duration.ofDays(days + 1))), 1e-2);
    }
}
