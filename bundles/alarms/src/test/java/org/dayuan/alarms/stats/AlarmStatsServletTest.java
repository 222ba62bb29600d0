package org.dayuan.alarms.stats;

import static org.dayuan.alarms.stats.AlarmFiguresTest.T0;
import static org.dayuan.alarms.stats.AlarmFiguresTest.alarm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.MutableClock;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** The stats servlet over a registry in memory, searched through the alarm bundle's own view. */
class AlarmStatsServletTest {
    private static final String URI = "/api/dayuan/alarms/stats";
    private static final Caller WUJIN_VIEWER = new Caller("li", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"),
            "test");

    private final InMemoryTwins twins = new InMemoryTwins();
    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(12)));
    private final AlarmStatsServlet servlet;

    AlarmStatsServletTest() {
        InMemoryTwins.Views bundle = twins.of("org.dayuan.alarms",
                InMemoryTwins.grants("bundle.org.dayuan.alarms", "integrator, ns:*"));
        servlet = new AlarmStatsServlet(bundle.search(), clock);
        for (String source : List.of("cz.wujin:meter-1", "cz.hutang:panel-1")) {
            twins.registry.create(FakeHttp.ADMIN, TwinId.of(source), JsonNodeFactory.instance.objectNode()
                    .put("definition", "dayuan:EnergyMeter:1.0.0"));
        }
        // more than one search page (200) of alarms in cz.wujin, each raised once an hour before noon
        for (int i = 0; i < 205; i++) {
            put(alarm("cz.wujin:alarm-" + i, "cz.wujin:meter-1", "energy.spike").seen(3600 + i).twin());
        }
        put(alarm("cz.hutang:alarm-1", "cz.hutang:panel-1", "safety.fault").seen(50_000, 50_010, 50_020).twin());
        // not an alarm: left out even though it looks like one
        twins.registry.create(FakeHttp.ADMIN, TwinId.of("cz.wujin:not-an-alarm"),
                alarm("cz.wujin:x", "cz.wujin:meter-1", "energy.spike").seen(3600).twin().toJson()
                        .put("definition", "dayuan:Other:1.0.0").put("thingId", "cz.wujin:not-an-alarm"));
    }

    private void put(Twin alarm) {
        twins.registry.create(FakeHttp.ADMIN, alarm.id(), alarm.toJson());
    }

    private FakeHttp get(Caller caller, String... parameters) throws Exception {
        FakeHttp http = new FakeHttp(URI).mountedAt(URI).caller(caller);
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            http.parameter(parameters[i], parameters[i + 1]);
        }
        return http.send(servlet);
    }

    @Test
    void theLastDayByDefaultForTheCountyAndEachOrganisation() throws Exception {
        FakeHttp http = get(FakeHttp.ADMIN);
        assertEquals(200, http.status, http.body());
        JsonNode body = http.json();
        assertEquals(T0.minus(Duration.ofHours(12)).toString(), body.path("from").asText());
        assertEquals(T0.plus(Duration.ofHours(12)).toString(), body.path("to").asText());
        assertEquals(205, body.path("organisations").path("cz.wujin").path("annunciations").asInt(),
                "every page read");
        assertEquals(0, body.path("organisations").path("cz.hutang").path("annunciations").asInt(),
                "raised after noon");
        assertEquals(206, body.path("county").path("alarms").asInt());
        assertEquals("cz.wujin:meter-1", body.path("county").path("topSources").get(0).path("source").asText());
        assertEquals(1, body.path("county").path("floods").path("count").asInt());
    }

    @Test
    void datesAreDaysInChinaAndInstantsAreTakenAsGiven() throws Exception {
        JsonNode body = get(FakeHttp.ADMIN, "from", "2026-12-01", "to", "2026-12-02").json();
        assertEquals("2026-11-30T16:00:00Z", body.path("from").asText());
        assertEquals("2026-12-01T16:00:00Z", body.path("to").asText());
        assertEquals(208, body.path("county").path("annunciations").asInt());
        body = get(FakeHttp.ADMIN, "from", "2026-12-01T13:00:00Z", "to", "2026-12-01T14:00:00+00:00").json();
        assertEquals(List.of("cz.hutang:panel-1"), AlarmFiguresTest.texts(body.path("county").path("chattering"),
                "source"));
        body = get(FakeHttp.ADMIN, "from", "2026-12-01", "to", "2026-12-02", "zone", "UTC").json();
        assertEquals(T0.toString(), body.path("from").asText());
    }

    @Test
    void aCallerGetsTheFiguresOfWhatItSees() throws Exception {
        JsonNode body = get(WUJIN_VIEWER, "from", "2026-12-01").json();
        assertEquals(List.of("cz.wujin"), names(body.path("organisations")));
        assertEquals(205, body.path("county").path("alarms").asInt());
    }

    @Test
    void badRangesAreRefusedWithTheParameterNamed() throws Exception {
        for (String[] bad : List.of(
                new String[] {"from", "yesterday"},
                new String[] {"to", "2026-13-01"},
                new String[] {"from", "2026-12-01T00:00:00"},
                new String[] {"from", "0001-01-01"},
                new String[] {"from", "2026-12-02", "to", "2026-12-01"},
                new String[] {"from", "2026-12-01", "to", "2026-12-01"},
                new String[] {"from", "2025-01-01", "to", "2026-02-06"},
                new String[] {"zone", "Mars/Olympus"})) {
            FakeHttp http = get(FakeHttp.ADMIN, bad);
            assertEquals(400, http.status, String.join("=", bad) + ": " + http.body());
            assertEquals("things:parameter.invalid", http.json().path("error").asText());
            assertTrue(http.json().path("message").asText().contains("'" + (bad.length > 2 ? "to" : bad[0])
                    + "'") || bad.length > 2, http.body());
        }
        assertEquals(200, get(FakeHttp.ADMIN, "from", "2025-01-01", "to", "2026-02-05").status, "400 days");
    }

    @Test
    void onlyGetAndOnlyTheExactPath() throws Exception {
        FakeHttp post = new FakeHttp("POST", URI).mountedAt(URI).send(servlet);
        assertEquals(405, post.status);
        assertEquals("GET, HEAD", post.responseHeader("Allow"));
        FakeHttp unauthenticated = new FakeHttp(URI).mountedAt(URI).caller(null).send(servlet);
        assertEquals(401, unauthenticated.status);
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
