package org.dayuan.safety.hazards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.safety.Fixture;
import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;
import org.junit.jupiter.api.Test;

/** The hazard API over a registry in memory, through the view the line gets under its grant. */
class HazardServletTest {
    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");
    private static final String BASE = "/api/dayuan/safety/hazards";
    private static final Caller WANG = new Caller("wang", Set.of(Caller.ROLE_INTEGRATOR), Set.of("cz.wujin"), "t");
    private static final Caller MANAGER = new Caller("chen", Set.of(Caller.ROLE_MANAGER), Set.of("cz.wujin"), "t");
    private static final Caller VIEWER = new Caller("li", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"), "t");
    private static final Caller OTHER = new Caller("zhou", Set.of(Caller.ROLE_MANAGER), Set.of("cz.other"), "t");

    private final Fixture f = new Fixture(T0);
    private final HazardStore store = new HazardStore(f.line.registry(), f.line.search(),
            new Hazards(Duration.ofDays(7)));
    private final HazardServlet servlet = new HazardServlet(store, f.clock);

    HazardServletTest() {
        f.place();
    }

    private FakeHttp post(String path, Caller caller, String body) throws Exception {
        FakeHttp r = new FakeHttp("POST", BASE + path).mountedAt(BASE).caller(caller);
        if (body != null) {
            r.jsonBody(body);
        }
        return r.send(servlet);
    }

    private FakeHttp get(String query, Caller caller) throws Exception {
        FakeHttp r = new FakeHttp("GET", BASE).mountedAt(BASE).caller(caller);
        if (query != null) {
            String[] kv = query.split("=", 2);
            r.parameter(kv[0], kv[1]);
        }
        return r.send(servlet);
    }

    private String report(Caller caller) throws Exception {
        FakeHttp created = post("", caller, "{\"name\":\"消防通道堵塞\",\"parent\":\"cz.wujin:room-a-0101\","
                + "\"category\":\"消防通道\",\"description\":\"杂物堆放\"}");
        assertEquals(201, created.status, created.body());
        return created.json().path("thingId").asText();
    }

    @Test
    void aHazardIsReportedAssignedRectifiedRecheckedAndClosedAsTheCaller() throws Exception {
        String id = report(WANG);
        assertTrue(id.startsWith("cz.wujin:hazard-"), id);
        JsonNode a = f.get(id).toJson().path("attributes");
        assertEquals("found", a.path("state").asText());
        assertEquals("wang", a.path("foundBy").asText());
        assertEquals(T0.toString(), a.path("foundAt").asText());

        assertEquals(200, post("/" + id + "/assign", MANAGER, "{\"assignee\":\"zhang\"}").status);
        assertEquals(200, post("/" + id + "/rectify", WANG, "{\"comment\":\"已清理\"}").status);
        FakeHttp early = post("/" + id + "/close", MANAGER, "{}");
        assertEquals(409, early.status, early.body());
        assertEquals("safety:hazard.step", early.json().path("error").asText());
        assertTrue(early.json().path("message").asText().contains("rectified"), early.body());
        assertEquals(200, post("/" + id + "/recheck", MANAGER, "{\"passed\":true}").status);
        FakeHttp closed = post("/" + id + "/close", MANAGER, null);
        assertEquals(200, closed.status, closed.body());
        JsonNode after = closed.json().path("attributes");
        assertEquals("closed", after.path("state").asText());
        assertEquals("chen", after.path("closedBy").asText());
        assertEquals(5, after.path("log").size());
        assertEquals("wang", after.path("log").get(2).path("by").asText());
    }

    @Test
    void viewersReadButCannotActAndOtherOrganisationsSeeNothing() throws Exception {
        FakeHttp refused = post("", VIEWER, "{\"name\":\"x\",\"parent\":\"cz.wujin:room-a-0101\"}");
        assertEquals(403, refused.status, refused.body());
        String id = report(WANG);
        long revision = f.get(id).revision();
        assertEquals(403, post("/" + id + "/assign", VIEWER, "{\"assignee\":\"li\"}").status);
        assertEquals(revision, f.get(id).revision(), "the refused step changed nothing");
        assertEquals(1, get(null, VIEWER).json().path("items").size());
        assertEquals(0, get(null, OTHER).json().path("items").size());
        assertEquals(404, post("/" + id + "/assign", OTHER, "{\"assignee\":\"x\"}").status);
        FakeHttp one = new FakeHttp("GET", BASE + "/" + id).mountedAt(BASE).caller(VIEWER).send(servlet);
        assertEquals(200, one.status);
        assertEquals(id, one.json().path("thingId").asText());
    }

    @Test
    void badRequestsAreClearErrorsAndChangeNothing() throws Exception {
        assertEquals("safety:hazard.invalid", post("", WANG, "{\"parent\":\"cz.wujin:room-a-0101\"}").json()
                .path("error").asText());
        FakeHttp noPlace = post("", WANG, "{\"name\":\"x\",\"parent\":\"cz.wujin:room-none\"}");
        assertEquals(400, noPlace.status, noPlace.body());
        assertEquals("dayuan:parent.notfound", noPlace.json().path("error").asText());
        String id = report(WANG);
        long revision = f.get(id).revision();
        assertEquals(400, post("/" + id + "/assign", WANG, "{\"comment\":\"nobody\"}").status);
        assertEquals(404, post("/" + id + "/demolish", WANG, "{}").status);
        assertEquals(400, post("/" + id + "/assign", WANG, "[1]").status);
        assertEquals(revision, f.get(id).revision());
        assertEquals(400, get("state=lost", WANG).status);
        assertEquals(400, get("overdue=maybe", WANG).status);
        assertEquals(404, post("/cz.wujin:room-a-0101/assign", WANG, "{\"assignee\":\"x\"}").status,
                "a room is no hazard");
    }

    @Test
    void theSweepMarksHazardsPastTheirDueAtOverdueAndTheListFilters() throws Exception {
        String late = report(WANG);
        String fine = report(WANG);
        post("/" + late + "/assign", WANG, "{\"assignee\":\"zhang\",\"dueAt\":\"2026-12-07T10:00:00+08:00\"}");
        post("/" + fine + "/assign", WANG, "{\"assignee\":\"zhang\",\"dueAt\":\"2026-12-09T10:00:00+08:00\"}");
        Caller line = f.line.registry().identity();
        assertEquals(0, store.sweep(line, f.clock.instant()));
        f.clock.advance(Duration.ofDays(2));
        assertEquals(1, store.sweep(line, f.clock.instant()));
        assertEquals(0, store.sweep(line, f.clock.instant()), "already marked");
        JsonNode overdue = get("overdue=true", VIEWER).json().path("items");
        assertEquals(1, overdue.size());
        assertEquals(late, overdue.get(0).path("thingId").asText());
        assertEquals(fine, get("overdue=false", VIEWER).json().path("items").get(0).path("thingId").asText());
        assertEquals(2, get("state=assigned", VIEWER).json().path("items").size());
        assertEquals(0, get("state=found", VIEWER).json().path("items").size());
        assertEquals(2, get("organisation=cz.wujin", VIEWER).json().path("items").size());
        assertEquals(0, get("organisation=cz.other", VIEWER).json().path("items").size());
        post("/" + late + "/rectify", WANG, "{}");
        assertEquals(false, f.get(late).toJson().path("attributes").path("overdue").asBoolean());
    }
}
