package org.dayuan.safety.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.alarms.AlarmAction;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.AlarmStep;
import org.dayuan.alarms.Severity;
import org.dayuan.alarms.Verification;
import org.dayuan.safety.Fixture;
import org.dayuan.safety.SafetyConfig;
import org.dayuan.safety.SafetyLineAccess;
import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Grading over a registry in memory: alarms taken through their lifecycle by the real alarm service, detectors,
 * a tank and a hazard become one organisation's indicators, sub-scores, score, colour and rank; the grade API.
 */
class GradeLineTest {
    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z"); // 10:00 in Shanghai
    private static final String BASE = "/api/dayuan/safety/grades";
    private static final Caller WANG = new Caller("wang", Set.of(Caller.ROLE_INTEGRATOR), Set.of("cz.wujin"), "t");
    private static final Caller CHEN = new Caller("chen", Set.of(Caller.ROLE_MANAGER), Set.of("*"), "t");
    private final Fixture f = new Fixture(T0);
    private SafetyLineAccess line;
    private GradeServlet servlet;

    GradeLineTest() {
        f.place();
        f.create("cz.other:org", "{\"definition\":\"dayuan:Organisation:1.0.0\",\"attributes\":{\"name\":\"某局\"}}");
        for (int i = 1; i <= 4; i++) {
            f.create("cz.wujin:fd-" + i, "{\"definition\":\"dayuan:FireDetector:1.0.0\",\"attributes\":{\"name\":"
                    + "\"感烟" + i + "\",\"parent\":\"cz.wujin:room-a-0101\"},\"features\":{\"status\":{\"properties\":"
                    + "{\"fire\":false,\"disabled\":" + (i == 4) + "}}}}");
        }
        f.tank("cz.wujin:tank-a-roof-level", "cz.wujin:room-a-0102", 2.0);
        f.tank("cz.wujin:tank-a-pool-level", "cz.wujin:room-a-0101", 2.0);
    }

    @AfterEach
    void stop() {
        if (line != null) {
            line.stop();
        }
    }

    private void start() {
        line = SafetyLineAccess.start(f, Fixture.config(SafetyConfig.class, Map.of()));
        line.settle();
        servlet = new GradeServlet(line.line);
    }

    private TwinId fire(String detector, Verification result, Duration toAck, Duration toVerify) {
        Caller me = f.line.registry().identity();
        Twin a = f.alarms.raise(me, new AlarmCondition(TwinId.of(detector), "safety.fire", "safety",
                Severity.CRITICAL, "火警", null, f.clock.instant(), null));
        Instant raised = f.clock.instant();
        f.clock.set(raised.plus(toAck));
        f.alarms.act(CHEN, a.id(), AlarmStep.of(AlarmAction.ACKNOWLEDGE, "看到"));
        f.clock.set(raised.plus(toVerify));
        f.alarms.act(CHEN, a.id(), new AlarmStep(AlarmAction.VERIFY, "现场核实", result, null));
        f.alarms.act(CHEN, a.id(), AlarmStep.of(AlarmAction.CLOSE, "关闭"));
        f.clock.set(raised);
        return a.id();
    }

    private FakeHttp get(String date, Caller caller) throws Exception {
        FakeHttp r = new FakeHttp("GET", BASE).mountedAt(BASE).caller(caller);
        if (date != null) {
            r.parameter("date", date);
        }
        return r.send(servlet);
    }

    @Test
    void indicatorsFromTheTwinsBecomeAGradeWithRankKeptPerDay() throws Exception {
        fire("cz.wujin:fd-1", Verification.FALSE, Duration.ofMinutes(2), Duration.ofMinutes(10));
        fire("cz.wujin:fd-2", Verification.REAL, Duration.ofMinutes(8), Duration.ofMinutes(20));
        f.alarms.raise(f.line.registry().identity(), new AlarmCondition(TwinId.of("cz.wujin:fd-3"), "safety.fault",
                "safety", Severity.WARNING, "故障", null, T0.minus(Duration.ofDays(2)), null));
        f.create("cz.wujin:hazard-1", "{\"definition\":\"dayuan:Hazard:1.0.0\",\"attributes\":{\"name\":\"堵塞\","
                + "\"parent\":\"cz.wujin:room-a-0101\",\"state\":\"assigned\",\"foundAt\":\"2026-11-01T00:00:00Z\","
                + "\"dueAt\":\"2026-11-08T00:00:00Z\"}}");
        f.reading("cz.wujin:tank-a-roof-level", "level", 1.0);
        start();

        List<Twin> grades = line.line.gradeAll();
        assertEquals(2, grades.size());
        JsonNode a = f.get("cz.wujin:safety-grade-2026-12-06").toJson().path("attributes");
        JsonNode i = a.path("indicators");
        assertEquals(2, i.path("fireVerified").asInt());
        assertEquals(1, i.path("fireFalse").asInt());
        assertEquals(0.5, i.path("falseAlarmRate").asDouble());
        assertEquals(5.0, i.path("acknowledgeMinutes").asDouble(), "(2 + 8) / 2");
        assertEquals(15.0, i.path("verifyMinutes").asDouble());
        assertEquals(1, i.path("openFaults").asInt());
        assertEquals(1, i.path("disabledComponents").asInt());
        assertEquals(4, i.path("components").asInt());
        assertEquals(2, i.path("waterSensors").asInt());
        assertEquals(50.0, i.path("waterInRangePercent").asDouble());
        assertEquals(1, i.path("openHazards").asInt());
        assertEquals(1, i.path("overdueHazards").asInt());
        JsonNode s = a.path("subScores");
        assertEquals(50.0, s.path("falseAlarms").asDouble());
        assertEquals(100.0, s.path("acknowledge").asDouble());
        assertEquals(50.0, s.path("water").asDouble());
        // 25x50 + 10x100 + 10x100 + 15x86 (fault: 100-10-2x2 days) + 10x95 + 15x50 + 15x80 = 7440 / 100
        assertEquals(86.0, s.path("faults").asDouble());
        assertEquals(74.4, a.path("score").asDouble());
        assertEquals("yellow", a.path("colour").asText());
        assertEquals(2, a.path("rank").asInt());
        assertEquals("2026-12-06", a.path("date").asText());
        JsonNode other = f.get("cz.other:safety-grade-2026-12-06").toJson().path("attributes");
        assertEquals(100.0, other.path("score").asDouble());
        assertEquals("green", other.path("colour").asText());
        assertEquals(1, other.path("rank").asInt());

        // the tank is refilled: a recompute the next day keeps yesterday's grade and improves today's
        f.reading("cz.wujin:tank-a-roof-level", "level", 2.0);
        line.settle();
        f.clock.advance(Duration.ofDays(1));
        line.line.gradeAll();
        assertEquals(100.0, f.get("cz.wujin:safety-grade-2026-12-07").toJson().path("attributes")
                .path("subScores").path("water").asDouble());
        assertEquals(74.4, f.get("cz.wujin:safety-grade-2026-12-06").toJson().path("attributes").path("score")
                .asDouble());
    }

    @Test
    void theApiComputesTodayWhenMissingAnswers404ForADayWithoutGradesAndLetsOnlyManagersRecompute()
            throws Exception {
        start();
        FakeHttp today = get(null, WANG);
        assertEquals(200, today.status, today.body());
        assertEquals("2026-12-06", today.json().path("date").asText());
        assertEquals(1, today.json().path("items").size(), "wang sees cz.wujin only");
        assertEquals("cz.wujin:safety-grade-2026-12-06", today.json().path("items").get(0).path("thingId").asText());
        assertEquals(2, get("2026-12-06", CHEN).json().path("items").size());
        FakeHttp past = get("2026-12-01", CHEN);
        assertEquals(404, past.status, past.body());
        assertEquals(400, get("06.12.2026", CHEN).status);

        FakeHttp refused = new FakeHttp("POST", BASE + "/recompute").mountedAt(BASE).caller(WANG).send(servlet);
        assertEquals(403, refused.status, refused.body());
        f.reading("cz.wujin:tank-a-roof-level", "level", 0.5);
        line.settle();
        FakeHttp recomputed = new FakeHttp("POST", BASE + "/recompute").mountedAt(BASE).caller(CHEN).send(servlet);
        assertEquals(200, recomputed.status, recomputed.body());
        JsonNode wujin = f.get("cz.wujin:safety-grade-2026-12-06").toJson().path("attributes");
        assertEquals(50.0, wujin.path("subScores").path("water").asDouble());
        assertFalse(wujin.path("colour").asText().isEmpty());
        assertEquals(404, new FakeHttp("POST", BASE + "/other").mountedAt(BASE).caller(CHEN).send(servlet).status);
    }
}
