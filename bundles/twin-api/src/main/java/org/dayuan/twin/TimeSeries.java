package org.dayuan.twin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The value at {@code path} of a twin over {@code from} to {@code to}, in buckets {@code step} long starting at
 * {@code from}. {@code initial} is the value just before {@code from}, where a chart's line starts; only buckets in
 * which a value was written have a point.
 */
public record TimeSeries(TwinId thingId, JsonPointer path, Instant from, Instant to, Duration step,
                         Optional<JsonNode> initial, List<Point> points) {
    /** The most buckets one series may span, so one request cannot make the server build millions of points. */
    public static final int MAX_POINTS = 10_000;

    public TimeSeries {
        points = List.copyOf(points);
    }

    /**
     * One bucket, starting at {@code t}: {@code count} values were written in it, {@code last} the last of them;
     * {@code min}, {@code max} and {@code avg} are over those that were numbers, empty when none was.
     */
    public record Point(Instant t, OptionalDouble min, OptionalDouble max, OptionalDouble avg, JsonNode last,
                        long count) {
    }
}
