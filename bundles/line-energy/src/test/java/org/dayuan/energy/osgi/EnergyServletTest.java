package org.dayuan.energy.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.alarms.core.AlarmService;
import org.dayuan.energy.EnergyState;
import org.dayuan.energy.Fixtures;
import org.dayuan.energy.Settings;
import org.dayuan.energy.rules.Finding;
import org.dayuan.twin.Caller;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/**
 * Two organisations of the county, cz.wujin (with a building further down its subtree) and cz.xinbei, each with
 * a main electricity meter; a xinbei meter also feeds the wujin organisation. A wujin viewer must learn nothing of
 * xinbei through the energy views.
 */
class EnergyServletTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the servlet is registered, as {@code @HttpWhiteboardServletPattern} says, without the "/*". */
    private static final String BASE = "/api/dayuan/energy";
    private static final String WUJIN = "cz.wujin:org";
    private static final String HUTANG = "cz.wujin.hutang:school";
    private static final String XINBEI = "cz.xinbei:org";
    private static final String WUJIN_METER = "cz.wujin:meter-1";
    private static final String XINBEI_METER = "cz.xinbei:meter-1";
    /** A xinbei meter wired to a wujin subject: the wujin viewer sees the subject but not this meter. */
    private static final String XINBEI_FEEDS_WUJIN = "cz.xinbei:meter-2";

    private static final Caller WUJIN_VIEWER = new Caller("li", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"), "test");
    private static final Caller COUNTY = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");

    private final EnergyState state = new EnergyState(Settings.empty());
    private final List<Finding> findings = new ArrayList<>();
    private final InMemoryTwins twins = new InMemoryTwins();
    private final EnergyServlet servlet;

    EnergyServletTest() {
        twin(WUJIN, "dayuan:Organisation:1.0.0", Map.of("name", "武进", "buildingArea", 1000, "energyHeadcount", 50));
        twin(HUTANG, "dayuan:Building:1.0.0", Map.of("name", "湖塘小学", "grossArea", 500, "energyHeadcount", 20));
        twin(XINBEI, "dayuan:Organisation:1.0.0", Map.of("name", "新北", "buildingArea", 2000, "energyHeadcount", 80));
        meter(WUJIN_METER, WUJIN);
        meter(XINBEI_METER, XINBEI);
        meter(XINBEI_FEEDS_WUJIN, WUJIN);
        for (String m : List.of(WUJIN_METER, XINBEI_METER, XINBEI_FEEDS_WUJIN)) {
            Fixtures.fill(state.ledger(), m, "2024-05-06T00:00", "2024-05-07T00:00", 10);
            findings.add(new Finding("energy.spike", m, "warning", Fixtures.at("2024-05-06T12:00"), 40, 25, "kWh",
                    "用电尖峰 / spike on " + m));
        }
        findings.add(new Finding("energy.quota", XINBEI, "major", Fixtures.at("2024-05-06T12:00"), 9, 8, "kgce",
                "超定额 / over quota"));
        // the findings raised at a real alarm service over a registry holding the same twins
        for (String id : List.of(XINBEI, WUJIN_METER, XINBEI_METER, XINBEI_FEEDS_WUJIN)) {
            twins.registry.create(COUNTY, TwinId.of(id), JSON.createObjectNode().put("definition",
                    id.equals(XINBEI) ? "dayuan:Organisation:1.0.0" : "dayuan:EnergyMeter:1.0.0"));
        }
        InMemoryTwins.Views alarmsView = twins.of("org.dayuan.alarms",
                InMemoryTwins.grants("bundle.org.dayuan.alarms", "integrator, ns:*"));
        AlarmWriter alarms = new AlarmWriter(new AlarmService(alarmsView.registry(), alarmsView.search(),
                AlarmWriterTest.config()), twins.of("org.dayuan.line-energy", InMemoryTwins.grants(
                "bundle.org.dayuan.line-energy", "integrator, ns:*")).registry().identity());
        alarms.reconcile(findings, Fixtures.at("2024-05-06T12:00"));
        servlet = new EnergyServlet(state, () -> findings, alarms, new BillImport(null, state, null));
    }

    private void twin(String id, String definition, Map<String, Object> attributes) {
        state.twin(JSON.valueToTree(Map.of("thingId", id, "definition", definition, "attributes", attributes)));
    }

    private void meter(String id, String feeds) {
        twin(id, "dayuan:EnergyMeter:1.0.0", Map.of("carrier", "electricity", "role", "main",
                "relations", Map.of("feeds", List.of(feeds))));
    }

    private FakeHttp get(String view, Caller caller, String... parameters) throws Exception {
        FakeHttp http = new FakeHttp(BASE + view).mountedAt(BASE).caller(caller);
        for (int i = 0; i < parameters.length; i += 2) {
            http.parameter(parameters[i], parameters[i + 1]);
        }
        return http.send(servlet);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }

    /**
     * {@code hidden} exists (the county sees it) yet the viewer gets exactly what it gets for {@code unknown},
     * which names no twin at all: same status, same error, same message but for the id itself.
     */
    private void answersAsUnknown(String view, String parameter, String hidden, String unknown, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(List.of(parameter, hidden));
        assertEquals(200, get(view, COUNTY, args.toArray(String[]::new)).status, "the county sees " + hidden);
        FakeHttp asHidden = get(view, WUJIN_VIEWER, args.toArray(String[]::new));
        args.set(args.size() - 1, unknown);
        FakeHttp asUnknown = get(view, WUJIN_VIEWER, args.toArray(String[]::new));
        assertEquals(asUnknown.status, asHidden.status);
        assertEquals(asUnknown.body().replace(unknown, hidden), asHidden.body());
        assertFalse(asHidden.status == 200, asHidden.body());
    }

    @Test
    void withoutAnAuthenticatedCallerEveryViewIs401InDittoShape() throws Exception {
        for (String view : List.of("/indicators", "/consumption", "/alarms", "/factors", "/status", "/nothing")) {
            FakeHttp http = get(view, null, "meter", WUJIN_METER);
            assertEquals(401, http.status, view);
            assertEquals("gateway:authentication.failed", http.json().path("error").asText(), view);
            assertEquals(401, http.json().path("status").asInt(), view);
        }
    }

    @Test
    void aViewerListsIndicatorsOfTheSubjectsInItsSubtreesOnly() throws Exception {
        FakeHttp viewer = get("/indicators", WUJIN_VIEWER, "period", "2024-05");
        assertEquals(200, viewer.status, viewer.body());
        assertEquals(List.of(HUTANG, WUJIN), texts(viewer.json(), "subjectId")); // sorted by thingId
        assertEquals(List.of(HUTANG, WUJIN, XINBEI), texts(get("/indicators", COUNTY, "period", "2024-05").json(),
                "subjectId"));
        FakeHttp csv = get("/indicators", WUJIN_VIEWER, "period", "2024-05", "format", "csv");
        assertTrue(csv.body().contains(WUJIN), csv.body());
        assertFalse(csv.body().contains("xinbei") || csv.body().contains("新北"), csv.body());
        assertEquals(WUJIN, get("/indicators", WUJIN_VIEWER, "period", "2024-05", "subject", WUJIN).json()
                .path("subjectId").asText());
    }

    @Test
    void aHiddenSubjectAnswersAsAnUnknownOne() throws Exception {
        answersAsUnknown("/indicators", "subject", XINBEI, "cz.wujin:nothing", "period", "2024-05");
        answersAsUnknown("/indicators", "subject", XINBEI, "cz.xinbei:nothing", "period", "2024-05");
    }

    @Test
    void consumptionOfAHiddenMeterOrSubjectAnswersAsAnUnknownOne() throws Exception {
        String[] days = {"from", "2024-05-06", "to", "2024-05-07", "resolution", "day"};
        answersAsUnknown("/consumption", "meter", XINBEI_METER, "cz.wujin:no-meter", days);
        answersAsUnknown("/consumption", "subject", XINBEI, "cz.wujin:nothing", days);
        answersAsUnknown("/consumption", "subject", XINBEI, "not an id", days);
    }

    @Test
    void aVisibleSubjectsSeriesHoldsOnlyTheMetersTheCallerSees() throws Exception {
        String[] query = {"subject", WUJIN, "from", "2024-05-06", "to", "2024-05-07", "resolution", "day"};
        FakeHttp viewer = get("/consumption", WUJIN_VIEWER, query);
        assertEquals(200, viewer.status, viewer.body());
        assertEquals(List.of(WUJIN_METER), texts(viewer.json().path("meters"), "meter"));
        assertEquals(240.0, viewer.json().path("meters").path(0).path("quantities").path(0).asDouble(), 1e-9);
        assertEquals(List.of(WUJIN_METER, XINBEI_FEEDS_WUJIN),
                texts(get("/consumption", COUNTY, query).json().path("meters"), "meter"));
        assertEquals(List.of(WUJIN_METER), texts(get("/consumption", WUJIN_VIEWER, "meter", WUJIN_METER, "from",
                "2024-05-06", "to", "2024-05-07").json().path("meters"), "meter"));
    }

    @Test
    void aViewerGetsOnlyTheFindingsAndAlarmsOfItsSubtrees() throws Exception {
        JsonNode viewer = get("/alarms", WUJIN_VIEWER).json();
        assertEquals(List.of(WUJIN_METER), texts(viewer.path("findings"), "subject"));
        JsonNode open = viewer.path("openAlarms");
        assertEquals(List.of(WUJIN_METER), texts(open, "source"));
        assertEquals("energy.spike", open.path(0).path("type").asText());
        assertEquals("unacknowledged", open.path(0).path("state").asText());
        assertTrue(open.path(0).path("active").asBoolean());
        assertEquals(open.path(0).path("alarm").asText(), viewer.path("findings").path(0).path("alarm").asText());
        assertTrue(open.path(0).path("alarm").asText().startsWith("cz.wujin:"));
        JsonNode county = get("/alarms", COUNTY).json();
        assertEquals(4, county.path("findings").size());
        assertEquals(4, county.path("openAlarms").size());
        county.path("findings").forEach(f -> assertFalse(f.path("alarm").isNull(), f.toString()));
        String csv = get("/alarms", WUJIN_VIEWER, "format", "csv").body();
        assertTrue(csv.contains(WUJIN_METER), csv);
        assertFalse(csv.contains("xinbei"), csv);
    }

    @Test
    void statusCountsTheWholeCountySoOnlyCallersWhoSeeAllGetIt() throws Exception {
        FakeHttp viewer = get("/status", WUJIN_VIEWER);
        assertEquals(403, viewer.status);
        assertEquals("dayuan:access.forbidden", viewer.json().path("error").asText());
        assertFalse(viewer.body().contains("\"meters\""), viewer.body());
        FakeHttp county = get("/status", COUNTY);
        assertEquals(200, county.status, county.body());
        assertEquals(3, county.json().path("meters").asInt());
        assertEquals(3, county.json().path("subjects").asInt());
        Caller countyViewer = new Caller("auditor", Set.of(Caller.ROLE_VIEWER), Set.of(Caller.ALL_NAMESPACES), "t");
        assertEquals(200, get("/status", countyViewer).status);
    }

    @Test
    void factorsHoldNoTwinDataSoAnyAuthenticatedCallerGetsThem() throws Exception {
        FakeHttp viewer = get("/factors", WUJIN_VIEWER, "year", "2024");
        assertEquals(200, viewer.status, viewer.body());
        assertTrue(viewer.json().path("factors").size() > 0, viewer.body());
    }

    @Test
    void anUnexpectedFailureIsA500InJsonWithoutAStackTrace() throws Exception {
        EnergyServlet failing = new EnergyServlet(state, () -> {
            throw new IllegalStateException("rule engine of cz.xinbei lost its state");
        }, new AlarmWriter(null, null), new BillImport(null, state, null));
        FakeHttp http = new FakeHttp(BASE + "/alarms").mountedAt(BASE).caller(COUNTY).send(failing);
        http.internalErrorId();
        assertFalse(http.body().contains("xinbei"), http.body());
    }

    @Test
    void otherMethodsAre405InJsonWithAllow() throws Exception {
        FakeHttp http = new FakeHttp("DELETE", BASE + "/alarms").mountedAt(BASE).caller(COUNTY).send(servlet);
        assertEquals(405, http.status);
        assertEquals("GET, HEAD", http.responseHeader("Allow"));
        assertEquals("things:method.notallowed", http.json().path("error").asText());
    }
}
