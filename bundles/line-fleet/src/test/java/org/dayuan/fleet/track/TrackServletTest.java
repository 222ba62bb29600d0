package org.dayuan.fleet.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.fleet.Fixture;
import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;
import org.junit.jupiter.api.Test;

class TrackServletTest {
    private static final String BASE = "/api/dayuan/fleet/vehicles";
    private static final String CAR = "cz.wujin:vehicle-01";
    private static final Caller VIEWER = Caller.fromGrants("wj-viewer", List.of("viewer", "ns:cz.wujin"), "test");
    private static final Caller OTHER = Caller.fromGrants("lq-viewer", List.of("viewer", "ns:cz.liqiao"), "test");

    private final Fixture f = new Fixture(Instant.now());
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    private final TrackServlet servlet = new TrackServlet(new Tracks(f.history, Duration.ofMinutes(5),
            Duration.ofHours(6)), f.clock, Duration.ofDays(7), 500, 5000);

    TrackServletTest() {
        f.vehicle(CAR, "cz.wujin:org-jgswj", "013951200001");
        for (int i = 0; i < 20; i++) {
            f.report(CAR, t0.plusSeconds(30L * i), 31.78 + i * 0.001, 119.95 + (i % 3) * 0.0005, 30, true,
                    1000 + i * 0.1);
        }
    }

    private FakeHttp get(Caller caller, String path, String... parameters) throws Exception {
        FakeHttp http = new FakeHttp("GET", BASE + path).caller(caller).mountedAt(BASE);
        for (int i = 0; i < parameters.length; i += 2) {
            http.parameter(parameters[i], parameters[i + 1]);
        }
        return http.send(servlet);
    }

    private static void assertInvalid(FakeHttp answer, String inMessage) throws Exception {
        assertEquals(400, answer.status, answer.body());
        assertEquals("things:parameter.invalid", answer.json().path("error").asText());
        assertTrue(answer.json().path("message").asText().contains(inMessage), answer.body());
    }

    @Test
    void theLastDayIsTheDefaultAndTheTrackIsGeoJson() throws Exception {
        FakeHttp answer = get(VIEWER, "/" + CAR + "/track");
        assertEquals(200, answer.status, answer.body());
        assertEquals(TrackServlet.GEO_JSON, answer.contentType);
        JsonNode feature = answer.json();
        assertEquals("Feature", feature.path("type").asText());
        assertEquals(20, feature.path("geometry").path("coordinates").size());
        assertEquals(20, feature.path("properties").path("points").asInt());
        assertEquals(1.9, feature.path("properties").path("odometerKm").asDouble(), 1e-9);
        assertEquals(f.clock.instant(), Instant.parse(feature.path("properties").path("to").asText()));
        assertEquals(f.clock.instant().minus(Duration.ofHours(24)),
                Instant.parse(feature.path("properties").path("from").asText()));
    }

    @Test
    void fromToAndMaxPointsChooseWhatIsDrawn() throws Exception {
        String from = t0.plusSeconds(60).atOffset(Fixture.CHINA).toString();
        String to = t0.plusSeconds(300).atOffset(Fixture.CHINA).toString();
        JsonNode some = get(VIEWER, "/" + CAR + "/track", "from", from, "to", to).json();
        assertEquals(8, some.path("geometry").path("coordinates").size(), "minutes 1 to 5, the end left out");
        JsonNode spaced = get(VIEWER, "/" + CAR + "/track", "from", from.replace('+', ' '), "to", to).json();
        assertEquals(8, spaced.path("geometry").path("coordinates").size(), "a '+' sent unencoded is a space");
        JsonNode few = get(VIEWER, "/" + CAR + "/track", "maxPoints", "3").json();
        assertEquals(3, few.path("geometry").path("coordinates").size());
        assertEquals(20, few.path("properties").path("points").asInt());
    }

    @Test
    void badParametersAre400AndChangeNothing() throws Exception {
        String at = t0.atOffset(Fixture.CHINA).toString();
        assertInvalid(get(VIEWER, "/" + CAR + "/track", "from", "yesterday"), "from");
        assertInvalid(get(VIEWER, "/" + CAR + "/track", "to", "2026-12-07T09:00:00"), "to");
        assertInvalid(get(VIEWER, "/" + CAR + "/track", "from", at, "to", at), "before");
        assertInvalid(get(VIEWER, "/" + CAR + "/track", "from", t0.minus(Duration.ofDays(8)).toString()), "7 days");
        for (String n : List.of("1", "5001", "many", "-3")) {
            assertInvalid(get(VIEWER, "/" + CAR + "/track", "maxPoints", n), "maxPoints");
        }
    }

    @Test
    void aHiddenOrUnknownVehicleIsNotFound() throws Exception {
        assertEquals(404, get(OTHER, "/" + CAR + "/track").status);
        assertEquals("things:thing.notfound", get(OTHER, "/" + CAR + "/track").json().path("error").asText());
        assertEquals(404, get(VIEWER, "/cz.wujin:vehicle-77/track").status);
        assertEquals("things:resource.notfound", get(VIEWER, "/" + CAR).json().path("error").asText());
        assertEquals(400, get(VIEWER, "/no id/track").status);
    }
}
