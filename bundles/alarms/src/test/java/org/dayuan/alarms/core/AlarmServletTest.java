package org.dayuan.alarms.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.Severity;
import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** The HTTP answers of /api/dayuan/alarms over the service and a registry in memory. */
class AlarmServletTest extends AlarmFixture {
    private static final String BASE = "/api/dayuan/alarms";
    private final AlarmServlet servlet = new AlarmServlet(alarms, views.registry(), views.search(), clock);

    private FakeHttp get(String path) throws Exception {
        return new FakeHttp(BASE + path).mountedAt(BASE).caller(WANG);
    }

    private FakeHttp post(String path, String json) {
        FakeHttp h = new FakeHttp("POST", BASE + path).mountedAt(BASE).caller(WANG);
        return json == null ? h : h.jsonBody(json.replace('\'', '"'));
    }

    private JsonNode manual(String type, String severity) throws Exception {
        FakeHttp h = post("", "{'source':'" + ROOM + "','type':'" + type + "','severity':'" + severity
                + "','name':'巡查发现','message':'门未关'}").send(servlet);
        assertEquals(201, h.status, h.body());
        assertEquals(BASE + "/" + h.json().path("thingId").asText(), h.responseHeader("Location"));
        return h.json();
    }

    private static void assertError(FakeHttp h, int status, String code) throws Exception {
        assertEquals(status, h.status, h.body());
        assertEquals(code, h.json().path("error").asText(), h.body());
    }

    @Test
    void aManualAlarmGoesThroughItsLifecycle() throws Exception {
        JsonNode alarm = manual("manual.patrol", "major");
        String id = alarm.path("thingId").asText();
        assertEquals("manual", alarm.path("attributes").path("line").asText());
        assertEquals("wang", alarm.path("attributes").path("log").get(0).path("by").asText());
        FakeHttp repeat = post("", "{'source':'" + ROOM + "','type':'manual.patrol','severity':'major',"
                + "'name':'巡查发现'}").send(servlet);
        assertEquals(200, repeat.status, repeat.body());
        assertEquals(2, repeat.json().path("attributes").path("count").asInt());

        assertError(post("/" + id + "/acknowledge", "{}").caller(VIEWER).send(servlet), 403,
                "things:thing.notmodifiable");
        FakeHttp ack = post("/" + id + "/acknowledge", "{'comment':'到场'}").send(servlet);
        assertEquals(200, ack.status, ack.body());
        assertEquals("acknowledged", ack.json().path("attributes").path("state").asText());
        assertError(post("/" + id + "/verify", null).send(servlet), 400, "alarms:step.invalid");
        FakeHttp early = post("/" + id + "/close", null).send(servlet);
        assertError(early, 409, "alarms:step.illegal");
        assertTrue(early.json().path("message").asText().contains("acknowledged"), early.body());
        assertError(post("/" + id + "/verify", "{'result':'maybe'}").send(servlet), 400, "alarms:step.invalid");
        assertError(post("/" + id + "/shelve", "{'until':'tomorrow'}").send(servlet), 400, "alarms:step.invalid");
        assertEquals(200, post("/" + id + "/verify", "{'result':'false','comment':'误报'}").send(servlet).status);
        FakeHttp closed = post("/" + id + "/close", "{}").send(servlet);
        assertEquals("closed", closed.json().path("attributes").path("state").asText());
        FakeHttp read = get("/" + id).caller(VIEWER).send(servlet);
        assertEquals(200, read.status);
        assertEquals("closed", read.json().path("attributes").path("state").asText());
        JsonNode next = manual("manual.patrol", "major");
        assertTrue(!next.path("thingId").asText().equals(id), "a raise after close is a new alarm");
    }

    @Test
    void badRequestsAreRefusedClearly() throws Exception {
        String id = manual("manual.patrol", "info").path("thingId").asText();
        assertError(post("/" + id + "/explode", "{}").send(servlet), 404, "things:resource.notfound");
        assertError(post("/cz.wujin:alarm-none/acknowledge", "{}").send(servlet), 404, "things:thing.notfound");
        assertError(post("/" + ROOM + "/acknowledge", "{}").send(servlet), 404, "things:thing.notfound");
        assertError(get("/" + ROOM).send(servlet), 404, "things:thing.notfound");
        assertError(post("/" + id + "/acknowledge", "{").send(servlet), 400, "json.invalid");
        assertError(post("/" + id, "{}").send(servlet), 404, "things:resource.notfound");
        assertError(get("/stats").send(servlet), 404, "things:resource.notfound");
        assertError(get("/not-an-id").send(servlet), 400, "things:id.invalid");
        assertError(post("", "{'source':'" + ROOM + "','type':'safety.fire','severity':'major','name':'x'}")
                .send(servlet), 400, "alarms:alarm.invalid");
        assertError(post("", "{'source':'" + ROOM + "','type':'manual.x','severity':'huge','name':'x'}")
                .send(servlet), 400, "alarms:alarm.invalid");
        assertError(post("", "{'source':'" + ROOM + "','type':'manual.x','severity':'info'}").send(servlet), 400,
                "alarms:alarm.invalid");
        assertError(post("", "{'source':'cz.wujin:nowhere','type':'manual.x','severity':'info','name':'x'}")
                .send(servlet), 404, "things:thing.notfound");
        assertError(post("", "{'source':'" + ROOM + "','type':'manual.x','severity':'info','name':'x'}")
                .caller(VIEWER).send(servlet), 403, "things:thing.notmodifiable");
        FakeHttp put = new FakeHttp("PUT", BASE + "/" + id).mountedAt(BASE).send(servlet);
        assertEquals(405, put.status);
        assertEquals("GET, HEAD, POST", put.responseHeader("Allow"));
        for (String[] bad : new String[][] {{"state", "open"}, {"severity", "major,loud"}, {"type", "Safety.*"},
                {"organisation", "cz..wujin"}, {"since", "yesterday"}, {"limit", "0"}, {"limit", "201"},
                {"limit", "ten"}}) {
            assertError(get("").parameter(bad[0], bad[1]).send(servlet), 400, "things:parameter.invalid");
        }
    }

    @Test
    void theListFiltersAndPutsTheNewestFirst() throws Exception {
        alarms.raise(LINE, fire(ROOM, Severity.CRITICAL, clock.instant()));
        clock.advance(Duration.ofMinutes(1));
        alarms.raise(LINE, new AlarmCondition(ROOM, "safety.fault", "safety", Severity.WARNING, "故障", null,
                clock.instant(), null));
        clock.advance(Duration.ofMinutes(1));
        alarms.raise(LINE, new AlarmCondition(ROOM, "energy.night-baseload", "energy", Severity.MAJOR, "夜间负荷",
                null, clock.instant(), null));
        clock.advance(Duration.ofMinutes(1));
        alarms.raise(LINE, fire(OTHER_ROOM, Severity.CRITICAL, clock.instant()));

        assertEquals(List.of("energy.night-baseload", "safety.fault", "safety.fire"), types(get("")));
        assertEquals(List.of("safety.fire", "energy.night-baseload", "safety.fault", "safety.fire"),
                types(get("").caller(ADMIN)));
        assertEquals(List.of("safety.fault", "safety.fire"), types(get("").parameter("type", "safety.*")));
        assertEquals(List.of("safety.fire"), types(get("").parameter("type", "safety.fire")));
        assertEquals(List.of("energy.night-baseload", "safety.fire"),
                types(get("").parameter("severity", "critical,major")));
        assertEquals(List.of("safety.fire"), types(get("").caller(ADMIN).parameter("organisation", "cz.other")));
        assertEquals(List.of("safety.fire", "energy.night-baseload"),
                types(get("").caller(ADMIN).parameter("since", "2026-12-06T10:02:00+08:00")));
        assertEquals(List.of("safety.fire"), types(get("").caller(ADMIN).parameter("limit", "1")));
        TwinId fault = alarms.open(LINE, ROOM, "safety.fault").orElseThrow().id();
        alarms.act(WANG, fault, step(org.dayuan.alarms.AlarmAction.ACKNOWLEDGE));
        assertEquals(List.of("safety.fault"), types(get("").parameter("state", "acknowledged,closed")));
        assertEquals(List.of("energy.night-baseload", "safety.fire"),
                types(get("").parameter("state", "unacknowledged")));
    }

    private List<String> types(FakeHttp request) throws Exception {
        FakeHttp h = request.send(servlet);
        assertEquals(200, h.status, h.body());
        List<String> out = new ArrayList<>();
        h.json().path("items").forEach(a -> out.add(a.path("attributes").path("type").asText()));
        return out;
    }
}
