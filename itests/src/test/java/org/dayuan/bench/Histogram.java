package org.dayuan.bench;

/**
 * Latencies in nanoseconds, log-linear buckets (64 per power of two, so a percentile is within 1.6 % of the true
 * value). Not thread-safe: one per thread, merged afterwards.
 */
final class Histogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    private final long[] counts = new long[SUB + (64 - SUB_BITS) * SUB];
    private long total;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        max = Math.max(max, v);
    }

    void add(Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    /** The {@code p}-quantile (0..1) in nanoseconds, NaN when empty. */
    double quantile(double p) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(middle(i), max);
            }
        }
        return max;
    }

    double quantileMillis(double p) {
        return quantile(p) / 1e6;
    }

    double maxMillis() {
        return total == 0 ? Double.NaN : max / 1e6;
    }

    /** p50/p99/max in ms, for raw output. */
    String summary() {
        return total == 0 ? "no samples" : String.format("p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (%d samples)",
                quantileMillis(0.50), quantileMillis(0.90), quantileMillis(0.99), maxMillis(), total);
    }

    private static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v);
        int mantissa = (int) ((v >>> (exp - SUB_BITS)) & (SUB - 1));
        return SUB + (exp - SUB_BITS) * SUB + mantissa;
    }

    private static double middle(int i) {
        if (i < SUB) {
            return i;
        }
        int exp = (i - SUB) / SUB + SUB_BITS;
        int mantissa = (i - SUB) % SUB;
        double width = Math.pow(2, exp - SUB_BITS);
        return Math.pow(2, exp) + mantissa * width + width / 2;
    }
}
