package org.dayuan.safety.hazards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class HazardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-06T02:00:00Z");
    private final Hazards hazards = new Hazards(Duration.ofDays(7));
    private long revision;

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private Twin twin(ObjectNode thing) {
        return Twin.of(TwinId.of("cz.wujin:hazard-1"), thing, ++revision, T, T);
    }

    /** The hazard after the step, as the registry would merge the patch into its attributes. */
    private Twin step(Twin h, String action, String body, Instant at) throws Exception {
        ObjectNode thing = h.toJson();
        ObjectNode patch = hazards.step(h, action, json(body), "zhang", at);
        ((ObjectNode) thing.get(Twin.ATTRIBUTES)).setAll(patch);
        return twin(thing);
    }

    private Twin found() throws Exception {
        return twin(hazards.create(json("{\"name\":\"消防通道堵塞\",\"parent\":\"cz.wujin:room-a-0105\","
                + "\"category\":\"消防通道\",\"comment\":\"巡查发现\"}"), "li", T));
    }

    @Test
    void aHazardGoesFoundAssignedRectifiedRecheckedClosedRecordingEachStep() throws Exception {
        Twin h = found();
        assertEquals("found", Hazards.state(h));
        assertEquals("li", h.toJson().path("attributes").path("foundBy").asText());
        h = step(h, "assign", "{\"assignee\":\"wang\",\"comment\":\"今日清理\"}", T);
        assertEquals("assigned", Hazards.state(h));
        assertEquals(T.plus(Duration.ofDays(7)).toString(), h.toJson().path("attributes").path("dueAt").asText());
        h = step(h, "rectify", "{\"comment\":\"已清理\"}", T.plusSeconds(60));
        h = step(h, "recheck", "{\"passed\":false,\"comment\":\"仍有杂物\"}", T.plusSeconds(120));
        assertEquals("assigned", Hazards.state(h), "a failed recheck goes back to assigned");
        h = step(h, "rectify", "{}", T.plusSeconds(180));
        h = step(h, "recheck", "{\"passed\":true}", T.plusSeconds(240));
        assertEquals("rechecked", Hazards.state(h));
        h = step(h, "close", "{\"comment\":\"销号\"}", T.plusSeconds(300));
        assertEquals("closed", Hazards.state(h));
        assertFalse(Hazards.open(h));
        JsonNode log = h.toJson().path("attributes").path("log");
        assertEquals(7, log.size());
        assertEquals("found", log.get(0).path("action").asText());
        assertEquals("巡查发现", log.get(0).path("comment").asText());
        assertEquals("wang", log.get(1).path("assignee").asText());
        assertFalse(log.get(3).path("passed").asBoolean());
        assertEquals("close", log.get(6).path("action").asText());
        assertEquals("zhang", log.get(6).path("by").asText());
    }

    @Test
    void aStepTheStateDoesNotAllowIsA409NamingTheState() throws Exception {
        Twin h = found();
        DayuanException e = assertThrows(DayuanException.class, () -> hazards.step(h, "rectify", null, "x", T));
        assertEquals("safety:hazard.step", e.errorCode().code());
        assertEquals(409, e.status());
        assertTrue(e.getMessage().contains("is found"), e.getMessage());
        Twin closedLater = step(step(step(step(h, "assign", "{\"assignee\":\"w\"}", T), "rectify", "{}", T),
                "recheck", "{\"passed\":true}", T), "close", "{}", T);
        for (String action : Hazards.ACTIONS) {
            DayuanException c = assertThrows(DayuanException.class,
                    () -> hazards.step(closedLater, action, json("{\"assignee\":\"w\",\"passed\":true}"), "x", T));
            assertTrue(c.getMessage().contains("is closed"), c.getMessage());
        }
    }

    @Test
    void aStepWithoutWhatItNeedsIsA400() throws Exception {
        Twin h = found();
        assertEquals("safety:hazard.invalid", assertThrows(DayuanException.class,
                () -> hazards.step(h, "assign", json("{}"), "x", T)).errorCode().code());
        assertEquals(400, assertThrows(DayuanException.class,
                () -> hazards.step(h, "assign", json("{\"assignee\":\"w\",\"dueAt\":\"tomorrow\"}"), "x", T))
                .status());
        Twin rectified = step(step(h, "assign", "{\"assignee\":\"w\"}", T), "rectify", "{}", T);
        assertEquals(400, assertThrows(DayuanException.class,
                () -> hazards.step(rectified, "recheck", json("{\"passed\":\"yes\"}"), "x", T)).status());
        assertEquals(400, assertThrows(DayuanException.class,
                () -> hazards.step(h, "demolish", json("{}"), "x", T)).status());
        assertEquals(400, assertThrows(DayuanException.class,
                () -> hazards.create(json("{\"name\":\"x\"}"), "li", T)).status());
        assertEquals(400, assertThrows(DayuanException.class,
                () -> hazards.create(json("{\"name\":\"\",\"parent\":\"cz.wujin:room-1\"}"), "li", T)).status());
        assertEquals(400, assertThrows(DayuanException.class,
                () -> hazards.create(json("{\"name\":\"x\",\"parent\":\"no id\"}"), "li", T)).status());
    }

    @Test
    void overdueWhileWaitingForTheAssigneePastDueAt() throws Exception {
        Twin h = step(found(), "assign", "{\"assignee\":\"w\",\"dueAt\":\"2026-12-07T10:00:00+08:00\"}", T);
        Instant due = Instant.parse("2026-12-07T02:00:00Z");
        assertFalse(Hazards.overdue(h, due));
        assertTrue(Hazards.overdue(h, due.plusSeconds(1)));
        Twin rectified = step(h, "rectify", "{}", due.plusSeconds(5));
        assertFalse(Hazards.overdue(rectified, due.plusSeconds(10)), "rectified: it waits for the recheck");
        assertFalse(rectified.toJson().path("attributes").path("overdue").asBoolean());
        Twin noDue = found();
        assertFalse(Hazards.overdue(noDue, T.plus(Duration.ofDays(999))));
    }

    @Test
    void aHazardReportedWithAnAssigneeStartsAssigned() throws Exception {
        Twin h = twin(hazards.create(json("{\"name\":\"灭火器过期\",\"parent\":\"cz.wujin:room-a-0105\","
                + "\"assignee\":\"wang\"}"), "li", T));
        assertEquals("assigned", Hazards.state(h));
        assertEquals(2, h.toJson().path("attributes").path("log").size());
    }
}
