package org.dayuan.device.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dayuan.twin.metrics.PrometheusText;
import org.junit.jupiter.api.Test;

class IngestStatsTest {

    @Test
    void theStatusCountersAreTheMetrics() {
        IngestStats stats = new IngestStats();
        stats.received.addAndGet(5);
        stats.applied.addAndGet(3);
        stats.rejected.addAndGet(1);
        stats.failed.addAndGet(1);
        stats.connected = true;
        PrometheusText text = new PrometheusText();
        text.include(stats::collect);
        String body = text.render();
        for (String line : new String[] {"dayuan_mqtt_received_total 5", "dayuan_mqtt_applied_total 3",
                "dayuan_mqtt_rejected_total 1", "dayuan_mqtt_failed_total 1", "dayuan_mqtt_connected 1"}) {
            assertEquals(1, body.lines().filter(line::equals).count(), line + " in\n" + body);
        }
    }
}
