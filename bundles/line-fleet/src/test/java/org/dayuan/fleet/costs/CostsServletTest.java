package org.dayuan.fleet.costs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;
import org.junit.jupiter.api.Test;

/** The servlet without a container, over a real registry in memory through the line's view. */
class CostsServletTest {
    private static final String PATH = "/api/dayuan/fleet/costs";
    private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");
    private static final String GOOD = "vehicle,time,kind,amount,quantity,unit,vendor,reference,note\n"
            + "苏D·12345,2026-11-03 08:15,fuel,356.80,45.2,L,\"中石化, 武进\",F-001,\n"
            + "cz.wujin:vehicle-02,2026-11-04 09:00,charge,42.5,61.3,kWh,国家电网,C-001,=cmd\n";

    private final FleetTwins fleet = new FleetTwins();
    private final CostsServlet servlet = new CostsServlet(fleet.line.registry(), fleet.line.search(), 2048, 100,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private FakeHttp post(Caller caller, String type, String body) throws Exception {
        return new FakeHttp("POST", PATH).caller(caller).requestBody(type, body).send(servlet);
    }

    private FakeHttp get(Caller caller, String... parameters) throws Exception {
        FakeHttp r = new FakeHttp(PATH).caller(caller);
        for (int i = 0; i < parameters.length; i += 2) {
            r.parameter(parameters[i], parameters[i + 1]);
        }
        return r.send(servlet);
    }

    @Test
    void aManagerImportsAndTheCostsAreListed() throws Exception {
        FakeHttp r = post(FleetTwins.MANAGER, "text/csv; charset=utf-8", "\uFEFF" + GOOD);
        assertEquals(200, r.status, r.body());
        assertEquals(2, r.json().path("records").asInt());
        assertEquals(2, r.json().path("added").asInt());
        JsonNode list = get(FleetTwins.VIEWER, "from", "2026-11-01", "to", "2026-11-30").json();
        assertEquals(2, list.path("count").asInt());
        assertEquals(399.3, list.path("total").asDouble(), 1e-9);
        assertEquals("cz.wujin:vehicle-01", list.path("items").path(0).path("vehicle").asText());
        assertEquals("中石化, 武进", list.path("items").path(0).path("vendor").asText());
        assertEquals(1, get(FleetTwins.VIEWER, "vehicle", "苏D·D08127").json().path("count").asInt());
        assertEquals(0, get(FleetTwins.VIEWER, "from", "2026-11-04T09:00:01+08:00").json().path("count").asInt());
        assertEquals(1, get(FleetTwins.VIEWER, "to", "2026-11-03").json().path("count").asInt());
    }

    @Test
    void theCsvExportImportsAgainWithoutDoubling() throws Exception {
        post(FleetTwins.MANAGER, "text/csv", GOOD);
        FakeHttp csv = new FakeHttp(PATH).caller(FleetTwins.VIEWER).header("Accept", "text/csv").send(servlet);
        assertEquals(200, csv.status);
        assertTrue(csv.contentType.startsWith("text/csv"), csv.contentType);
        String text = csv.body();
        assertTrue(text.startsWith("vehicle,time,kind,amount,quantity,unit,vendor,reference,note\r\n"), text);
        assertTrue(text.contains("cz.wujin:vehicle-01,\"2026-11-03T08:15:00+08:00\",fuel,356.8,45.2,L,\"中石化, 武进\","
                + "F-001,\r\n"), text);
        // a note a spreadsheet would run as a formula is defused
        assertTrue(text.contains("\"'=cmd\""), text);
        FakeHttp again = post(FleetTwins.MANAGER, "text/csv", text);
        assertEquals(200, again.status, again.body());
        assertEquals(2, again.json().path("replaced").asInt());
        assertEquals(2, get(FleetTwins.ADMIN).json().path("count").asInt());
    }

    @Test
    void viewersCannotImportAndOtherCountiesSeeNothing() throws Exception {
        FakeHttp r = post(FleetTwins.VIEWER, "text/csv", GOOD);
        assertEquals(403, r.status, r.body());
        assertEquals("things:thing.notmodifiable", r.json().path("error").asText());
        post(FleetTwins.MANAGER, "text/csv", GOOD);
        JsonNode other = get(FleetTwins.XINBEI_VIEWER).json();
        assertEquals(0, other.path("count").asInt());
        assertEquals(404, get(FleetTwins.XINBEI_VIEWER, "vehicle", "苏D·12345").status);
        FakeHttp foreign = post(FleetTwins.XINBEI_MANAGER, "text/csv", GOOD);
        assertEquals(400, foreign.status);
        assertEquals(2, foreign.json().path("details").size());
        assertEquals(401, new FakeHttp(PATH).caller(null).send(servlet).status);
    }

    @Test
    void aBadFileIsA400ListingEveryBadRowAndChangesNothing() throws Exception {
        post(FleetTwins.MANAGER, "text/csv", GOOD);
        long revision = fleet.get("cz.wujin:vehicle-01-ledger-2026-11").revision();
        FakeHttp r = post(FleetTwins.MANAGER, "text/csv",
                "vehicle,time,kind,amount,quantity,unit,vendor,reference,note\n"
                + "苏D·12345,2026-11-05 08:15,fuel,100,10,L,,F-002,\n"
                + "苏D·12345,2026-11-05 08:15,fuel,100,,L,,F-003,\n"
                + "苏D·12345,2026-11-05 08:15,etc,5,,,,E-002,\n"
                + "苏D·77777,2026-11-05 08:15,etc,5,,,,E-003,\n");
        assertEquals(400, r.status, r.body());
        JsonNode e = r.json();
        assertEquals("fleet:costs.invalid", e.path("error").asText());
        assertEquals(2, e.path("details").size());
        assertEquals(3, e.path("details").path(0).path("line").asInt());
        assertTrue(e.path("details").path(0).path("reason").asText().contains("fuel needs a quantity"));
        assertEquals(5, e.path("details").path(1).path("line").asInt());
        assertTrue(e.path("description").asText().contains("line 3: ") && e.path("description").asText()
                .contains("line 5: vehicle '苏D·77777'"), e.path("description").asText());
        assertEquals(revision, fleet.get("cz.wujin:vehicle-01-ledger-2026-11").revision());
        assertEquals(2, get(FleetTwins.ADMIN).json().path("count").asInt());
    }

    @Test
    void sizeMediaTypeAndEncoding() throws Exception {
        FakeHttp big = post(FleetTwins.MANAGER, "text/csv", GOOD + "苏D·12345,2026-11-05,etc,5,,,,E,\n".repeat(60));
        assertEquals(413, big.status, big.body());
        assertEquals("things:thing.toolarge", big.json().path("error").asText());
        assertNull(fleet.get("cz.wujin:vehicle-01-ledger-2026-11"));
        assertEquals(415, post(FleetTwins.MANAGER, "application/json", "{}").status);
        FakeHttp gbk = new FakeHttp("POST", PATH).caller(FleetTwins.MANAGER);
        gbk.requestContentType = "text/csv";
        gbk.requestBody = GOOD.getBytes(Charset.forName("GBK"));
        gbk.send(servlet);
        assertEquals(400, gbk.status, gbk.body());
        assertEquals(2, gbk.json().path("details").path(0).path("line").asInt());
        assertTrue(gbk.json().path("details").path(0).path("reason").asText().contains("not UTF-8"));
        assertEquals(400, get(FleetTwins.VIEWER, "from", "last week").status);
        assertEquals("things:parameter.invalid", get(FleetTwins.VIEWER, "from", "2026-12-01", "to", "2026-11-01")
                .json().path("error").asText());
    }
}
