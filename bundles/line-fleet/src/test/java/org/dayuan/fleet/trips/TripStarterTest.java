package org.dayuan.fleet.trips;

import static org.dayuan.fleet.trips.Trips.CAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.fleet.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A dispatched order starts by itself on the first report that shows its car moving in its window, and its return
 * records what the trip was from the car's reports. Terminal times lie in the last hours: the history keeps when each
 * report was stored, and the track is read around the terminal times.
 */
class TripStarterTest {
    /** The order's planned start, two hours ago on the minute. */
    private final Instant nine = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
    private final Trips t = new Trips(Instant.now(), Map.of("graceMinutes", 15, "start_movedMeters", 200));
    private final String id;

    TripStarterTest() {
        OffsetDateTime start = nine.atOffset(Fixture.CHINA);
        id = t.requested(start, start.plusHours(3));
        t.steps(id, "approve", "dispatch");
    }

    @AfterEach
    void close() {
        t.close();
    }

    private JsonNode attributes() {
        return t.f.get(id).toJson().path("attributes");
    }

    @Test
    void theFirstMovingReportInTheWindowStartsTheTrip() {
        t.f.report(CAR, nine.minus(Duration.ofMinutes(20)), 31.78, 119.95, 40, true, 1000); // before the grace
        t.runWork();
        assertEquals("dispatched", attributes().path("state").asText());
        t.f.report(CAR, nine.minus(Duration.ofMinutes(10)), 31.78, 119.95, 0, false, 1000); // parked in the grace
        t.f.report(CAR, nine.minus(Duration.ofMinutes(5)), 31.78, 119.95, 4, true, 1000); // idling, not moving
        t.runWork();
        assertEquals("dispatched", attributes().path("state").asText());

        Instant leaves = nine.minus(Duration.ofMinutes(2));
        t.f.report(CAR, leaves, 31.781, 119.951, 25, true, 1000.2);
        t.f.report(CAR, leaves.plusSeconds(30), 31.785, 119.955, 40, true, 1000.6); // already under way
        t.runWork();
        JsonNode a = attributes();
        assertEquals("onTrip", a.path("state").asText());
        assertEquals(leaves, Instant.parse(a.path("actual").path("start").asText()));
        JsonNode last = a.path("log").get(a.path("log").size() - 1);
        assertEquals("start", last.path("action").asText());
        assertEquals("line-fleet", last.path("by").asText(), "started by the line itself");
        assertEquals(4, a.path("log").size(), "started once");
    }

    @Test
    void aCarWithAccOnThatMovedFarEnoughStartsTheTripWhateverItsSpeed() {
        t.f.report(CAR, nine.plusSeconds(60), 31.7800, 119.95, 0, true, 1000);
        t.f.report(CAR, nine.plusSeconds(120), 31.7810, 119.95, 0, true, 1000); // 111 m: not yet
        t.runWork();
        assertEquals("dispatched", attributes().path("state").asText());
        t.f.report(CAR, nine.plusSeconds(180), 31.7800, 119.95, 0, false, 1000); // ACC off: measure afresh
        t.f.report(CAR, nine.plusSeconds(240), 31.7820, 119.95, 0, true, 1000);
        t.runWork();
        assertEquals("dispatched", attributes().path("state").asText(), "ACC off forgot the first anchor");
        t.f.report(CAR, nine.plusSeconds(300), 31.7840, 119.95, 3, true, 1000.3); // 222 m from the new anchor
        t.runWork();
        assertEquals("onTrip", attributes().path("state").asText());
        assertEquals(nine.plusSeconds(300), Instant.parse(attributes().path("actual").path("start").asText()));
    }

    @Test
    void aReturnRecordsKmByOdometerMinutesAndTheTrack() {
        t.f.report(CAR, nine.plusSeconds(60), 31.780, 119.950, 30, true, 1000.0);
        t.runWork();
        for (int i = 2; i <= 30; i++) {
            t.f.report(CAR, nine.plusSeconds(60L * i), 31.780 + i * 0.002, 119.950 + (i % 2) * 0.001, 35, true,
                    1000.0 + i * 0.5);
        }
        t.runWork();
        t.f.clock.set(nine.plusSeconds(60L * 31));
        t.steps(id, "return");
        JsonNode actual = attributes().path("actual");
        assertEquals("returned", attributes().path("state").asText());
        assertEquals(nine.plusSeconds(60), Instant.parse(actual.path("start").asText()));
        assertEquals(nine.plusSeconds(60L * 31), Instant.parse(actual.path("end").asText()));
        assertEquals(30.0, actual.path("minutes").asDouble(), 0.001);
        assertEquals(15.0, actual.path("km").asDouble(), 0.001, "by the odometer: 1015.0 - 1000.0");
        JsonNode track = actual.path("track");
        assertEquals("LineString", track.path("geometry").path("type").asText());
        assertEquals(30, track.path("geometry").path("coordinates").size());
        assertEquals(119.950, track.path("geometry").path("coordinates").get(0).get(0).asDouble(), 1e-9);
        t.steps(id, "close");
    }

    @Test
    void theReturnedTrackIsCutToTheConfiguredPointsAndKmFallBackToTheTrack() {
        Trips small = new Trips(Instant.now(), Map.of("return_trackPoints", 5));
        try {
            OffsetDateTime start = nine.atOffset(Fixture.CHINA);
            String order = small.requested(start, start.plusHours(3));
            small.steps(order, "approve", "dispatch", "start");
            for (int i = 0; i < 40; i++) {
                com.fasterxml.jackson.databind.node.ObjectNode p = Fixture.JSON.createObjectNode();
                p.put("lat", 31.78 + i * 0.001).put("lon", 119.95 + Math.sin(i) * 0.001).put("speed", 30)
                        .put("timestamp", small.f.clock.instant().plusSeconds(10L * i + 1).atOffset(Fixture.CHINA)
                                .toString());
                small.f.twins.registry().merge(Fixture.ADMIN, org.dayuan.twin.TwinId.of(CAR),
                        org.dayuan.twin.JsonPointer.parse("/features/location/properties"), p,
                        org.dayuan.twin.WriteCondition.NONE);
            }
            small.f.clock.advance(Duration.ofMinutes(10));
            small.steps(order, "return");
            JsonNode actual = small.f.get(order).toJson().path("attributes").path("actual");
            assertEquals(5, actual.path("track").path("geometry").path("coordinates").size());
            assertEquals(40, actual.path("track").path("properties").path("points").asInt());
            double km = actual.path("km").asDouble();
            double alongTrack = actual.path("track").path("properties").path("km").asDouble();
            assertEquals(Math.round(alongTrack * 10) / 10.0, km, 1e-9, "without an odometer, km along the track");
            assertTrue(km > 4.3, "at least the straight 39 x 111 m: " + km);
        } finally {
            small.close();
        }
    }
}
