package org.dayuan.energy.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.dayuan.camel.twin.TwinComponent;
import org.dayuan.energy.Fixtures;
import org.dayuan.energy.rules.Finding;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.testing.InMemoryTwins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alarms written through {@code twin:} into a real registry, as the line writes them. */
class AlarmWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller LINE = Caller.fromGrants("org.dayuan.line-energy", List.of(Caller.ROLE_INTEGRATOR,
            "ns:cz.wujin"), "test");
    private static final TwinId METER = TwinId.of("cz.wujin:meter-1");
    private static final Finding STALE = new Finding("energy.stale-meter", METER.toString(), "warning",
            Fixtures.at("2024-05-06T10:30"), 47, 30, "表计数据中断 / meter stale: no reading for 47 min");

    private final InMemoryTwins twins = new InMemoryTwins();
    private final CamelContext camel = new DefaultCamelContext();
    private final AlarmWriter alarms;

    AlarmWriterTest() throws Exception {
        InMemoryTwins.Views line = twins.of("org.dayuan.line-energy",
                InMemoryTwins.grants("bundle.org.dayuan.line-energy", "integrator, ns:cz.wujin"));
        camel.addComponent("twin", new TwinComponent(line.registry(), line.search(), line.subscriptions()::subscribe));
        camel.start();
        alarms = new AlarmWriter(camel.createProducerTemplate());
        twins.registry.create(LINE, METER, JSON.createObjectNode().put("definition", "dayuan:EnergyMeter:1.0.0"));
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private Optional<String> alarmState() {
        return twins.registry.get(LINE, TwinId.of(AlarmWriter.alarmId(STALE)))
                .flatMap(t -> t.get(JsonPointer.parse("/attributes/state"))).map(s -> s.asText());
    }

    @Test
    void anAlarmIsRaisedUnderItsTwinAndClearedWhenTheFindingGoes() {
        alarms.reconcile(List.of(STALE), Fixtures.at("2024-05-06T10:30"));
        assertEquals(Optional.of("raised"), alarmState());
        assertEquals(List.of(AlarmWriter.alarmId(STALE)), twins.registry.children(LINE, METER).stream()
                .map(TwinId::toString).toList());
        alarms.reconcile(List.of(), Fixtures.at("2024-05-06T10:45"));
        assertEquals(Optional.of("cleared"), alarmState());
        assertEquals(Set.of(), alarms.raised());
    }

    @Test
    void theAlarmOfADeletedMeterGoesWithItAndIsForgotten() {
        alarms.reconcile(List.of(STALE), Fixtures.at("2024-05-06T10:30"));
        twins.registry.delete(LINE, METER, JsonPointer.empty(), WriteCondition.NONE, true);
        assertEquals(Optional.empty(), alarmState(), "deleted with the meter");

        // The line forgot the meter, so its finding is gone: the alarm is not tried again at every evaluation.
        alarms.reconcile(List.of(), Fixtures.at("2024-05-06T10:45"));
        assertEquals(Set.of(), alarms.raised());
        assertFalse(twins.registry.get(LINE, TwinId.of(AlarmWriter.alarmId(STALE))).isPresent(),
                "and not written again");
    }
}
