package org.dayuan.twin.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link MetricSource} writes its samples. {@code labels} are name and value pairs
 * ({@code "severity", "major", "state", "acknowledged"}); label names are Prometheus identifiers, values any text.
 * One metric name has one type and one help text across every call and every source; samples of one name differ in
 * their labels. A call that breaks these rules throws {@link IllegalArgumentException}.
 */
@ProviderType
public interface MetricSink {
    /** A value that only goes up (it restarts at 0 with the process); the name ends in {@code _total}. */
    void counter(String name, String help, double value, String... labels);

    /** A value that goes up and down. */
    void gauge(String name, String help, double value, String... labels);

    /** The distribution of observed values, from {@link Histogram#snapshot()}. */
    void histogram(String name, String help, Histogram.Snapshot snapshot, String... labels);
}
