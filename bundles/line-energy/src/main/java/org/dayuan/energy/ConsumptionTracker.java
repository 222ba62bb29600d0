package org.dayuan.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.dayuan.twin.HistoryParameters;

/**
 * Turns one meter's cumulative register readings into interval consumption. One instance per meter; not thread
 * safe, because readings of one meter arrive in order on one route and the order is what gives them meaning.
 *
 * <p>The tracker keeps a <em>baseline</em> (the last reading consumption was measured from) apart from the last
 * reading it saw: an implausible reading is seen but does not move the baseline.
 */
public final class ConsumptionTracker {
    /** Readings that must agree with each other before a jump is taken as real. */
    static final int READINGS_TO_ACCEPT_JUMP = 3;

    private record Reading(Instant time, double value) {
    }

    private final MeterInfo meter;
    private Reading baseline;
    private Reading last;
    /** Consecutive implausible readings, oldest first, each plausible against the one before. */
    private final List<Reading> suspects = new ArrayList<>();

    public ConsumptionTracker(MeterInfo meter) {
        this.meter = meter;
    }

    public MeterInfo meter() {
        return meter;
    }

    /**
     * Takes one reading. Returns nothing for the first reading (it only sets the baseline), otherwise one interval
     * whose quality says how the reading was treated.
     */
    public List<Interval> accept(Instant time, double reading) {
        if (Double.isNaN(reading) || Double.isInfinite(reading) || reading < 0 || !plausibleYear(time)) {
            return List.of(point(time, Quality.INVALID));
        }
        Reading r = new Reading(time, reading);
        if (last == null) {
            baseline = r;
            last = r;
            return List.of();
        }
        if (!time.isAfter(last.time)) {
            boolean duplicate = time.equals(last.time) && reading == last.value;
            return List.of(point(time, duplicate ? Quality.DUPLICATE : Quality.OUT_OF_ORDER));
        }
        last = r;
        return List.of(measure(r));
    }

    /**
     * A reading stamped outside the years every time range of Dayuan allows is a broken clock: taken in order, one
     * stamped in year 999,999,999 would leave every later reading out of order for good.
     */
    private static boolean plausibleYear(Instant time) {
        int year = time.atOffset(ZoneOffset.UTC).getYear();
        return year >= HistoryParameters.FIRST_YEAR && year <= HistoryParameters.LAST_YEAR;
    }

    private Interval measure(Reading r) {
        double raw = r.value - baseline.value;
        Quality quality = Quality.OK;
        if (raw < 0) {
            if (!isRollover(baseline.value, r.value)) {
                return restartFrom(r);
            }
            raw = meter.registerMax() - baseline.value + r.value;
            quality = Quality.ROLLOVER;
        }
        double quantity = raw * meter.multiplier();
        if (!plausible(quantity, baseline.time, r.time)) {
            return suspect(r);
        }
        Interval counted = new Interval(meter.id(), baseline.time, r.time, quantity, quality);
        baseline = r;
        suspects.clear();
        return counted;
    }

    /**
     * A register near its top followed by one near zero is a wrap; thresholds of 90 % and 10 % leave room for a
     * reading or two being lost around the wrap while still telling it apart from a swapped meter.
     */
    private boolean isRollover(double previous, double reading) {
        double max = meter.registerMax();
        return max > 0 && previous > 0.9 * max && reading < 0.1 * max;
    }

    private boolean plausible(double quantity, Instant from, Instant to) {
        if (meter.maxPerHour() <= 0) {
            return true;
        }
        double hours = Duration.between(from, to).toMillis() / 3_600_000.0;
        return quantity / hours <= meter.maxPerHour();
    }

    /**
     * Holds an implausible reading back. A run of them that agree with each other means the register really
     * jumped (a reset to a different value, a mis-read baseline), so the newest becomes the baseline rather than
     * blocking the meter forever.
     */
    private Interval suspect(Reading r) {
        if (!suspects.isEmpty() && !agrees(suspects.get(suspects.size() - 1), r)) {
            suspects.clear();
        }
        suspects.add(r);
        if (suspects.size() < READINGS_TO_ACCEPT_JUMP) {
            return new Interval(meter.id(), baseline.time, r.time, 0, Quality.IMPLAUSIBLE);
        }
        return restartFrom(r);
    }

    private boolean agrees(Reading earlier, Reading later) {
        double delta = later.value - earlier.value;
        return delta >= 0 && plausible(delta * meter.multiplier(), earlier.time, later.time);
    }

    private Interval restartFrom(Reading r) {
        Interval gap = new Interval(meter.id(), baseline.time, r.time, 0, Quality.METER_SWAP);
        baseline = r;
        suspects.clear();
        return gap;
    }

    private Interval point(Instant time, Quality quality) {
        return new Interval(meter.id(), time, time, 0, quality);
    }

    /** Time of the newest reading taken in order (plausible or not), or null before the first; for staleness. */
    public Instant lastTime() {
        return last == null ? null : last.time;
    }

    /** Value of the newest reading taken in order, or NaN before the first. */
    public double lastReading() {
        return last == null ? Double.NaN : last.value;
    }

    /** Time of the reading consumption is currently measured from, or null before the first. */
    public Instant baselineTime() {
        return baseline == null ? null : baseline.time;
    }

    /** The reading consumption is currently measured from, or NaN before the first. */
    public double baselineReading() {
        return baseline == null ? Double.NaN : baseline.value;
    }
}
