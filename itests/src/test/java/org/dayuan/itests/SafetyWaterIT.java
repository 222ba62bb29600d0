package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The safety line on the real distribution, through the real protocols: a demo roof tank reports a low level over
 * MQTT → a safety.water-low alarm carrying the cameras that show the tank and a work order → the level recovers →
 * the alarm is inactive but stays open until a manager acknowledges, verifies and closes it; the organisation's
 * grade counts the tank out of range while it was low and in range once refilled. Hazards go through their API under
 * the Hazard model the line ships.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SafetyWaterIT extends DistributionTest {
    private static final String TANK = "cz.wujin:tank-a-roof-level";
    private static final String TOPIC = "dayuan/cz.wujin/tank-a-roof-level/tank";
    private static final String ALARMS = "/api/dayuan/alarms";

    private static Reply await(Supplier<Reply> request, Predicate<Reply> done, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Reply r = request.get();
            if (done.test(r)) {
                return r;
            }
            assertTrue(what + "; last: " + r, System.nanoTime() < deadline);
            Thread.sleep(200);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode wujinGrade(Reply grades) {
        for (JsonNode g : grades.json().path("items")) {
            if ("cz.wujin".equals(g.path("attributes").path("organisation").asText())) {
                return g.path("attributes");
            }
        }
        throw new AssertionError("no grade of cz.wujin in " + grades);
    }

    @Test
    public void aLowTankRaisesAnAlarmWithCamerasAndAWorkOrderThatPeopleClose() throws Exception {
        Api manager = api.as("wj-manager", Dist.USER_PASSWORD);
        Api viewer = api.as("wj-viewer", Dist.USER_PASSWORD);
        Mqtt.awaitStatus(api, s -> s.path("connected").asBoolean());
        assertTrue(api.get("/api/dayuan/models").raw().body().contains("dayuan:SafetyGrade:1.0.0"));

        JsonNode before = wujinGrade(await(() -> viewer.get("/api/dayuan/safety/grades"), r -> r.status() == 200,
                "today's grade is computed on the first read"));
        try (Mqtt device = new Mqtt("it-tank")) {
            device.publish(TOPIC, "{'level':0.8,'timestamp':'2026-12-06T10:00:00+08:00'}");
        }
        String query = ALARMS + "?type=safety.water-low&organisation=cz.wujin";
        Reply list = await(() -> manager.get(query), r -> r.status() == 200 && r.json().path("items").size() > 0,
                "the low level raises safety.water-low");
        JsonNode alarm = list.json().path("items").get(0);
        String id = alarm.path("thingId").asText();
        JsonNode a = alarm.path("attributes");
        assertEquals(TANK, a.path("parent").asText());
        assertEquals("major", a.path("severity").asText());
        assertTrue(a.path("active").asBoolean());
        JsonNode details = a.path("details");
        assertEquals(0.8, details.path("value").asDouble(), 0);
        assertEquals(1.2, details.path("threshold").asDouble(), 0);
        assertEquals("m", details.path("unit").asText());
        assertFalse(details.path("room").asText().isEmpty());
        assertTrue("cameras of the room or floor: " + details, details.path("cameras").size() > 0);
        for (JsonNode cam : details.path("cameras")) {
            assertEquals("dayuan:Camera:1.0.0", api.get("/api/2/things/" + cam.asText()).json().path("definition")
                    .asText());
        }
        Reply orders = await(() -> api.get("/api/2/search/things?filter=" + enc("eq(attributes/origin,\"" + id
                + "\")")), r -> r.json().path("items").size() > 0, "a work order for the alarm");
        assertEquals(1, orders.json().path("items").size());
        assertEquals("dayuan:WorkOrder:1.0.0", orders.json().path("items").get(0).path("definition").asText());

        Reply low = manager.post("/api/dayuan/safety/grades/recompute", "{}");
        assertEquals(low.toString(), 200, low.status());
        JsonNode whileLow = wujinGrade(low);
        int sensors = whileLow.path("indicators").path("waterSensors").asInt();
        int inRangeLow = whileLow.path("indicators").path("waterInRange").asInt();
        assertTrue(whileLow.toString(), sensors >= 1 && inRangeLow < sensors);
        assertTrue(whileLow.path("subScores").path("water").asDouble() < 100);
        assertError(viewer.post("/api/dayuan/safety/grades/recompute", "{}"), 403, "dayuan:access.forbidden");

        try (Mqtt device = new Mqtt("it-tank")) {
            device.publish(TOPIC, "{'level':2.2,'timestamp':'2026-12-06T10:20:00+08:00'}");
        }
        Reply normal = await(() -> manager.get(ALARMS + "/" + id),
                r -> !r.json().path("attributes").path("active").asBoolean(), "the refilled tank returns to normal");
        assertEquals("unacknowledged", normal.json().path("attributes").path("state").asText());

        assertEquals(200, manager.post(ALARMS + "/" + id + "/acknowledge", "{'comment':'已派人补水'}").status());
        assertEquals(200, manager.post(ALARMS + "/" + id + "/verify", "{'result':'real','comment':'补水阀故障'}")
                .status());
        Reply closed = manager.post(ALARMS + "/" + id + "/close", "{'comment':'已修复'}");
        assertEquals(closed.toString(), 200, closed.status());
        assertEquals("closed", closed.json().path("attributes").path("state").asText());

        JsonNode fixed = wujinGrade(manager.post("/api/dayuan/safety/grades/recompute", "{}"));
        assertEquals(fixed.toString(), inRangeLow + 1, fixed.path("indicators").path("waterInRange").asInt());
        assertTrue(fixed.path("subScores").path("water").asDouble()
                > whileLow.path("subScores").path("water").asDouble());
        assertEquals(before.path("date").asText(), fixed.path("date").asText());
        assertError(viewer.get("/api/dayuan/safety/grades?date=2001-01-01"), 404, "things:resource.notfound");
    }

    @Test
    public void aHazardGoesThroughItsLifecycleUnderItsModel() {
        Api integrator = api.as("wj-integrator", Dist.USER_PASSWORD);
        Api viewer = api.as("wj-viewer", Dist.USER_PASSWORD);
        String base = "/api/dayuan/safety/hazards";
        assertError(viewer.post(base, "{'name':'消防通道堵塞','parent':'cz.wujin:room-a-0305'}"), 403,
                "things:thing.notmodifiable");
        Reply created = integrator.post(base, "{'name':'消防通道堵塞','parent':'cz.wujin:room-a-0305',"
                + "'category':'消防通道'}");
        assertEquals(created.toString(), 201, created.status());
        String id = created.json().path("thingId").asText();
        assertEquals("dayuan:Hazard:1.0.0", created.json().path("definition").asText());
        assertError(integrator.post(base + "/" + id + "/close", "{}"), 409, "safety:hazard.step");
        assertEquals(200, integrator.post(base + "/" + id + "/assign", "{'assignee':'张工',"
                + "'dueAt':'2026-12-31T18:00:00+08:00'}").status());
        assertEquals(200, integrator.post(base + "/" + id + "/rectify", "{'comment':'已清理'}").status());
        assertEquals(200, integrator.post(base + "/" + id + "/recheck", "{'passed':true}").status());
        Reply closed = integrator.post(base + "/" + id + "/close", "{}");
        assertEquals(closed.toString(), 200, closed.status());
        assertEquals("closed", closed.json().path("attributes").path("state").asText());
        assertTrue(viewer.get(base + "?state=closed").raw().body().contains(id));
    }
}
