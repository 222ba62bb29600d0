package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.alarms.AlarmNotice;
import org.dayuan.alarms.AlarmNotifier;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The alarm service over HTTP on the real distribution: a guard raises an alarm by hand on a demo room, the list
 * finds it by its filters, a viewer may read but not act, and a manager takes it through acknowledge, verify and
 * close, the refusals on the way being the lifecycle's own; afterwards the same condition raises a new alarm, whose
 * repeat is counted. Every write passes the model dayuan:Alarm:2.0.0 the bundle ships. Notifiers registered as
 * services get the alarms their properties ask for, and each delivery is recorded on the alarm.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AlarmsIT extends DistributionTest {
    private static final String ALARMS = "/api/dayuan/alarms";
    private static final String ROOM = "cz.wujin:room-a-0305";
    private static final String RAISE = "{'source':'" + ROOM + "','type':'manual.it-patrol','severity':'major',"
            + "'name':'巡查发现门未关','message':'305 室门未关'}";

    private static List<String> ids(Reply list) {
        assertEquals(list.toString(), 200, list.status());
        List<String> out = new ArrayList<>();
        list.json().path("items").forEach(a -> out.add(a.path("thingId").asText()));
        return out;
    }

    private static JsonNode attributes(Reply r) {
        return r.json().path("attributes");
    }

    @Test
    public void aManualAlarmGoesThroughItsLifecycle() {
        Api manager = api.as("wj-manager", Dist.USER_PASSWORD);
        Api viewer = api.as("wj-viewer", Dist.USER_PASSWORD);
        assertTrue(api.get("/api/dayuan/models").raw().body().contains("dayuan:Alarm:2.0.0"));

        Reply raised = manager.post(ALARMS, RAISE);
        assertEquals(raised.toString(), 201, raised.status());
        String id = raised.json().path("thingId").asText();
        assertTrue(id, id.startsWith("cz.wujin:alarm-manual.it-patrol-room-a-0305-"));
        assertEquals("dayuan:Alarm:2.0.0", raised.json().path("definition").asText());
        assertEquals("unacknowledged", attributes(raised).path("state").asText());
        assertEquals(ROOM, attributes(raised).path("parent").asText());
        assertEquals("manual", attributes(raised).path("line").asText());
        assertEquals(ALARMS + "/" + id, raised.raw().headers().firstValue("Location").orElse(""));

        assertTrue(ids(manager.get(ALARMS + "?type=manual.*&state=unacknowledged,acknowledged"
                + "&severity=major,critical&organisation=cz.wujin&limit=200")).contains(id));
        assertTrue(ids(viewer.get(ALARMS + "?type=manual.it-patrol&since=2020-01-01T00:00:00Z")).contains(id));
        assertFalse(ids(manager.get(ALARMS + "?type=manual.*&state=closed")).contains(id));
        assertFalse(ids(manager.get(ALARMS + "?type=manual.*&severity=info")).contains(id));
        assertFalse(ids(manager.get(ALARMS + "?type=safety.*")).contains(id));
        assertError(manager.get(ALARMS + "?state=open"), 400, "things:parameter.invalid");

        assertError(viewer.post(ALARMS + "/" + id + "/acknowledge", "{}"), 403, "things:thing.notmodifiable");
        assertEquals(200, viewer.get(ALARMS + "/" + id).status());

        Reply acknowledged = manager.post(ALARMS + "/" + id + "/acknowledge", "{'comment':'保安已到场'}");
        assertEquals(acknowledged.toString(), 200, acknowledged.status());
        assertEquals("acknowledged", attributes(acknowledged).path("state").asText());
        assertEquals("wj-manager", attributes(acknowledged).path("acknowledgedBy").asText());

        assertError(manager.post(ALARMS + "/" + id + "/verify", "{'comment':'看过了'}"), 400, "alarms:step.invalid");
        Reply early = manager.post(ALARMS + "/" + id + "/close", "{}");
        assertError(early, 409, "alarms:step.illegal");
        assertTrue(early.toString(), early.json().path("message").asText().contains("acknowledged"));
        assertError(manager.post(ALARMS + "/" + id + "/explode", "{}"), 404, "things:resource.notfound");
        assertError(manager.post(ALARMS + "/" + ROOM + "/acknowledge", "{}"), 404, "things:thing.notfound");
        assertError(manager.post(ALARMS + "/" + id + "/acknowledge", "{'comment':"), 400, "json.invalid");

        Reply verified = manager.post(ALARMS + "/" + id + "/verify", "{'result':'false','comment':'风吹开的'}");
        assertEquals(verified.toString(), 200, verified.status());
        assertEquals("false", attributes(verified).path("result").asText());
        Reply closed = manager.post(ALARMS + "/" + id + "/close", "{'comment':'已关门'}");
        assertEquals(closed.toString(), 200, closed.status());
        assertEquals("closed", attributes(closed).path("state").asText());
        JsonNode log = attributes(closed).path("log");
        assertEquals(log.toString(), 4, log.size());
        assertEquals("close", log.get(3).path("action").asText());
        assertEquals("wj-manager", log.get(3).path("by").asText());

        Reply again = manager.post(ALARMS, RAISE);
        assertEquals(again.toString(), 201, again.status());
        String next = again.json().path("thingId").asText();
        assertNotEquals(id, next);
        Reply repeat = manager.post(ALARMS, RAISE);
        assertEquals(repeat.toString(), 200, repeat.status());
        assertEquals(next, repeat.json().path("thingId").asText());
        assertEquals(2, attributes(repeat).path("count").asInt());
        assertEquals(2, attributes(repeat).path("seen").size());
        assertEquals("closed", attributes(manager.get(ALARMS + "/" + id)).path("state").asText());
    }

    @Inject
    private BundleContext context;

    private static Dictionary<String, Object> properties(String... pairs) {
        Dictionary<String, Object> out = new Hashtable<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    /** The alarm once it records {@code n} deliveries; they are made off the raising thread. */
    private JsonNode deliveries(String id, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode d = attributes(api.get(ALARMS + "/" + id)).path("deliveries");
            if (d.size() >= n || System.nanoTime() > deadline) {
                return d;
            }
            Thread.sleep(100);
        }
    }

    @Test
    public void notifiersGetWhatTheyAskForAndEveryDeliveryIsRecorded() throws Exception {
        List<AlarmNotice> screen = new CopyOnWriteArrayList<>();
        AlarmNotifier failing = notice -> {
            throw new IllegalStateException("SMS gateway unreachable");
        };
        List<ServiceRegistration<AlarmNotifier>> registered = List.of(
                context.registerService(AlarmNotifier.class, screen::add, properties(AlarmNotifier.NAME,
                        "it-screen", AlarmNotifier.MIN_SEVERITY, "major", AlarmNotifier.NAMESPACES, "cz.wujin")),
                context.registerService(AlarmNotifier.class, failing, properties(AlarmNotifier.NAME, "it-sms")));
        try {
            Reply critical = api.post(ALARMS, "{'source':'" + ROOM + "','type':'manual.it-notify','severity':"
                    + "'critical','name':'消防通道堵塞'}");
            assertEquals(critical.toString(), 201, critical.status());
            String id = critical.json().path("thingId").asText();
            JsonNode d = deliveries(id, 2);
            assertEquals(d.toString(), 2, d.size());
            for (JsonNode one : d) {
                boolean sms = one.path("notifier").asText().equals("it-sms");
                assertEquals(one.toString(), "raised", one.path("event").asText());
                assertEquals(one.toString(), !sms, one.path("ok").asBoolean());
                assertEquals(one.toString(), sms ? "SMS gateway unreachable" : "", one.path("error").asText());
            }
            assertEquals(1, screen.size());
            assertEquals(id, screen.get(0).alarm().id().toString());

            Reply info = api.post(ALARMS, "{'source':'" + ROOM + "','type':'manual.it-notify-info','severity':"
                    + "'info','name':'灯未关'}");
            assertEquals(info.toString(), 201, info.status());
            d = deliveries(info.json().path("thingId").asText(), 1);
            assertEquals(d.toString(), 1, d.size());
            assertEquals("below it-screen's minimum severity", "it-sms", d.get(0).path("notifier").asText());
            assertEquals(1, screen.size());
        } finally {
            registered.forEach(ServiceRegistration::unregister);
        }
    }
}
