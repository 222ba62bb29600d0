package org.dayuan.twin.metrics;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle's own figures, registered as a service and read at every scrape of {@code GET /api/dayuan/metrics}. A
 * source keeps its counters itself (cheap on hot paths: {@link java.util.concurrent.atomic.LongAdder},
 * {@link Histogram}) and only reads them here; it must answer quickly and never block on a write in progress.
 * Names follow Prometheus' conventions: prefix {@code dayuan_}, base units ({@code _seconds}, {@code _bytes}),
 * {@code _total} for counters.
 */
@ConsumerType
public interface MetricSource {
    /** Writes the current value of each of the source's metrics into {@code sink}. */
    void collect(MetricSink sink);
}
