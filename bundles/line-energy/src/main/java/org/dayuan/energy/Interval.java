package org.dayuan.energy;

import java.time.Instant;
import java.util.Objects;

/**
 * Consumption of one meter over {@code (from, to]}, in the carrier's unit after the multiplier. Intervals that
 * are not {@link Quality#counted() counted} have quantity 0; an ignored reading (out of order, invalid) is
 * reported as a point, {@code from == to}, at the reading's time.
 */
public record Interval(String meterId, Instant from, Instant to, double quantity, Quality quality) {
    public Interval {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(quality, "quality");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("interval of " + meterId + " ends before it starts: " + from + " > " + to);
        }
        if (!(quantity >= 0) || Double.isInfinite(quantity)) {
            throw new IllegalArgumentException("interval of " + meterId + ": quantity must be finite and >= 0, was "
                    + quantity);
        }
        if (!quality.counted() && quantity != 0) {
            throw new IllegalArgumentException("interval of " + meterId + ": a " + quality + " interval carries no quantity");
        }
    }
}
