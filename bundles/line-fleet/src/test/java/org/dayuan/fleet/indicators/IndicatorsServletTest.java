package org.dayuan.fleet.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.fleet.costs.FleetTwins;
import org.dayuan.fleet.costs.VehicleLedgers;
import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.core.history.History;
import org.junit.jupiter.api.Test;

/** The indicators servlet without a container, over a real registry and history in memory. */
class IndicatorsServletTest {
    private static final String PATH = "/api/dayuan/fleet/indicators";
    private final FleetTwins fleet = new FleetTwins();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T02:00:00Z"), ZoneOffset.UTC);
    private final IndicatorsServlet servlet = new IndicatorsServlet(new FleetSource(fleet.line.search(),
            new VehicleLedgers(fleet.line.registry(), fleet.line.search())),
            new History(fleet.twins.journal, fleet.twins.registry, Clock.systemUTC()),
            new FuelNorms(9.0, "1.6=7.5", 4.0), clock);

    @Test
    void aBadPeriodIsA400() throws Exception {
        FakeHttp r = new FakeHttp(PATH).caller(FleetTwins.VIEWER).parameter("period", "2026-13").send(servlet);
        assertEquals(400, r.status);
        assertEquals("things:parameter.invalid", r.json().path("error").asText());
        assertTrue(r.json().path("message").asText().contains("2026-13"));
    }

    @Test
    void jsonForTheCallersOrganisationsAndCsv() throws Exception {
        JsonNode r = new FakeHttp(PATH).caller(FleetTwins.VIEWER).parameter("period", "2026-Q4").send(servlet).json();
        assertEquals("2026-Q4", r.path("period").asText());
        assertEquals("Asia/Shanghai", r.path("timeZone").asText());
        assertEquals(4, r.path("county").path("vehicles").asInt());
        assertEquals(2, r.path("organisations").size());
        assertEquals(4, r.path("vehicles").size());
        // no period: this month
        assertEquals("2026-12", new FakeHttp(PATH).caller(FleetTwins.XINBEI_VIEWER).send(servlet).json()
                .path("period").asText());
        FakeHttp csv = new FakeHttp(PATH).caller(FleetTwins.XINBEI_VIEWER).parameter("period", "2026")
                .parameter("format", "csv").send(servlet);
        assertEquals(200, csv.status);
        assertTrue(csv.contentType.startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertEquals(4, lines.length, csv.body());
        assertTrue(lines[1].startsWith("county,county,全县,"), lines[1]);
        assertTrue(lines[2].startsWith("organisation,cz.xinbei:org-a,新北区某局,"), lines[2]);
        assertTrue(lines[3].startsWith("vehicle,cz.xinbei:vehicle-01,\"苏D·99999\",cz.xinbei:org-a,"), lines[3]);
        assertEquals(401, new FakeHttp(PATH).caller(null).send(servlet).status);
    }
}
