package org.dayuan.fleet.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.fleet.Fixture;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.Test;

class TracksTest {
    private static final TwinId CAR = TwinId.of("cz.wujin:vehicle-01");
    private final Fixture f = new Fixture(Instant.now());
    private final Tracks tracks = new Tracks(f.history, Duration.ofMinutes(1), Duration.ofHours(24));

    @Test
    void pointsComeInTheTerminalsTimeOrderWithLateReportsInTheirPlace() {
        f.vehicle(CAR.toString(), "cz.wujin:org-jgswj", "013951200001");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        f.report(CAR.toString(), t0, 31.70, 119.95, 0, true, 1000.0);
        f.report(CAR.toString(), t0.plusSeconds(120), 31.72, 119.95, 40, true, 1002.3);
        // a blind-area point measured at +60 s arrives after the +120 s one: it goes under backfill
        ObjectNode late = Fixture.JSON.createObjectNode();
        late.putObject("backfill").putArray("points").addObject().put("lat", 31.71).put("lon", 119.95).put("speed", 35).put("acc", true)
                .put("odometer", 1001.2).put("timestamp", t0.plusSeconds(60).atOffset(Fixture.CHINA).toString());
        f.twins.registry().merge(Fixture.ADMIN, CAR, Tracks.LOCATION, late, WriteCondition.NONE);

        Track track = tracks.read(Fixture.ADMIN, CAR, t0, t0.plusSeconds(600));

        assertEquals(List.of(31.70, 31.71, 31.72), track.points().stream().map(TrackPoint::lat).toList());
        assertEquals(2.3, track.odometerKm().getAsDouble(), 1e-9);
        assertEquals(2.22, track.km(), 0.01); // 0.02° of latitude
        // measured before from, or at to: not in the range
        assertEquals(1, tracks.read(Fixture.ADMIN, CAR, t0.plusSeconds(1), t0.plusSeconds(61)).points().size());
    }

    @Test
    void anUnknownVehicleIsNotFound() {
        assertThrows(DayuanException.class, () -> tracks.read(Fixture.ADMIN, TwinId.of("cz.wujin:nope"),
                Instant.now().minusSeconds(60), Instant.now()));
    }

    @Test
    void theGeoJsonLineKeepsTheShapeWithinItsPointBudget() {
        f.vehicle(CAR.toString(), "cz.wujin:org-jgswj", "013951200001");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        // north along a straight road for 100 reports, then a right-angle turn east for 100
        for (int i = 0; i < 200; i++) {
            double lat = 31.70 + Math.min(i, 100) * 0.0005;
            double lon = 119.95 + Math.max(0, i - 100) * 0.0005;
            f.report(CAR.toString(), t0.plusSeconds(10L * i), lat, lon, 50, true, 1000 + i * 0.1);
        }
        Track track = tracks.read(Fixture.ADMIN, CAR, t0, t0.plusSeconds(3600));
        assertEquals(200, track.points().size());

        JsonNode geo = track.toGeoJson(10);
        assertEquals("LineString", geo.at("/geometry/type").asText());
        JsonNode line = geo.at("/geometry/coordinates");
        assertTrue(line.size() <= 10 && line.size() >= 3, geo.toString());
        // the corner survives: a point at the turn, and the first and last points
        assertEquals(119.95, line.get(0).get(0).asDouble(), 1e-9);
        assertEquals(31.75, line.get(line.size() - 1).get(1).asDouble(), 1e-9);
        boolean corner = false;
        for (JsonNode p : line) {
            corner |= Math.abs(p.get(1).asDouble() - 31.75) < 1e-9 && Math.abs(p.get(0).asDouble() - 119.95) < 1e-9;
        }
        assertTrue(corner, line.toString());
        assertEquals(line.size(), geo.at("/properties/coordTimes").size());
        assertEquals(200, geo.at("/properties/points").asInt());
        assertEquals(19.9, geo.at("/properties/odometerKm").asDouble(), 1e-9);
    }

    @Test
    void anEmptyRangeIsAnEmptyLine() {
        f.vehicle(CAR.toString(), "cz.wujin:org-jgswj", "013951200001");
        Track track = tracks.read(Fixture.ADMIN, CAR, Instant.now().minusSeconds(60), Instant.now());
        assertTrue(track.isEmpty());
        assertEquals(0, track.toGeoJson(100).at("/geometry/coordinates").size());
        assertTrue(track.odometerKm().isEmpty());
        assertEquals(JsonPointer.parse("/features/location/properties"), Tracks.LOCATION);
    }
}
