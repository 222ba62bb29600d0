package org.dayuan.energy.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.alarms.AlarmAction;
import org.dayuan.alarms.AlarmStep;
import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.core.AlarmConfig;
import org.dayuan.alarms.core.AlarmService;
import org.dayuan.energy.Fixtures;
import org.dayuan.energy.rules.Finding;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.Test;

/**
 * Findings carried to the real alarm service over a registry in memory, each bundle through its own view under the
 * grants the distribution ships: the line acts as itself, the service within its grant.
 */
class AlarmWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final TwinId METER = TwinId.of("cz.wujin:meter-1");
    private static final TwinId ELSEWHERE = TwinId.of("cz.hutang:meter-9");
    static final Finding STALE = new Finding("energy.stale-meter", METER.toString(), "warning",
            Fixtures.at("2024-05-06T10:30"), 47, 30, "min", "表计数据中断 / meter stale: no reading for 47 min");

    private final InMemoryTwins twins = new InMemoryTwins();
    final Alarms service;
    final Caller line;
    private final AlarmWriter writer;

    AlarmWriterTest() {
        InMemoryTwins.Views alarmsView = twins.of("org.dayuan.alarms",
                InMemoryTwins.grants("bundle.org.dayuan.alarms", "integrator, ns:*, name:alarms"));
        service = new AlarmService(alarmsView.registry(), alarmsView.search(), config());
        // the line sees only cz.wujin here, so what lies outside its grant is out of its reach at the service too
        line = twins.of("org.dayuan.line-energy", InMemoryTwins.grants("bundle.org.dayuan.line-energy",
                "integrator, ns:cz.wujin, name:line-energy")).registry().identity();
        writer = new AlarmWriter(service, line);
        for (TwinId meter : List.of(METER, ELSEWHERE)) {
            twins.registry.create(FakeHttp.ADMIN, meter, JSON.createObjectNode()
                    .put("definition", "dayuan:EnergyMeter:1.0.0"));
        }
    }

    /** The alarm service's shipped defaults. */
    static AlarmConfig config() {
        return new AlarmConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AlarmConfig.class;
            }

            @Override
            public int acknowledgeWithinMinutes() {
                return 5;
            }

            @Override
            public int verifyWithinMinutes() {
                return 30;
            }

            @Override
            public int maxShelveHours() {
                return 72;
            }

            @Override
            public int checkSeconds() {
                return 3600;
            }

            @Override
            public int logLimit() {
                return 100;
            }
        };
    }

    private JsonNode attributes() {
        return service.open(FakeHttp.ADMIN, METER, STALE.ruleId()).orElseThrow().toJson().path("attributes");
    }

    private static Instant at(String local) {
        return Fixtures.at(local);
    }

    @Test
    void aFindingRaisesOneAlarmAndItsEndIsReportedNormalNeverClosed() {
        writer.reconcile(List.of(STALE), at("2024-05-06T10:30"));
        JsonNode a = attributes();
        assertEquals("unacknowledged", a.path("state").asText());
        assertTrue(a.path("active").asBoolean());
        assertEquals(METER.toString(), a.path("parent").asText());
        assertEquals("energy.stale-meter", a.path("type").asText());
        assertEquals("energy", a.path("line").asText());
        assertEquals("warning", a.path("severity").asText());
        assertEquals("表计数据中断", a.path("name").asText());
        assertEquals(STALE.message(), a.path("message").asText());
        assertEquals(STALE.at(), Instant.parse(a.path("raisedAt").asText()));
        assertEquals(JSON.createObjectNode().put("value", 47.0).put("threshold", 30.0).put("unit", "min"),
                a.path("details"));
        assertEquals(Set.of(AlarmWriter.Key.of(STALE)), writer.active());

        // a lasting condition is found again at every evaluation: one alarm, no repeat counted
        writer.reconcile(List.of(STALE), at("2024-05-06T10:31"));
        assertEquals(1, attributes().path("count").asInt());

        writer.reconcile(List.of(), at("2024-05-06T10:45"));
        a = attributes();
        assertFalse(a.path("active").asBoolean());
        assertEquals("unacknowledged", a.path("state").asText(), "open until a person closes it");
        assertEquals(at("2024-05-06T10:45"), Instant.parse(a.path("normalAt").asText()));
        assertEquals(Set.of(), writer.active());

        // the condition comes back: a repeat on the same open alarm
        Finding again = new Finding(STALE.ruleId(), STALE.subject(), "warning", at("2024-05-06T11:30"), 50, 30, "min",
                STALE.message());
        writer.reconcile(List.of(again), at("2024-05-06T11:30"));
        a = attributes();
        assertEquals(2, a.path("count").asInt());
        assertTrue(a.path("active").asBoolean());
        assertEquals(2, a.path("seen").size());
        assertEquals(1, service.openAlarms(FakeHttp.ADMIN, "energy.").size());
    }

    @Test
    void afterARestartALastingConditionIsNotRaisedAgainAndOneThatWentIsReportedNormal() {
        writer.reconcile(List.of(STALE), at("2024-05-06T10:30"));
        AlarmWriter restarted = new AlarmWriter(service, line);
        restarted.load();
        assertEquals(Set.of(AlarmWriter.Key.of(STALE)), restarted.active());
        restarted.reconcile(List.of(STALE), at("2024-05-06T10:35"));
        assertEquals(1, attributes().path("count").asInt());
        restarted.reconcile(List.of(), at("2024-05-06T10:40"));
        assertFalse(attributes().path("active").asBoolean());

        AlarmWriter again = new AlarmWriter(service, line);
        again.load();
        assertEquals(Set.of(), again.active(), "an inactive alarm is not the line's to report normal again");
    }

    @Test
    void theLineNeverTakesAPersonsStepAndAClosedAlarmIsNotReopened() {
        writer.reconcile(List.of(STALE), at("2024-05-06T10:30"));
        TwinId id = service.open(line, METER, STALE.ruleId()).orElseThrow().id();
        writer.reconcile(List.of(), at("2024-05-06T10:45"));
        service.act(FakeHttp.ADMIN, id, AlarmStep.of(AlarmAction.ACKNOWLEDGE, "seen"));
        service.act(FakeHttp.ADMIN, id, new AlarmStep(AlarmAction.VERIFY, "gateway down",
                org.dayuan.alarms.Verification.REAL, null));
        service.act(FakeHttp.ADMIN, id, AlarmStep.of(AlarmAction.CLOSE, "fixed"));
        writer.reconcile(List.of(), at("2024-05-06T11:00"));
        assertEquals("closed", twins.registry.get(FakeHttp.ADMIN, id).orElseThrow()
                .get(JsonPointer.parse("/attributes/state")).orElseThrow().asText());
        // found again later: a new alarm, the closed one stays closed
        writer.reconcile(List.of(STALE), at("2024-05-06T12:00"));
        Twin fresh = service.open(line, METER, STALE.ruleId()).orElseThrow();
        assertFalse(fresh.id().equals(id));
        assertEquals(1, fresh.toJson().path("attributes").path("count").asInt());
    }

    @Test
    void theAlarmOfADeletedMeterGoesWithItAndIsForgotten() {
        writer.reconcile(List.of(STALE), at("2024-05-06T10:30"));
        TwinId id = service.open(line, METER, STALE.ruleId()).orElseThrow().id();
        twins.registry.delete(FakeHttp.ADMIN, METER, JsonPointer.empty(), WriteCondition.NONE, true);
        assertFalse(twins.registry.get(FakeHttp.ADMIN, id).isPresent(), "deleted with the meter");

        // The line forgot the meter, so its finding is gone: reported once, then forgotten, nothing written.
        writer.reconcile(List.of(), at("2024-05-06T10:45"));
        assertEquals(Set.of(), writer.active());
        assertEquals(List.of(), service.openAlarms(FakeHttp.ADMIN, ""));

        // a finding on a twin that is gone raises nothing and is tried again only while it is found
        writer.reconcile(List.of(STALE), at("2024-05-06T10:50"));
        assertEquals(Set.of(), writer.active());
        assertEquals(List.of(), service.openAlarms(FakeHttp.ADMIN, ""));
    }

    @Test
    void theLineRaisesOnlyWithinItsGrant() {
        Finding outside = new Finding("energy.spike", ELSEWHERE.toString(), "major", at("2024-05-06T10:30"), 40, 25,
                "kWh", "用量突增 / consumption spike");
        writer.reconcile(List.of(outside, STALE), at("2024-05-06T10:30"));
        assertEquals(Set.of(AlarmWriter.Key.of(STALE)), writer.active());
        assertTrue(service.open(FakeHttp.ADMIN, ELSEWHERE, "energy.spike").isEmpty());
    }
}
