package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Work orders over HTTP on the real distribution: the model dayuan:WorkOrder:1.0.0 is installed and checks every
 * write, a manager opens an order from an alarm (asking again returns it), a viewer reads but may not act, and the
 * order goes assigned, done, reopened, done, confirmed, with the illegal steps refused.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WorkOrdersIT extends DistributionTest {
    private static final String ORDERS = "/api/dayuan/workorders";
    private static final String ROOM = "cz.wujin:room-a-0305";

    @Test
    public void anOrderFromAnAlarmGoesThroughItsLifecycle() {
        Api manager = api.as("wj-manager", Dist.USER_PASSWORD);
        Api viewer = api.as("wj-viewer", Dist.USER_PASSWORD);
        assertTrue(api.get("/api/dayuan/models").raw().body().contains("dayuan:WorkOrder:1.0.0"));
        Reply alarm = manager.post("/api/dayuan/alarms", "{'source':'" + ROOM + "','type':'manual.it-workorder',"
                + "'severity':'major','name':'门禁故障'}");
        assertEquals(alarm.toString(), 201, alarm.status());
        String origin = alarm.json().path("thingId").asText();

        String open = "{'subject':'" + ROOM + "','title':'维修门禁','origin':'" + origin + "','slaHours':8}";
        assertError(viewer.post(ORDERS, open), 403, "things:thing.notmodifiable");
        Reply created = manager.post(ORDERS, open);
        assertEquals(created.toString(), 201, created.status());
        String id = created.json().path("thingId").asText();
        assertTrue(id, id.startsWith("cz.wujin:wo-"));
        assertEquals("dayuan:WorkOrder:1.0.0", created.json().path("definition").asText());
        Reply again = manager.post(ORDERS, open);
        assertEquals(again.toString(), 200, again.status());
        assertEquals(id, again.json().path("thingId").asText());

        assertError(viewer.post(ORDERS + "/" + id + "/assign", "{'assignee':'li'}"), 403,
                "things:thing.notmodifiable");
        assertError(manager.post(ORDERS + "/" + id + "/done", "{}"), 409, "workorders:step.illegal");
        assertError(manager.post(ORDERS + "/" + id + "/assign", "{}"), 400, "workorders:assignee.required");
        assertEquals(200, manager.post(ORDERS + "/" + id + "/assign", "{'assignee':'wj-integrator'}").status());
        assertEquals(200, manager.post(ORDERS + "/" + id + "/done", "{'comment':'已更换读卡器'}").status());
        assertError(manager.post(ORDERS + "/" + id + "/reopen", "{}"), 400, "workorders:comment.required");
        assertEquals(200, manager.post(ORDERS + "/" + id + "/reopen", "{'comment':'仍无法刷卡'}").status());
        assertEquals(200, manager.post(ORDERS + "/" + id + "/done", "{}").status());
        Reply confirmed = manager.post(ORDERS + "/" + id + "/confirm", "{'comment':'复核通过'}");
        assertEquals(confirmed.toString(), 200, confirmed.status());
        JsonNode a = confirmed.json().path("attributes");
        assertEquals("confirmed", a.path("state").asText());
        assertEquals(a.toString(), 6, a.path("log").size());
        assertEquals("wj-manager", a.path("log").get(5).path("by").asText());

        Reply list = viewer.get(ORDERS + "?state=confirmed&origin=" + origin);
        assertEquals(list.toString(), 200, list.status());
        assertEquals(list.toString(), id, list.json().path("items").get(0).path("thingId").asText());
        assertError(viewer.get(ORDERS + "?state=closed"), 400, "things:parameter.invalid");
        assertError(manager.post(ORDERS, "{'subject':'" + ROOM + "'}"), 400, "workorders:order.invalid");
    }
}
