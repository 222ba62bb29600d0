package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The office workflows on the real distribution, over HTTP as the demo county's users: the 副科 alone in 18 m²
 * (room-a-0305, demo scenario 5) is moved into an idle office (both rooms change together, the audit trail names the
 * manager); an idle office is assigned to another organisation; an idle office is let out and the lease terminated;
 * an inspection's finding blocks its close until rectified. Viewers may not act; an illegal step is 409.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OfficeWorkflowsIT extends DistributionTest {
    private static final String BASE = "/api/dayuan/office/";
    private static final String ROOM = "cz.wujin:room-a-0305";

    @Test
    public void roomsAreReallocatedLetOutAndInspected() throws Exception {
        Api manager = api.as("wj-manager", Dist.USER_PASSWORD);
        Api integrator = api.as("wj-integrator", Dist.USER_PASSWORD);
        Api viewer = api.as("wj-viewer", Dist.USER_PASSWORD);
        JsonNode over = room(viewer, ROOM);
        assertEquals(over.toString(), 1, over.path("occupants").size());
        JsonNode person = over.path("occupants").get(0);
        assertEquals("副科", person.path("rank").asText());
        String org = over.path("organisation").asText();
        List<String> idle = idleOffices(viewer);
        assertTrue(idle.toString(), idle.size() >= 3);
        String target = idle.get(0);

        // move the 副科 out of the over-standard room
        String move = "{'organisation':'" + org + "','kind':'move','fromRoom':'" + ROOM + "','occupant':{'name':'"
                + person.path("name").asText() + "'},'toRoom':'" + target + "','toOrganisation':'" + org
                + "','reason':'超标准使用办公用房整改'}";
        assertError(viewer.post(BASE + "reallocations", move), 403, "dayuan:access.forbidden");
        assertError(integrator.post(BASE + "reallocations", move.replace("'kind':'move'", "'kind':'swap'")), 400,
                "office:reallocation.invalid");
        String id = created(integrator.post(BASE + "reallocations", move));
        String request = BASE + "reallocations/" + id;
        assertError(manager.post(request + "/move", "{}"), 409, "office:reallocation.illegalstep");
        assertError(integrator.post(request + "/review", "{}"), 403, "dayuan:access.forbidden");
        assertError(viewer.post(request + "/cancel", "{}"), 403, "dayuan:access.forbidden");
        assertEquals(200, manager.post(request + "/review", "{'comment':'面积已核实'}").status());
        assertEquals(200, manager.post(request + "/approve", "{'comment':'同意调剂'}").status());
        long fromRevision = twin(viewer, ROOM).path("_revision").asLong();
        long toRevision = twin(viewer, target).path("_revision").asLong();
        Reply moved = manager.post(request + "/move", "{'comment':'已搬迁'}");
        assertEquals(moved.toString(), 200, moved.status());
        assertEquals("moved", moved.json().path("attributes").path("state").asText());
        JsonNode from = twin(viewer, ROOM);
        JsonNode to = twin(viewer, target);
        assertEquals(fromRevision + 1, from.path("_revision").asLong());
        assertEquals(toRevision + 1, to.path("_revision").asLong());
        assertEquals(from.toString(), 0, from.path("attributes").path("occupants").size());
        assertEquals("idle", from.path("attributes").path("status").asText());
        assertFalse(from.toString(), from.path("attributes").path("vacantSince").asText().isEmpty());
        assertEquals(person.path("name").asText(), to.path("attributes").path("occupants").get(0).path("name").asText());
        assertEquals("inUse", to.path("attributes").path("status").asText());
        assertTrue(to.toString(), to.path("attributes").path("vacantSince").isMissingNode());
        assertError(manager.post(request + "/move", "{}"), 409, "office:reallocation.illegalstep");
        for (String changed : List.of(ROOM, target, id)) {
            Reply audit = manager.get("/api/dayuan/audit?thingId=" + changed + "&limit=5");
            assertEquals(audit.toString(), 200, audit.status());
            assertEquals(audit.toString(), "wj-manager", audit.json().path("items").get(0).path("subject").asText());
        }
        Reply listed = viewer.get(BASE + "reallocations?state=moved&room=" + enc(ROOM));
        assertTrue(listed.toString(), listed.raw().body().contains(id));

        // an idle office given to another organisation
        String other = org.endsWith("org-tjj") ? "cz.wujin:org-fgj" : "cz.wujin:org-tjj";
        String assign = "{'organisation':'" + other + "','kind':'assign','toRoom':'" + idle.get(1)
                + "','toOrganisation':'" + other + "','reason':'统计局新增编制'}";
        String assigned = created(integrator.post(BASE + "reallocations", assign));
        for (String step : List.of("review", "approve", "move")) {
            Reply r = manager.post(BASE + "reallocations/" + assigned + "/" + step, "{}");
            assertEquals(r.toString(), 200, r.status());
        }
        JsonNode given = twin(viewer, idle.get(1)).path("attributes");
        assertEquals(other, given.path("organisation").asText());
        assertEquals("inUse", given.path("status").asText());

        // an idle office let out, paid for, and the lease terminated
        String lease = created(integrator.post(BASE + "leases", "{'organisation':'" + org + "','room':'"
                + idle.get(2) + "','direction':'letOut','counterparty':'武进农商行','start':'2027-01-01',"
                + "'end':'2029-12-31','annualRent':52000}"));
        String leasePath = BASE + "leases/" + lease;
        assertEquals(200, manager.post(leasePath + "/approve", "{}").status());
        assertEquals(200, manager.post(leasePath + "/activate", "{}").status());
        JsonNode letOut = twin(viewer, idle.get(2)).path("attributes");
        assertEquals("letOut", letOut.path("status").asText());
        assertEquals("武进农商行", letOut.path("lease").path("counterparty").asText());
        assertEquals(200, integrator.post(leasePath + "/pay", "{'paidUntil':'2027-06-30'}").status());
        assertEquals("2027-06-30", twin(viewer, idle.get(2)).path("attributes").path("lease").path("paidUntil")
                .asText());
        assertEquals(200, manager.post(leasePath + "/terminate", "{'comment':'提前退租'}").status());
        JsonNode back = twin(viewer, idle.get(2)).path("attributes");
        assertEquals("idle", back.path("status").asText());
        assertTrue(back.toString(), back.path("lease").isMissingNode());

        // an inspection whose finding blocks the close until it is rectified
        String plan = "{'organisation':'" + org + "','scope':{'rooms':['" + ROOM + "','" + target + "']},"
                + "'items':['面积超标','闲置']}";
        assertError(integrator.post(BASE + "inspections", plan), 403, "dayuan:access.forbidden");
        String inspection = created(manager.post(BASE + "inspections", plan));
        String inspectionPath = BASE + "inspections/" + inspection;
        Reply recorded = integrator.post(inspectionPath + "/record", "{'room':'" + ROOM + "','item':'闲置',"
                + "'note':'调剂后空置','photos':['cz.wujin:attachment-it-1']}");
        assertEquals(recorded.toString(), 200, recorded.status());
        assertError(manager.post(inspectionPath + "/close", "{}"), 409, "office:inspection.unrectified");
        assertEquals(200, integrator.post(inspectionPath + "/rectify", "{'finding':1,'note':'已列入调剂计划'}")
                .status());
        Reply closed = manager.post(inspectionPath + "/close", "{}");
        assertEquals(closed.toString(), 200, closed.status());
        assertEquals("closed", closed.json().path("attributes").path("state").asText());
    }

    private static String created(Reply r) {
        assertEquals(r.toString(), 201, r.status());
        return r.json().path("thingId").asText();
    }

    private static JsonNode twin(Api api, String id) {
        Reply r = api.get("/api/2/things/" + id + "?fields=thingId,attributes,_revision");
        assertEquals(r.toString(), 200, r.status());
        return r.json();
    }

    private static JsonNode room(Api api, String id) {
        return twin(api, id).path("attributes");
    }

    /** Idle, empty offices of the demo county, as a user finds them by search. */
    private static List<String> idleOffices(Api api) {
        String filter = "and(eq(definition,\"dayuan:Room:1.0.0\"),eq(attributes/status,\"idle\"),"
                + "eq(attributes/category,\"office\"))";
        Reply r = api.get("/api/2/search/things?filter=" + enc(filter) + "&namespaces=cz.wujin&option="
                + enc("size(50),sort(+thingId)"));
        assertEquals(r.toString(), 200, r.status());
        List<String> ids = new ArrayList<>();
        for (JsonNode t : r.json().path("items")) {
            if (t.path("attributes").path("occupants").isEmpty()) {
                ids.add(t.path("thingId").asText());
            }
        }
        return ids;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
