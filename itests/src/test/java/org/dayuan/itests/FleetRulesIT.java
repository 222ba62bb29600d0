package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The fleet line's misuse rules on the real distribution: location reports written over HTTP as a gateway writes
 * them, judged as of their terminal time. A demo car driven on a past Saturday night without an order raises
 * fleet.no-order and fleet.off-hours with its track; a car on a dispatched order, driving inside the order's window
 * and corridor, raises nothing until it leaves the corridor (fleet.route, naming the order).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FleetRulesIT extends DistributionTest {
    private static final String ALARMS = "/api/dayuan/alarms";
    private static final String NIGHT_CAR = "cz.wujin:vehicle-01";
    private static final String ORDER_CAR = "cz.wujin:vehicle-02";
    private static final String ORDER = "cz.wujin:it-trip-1";
    /** Near the demo campus's anchor, inside the county. */
    private static final double LAT = 31.70;
    private static final double LON = 119.94;
    private static final double METRES_PER_DEGREE = 111_195;

    private void report(String car, String at, double northMetres, double speed, boolean acc) {
        String body = String.format(Locale.ROOT, "{'lat':%.7f,'lon':%.7f,'speed':%.1f,'heading':0,'acc':%b,"
                + "'odometer':%.3f,'online':true,'timestamp':'%s'}", LAT + northMetres / METRES_PER_DEGREE, LON,
                speed, acc, 20_000 + northMetres / 1000, at);
        Reply r = api.patch("/api/2/things/" + car + "/features/location/properties", body);
        assertTrue(r.toString(), r.status() == 204 || r.status() == 200);
    }

    /** A parked report, then one every 30 s driving north at 40 km/h (333 m apart) from {@code start} (+08:00). */
    private void drive(String car, String start, int reports) {
        OffsetDateTime t = OffsetDateTime.parse(start);
        report(car, t.minusMinutes(1).toString(), 0, 0, false);
        for (int i = 0; i < reports; i++) {
            report(car, t.plusSeconds(30L * i).toString(), 333.0 * i, 40, true);
        }
    }

    private List<JsonNode> fleetAlarms(String car) {
        Reply r = api.get(ALARMS + "?type=fleet.*&limit=200");
        assertEquals(r.toString(), 200, r.status());
        List<JsonNode> out = new ArrayList<>();
        r.json().path("items").forEach(a -> {
            if (car.equals(a.path("attributes").path("source").asText())) {
                out.add(a.path("attributes"));
            }
        });
        return out;
    }

    private JsonNode awaitAlarm(String car, String type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            for (JsonNode a : fleetAlarms(car)) {
                if (type.equals(a.path("type").asText())) {
                    return a;
                }
            }
            assertTrue(type + " on " + car + "; alarms: " + fleetAlarms(car), System.nanoTime() < deadline);
            Thread.sleep(250);
        }
    }

    private static void assertTrack(JsonNode alarm, int atLeast) {
        JsonNode track = alarm.path("details").path("track");
        assertEquals(alarm.toString(), "LineString", track.path("geometry").path("type").asText());
        assertTrue(track.toString(), track.path("geometry").path("coordinates").size() >= atLeast);
        assertEquals(LON, track.path("geometry").path("coordinates").get(0).get(0).asDouble(), 1e-6);
    }

    @Test
    public void aSaturdayNightDriveWithoutAnOrderIsCaughtAndADispatchedTripIsNot() throws Exception {
        Reply created = api.put("/api/2/things/" + ORDER, "{'definition':'dayuan:TripOrder:1.0.0','attributes':{"
                + "'name':'派车单 IT','parent':'cz.wujin:org-jgswj','organisation':'cz.wujin:org-jgswj',"
                + "'requester':'wj-manager','purpose':'现场检查','vehicle':'" + ORDER_CAR + "','state':'dispatched',"
                + "'plannedStart':'2026-12-02T09:30:00+08:00','plannedEnd':'2026-12-02T12:00:00+08:00',"
                + "'corridorMeters':1000,'origin':{'name':'行政中心','lat':" + LAT + ",'lon':" + LON + "},"
                + "'destination':{'name':'湖塘镇','lat':" + (LAT + 5000 / METRES_PER_DEGREE) + ",'lon':" + LON
                + "}}}");
        assertEquals(created.toString(), 201, created.status());
        // a Wednesday morning on the order, inside its corridor
        drive(ORDER_CAR, "2026-12-02T10:00:00+08:00", 6);
        // a Saturday night, no order: the line judges events in order, so once these alarms are up the trip above
        // has been judged too
        drive(NIGHT_CAR, "2026-11-28T22:30:00+08:00", 6);

        JsonNode noOrder = awaitAlarm(NIGHT_CAR, "fleet.no-order");
        JsonNode offHours = awaitAlarm(NIGHT_CAR, "fleet.off-hours");
        for (JsonNode a : List.of(noOrder, offHours)) {
            assertTrue(a.toString(), a.path("active").asBoolean());
            assertEquals("major", a.path("severity").asText());
            assertEquals("fleet", a.path("line").asText());
            assertTrack(a, 3);
        }
        assertTrue(offHours.toString(), offHours.path("details").path("localTime").asText().startsWith("2026-11-28T22:3"));
        assertTrue(offHours.path("details").path("reason").asText().contains("rest day"));
        assertEquals(40, noOrder.path("details").path("speedKmh").asDouble(), 0);
        assertEquals("[]", fleetAlarms(ORDER_CAR).toString());

        // parked with the ignition off: both conditions go, the alarms stay open for people
        report(NIGHT_CAR, "2026-11-28T22:40:00+08:00", 2000, 0, false);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (fleetAlarms(NIGHT_CAR).stream().anyMatch(a -> a.path("active").asBoolean())) {
            assertTrue("back to normal: " + fleetAlarms(NIGHT_CAR), System.nanoTime() < deadline);
            Thread.sleep(250);
        }
        assertEquals(2, fleetAlarms(NIGHT_CAR).size());

        // the car on the order leaves its corridor: 3 km off the way
        report(ORDER_CAR, "2026-12-02T10:05:00+08:00", 8000, 40, true);
        JsonNode route = awaitAlarm(ORDER_CAR, "fleet.route");
        assertEquals(ORDER, route.path("details").path("order").asText());
        assertEquals(3000, route.path("details").path("distanceMeters").asDouble(), 10);
        assertEquals(1, fleetAlarms(ORDER_CAR).size());
    }
}
