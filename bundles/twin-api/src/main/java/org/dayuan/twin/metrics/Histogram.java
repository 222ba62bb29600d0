package org.dayuan.twin.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts observations into fixed buckets, without locks or allocation, so it can sit on a hot path (the journal
 * writer records every commit in two). Buckets are counted apart and made cumulative only when read, so an
 * observation touches one bucket, the sum and nothing else.
 */
public final class Histogram {
    private final double[] bounds;
    /** One per bound, then the one above every bound (+Inf). */
    private final LongAdder[] buckets;
    private final DoubleAdder sum = new DoubleAdder();

    /** Buckets up to each of {@code upperBounds} (finite, strictly increasing), and one above them all. */
    public Histogram(double... upperBounds) {
        if (upperBounds.length == 0) {
            throw new IllegalArgumentException("A histogram needs at least one bucket bound.");
        }
        for (int i = 0; i < upperBounds.length; i++) {
            if (!Double.isFinite(upperBounds[i]) || i > 0 && upperBounds[i] <= upperBounds[i - 1]) {
                throw new IllegalArgumentException("Bucket bounds must be finite and strictly increasing: "
                        + Arrays.toString(upperBounds));
            }
        }
        this.bounds = upperBounds.clone();
        this.buckets = new LongAdder[upperBounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Bounds for durations in seconds, from a millisecond to a minute. */
    public static Histogram seconds() {
        return new Histogram(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);
    }

    /** Counts one value into the first bucket whose bound is at or above it; NaN is ignored. */
    public void observe(double value) {
        if (Double.isNaN(value)) {
            return;
        }
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        buckets[i].increment();
        sum.add(value);
    }

    /** The counts now. Taken while others observe, the count is that of the buckets; the sum may lag one value. */
    public Snapshot snapshot() {
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(bounds.clone(), cumulative, sum.sum());
    }

    /**
     * Counts at one moment: {@code cumulative[i]} observations at or below {@code bounds[i]}, and the last entry, one
     * longer than {@code bounds}, all of them (the {@code +Inf} bucket and the count).
     */
    public record Snapshot(double[] bounds, long[] cumulative, double sum) {
        public Snapshot {
            if (cumulative.length != bounds.length + 1) {
                throw new IllegalArgumentException("A snapshot has one count per bound and one for +Inf.");
            }
            bounds = bounds.clone();
            cumulative = cumulative.clone();
        }

        /** How many observations there were. */
        public long count() {
            return cumulative[cumulative.length - 1];
        }

        @Override
        public double[] bounds() {
            return bounds.clone();
        }

        @Override
        public long[] cumulative() {
            return cumulative.clone();
        }
    }
}
