package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The office line's story end to end, as the county's manager lives it (DOMAIN scenario 5): the rules find the 副科
 * alone in 18 m²; a reallocation moves that one occupant into a colleague's office through review, approval and the
 * move; the over-standard alarm returns to normal by itself and the manager closes it. Then an idle office's alarm
 * goes the same way once the room is reallocated to an organisation with people for it. Nothing here is staged by
 * writing twins directly: only the line's workflow and the alarm API act.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OfficeScenarioIT extends DistributionTest {
    private static final String OFFICE = "/api/dayuan/office/";
    private static final String ALARMS = "/api/dayuan/alarms";
    private static final String OVER_STANDARD_ROOM = "cz.wujin:room-a-0305";
    private static final String IDLE_ROOM = "cz.wujin:room-a-0212";
    private static final double STAFF_ENTITLEMENT = 9;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        options.add(editConfigurationFilePut("etc/org.dayuan.office.rules.cfg", "alarms", "true"));
        return options.toArray(Option[]::new);
    }

    @Test
    public void anOverStandardOfficeAndAnIdleOneAreReallocatedAndTheirAlarmsClosed() throws Exception {
        Api manager = api.as("wj-manager", Dist.USER_PASSWORD);
        Api integrator = api.as("wj-integrator", Dist.USER_PASSWORD);

        // found: the 副科 (12 m²) alone in 18 m²
        JsonNode over = awaitAlarm(manager, OVER_STANDARD_ROOM, "office.over-standard", true);
        assertEquals(6, over.path("attributes").path("details").path("excess").asDouble(), 1e-9);
        JsonNode room = attributes(manager, OVER_STANDARD_ROOM);
        JsonNode person = room.path("occupants").get(0);
        String org = room.path("organisation").asText();
        String colleague = officeWithRoomToSpare(manager, org);

        // a reallocation moves that one occupant: request, review, approval, move
        String request = created(integrator.post(OFFICE + "reallocations", "{'organisation':'" + org
                + "','kind':'move','fromRoom':'" + OVER_STANDARD_ROOM + "','occupant':{'id':'"
                + person.path("id").asText() + "'},'toRoom':'" + colleague + "','toOrganisation':'" + org
                + "','reason':'超标准使用办公用房整改'}"));
        for (String step : List.of("review", "approve", "move")) {
            Reply r = manager.post(OFFICE + "reallocations/" + request + "/" + step, "{}");
            assertEquals(step + ": " + r, 200, r.status());
        }
        assertTrue(attributes(manager, colleague).path("occupants").toString()
                .contains(person.path("id").asText()));

        // the alarm returns to normal by itself; the colleague's office does not become over standard
        JsonNode normal = awaitAlarm(manager, OVER_STANDARD_ROOM, "office.over-standard", false);
        assertFalse(activeAlarm(manager, colleague, "office.over-standard"));
        close(manager, normal);

        // an idle office: its alarm stands until the room is reallocated to people it fits
        JsonNode idle = awaitAlarm(manager, IDLE_ROOM, "office.idle", true);
        JsonNode idleRoom = attributes(manager, IDLE_ROOM);
        int staff = (int) Math.ceil(idleRoom.path("usableArea").asDouble() / STAFF_ENTITLEMENT);
        StringBuilder occupants = new StringBuilder("[");
        for (int i = 1; i <= staff; i++) {
            occupants.append(i > 1 ? "," : "").append("{'id':'it-new-").append(i).append("','name':'新进人员")
                    .append(i).append("','rank':'科员及以下','level':'county'}");
        }
        String assign = created(integrator.post(OFFICE + "reallocations", "{'organisation':'" + org
                + "','kind':'assign','toRoom':'" + IDLE_ROOM + "','toOrganisation':'" + org + "','occupants':"
                + occupants + "],'reason':'新增编制人员入驻'}"));
        for (String step : List.of("review", "approve", "move")) {
            Reply r = manager.post(OFFICE + "reallocations/" + assign + "/" + step, "{}");
            assertEquals(step + ": " + r, 200, r.status());
        }
        assertEquals(idle.path("thingId").asText(), awaitAlarm(manager, IDLE_ROOM, "office.idle", false)
                .path("thingId").asText());
        assertFalse(activeAlarm(manager, IDLE_ROOM, "office.over-standard"));
        close(manager, alarm(manager, IDLE_ROOM, "office.idle"));
        JsonNode card = manager.get(OFFICE + "rooms/" + IDLE_ROOM).json();
        assertEquals(card.toString(), 0, card.path("excess").asDouble(), 1e-9);
    }

    /** An in-use office of {@code org} that is not over standard: adding a person keeps it within the standard. */
    private static String officeWithRoomToSpare(Api api, String org) {
        String filter = "and(eq(definition,\"dayuan:Room:1.0.0\"),eq(attributes/status,\"inUse\"),"
                + "eq(attributes/category,\"office\"),eq(attributes/organisation,\"" + org + "\"))";
        Reply r = api.get("/api/2/search/things?filter=" + enc(filter) + "&option=" + enc("size(50),sort(+thingId)"));
        assertEquals(r.toString(), 200, r.status());
        for (JsonNode t : r.json().path("items")) {
            String id = t.path("thingId").asText();
            JsonNode card = api.get(OFFICE + "rooms/" + id).json();
            if (!id.equals(OVER_STANDARD_ROOM) && card.path("excess").asDouble() == 0
                    && !card.path("leader").asBoolean()) {
                return id;
            }
        }
        throw new AssertionError("no office of " + org + " within the standard: " + r);
    }

    /** Waits until the alarm of (room, type) is there and active (or there and no longer active). */
    private static JsonNode awaitAlarm(Api api, String room, String type, boolean active) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonNode a = alarm(api, room, type);
            if (a != null && a.path("attributes").path("active").asBoolean() == active) {
                return a;
            }
            assertTrue(type + " of " + room + " never became " + (active ? "active" : "normal") + ": " + a,
                    System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }

    private static boolean activeAlarm(Api api, String room, String type) {
        JsonNode a = alarm(api, room, type);
        return a != null && a.path("attributes").path("active").asBoolean();
    }

    /** The open alarm of (room, type), or null. */
    private static JsonNode alarm(Api api, String room, String type) {
        Reply r = api.get(ALARMS + "?type=" + type + "&limit=200");
        assertEquals(r.toString(), 200, r.status());
        for (JsonNode a : r.json().path("items")) {
            if (room.equals(a.path("attributes").path("source").asText())
                    && !"closed".equals(a.path("attributes").path("state").asText())) {
                return a;
            }
        }
        return null;
    }

    /** A person's three steps: acknowledge, verify as real, close. */
    private static void close(Api api, JsonNode alarm) {
        String path = ALARMS + "/" + alarm.path("thingId").asText();
        assertEquals(200, api.post(path + "/acknowledge", "{'comment':'已知悉'}").status());
        assertEquals(200, api.post(path + "/verify", "{'result':'real','comment':'已调剂'}").status());
        Reply closed = api.post(path + "/close", "{'comment':'整改完成'}");
        assertEquals(closed.toString(), 200, closed.status());
        assertEquals("closed", closed.json().path("attributes").path("state").asText());
    }

    private static JsonNode attributes(Api api, String id) {
        Reply r = api.get("/api/2/things/" + id + "/attributes");
        assertEquals(r.toString(), 200, r.status());
        assertNotNull(r.json());
        return r.json();
    }

    private static String created(Reply r) {
        assertEquals(r.toString(), 201, r.status());
        return r.json().path("thingId").asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
