package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A trip order (派车单) end to end on the real distribution: an integrator requests a car, a manager approves and
 * dispatches demo vehicle 01, the car's terminal reports (written over HTTP as the gateway would write them) start
 * the trip by themselves, the return records km by odometer and the track, and the track API draws the reports.
 * Viewers read but may not act; a step the state does not allow is refused.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FleetTripsIT extends DistributionTest {
    private static final String TRIPS = "/api/dayuan/fleet/trips";
    private static final String CAR = "cz.wujin:vehicle-01";
    private static final String LOCATION = "/api/2/things/" + CAR + "/features/location/properties";
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    @Test
    public void anOrderIsStartedByItsCarsReportsAndReturnedWithItsTrack() throws Exception {
        Api manager = api.as("wj-manager", Dist.USER_PASSWORD);
        Api integrator = api.as("wj-integrator", Dist.USER_PASSWORD);
        Api viewer = api.as("wj-viewer", Dist.USER_PASSWORD);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime start = now.minus(Duration.ofMinutes(5)).atOffset(CHINA);
        String request = "{'organisation':'cz.wujin:org-jgswj','purpose':'赴湖塘镇检查','destination':{'name':'湖塘镇政府',"
                + "'lat':31.70,'lon':119.96},'plannedStart':'" + start + "','plannedEnd':'" + start.plusHours(2)
                + "','passengers':2}";

        assertError(viewer.post(TRIPS, request), 403, "dayuan:access.forbidden");
        assertError(integrator.post(TRIPS, request.replace("'purpose':'赴湖塘镇检查',", "")), 400,
                "fleet:trip.invalid");
        Reply created = integrator.post(TRIPS, request);
        assertEquals(created.toString(), 201, created.status());
        String id = created.json().path("thingId").asText();
        assertTrue(id, id.startsWith("cz.wujin:trip-"));
        assertEquals("requested", created.json().path("attributes").path("state").asText());
        String order = TRIPS + "/" + id;

        assertError(integrator.post(order + "/approve", "{}"), 403, "dayuan:access.forbidden");
        assertEquals(200, manager.post(order + "/approve", "{'comment':'同意'}").status());
        assertError(manager.post(order + "/approve", "{}"), 409, "fleet:trip.illegalstep");
        assertError(viewer.post(order + "/cancel", "{}"), 403, "dayuan:access.forbidden");
        Reply dispatched = manager.post(order + "/dispatch", "{'vehicle':'" + CAR + "','driver':'张师傅'}");
        assertEquals(dispatched.toString(), 200, dispatched.status());
        assertEquals("dispatched", dispatched.json().path("attributes").path("state").asText());

        // the terminal's reports, measured in the last three minutes: parked, then driving north
        double odometer = api.get(LOCATION).json().path("odometer").asDouble(10_000);
        Instant first = now.minus(Duration.ofMinutes(3));
        for (int i = 0; i < 10; i++) {
            String report = String.format(Locale.ROOT, "{'lat':%.5f,'lon':119.95,'speed':%d,'acc':%b,'odometer':%.2f,"
                            + "'online':true,'timestamp':'%s'}", 31.78 + i * 0.002, i == 0 ? 0 : 30, i > 0,
                    odometer + i * 0.25, first.plusSeconds(15L * i).atOffset(CHINA));
            Reply written = integrator.patch(LOCATION, report);
            assertEquals(written.toString(), 204, written.status());
        }
        JsonNode onTrip = await(viewer, order, "onTrip");
        assertEquals(first.plusSeconds(15), Instant.parse(onTrip.path("actual").path("start").asText()));
        JsonNode log = onTrip.path("log");
        assertEquals("line-fleet", log.get(log.size() - 1).path("by").asText());

        String from = URLEncoder.encode(now.minus(Duration.ofMinutes(4)).atOffset(CHINA).toString(),
                StandardCharsets.UTF_8);
        Reply track = viewer.get("/api/dayuan/fleet/vehicles/" + CAR + "/track?from=" + from);
        assertEquals(track.toString(), 200, track.status());
        assertTrue(track.toString(), track.header("Content-Type").startsWith("application/geo+json"));
        JsonNode coordinates = track.json().path("geometry").path("coordinates");
        assertEquals(track.toString(), 10, coordinates.size());
        assertEquals(31.798, coordinates.get(9).get(1).asDouble(), 1e-6);
        assertError(viewer.get("/api/dayuan/fleet/vehicles/" + CAR + "/track?maxPoints=1"), 400,
                "things:parameter.invalid");
        assertError(viewer.get("/api/dayuan/fleet/vehicles/cz.wujin:vehicle-99/track"), 404,
                "things:thing.notfound");

        Reply returned = integrator.post(order + "/return", "{'comment':'已还车'}");
        assertEquals(returned.toString(), 200, returned.status());
        JsonNode actual = returned.json().path("attributes").path("actual");
        assertEquals(actual.toString(), 2.0, actual.path("km").asDouble(), 0.051);
        assertTrue(actual.toString(), actual.path("minutes").asDouble() > 2.5);
        assertEquals("LineString", actual.path("track").path("geometry").path("type").asText());
        assertEquals(actual.toString(), 9, actual.path("track").path("geometry").path("coordinates").size());

        assertError(manager.post(order + "/dispatch", "{'vehicle':'" + CAR + "','driver':'张师傅'}"), 409,
                "fleet:trip.illegalstep");
        assertEquals(200, manager.post(order + "/close", "{}").status());
        Reply listed = viewer.get(TRIPS + "?state=closed&vehicle=" + CAR);
        assertEquals(listed.toString(), 200, listed.status());
        assertTrue(listed.toString(), listed.raw().body().contains(id));
    }

    private static JsonNode await(Api api, String order, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode attributes = null;
        while (System.nanoTime() < deadline) {
            attributes = api.get(order).json().path("attributes");
            if (state.equals(attributes.path("state").asText())) {
                return attributes;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The order did not become " + state + ": " + attributes);
    }
}
