package org.dayuan.energy;

import static org.dayuan.energy.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConsumptionTrackerTest {
    static final String M = "cz.wujin:meter-1";
    static final Instant T0 = at("2024-05-06T10:00");

    static Instant minute(int m) {
        return T0.plusSeconds(60L * m);
    }

    static ConsumptionTracker tracker(double multiplier, double registerMax, double maxPerHour) {
        return new ConsumptionTracker(new MeterInfo(M, Carrier.ELECTRICITY, true, multiplier, List.of(), registerMax, maxPerHour));
    }

    static Interval only(List<Interval> result) {
        assertEquals(1, result.size(), result.toString());
        return result.get(0);
    }

    static void assertInterval(Instant from, Instant to, double quantity, Quality quality, Interval i) {
        assertEquals(M, i.meterId());
        assertEquals(from, i.from(), "from");
        assertEquals(to, i.to(), "to");
        assertEquals(quantity, i.quantity(), 1e-9, "quantity");
        assertEquals(quality, i.quality(), "quality");
    }

    @Test
    void firstReadingOnlySetsTheBaseline() {
        ConsumptionTracker t = tracker(1, 0, 0);
        assertEquals(List.of(), t.accept(T0, 1234.5));
        assertEquals(1234.5, t.baselineReading());
        assertEquals(T0, t.lastTime());
    }

    @Test
    void deltaTimesTheCtRatioIsTheIntervalConsumption() {
        ConsumptionTracker t = tracker(40, 0, 0);
        t.accept(T0, 100.0);
        // (100.5 − 100.0) × 40 = 20 kWh
        assertInterval(T0, minute(15), 20, Quality.OK, only(t.accept(minute(15), 100.5)));
        assertInterval(minute(15), minute(30), 0, Quality.OK, only(t.accept(minute(30), 100.5)));
    }

    @Test
    void aRegisterWrapNearItsMaximumIsARollover() {
        ConsumptionTracker t = tracker(1, 999999.99, 0);
        t.accept(T0, 999990.00);
        // 999999.99 − 999990.00 + 5.00 = 14.99
        assertInterval(T0, minute(15), 14.99, Quality.ROLLOVER, only(t.accept(minute(15), 5.00)));
        assertInterval(minute(15), minute(30), 1, Quality.OK, only(t.accept(minute(30), 6.00)));
    }

    @Test
    void anyOtherDropIsAMeterSwapThatRestartsFromTheNewReading() {
        ConsumptionTracker t = tracker(2, 999999.99, 0);
        t.accept(T0, 5000);
        // 12 is near zero but 5000 is nowhere near the top: not a wrap.
        assertInterval(T0, minute(15), 0, Quality.METER_SWAP, only(t.accept(minute(15), 12)));
        assertEquals(12, t.baselineReading());
        assertInterval(minute(15), minute(30), 6, Quality.OK, only(t.accept(minute(30), 15)));
    }

    @Test
    void aDropIsAMeterSwapWhenTheRegisterSizeIsUnknown() {
        ConsumptionTracker t = tracker(1, 0, 0);
        t.accept(T0, 999990);
        assertEquals(Quality.METER_SWAP, only(t.accept(minute(15), 3)).quality());
    }

    @Test
    void anImplausibleJumpIsNotCountedAndKeepsTheBaseline() {
        ConsumptionTracker t = tracker(1, 0, 100);
        t.accept(T0, 1000);
        assertInterval(T0, minute(15), 20, Quality.OK, only(t.accept(minute(15), 1020)));       // 80 kWh/h
        assertInterval(minute(15), minute(30), 0, Quality.IMPLAUSIBLE, only(t.accept(minute(30), 1100))); // 320 kWh/h
        assertEquals(1020, t.baselineReading());
        assertEquals(minute(30), t.lastTime(), "the meter did report, so it is not stale");
        // From the kept baseline: 20 kWh in 30 min = 40 kWh/h.
        assertInterval(minute(15), minute(45), 20, Quality.OK, only(t.accept(minute(45), 1040)));
    }

    @Test
    void threeConsistentImplausibleReadingsBecomeTheNewBaseline() {
        ConsumptionTracker t = tracker(1, 0, 100);
        t.accept(T0, 1000);
        assertEquals(Quality.IMPLAUSIBLE, only(t.accept(minute(15), 50000)).quality());
        assertEquals(Quality.IMPLAUSIBLE, only(t.accept(minute(30), 50010)).quality());
        assertInterval(T0, minute(45), 0, Quality.METER_SWAP, only(t.accept(minute(45), 50020)));
        assertInterval(minute(45), minute(60), 10, Quality.OK, only(t.accept(minute(60), 50030)));
    }

    @Test
    void implausibleReadingsThatDisagreeDoNotMoveTheBaseline() {
        ConsumptionTracker t = tracker(1, 0, 100);
        t.accept(T0, 1000);
        assertEquals(Quality.IMPLAUSIBLE, only(t.accept(minute(15), 50000)).quality());
        assertEquals(Quality.IMPLAUSIBLE, only(t.accept(minute(30), 90000)).quality());
        assertEquals(Quality.IMPLAUSIBLE, only(t.accept(minute(45), 50010)).quality());
        assertEquals(1000, t.baselineReading());
        assertEquals(T0, t.baselineTime());
    }

    @Test
    void aPlausibleReadingClearsTheSuspects() {
        ConsumptionTracker t = tracker(1, 0, 100);
        t.accept(T0, 1000);
        t.accept(minute(15), 50000);
        t.accept(minute(30), 50010);
        assertEquals(Quality.OK, only(t.accept(minute(45), 1030)).quality());
        assertEquals(Quality.IMPLAUSIBLE, only(t.accept(minute(60), 50020)).quality(), "the run starts over");
    }

    @Test
    void readingsAtOrBeforeThePreviousTimeAreIgnored() {
        ConsumptionTracker t = tracker(1, 0, 0);
        t.accept(T0, 100);
        t.accept(minute(15), 110);
        assertInterval(minute(5), minute(5), 0, Quality.OUT_OF_ORDER, only(t.accept(minute(5), 105)));
        assertInterval(minute(15), minute(15), 0, Quality.OUT_OF_ORDER, only(t.accept(minute(15), 111)));
        assertInterval(minute(15), minute(15), 0, Quality.DUPLICATE, only(t.accept(minute(15), 110)));
        assertEquals(110, t.baselineReading());
        assertInterval(minute(15), minute(30), 5, Quality.OK, only(t.accept(minute(30), 115)));
    }

    @Test
    void invalidReadingsAreIgnored() {
        ConsumptionTracker t = tracker(1, 0, 0);
        t.accept(T0, 100);
        for (double bad : new double[] {Double.NaN, -1, Double.POSITIVE_INFINITY}) {
            assertEquals(Quality.INVALID, only(t.accept(minute(15), bad)).quality());
        }
        assertEquals(T0, t.lastTime());
        assertInterval(T0, minute(15), 1, Quality.OK, only(t.accept(minute(15), 101)));
    }

    @Test
    void anInvalidFirstReadingSetsNoBaseline() {
        ConsumptionTracker t = tracker(1, 0, 0);
        assertEquals(Quality.INVALID, only(t.accept(T0, Double.NaN)).quality());
        assertEquals(null, t.lastTime());
        assertTrue(Double.isNaN(t.lastReading()));
        assertEquals(List.of(), t.accept(minute(15), 7));
    }

    @Test
    void aReadingStampedOutsideTheYearsAllowedIsInvalidAndDoesNotBlockLaterOnes() {
        ConsumptionTracker t = tracker(1, 0, 0);
        t.accept(T0, 100);
        for (String stamp : new String[] {"+999999999-12-31T00:00:00Z", "1969-12-31T23:59:59Z"}) {
            assertEquals(Quality.INVALID, only(t.accept(Instant.parse(stamp), 150)).quality(), stamp);
        }
        assertEquals(T0, t.lastTime());
        assertInterval(T0, minute(15), 1, Quality.OK, only(t.accept(minute(15), 101)));
    }
}
