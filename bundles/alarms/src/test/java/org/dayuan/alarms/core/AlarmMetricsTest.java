package org.dayuan.alarms.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.dayuan.alarms.AlarmAction;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.AlarmStep;
import org.dayuan.alarms.Severity;
import org.dayuan.alarms.Verification;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.metrics.PrometheusText;
import org.junit.jupiter.api.Test;

/** Open alarms by severity, as the metrics show them, follow raises, acknowledgements and closings. */
class AlarmMetricsTest extends AlarmFixture {
    private final AlarmService alarms = service();

    private Map<String, Double> metrics() {
        PrometheusText text = new PrometheusText();
        text.include(alarms);
        Map<String, Double> out = new HashMap<>();
        text.render().lines().filter(l -> !l.startsWith("#")).forEach(l ->
                out.put(l.substring(0, l.lastIndexOf(' ')), Double.valueOf(l.substring(l.lastIndexOf(' ') + 1))));
        return out;
    }

    @Test
    void openAndUnacknowledgedAlarmsAreCountedBySeverity() {
        assertEquals(0.0, metrics().get("dayuan_alarms_open{severity=\"critical\"}"), "every severity, 0 at first");
        TwinId fire = alarms.raise(LINE, fire()).id();
        alarms.raise(LINE, new AlarmCondition(OTHER_ROOM, "safety.fault", "safety", Severity.MAJOR, "故障", "回路故障",
                clock.instant(), null));
        Map<String, Double> m = metrics();
        assertEquals(1.0, m.get("dayuan_alarms_open{severity=\"critical\"}"));
        assertEquals(1.0, m.get("dayuan_alarms_open{severity=\"major\"}"));
        assertEquals(0.0, m.get("dayuan_alarms_open{severity=\"info\"}"));
        assertEquals(1.0, m.get("dayuan_alarms_unacknowledged{severity=\"critical\"}"));

        alarms.act(WANG, fire, step(AlarmAction.ACKNOWLEDGE));
        m = metrics();
        assertEquals(1.0, m.get("dayuan_alarms_open{severity=\"critical\"}"));
        assertEquals(0.0, m.get("dayuan_alarms_unacknowledged{severity=\"critical\"}"));

        alarms.act(WANG, fire, new AlarmStep(AlarmAction.VERIFY, "误报", Verification.FALSE, null));
        clock.advance(Duration.ofSeconds(1));
        alarms.act(LI, fire, step(AlarmAction.CLOSE));
        assertEquals(0.0, metrics().get("dayuan_alarms_open{severity=\"critical\"}"));
        assertEquals(1.0, metrics().get("dayuan_alarms_open{severity=\"major\"}"));
    }
}
