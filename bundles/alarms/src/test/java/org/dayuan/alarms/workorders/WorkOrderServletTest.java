package org.dayuan.alarms.workorders;

import static org.dayuan.testing.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * The service and the servlet over a real registry in memory, through the view the alarms bundle gets under its
 * shipped grant ({@code integrator, ns:*}): callers act as themselves, so the registry decides who reads and acts.
 */
class WorkOrderServletTest {
    private static final String BSN = "org.dayuan.alarms";
    private static final String BASE = "/api/dayuan/workorders";
    private static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");
    private static final Caller ADMIN = FakeHttp.ADMIN;
    private static final Caller WANG = new Caller("wang", Set.of(Caller.ROLE_INTEGRATOR), Set.of("cz.wujin"), "test");
    private static final Caller ZHAO = new Caller("zhao", Set.of(Caller.ROLE_MANAGER), Set.of("cz.wujin"), "test");
    private static final Caller LI = new Caller("li", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"), "test");
    private static final Caller OTHER = new Caller("sun", Set.of(Caller.ROLE_INTEGRATOR), Set.of("cz.other"), "test");

    private final InMemoryTwins twins = new InMemoryTwins();
    private final InMemoryTwins.Views bundle = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN,
            "integrator, ns:*, name:alarms"));
    private final MutableClock clock = new MutableClock(T0);
    private final WorkOrderService service = new WorkOrderService(bundle.registry(), bundle.search(), clock,
            Duration.ofHours(24));
    private final WorkOrderServlet servlet = new WorkOrderServlet(service);

    WorkOrderServletTest() {
        create("cz.wujin:room-301", "{'attributes':{'name':'301'}}");
        create("cz.wujin:alarm-1", "{'attributes':{'name':'烟感故障','parent':'cz.wujin:room-301'}}");
        create("cz.other:room-1", "{'attributes':{'name':'101'}}");
    }

    private void create(String id, String json) {
        twins.registry().create(ADMIN, TwinId.of(id), object(json));
    }

    private FakeHttp post(String path, Caller caller, String json) throws Exception {
        FakeHttp http = new FakeHttp("POST", BASE + path).mountedAt(BASE).caller(caller);
        if (json != null) {
            http.jsonBody(json.replace('\'', '"'));
        }
        return http.send(servlet);
    }

    private FakeHttp get(String path, Caller caller) throws Exception {
        return new FakeHttp("GET", BASE + path).mountedAt(BASE).caller(caller).send(servlet);
    }

    private String open(Caller caller, String json) throws Exception {
        FakeHttp created = post("", caller, json);
        assertEquals(201, created.status, created.body());
        return created.json().get("thingId").asText();
    }

    private List<Twin> orders() {
        return twins.registry().list(ADMIN).stream().filter(WorkOrderRules::isOrder).toList();
    }

    private long revision(String id) {
        return twins.registry().get(ADMIN, TwinId.of(id)).orElseThrow().revision();
    }

    private static List<String> ids(FakeHttp list) throws Exception {
        return java.util.stream.StreamSupport.stream(list.json().get("items").spliterator(), false)
                .map(o -> o.get("thingId").asText()).toList();
    }

    @Test
    void anIntegratorOpensAnOrderFromAnAlarmAndAskingAgainReturnsIt() throws Exception {
        FakeHttp created = post("", WANG, "{'subject':'cz.wujin:room-301','title':'更换烟感','description':'3楼',"
                + "'origin':'cz.wujin:alarm-1','slaHours':4}");
        assertEquals(201, created.status, created.body());
        JsonNode a = created.json().get("attributes");
        String id = created.json().get("thingId").asText();
        assertTrue(id.startsWith("cz.wujin:wo-20261206-"), id);
        assertEquals(WorkOrderRules.DEFINITION, created.json().get("definition").asText());
        assertEquals("open", a.get("state").asText());
        assertEquals("cz.wujin:room-301", a.get("parent").asText());
        assertEquals("2026-12-06T05:00:00Z", a.get("dueAt").asText());
        assertEquals("wang", a.at("/log/0/by").asText());

        FakeHttp again = post("", ZHAO, "{'subject':'cz.wujin:room-301','title':'再开一个','origin':'cz.wujin:alarm-1'}");
        assertEquals(200, again.status, again.body());
        assertEquals(id, again.json().get("thingId").asText());
        assertEquals(1, orders().size());

        Twin byApi = service.open(WANG, TwinId.of("cz.wujin:room-301"), "巡检", null, null, null);
        assertEquals("2026-12-07T01:00:00Z", byApi.get(WorkOrderRules.DUE_AT).orElseThrow().asText(),
                "without slaHours the configured default applies");
        assertEquals(2, orders().size(), "an order without origin is always new");
    }

    @Test
    void aViewerReadsButNeitherOpensNorActs() throws Exception {
        FakeHttp refused = post("", LI, "{'subject':'cz.wujin:room-301','title':'更换烟感','origin':'cz.wujin:alarm-1'}");
        assertEquals(403, refused.status, refused.body());
        assertEquals("things:thing.notmodifiable", refused.json().get("error").asText());
        assertTrue(orders().isEmpty());

        String id = open(WANG, "{'subject':'cz.wujin:room-301','title':'更换烟感','origin':'cz.wujin:alarm-1'}");
        FakeHttp again = post("", LI, "{'subject':'cz.wujin:room-301','title':'x','origin':'cz.wujin:alarm-1'}");
        assertEquals(403, again.status, "asking for the origin's order is opening one: " + again.body());
        long before = revision(id);
        FakeHttp assign = post("/" + id + "/assign", LI, "{'assignee':'li'}");
        assertEquals(403, assign.status, assign.body());
        assertEquals(before, revision(id));
        assertEquals(200, get("/" + id, LI).status);
        assertEquals(List.of(id), ids(get("", LI)));
    }

    @Test
    void theLifecycleOverHttpWithIllegalStepsRefusedAndNothingChanged() throws Exception {
        String id = open(WANG, "{'subject':'cz.wujin:room-301','title':'更换烟感'}");
        long rev = revision(id);
        FakeHttp noAssignee = post("/" + id + "/assign", WANG, "{'comment':'快'}");
        assertEquals(400, noAssignee.status, noAssignee.body());
        assertEquals("workorders:assignee.required", noAssignee.json().get("error").asText());
        FakeHttp early = post("/" + id + "/done", WANG, null);
        assertEquals(409, early.status, early.body());
        assertEquals("workorders:step.illegal", early.json().get("error").asText());
        assertTrue(early.json().get("message").asText().contains("is open"), early.body());
        assertEquals(rev, revision(id), "refused steps changed nothing");

        clock.advance(Duration.ofMinutes(5));
        FakeHttp assigned = post("/" + id + "/assign", WANG, "{'assignee':'zhang','comment':'今天'}");
        assertEquals(200, assigned.status, assigned.body());
        assertEquals("assigned", assigned.json().at("/attributes/state").asText());
        assertEquals(409, post("/" + id + "/confirm", ZHAO, null).status);
        assertEquals(200, post("/" + id + "/done", WANG, "{'comment':'已更换'}").status);
        FakeHttp bare = post("/" + id + "/reopen", ZHAO, "{}");
        assertEquals(400, bare.status, bare.body());
        assertEquals("workorders:comment.required", bare.json().get("error").asText());
        assertEquals(200, post("/" + id + "/reopen", ZHAO, "{'comment':'仍在报警'}").status);
        assertEquals(200, post("/" + id + "/done", WANG, null).status);
        FakeHttp confirmed = post("/" + id + "/confirm", ZHAO, "{'comment':'复核通过'}");
        assertEquals(200, confirmed.status, confirmed.body());
        JsonNode a = confirmed.json().get("attributes");
        assertEquals("confirmed", a.get("state").asText());
        assertEquals(T0.plus(Duration.ofMinutes(5)).toString(), a.get("confirmedAt").asText());
        List<String> actions = java.util.stream.StreamSupport.stream(a.get("log").spliterator(), false)
                .map(e -> e.get("action").asText() + ":" + e.get("by").asText()).toList();
        assertEquals(List.of("open:wang", "assign:wang", "done:wang", "reopen:zhao", "done:wang", "confirm:zhao"),
                actions);
        assertEquals("仍在报警", a.at("/log/3/comment").asText());
        assertEquals(409, post("/" + id + "/reopen", ZHAO, "{'comment':'x'}").status, "confirmed is final");
    }

    @Test
    void badInputIsAClearErrorAndChangesNothing() throws Exception {
        String id = open(WANG, "{'subject':'cz.wujin:room-301','title':'更换烟感'}");
        long rev = revision(id);
        record Case(String path, String body, int status, String error) {
        }
        for (Case c : List.of(
                new Case("", "{'subject':'cz.wujin:no-such-room','title':'x'}", 404, "things:thing.notfound"),
                new Case("", "{'subject':'cz.wujin:room-301','title':'x','origin':'cz.wujin:nothing'}", 404,
                        "things:thing.notfound"),
                new Case("", "{'subject':'no id','title':'x'}", 400, "things:id.invalid"),
                new Case("", "{'title':'x'}", 400, "workorders:order.invalid"),
                new Case("", "{'subject':'cz.wujin:room-301'}", 400, "workorders:order.invalid"),
                new Case("", "{'subject':'cz.wujin:room-301','title':'x','slaHours':-1}", 400,
                        "workorders:order.invalid"),
                new Case("", "{'subject':'cz.wujin:room-301','title':'x','slaHours':'4'}", 400,
                        "workorders:order.invalid"),
                new Case("", "{'subject':'cz.wujin:room-301','title':'x','priority':1}", 400,
                        "workorders:order.invalid"),
                new Case("", "[1]", 400, "workorders:order.invalid"),
                new Case("", "{'subject':", 400, "json.invalid"),
                new Case("/" + id + "/assign", "{'assignee':7}", 400, "workorders:order.invalid"),
                new Case("/" + id + "/fix", "{}", 404, "things:resource.notfound"),
                new Case("/" + id + "/open", "{}", 404, "things:resource.notfound"),
                new Case("/" + id, "{}", 404, "things:resource.notfound"),
                new Case("/cz.wujin:room-301/assign", "{'assignee':'x'}", 404, "things:thing.notfound"),
                new Case("/cz.wujin:wo-none/assign", "{'assignee':'x'}", 404, "things:thing.notfound"))) {
            FakeHttp answer = post(c.path(), WANG, c.body());
            assertEquals(c.status(), answer.status, c + ": " + answer.body());
            assertEquals(c.error(), answer.json().get("error").asText(), c.toString());
        }
        FakeHttp outside = post("/" + id + "/assign", OTHER, "{'assignee':'x'}");
        assertEquals(403, outside.status, outside.body());
        assertEquals(404, get("/" + id, OTHER).status, "another organisation does not see it");
        assertEquals(404, get("/cz.wujin:room-301", WANG).status, "a twin that is no work order");
        assertEquals(rev, revision(id));
        assertEquals(1, orders().size());
        FakeHttp put = new FakeHttp("PUT", BASE).mountedAt(BASE).caller(WANG).send(servlet);
        assertEquals(405, put.status);
        assertEquals("GET, HEAD, POST", put.responseHeader("Allow"));
    }

    @Test
    void listsFilterByStateOrganisationOverdueAndOrigin() throws Exception {
        String fromAlarm = open(WANG, "{'subject':'cz.wujin:room-301','title':'a','origin':'cz.wujin:alarm-1',"
                + "'slaHours':1}");
        clock.advance(Duration.ofMinutes(1));
        String later = open(WANG, "{'subject':'cz.wujin:room-301','title':'b','slaHours':48}");
        clock.advance(Duration.ofMinutes(1));
        String other = open(ADMIN, "{'subject':'cz.other:room-1','title':'c','slaHours':1}");
        assertEquals(200, post("/" + later + "/assign", WANG, "{'assignee':'zhang'}").status);

        assertEquals(List.of(other, later, fromAlarm), ids(get("", ADMIN)), "newest first");
        assertEquals(List.of(later, fromAlarm), ids(get("", WANG)), "only the caller's organisations");
        assertEquals(List.of(later), ids(new FakeHttp("GET", BASE).mountedAt(BASE).caller(ADMIN)
                .parameter("state", "assigned").send(servlet)));
        assertEquals(List.of(other), ids(new FakeHttp("GET", BASE).mountedAt(BASE).caller(ADMIN)
                .parameter("organisation", "cz.other").send(servlet)));
        assertEquals(List.of(fromAlarm), ids(new FakeHttp("GET", BASE).mountedAt(BASE).caller(WANG)
                .parameter("origin", "cz.wujin:alarm-1").send(servlet)));

        clock.advance(Duration.ofHours(2));
        assertEquals(2, service.sweep(), "the two one-hour orders are late");
        assertEquals(0, service.sweep(), "nothing left to change");
        assertEquals(List.of(other, fromAlarm), ids(new FakeHttp("GET", BASE).mountedAt(BASE).caller(ADMIN)
                .parameter("overdue", "true").send(servlet)));
        assertEquals(List.of(later), ids(new FakeHttp("GET", BASE).mountedAt(BASE).caller(ADMIN)
                .parameter("overdue", "false").send(servlet)));

        assertEquals(200, post("/" + fromAlarm + "/assign", WANG, "{'assignee':'zhang'}").status);
        FakeHttp done = post("/" + fromAlarm + "/done", WANG, null);
        assertFalse(done.json().at("/attributes/overdue").asBoolean(), "done is no longer overdue");
        assertEquals(0, service.sweep());

        for (String[] bad : new String[][] {{"state", "closed"}, {"overdue", "yes"}, {"organisation", "1x"},
                {"origin", "nope"}}) {
            FakeHttp answer = new FakeHttp("GET", BASE).mountedAt(BASE).caller(ADMIN).parameter(bad[0], bad[1])
                    .send(servlet);
            assertEquals(400, answer.status, bad[0] + ": " + answer.body());
        }
    }

    @Test
    void theSweepCorrectsAnOrderMarkedOverdueThatIsNotAndWritesAsTheBundle() throws Exception {
        String id = open(WANG, "{'subject':'cz.wujin:room-301','title':'a','slaHours':1}");
        twins.registry().merge(ADMIN, TwinId.of(id), org.dayuan.twin.JsonPointer.of("attributes"),
                object("{'overdue':true}"), org.dayuan.twin.WriteCondition.NONE);
        assertEquals(1, service.sweep());
        Twin order = twins.registry().get(ADMIN, TwinId.of(id)).orElseThrow();
        assertFalse(order.get(WorkOrderRules.OVERDUE).orElseThrow().asBoolean());
    }
}
