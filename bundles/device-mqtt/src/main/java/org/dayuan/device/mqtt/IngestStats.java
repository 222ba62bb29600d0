package org.dayuan.device.mqtt;

import java.util.concurrent.atomic.AtomicLong;

import org.dayuan.twin.metrics.MetricSink;

/** Counters of the ingestion, for the status API, the metrics and the log. */
final class IngestStats {
    final AtomicLong received = new AtomicLong();
    final AtomicLong applied = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile boolean connected;
    volatile String lastError;

    void collect(MetricSink sink) {
        sink.counter("dayuan_mqtt_received_total", "MQTT messages received by the ingestion.", received.get());
        sink.counter("dayuan_mqtt_applied_total", "MQTT messages written to their twin.", applied.get());
        sink.counter("dayuan_mqtt_rejected_total", "MQTT messages refused (bad topic, payload, twin or access) and"
                + " parked as dead letters.", rejected.get());
        sink.counter("dayuan_mqtt_failed_total", "MQTT messages whose write failed; left unacknowledged for"
                + " redelivery.", failed.get());
        sink.gauge("dayuan_mqtt_connected", "1 while the ingestion is connected to its broker, else 0.",
                connected ? 1 : 0);
    }
}
