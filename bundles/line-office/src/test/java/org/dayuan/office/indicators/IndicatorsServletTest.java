package org.dayuan.office.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.demo.DemoCounty;
import org.dayuan.office.rules.OfficeRules;
import org.dayuan.office.standards.StandardsInForce;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The indicators of the demo county as of its day, as the caller sees them, in JSON and CSV. */
class IndicatorsServletTest {
    static final String BSN = "org.dayuan.line-office";
    static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    static final Caller VIEWER = Caller.fromGrants("wujin-viewer", List.of(Caller.ROLE_VIEWER, "ns:cz.wujin"), "test");
    static final Caller XINBEI = Caller.fromGrants("xinbei-viewer", List.of(Caller.ROLE_VIEWER, "ns:cz.xinbei"),
            "test");
    static final List<ObjectNode> DEMO = DemoCounty.twins();
    static IndicatorsServlet servlet;

    @BeforeAll
    static void load() {
        InMemoryTwins twins = new InMemoryTwins();
        for (ObjectNode t : DEMO) {
            twins.registry().create(ADMIN, TwinId.of(t.path(Twin.THING_ID).asText()), t.deepCopy());
        }
        InMemoryTwins.Views line = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN, "integrator, ns:*"));
        servlet = new IndicatorsServlet(line.search(), new StandardsInForce(StandardsInForce.national()
                .withTownship(24, 18, 9)), OfficeRules.Settings.DEFAULTS,
                Clock.fixed(DemoCounty.AS_OF.toInstant(), ZoneOffset.UTC));
    }

    static FakeHttp get(Caller caller, String... parameters) throws Exception {
        FakeHttp http = new FakeHttp("/api/dayuan/office/indicators").caller(caller);
        for (int i = 0; i < parameters.length; i += 2) {
            http.parameter(parameters[i], parameters[i + 1]);
        }
        return http.send(servlet);
    }

    /** Sums the demo's own JSON, independently of the line's reading of it. */
    static double sum(String category, String field) {
        return DEMO.stream().filter(t -> t.path("definition").asText().equals("dayuan:Room:1.0.0"))
                .map(t -> t.path(Twin.ATTRIBUTES))
                .filter(a -> category == null || a.path("category").asText().equals(category))
                .mapToDouble(a -> field.equals("occupants") ? a.path("occupants").size() : a.path(field).asDouble())
                .sum();
    }

    @Test
    void theCountysFiguresAddUpFromItsRooms() throws Exception {
        FakeHttp r = get(VIEWER);
        assertEquals(200, r.status, r.body());
        JsonNode json = r.json();
        assertEquals("2025-06-02", json.path("date").asText());
        assertEquals("发改投资〔2014〕2674号", json.path("edition").asText());
        JsonNode c = json.path("county");
        assertEquals(347, c.path("rooms").asInt());
        assertEquals(sum(null, "usableArea"), c.path("totalArea").asDouble(), 0.01);
        assertEquals(sum("office", "usableArea"), c.path("officeArea").asDouble(), 0.01);
        assertEquals(sum("service", "usableArea"), c.path("serviceArea").asDouble(), 0.01);
        assertEquals(c.path("totalArea").asDouble(), c.path("officeArea").asDouble() + c.path("serviceArea")
                .asDouble() + c.path("equipmentArea").asDouble() + c.path("ancillaryArea").asDouble()
                + c.path("otherArea").asDouble(), 0.01);
        int headcount = (int) sum("office", "occupants");
        assertEquals(headcount, c.path("headcount").asInt());
        assertEquals(21, c.path("idleOffices").asInt());
        assertEquals(1, c.path("letOutRooms").asInt());
        assertEquals(4, c.path("overStandard").asInt());
        assertEquals(6 + 6 + 15 + 12, c.path("overStandardExcess").asDouble(), 1e-9);
        assertEquals(1, c.path("leaderOverStandard").asInt());
        assertEquals(1, c.path("leasesExpiring").asInt());
        assertEquals(1, c.path("rentArrears").asInt());
        assertEquals(Math.round(c.path("officeArea").asDouble() / headcount * 100) / 100.0,
                c.path("officeAreaPerPerson").asDouble());
        assertEquals(c.path("occupiedOfficeArea").asDouble() / c.path("officeArea").asDouble(),
                c.path("utilisation").asDouble(), 1e-4);
        assertEquals(c, json.path("counties").path("cz.wujin"));

        JsonNode orgs = json.path("organisations");
        assertEquals(8, orgs.size());
        int people = 0;
        for (JsonNode o : orgs) {
            people += o.path("headcount").asInt();
        }
        assertEquals(headcount, people);
        JsonNode fgj = orgs.findParents("organisation").stream()
                .filter(o -> o.path("organisation").asText().equals("cz.wujin:org-fgj")).findFirst().orElseThrow();
        assertEquals("常州市武进区发展和改革局", fgj.path("name").asText());
        assertEquals(1, fgj.path("overStandard").asInt(), "room-a-0305");
        assertEquals(6, fgj.path("overStandardExcess").asDouble());
    }

    @Test
    void aRoomDisposedOfIsCountedNotMeasured() throws Exception {
        ObjectNode thing = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"definition\":\"dayuan:Room:1.0.0\",\"attributes\":{\"name\":\"A999\",\"category\":\"office\","
                        + "\"usableArea\":40,\"status\":\"disposed\",\"organisation\":\"cz.wujin:org-fgj\"}}");
        org.dayuan.office.OfficeRoom room = org.dayuan.office.OfficeRoom.of(Twin.of(TwinId.of("cz.wujin:room-a-0999"),
                thing, 1, java.time.Instant.EPOCH, java.time.Instant.EPOCH));
        JsonNode c = OfficeReport.compute(List.of(room), Map.of(), StandardsInForce.national(),
                new OfficeRules(OfficeRules.Settings.DEFAULTS), java.time.LocalDate.of(2026, 12, 6)).toJson()
                .path("county");
        assertEquals(1, c.path("disposedRooms").asInt());
        assertEquals(0, c.path("rooms").asInt());
        assertEquals(0, c.path("idleOffices").asInt());
        assertEquals(0, c.path("totalArea").asDouble());
    }

    @Test
    void anotherCountysViewerSeesNoneOfIt() throws Exception {
        JsonNode json = get(XINBEI).json();
        assertEquals(0, json.path("county").path("rooms").asInt());
        assertTrue(json.path("county").path("utilisation").isNull());
        assertEquals(0, json.path("organisations").size());
    }

    @Test
    void csvHasOneRowForAllThenEachCountyAndOrganisation() throws Exception {
        FakeHttp r = get(VIEWER, "format", "csv");
        assertEquals(200, r.status);
        assertTrue(r.contentType.startsWith("text/csv"), r.contentType);
        String[] lines = r.body().strip().split("\r?\n");
        assertEquals(1 + 1 + 1 + 8, lines.length, r.body());
        assertTrue(lines[0].startsWith("level,id,name,date,rooms,totalArea,officeArea"), lines[0]);
        assertTrue(lines[1].startsWith("all,,,2025-06-02,347,"), lines[1]);
        assertTrue(lines[2].startsWith("county,cz.wujin,cz.wujin,"), lines[2]);
    }

    @Test
    void aLaterDateCountsTheEndedLeaseAndBadParametersAreRefused() throws Exception {
        assertEquals(1, get(VIEWER, "date", "2026-12-06").json().path("county").path("leasesExpiring").asInt());
        FakeHttp bad = get(VIEWER, "date", "2026-13-01");
        assertEquals(400, bad.status);
        assertEquals("things:parameter.invalid", bad.json().path("error").asText());
        assertEquals(400, get(VIEWER, "format", "xlsx").status);
    }
}
