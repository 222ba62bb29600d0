package org.dayuan.alarms.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** The figures on hand-built alarm twins whose answers are worked out by hand in each test. */
class AlarmFiguresTest {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant DAY = T0.plus(Duration.ofDays(1));

    /** An alarm twin as the alarm service writes one; {@code seen} as offsets in seconds from T0. */
    static Builder alarm(String id, String source, String type) {
        return new Builder(id, source, type);
    }

    static final class Builder {
        final ObjectNode a = JsonNodeFactory.instance.objectNode();
        final String id;

        Builder(String id, String source, String type) {
            this.id = id;
            a.put("name", type + " 告警").put("parent", source).put("source", source).put("type", type)
                    .put("line", type.substring(0, type.indexOf('.'))).put("severity", "warning")
                    .put("state", "unacknowledged").put("active", true);
        }

        Builder seen(long... seconds) {
            ArrayNode s = a.putArray("seen");
            for (long x : seconds) {
                s.add(T0.plusSeconds(x).toString());
            }
            a.put("raisedAt", T0.plusSeconds(seconds[0]).toString());
            a.put("count", seconds.length);
            return this;
        }

        Builder set(String key, String value) {
            a.put(key, value);
            return this;
        }

        Builder at(String key, long seconds) {
            return set(key, T0.plusSeconds(seconds).toString());
        }

        Twin twin() {
            ObjectNode thing = JsonNodeFactory.instance.objectNode().put("definition", AlarmFigures.ALARM);
            thing.set("attributes", a);
            return Twin.of(TwinId.of(id), thing, 1, T0, T0);
        }
    }

    private static JsonNode county(List<Twin> alarms) {
        return AlarmFigures.report(alarms, T0, DAY).path("county");
    }

    @Test
    void annunciationsCountOnlyTheSeenInstantsInsideTheHalfOpenRange() {
        Twin a = alarm("cz.wujin:alarm-1", "cz.wujin:meter-1", "energy.spike")
                .seen(-1, 0, 3600, 86_399, 86_400).twin();
        JsonNode f = county(List.of(a));
        assertEquals(3, f.path("annunciations").asInt(), "from is in, to is out");
        assertEquals(0, f.path("raised").asInt(), "raised one second before the range");
        // 3 annunciations over 144 windows of 10 minutes
        assertEquals(0.021, f.path("per10Minutes").path("average").asDouble());
        assertEquals(1, f.path("per10Minutes").path("busiest").path("count").asInt());
    }

    @Test
    void anAlarmWithoutSeenCountsItsRaiseOnce() {
        Twin a = alarm("cz.wujin:alarm-1", "cz.wujin:meter-1", "safety.fire").at("raisedAt", 60).twin();
        assertEquals(1, county(List.of(a)).path("annunciations").asInt());
    }

    @Test
    void theBusiestWindowSlidesAcrossTheTenMinuteMarks() {
        // 5 just before 00:10 and 5 just after: no aligned bucket holds more than 5, the sliding window holds 10
        long[] s = {595, 596, 597, 598, 599, 600, 601, 602, 603, 604};
        JsonNode busiest = county(List.of(alarm("cz.wujin:alarm-1", "cz.wujin:d-1", "safety.fault").seen(s).twin()))
                .path("per10Minutes").path("busiest");
        assertEquals(10, busiest.path("count").asInt());
        assertEquals(T0.plusSeconds(595).toString(), busiest.path("start").asText());
    }

    @Test
    void aFloodIsMoreThanTenAnnunciationsInASlidingTenMinutes() {
        List<Twin> alarms = new ArrayList<>();
        // 11 detectors each raise once, one a minute from 01:00: the 11th (01:10:00) is 10 min after the first,
        // which has left the window (x - 10 min, x] by then, so that is no flood ...
        for (int i = 0; i < 11; i++) {
            alarms.add(alarm("cz.wujin:alarm-a" + i, "cz.wujin:d-a" + i, "safety.fire").seen(3600 + i * 60L).twin());
        }
        assertEquals(0, county(alarms).path("floods").path("count").asInt());
        // ... one more at 01:09:30 makes 11 within 10 minutes at 01:09:30: a flood from there
        alarms.add(alarm("cz.wujin:alarm-x", "cz.wujin:d-x", "safety.fire").seen(3600 + 570).twin());
        JsonNode floods = county(alarms).path("floods");
        assertEquals(1, floods.path("count").asInt());
        JsonNode p = floods.path("periods").get(0);
        assertEquals(T0.plusSeconds(4170).toString(), p.path("start").asText());
        // at 01:10:00 the one of 01:00 leaves and the one of 01:10 arrives: still 11; at 01:11:00 it falls to 10
        assertEquals(T0.plusSeconds(4260).toString(), p.path("end").asText());
        assertEquals(11, p.path("peak").asInt());
        assertEquals(12, floods.path("annunciationsInFloods").asInt());

        // a second burst later in the day is a second period
        long[] burst = new long[15];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = 40_000 + i;
        }
        alarms.add(alarm("cz.hutang:alarm-b", "cz.hutang:panel-1", "safety.fault").seen(burst).twin());
        floods = county(alarms).path("floods");
        assertEquals(2, floods.path("count").asInt());
        assertEquals(T0.plusSeconds(40_010).toString(), floods.path("periods").get(1).path("start").asText());
        assertEquals(15, floods.path("periods").get(1).path("peak").asInt());
        assertEquals(T0.plusSeconds(40_600 + 4).toString(), floods.path("periods").get(1).path("end").asText(),
                "ends when the 5th of the burst leaves the window: 10 remain");
    }

    @Test
    void standingAlarmsAreOlderThanADayAndNotClosedByTheEndOfTheRange() {
        Twin old = alarm("cz.wujin:alarm-old", "cz.wujin:m-1", "energy.stale-meter").seen(-90_000).twin();
        Twin young = alarm("cz.wujin:alarm-young", "cz.wujin:m-2", "energy.stale-meter").seen(1000).twin();
        Twin closedLater = alarm("cz.wujin:alarm-later", "cz.wujin:m-3", "energy.spike").seen(-100_000)
                .set("state", "closed").at("closedAt", 90_000).twin();
        Twin closedBefore = alarm("cz.wujin:alarm-before", "cz.wujin:m-4", "energy.spike").seen(-100_000)
                .set("state", "closed").at("closedAt", 80_000).twin();
        JsonNode s = county(List.of(old, young, closedLater, closedBefore)).path("standing");
        assertEquals(2, s.path("count").asInt());
        assertEquals(List.of("cz.wujin:alarm-later", "cz.wujin:alarm-old"), texts(s.path("alarms"), "alarm"));
    }

    @Test
    void aSourceChattersWithThreeAnnunciationsWithinSixtySeconds() {
        Twin chatter = alarm("cz.wujin:alarm-c", "cz.wujin:d-1", "safety.fault").seen(100, 130, 159).twin();
        Twin slow = alarm("cz.wujin:alarm-s", "cz.wujin:d-2", "safety.fault").seen(100, 130, 160).twin();
        // one source, two alarm types: still its annunciations together
        Twin two = alarm("cz.wujin:alarm-t1", "cz.wujin:d-3", "safety.fault").seen(500, 510).twin();
        Twin three = alarm("cz.wujin:alarm-t2", "cz.wujin:d-3", "safety.link").seen(520).twin();
        ArrayNode c = (ArrayNode) county(List.of(chatter, slow, two, three)).path("chattering");
        assertEquals(List.of("cz.wujin:d-1", "cz.wujin:d-3"), texts(c, "source"), "160 s is 60 s after 100 s: out");
        assertEquals(3, c.get(0).path("peak").asInt());
    }

    @Test
    void theTenMostFrequentSourcesByAnnunciations() {
        List<Twin> alarms = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long[] s = new long[i + 1];
            for (int k = 0; k <= i; k++) {
                s[k] = 1000L * k + i;
            }
            alarms.add(alarm("cz.wujin:alarm-" + i, "cz.wujin:src-" + (char) ('a' + i), "energy.spike").seen(s)
                    .set("name", "用量突增 " + i).twin());
        }
        alarms.add(alarm("cz.wujin:alarm-l2", "cz.wujin:src-l", "energy.night-baseload").seen(5).twin());
        JsonNode top = county(alarms).path("topSources");
        assertEquals(10, top.size());
        assertEquals("cz.wujin:src-l", top.get(0).path("source").asText());
        assertEquals(13, top.get(0).path("count").asInt());
        assertEquals("用量突增 11", top.get(0).path("name").asText(), "the name of its most frequent alarm");
        assertEquals(List.of("energy.night-baseload", "energy.spike"), texts(top.get(0).path("types"), null));
        assertEquals("cz.wujin:src-c", top.get(9).path("source").asText());
    }

    @Test
    void timesToAcknowledgeAndVerifyOverTheAlarmsRaisedInTheRange() {
        List<Twin> alarms = new ArrayList<>();
        long[] ack = {10, 20, 30, 40, 50, 60, 70, 80, 90, 1000};
        for (int i = 0; i < ack.length; i++) {
            Builder b = alarm("cz.wujin:alarm-" + i, "cz.wujin:d-" + i, "safety.fire").seen(100)
                    .at("acknowledgedAt", 100 + ack[i]);
            if (i < 3) {
                b.at("verifiedAt", 100 + ack[i] * 2).set("result", i == 0 ? "false" : "real");
            }
            alarms.add(b.twin());
        }
        alarms.add(alarm("cz.wujin:alarm-test", "cz.wujin:d-t", "safety.fire").seen(200).at("acknowledgedAt", 260)
                .at("verifiedAt", 300).set("result", "test").twin());
        // raised before the range: not in these figures even if acknowledged inside it
        alarms.add(alarm("cz.wujin:alarm-old", "cz.wujin:d-o", "safety.fire").seen(-10).at("acknowledgedAt", 5000)
                .twin());
        alarms.add(alarm("cz.wujin:alarm-open", "cz.wujin:d-p", "safety.fire").seen(300).twin());
        JsonNode f = county(alarms);
        JsonNode a = f.path("timeToAcknowledge");
        assertEquals(11, a.path("count").asInt());
        // 10..90, 1000 and 60: sum 1510 / 11
        assertEquals(137.273, a.path("mean").asDouble());
        assertEquals(60.0, a.path("median").asDouble());
        assertEquals(90.0, a.path("p90").asDouble(), "rank ceil(9.9) = 10 of 11");
        JsonNode v = f.path("timeToVerify");
        assertEquals(4, v.path("count").asInt());
        // 20, 40, 60, 100: median the mean of 40 and 60
        assertEquals(50.0, v.path("median").asDouble());
        assertEquals(55.0, v.path("mean").asDouble());
        assertEquals(100.0, v.path("p90").asDouble());
        JsonNode r = f.path("verified");
        assertEquals(2, r.path("real").asInt());
        assertEquals(1, r.path("false").asInt());
        assertEquals(1, r.path("test").asInt());
        assertEquals(0.333, r.path("falseAlarmRate").asDouble());
    }

    @Test
    void noAlarmsGiveZerosAndNulls() {
        JsonNode f = county(List.of());
        assertEquals(0, f.path("annunciations").asInt());
        assertTrue(f.path("per10Minutes").path("busiest").path("start").isNull());
        assertTrue(f.path("timeToAcknowledge").path("median").isNull());
        assertTrue(f.path("verified").path("falseAlarmRate").isNull());
    }

    @Test
    void perOrganisationGroupsByNamespaceAndTheCountyAddsThemUp() {
        Twin w = alarm("cz.wujin:alarm-1", "cz.wujin:m-1", "energy.spike").seen(10, 20).twin();
        Twin h = alarm("cz.wujin.hutang:alarm-1", "cz.wujin.hutang:m-1", "energy.spike").seen(30).twin();
        JsonNode report = AlarmFigures.report(List.of(w, h), T0, DAY);
        assertEquals(T0.toString(), report.path("from").asText());
        assertEquals(List.of("cz.wujin", "cz.wujin.hutang"), iterable(report.path("organisations").fieldNames()));
        assertEquals(2, report.path("organisations").path("cz.wujin").path("annunciations").asInt());
        assertEquals(1, report.path("organisations").path("cz.wujin.hutang").path("annunciations").asInt());
        assertEquals(3, report.path("county").path("annunciations").asInt());
    }

    @Test
    void malformedInstantsAreLeftOutAndAnEmptyRangeIsRefused() {
        Twin bad = alarm("cz.wujin:alarm-1", "cz.wujin:m-1", "energy.spike").seen(10).twin();
        ObjectNode json = bad.toJson();
        ((ArrayNode) json.path("attributes").path("seen")).add("yesterday");
        ((ObjectNode) json.path("attributes")).put("acknowledgedAt", "soon");
        Twin twin = Twin.of(bad.id(), json, 1, T0, T0);
        JsonNode f = county(List.of(twin));
        assertEquals(1, f.path("annunciations").asInt());
        assertEquals(0, f.path("timeToAcknowledge").path("count").asInt());
        assertThrows(IllegalArgumentException.class, () -> AlarmFigures.report(List.of(twin), DAY, DAY));
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
