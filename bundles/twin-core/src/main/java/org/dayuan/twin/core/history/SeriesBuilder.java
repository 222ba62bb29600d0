package org.dayuan.twin.core.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.TimeSeries;

/** Collects the values written to one place of a twin into buckets of {@code step} aligned to {@code from}. */
final class SeriesBuilder {
    private final Instant from;
    private final Duration step;
    private final Map<Long, Bucket> buckets = new TreeMap<>();

    private static final class Bucket {
        long count;
        long numbers;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        JsonNode last;

        void add(JsonNode value) {
            count++;
            last = value;
            if (value.isNumber()) {
                double v = value.doubleValue();
                numbers++;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
        }

        TimeSeries.Point point(Instant t) {
            return numbers == 0
                    ? new TimeSeries.Point(t, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                    last, count)
                    : new TimeSeries.Point(t, OptionalDouble.of(min), OptionalDouble.of(max),
                    OptionalDouble.of(sum / numbers), last, count);
        }
    }

    SeriesBuilder(Instant from, Duration step) {
        this.from = from;
        this.step = step;
    }

    /** A value written at {@code t}, which is not before {@code from}. */
    void add(Instant t, JsonNode value) {
        long index = Duration.between(from, t).dividedBy(step);
        buckets.computeIfAbsent(index, k -> new Bucket()).add(value);
    }

    /** One point per bucket with a value, in time order. */
    List<TimeSeries.Point> points() {
        List<TimeSeries.Point> out = new ArrayList<>(buckets.size());
        buckets.forEach((index, b) -> out.add(b.point(from.plus(step.multipliedBy(index)))));
        return out;
    }

    /** How many buckets of {@code step} cover {@code from} to {@code to}, the last one possibly cut short. */
    static long bucketCount(Instant from, Instant to, Duration step) {
        Duration range = Duration.between(from, to);
        long whole = range.dividedBy(step);
        return step.multipliedBy(whole).equals(range) ? whole : whole + 1;
    }
}
