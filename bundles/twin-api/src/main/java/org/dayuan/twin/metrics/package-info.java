/**
 * Operational metrics: a bundle publishes a {@link org.dayuan.twin.metrics.MetricSource} service that writes its own
 * figures into a {@link org.dayuan.twin.metrics.MetricSink}; {@code GET /api/dayuan/metrics} gathers every source and
 * renders them in Prometheus' text format ({@link org.dayuan.twin.metrics.PrometheusText}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.dayuan.twin.metrics;
