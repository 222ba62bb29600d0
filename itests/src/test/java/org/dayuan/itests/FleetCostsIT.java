package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The fleet line's cost ledger (单车核算) and indicators end to end, over HTTP on the booted distribution with the
 * demo county: a good cost file for two demo vehicles is listed and counted in the month's indicators; a file with
 * one bad row is refused naming that row and changes nothing; importing the good file again doubles nothing; the
 * costs export as CSV; a viewer of another county sees none of them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FleetCostsIT extends DistributionTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String COSTS = "/api/dayuan/fleet/costs";
    private static final String HEADER = "vehicle,time,kind,amount,quantity,unit,vendor,reference,note\n";
    private static final int MAX_BYTES = 65_536;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        options.add(editConfigurationFilePut("etc/org.dayuan.fleet.costs.cfg", "import.maxBytes",
                String.valueOf(MAX_BYTES)));
        return options.toArray(Option[]::new);
    }

    private Reply post(Api as, String csv) {
        return as.send("POST", COSTS, "text/csv; charset=utf-8", csv);
    }

    /** RFC 3339 with seconds, which OffsetDateTime.toString leaves out when they are zero. */
    private static String iso(OffsetDateTime t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode row(JsonNode rows, String id) {
        for (JsonNode r : rows) {
            if (r.path("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError(id + " is not among " + rows);
    }

    @Test
    public void costsAreImportedWholeCountedOnceAndSeenOnlyByTheirOrganisations() throws Exception {
        // an hour ago, so no row is in the future; the month is the one that hour falls in
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String time = OffsetDateTime.ofInstant(at, ZONE).toLocalDateTime().toString().replace('T', ' ');
        String month = YearMonth.from(at.atZone(ZONE)).toString();
        Api manager = api.as("wujin-manager", "Wujin-Manager-2026");
        String good = HEADER
                + "苏D·12345," + time + ",fuel,300.00,40,L,\"中石化, 武进湖塘站\",IT-F-1,\n"
                + "苏D·12345," + time + ",etc,50,,,,IT-E-1,\n"
                + "cz.wujin:vehicle-07," + time + ",maintenance,800,,,定点修理厂,IT-M-1,换机油\n";
        // a returned trip of vehicle-01 in the month, as the trip orders record it
        OffsetDateTime start = OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(8));
        Reply trip = api.put("/api/2/things/cz.wujin:it-trip-costs", Api.q("{'definition':'dayuan:TripOrder:1.0.0',"
                + "'attributes':{'name':'派车单 IT','parent':'cz.wujin:org-jgswj','organisation':'cz.wujin:org-jgswj',"
                + "'requester':'wujin-manager','purpose':'调研','destination':{'name':'湖塘镇','lat':31.7,'lon':119.95},"
                + "'plannedStart':'" + iso(start) + "','plannedEnd':'" + iso(start.plusHours(2)) + "',"
                + "'state':'returned','vehicle':'cz.wujin:vehicle-01','actual':{'start':'" + iso(start) + "',"
                + "'end':'" + iso(start.plusMinutes(50)) + "','km':25,'minutes':50}}}"));
        assertEquals(trip.toString(), 201, trip.status());

        Reply imported = post(manager, "\uFEFF" + good);
        assertEquals(imported.toString(), 200, imported.status());
        assertEquals(3, imported.json().path("added").asInt());
        String ledger = "cz.wujin:vehicle-01-ledger-" + month;
        JsonNode twin = api.get("/api/2/things/" + ledger).json();
        assertEquals("dayuan:VehicleLedger:1.0.0", twin.path("definition").asText());
        assertEquals("cz.wujin:vehicle-01", twin.path("attributes").path("parent").asText());
        assertEquals(350.0, twin.path("attributes").path("total").asDouble(), 1e-9);
        long revision = twin.path("_revision").asLong(-1);
        if (revision < 0) {
            revision = api.get("/api/2/things/" + ledger + "?fields=_revision").json().path("_revision").asLong();
        }

        JsonNode listed = api.get(COSTS + "?vehicle=" + enc("苏D·12345")).json();
        assertEquals(listed.toString(), 2, listed.path("count").asInt());
        assertEquals(350.0, listed.path("total").asDouble(), 1e-9);
        assertEquals(3, api.get(COSTS).json().path("count").asInt());

        String indicators = "/api/dayuan/fleet/indicators?period=" + month;
        JsonNode r = manager.get(indicators).json();
        JsonNode car = row(r.path("vehicles"), "cz.wujin:vehicle-01");
        assertEquals(r.toString(), 350.0, car.path("cost").path("total").asDouble(), 1e-9);
        assertEquals(300.0, car.path("cost").path("fuel").asDouble(), 1e-9);
        assertEquals(40.0, car.path("fuelLitres").asDouble(), 1e-9);
        assertEquals(1, car.path("trips").asInt());
        assertEquals(350.0, car.path("costPerTrip").asDouble(), 1e-9);
        assertEquals(800.0, row(r.path("vehicles"), "cz.wujin:vehicle-07").path("cost").path("maintenance")
                .asDouble(), 1e-9);
        assertEquals(12, r.path("county").path("vehicles").asInt());
        assertEquals(1150.0, r.path("county").path("cost").path("total").asDouble(), 1e-9);
        JsonNode zfb = row(r.path("organisations"), "cz.wujin:org-zfb");
        assertEquals(2, zfb.path("vehicles").asInt());
        assertEquals(1, zfb.path("vehicleQuota").asInt());
        assertTrue("the demo's 区政府办 runs over its quota", zfb.path("overQuota").asBoolean());
        JsonNode jgswj = row(r.path("organisations"), "cz.wujin:org-jgswj");
        assertEquals(6, jgswj.path("vehicles").asInt());
        assertEquals(4, jgswj.path("newEnergyVehicles").asInt());

        // one bad row: refused naming it, nothing of the file written, the figures as before
        Reply bad = post(manager, HEADER
                + "cz.wujin:vehicle-07," + time + ",fuel,200,30,L,,IT-F-2,\n"
                + "苏D·12345," + time + ",parking,20,,,,IT-P-1,\n");
        assertError(bad, 400, "fleet:costs.invalid");
        assertEquals(bad.toString(), 1, bad.json().path("details").size());
        assertEquals(3, bad.json().path("details").path(0).path("line").asInt());
        assertTrue(bad.toString(), bad.json().path("description").asText().contains("line 3: kind 'parking'"));
        assertEquals(revision, api.get("/api/2/things/" + ledger + "?fields=_revision").json().path("_revision")
                .asLong());
        assertEquals(404, api.get("/api/2/things/cz.wujin:vehicle-07-ledger-" + month + "/attributes/entries/1")
                .status());
        assertEquals(3, api.get(COSTS).json().path("count").asInt());
        JsonNode after = manager.get(indicators).json();
        assertEquals(1150.0, after.path("county").path("cost").path("total").asDouble(), 1e-9);
        assertEquals(0.0, row(after.path("vehicles"), "cz.wujin:vehicle-07").path("cost").path("fuel").asDouble(),
                1e-9);

        // the same file again: overwritten, not doubled
        Reply again = post(manager, good);
        assertEquals(again.toString(), 200, again.status());
        assertEquals(0, again.json().path("added").asInt());
        assertEquals(3, again.json().path("replaced").asInt());
        assertEquals(3, api.get(COSTS).json().path("count").asInt());
        assertEquals(1150.0, manager.get(indicators).json().path("county").path("cost").path("total").asDouble(),
                1e-9);

        // CSV, in the import's columns
        Reply csv = api.get(COSTS + "?format=csv");
        assertEquals(200, csv.status());
        assertTrue(csv.header("Content-Type"), csv.header("Content-Type").startsWith("text/csv"));
        String text = csv.raw().body();
        assertTrue(text, text.startsWith("vehicle,time,kind,amount,quantity,unit,vendor,reference,note\r\n"));
        assertTrue(text, text.contains(",fuel,300.0,40.0,L,\"中石化, 武进湖塘站\",IT-F-1,"));
        assertEquals(text, 4, text.split("\r\n").length);
        Reply indicatorsCsv = api.get(indicators, "Accept", "text/csv");
        assertEquals(200, indicatorsCsv.status());
        assertTrue(indicatorsCsv.raw().body().contains("\r\nvehicle,cz.wujin:vehicle-01,"));

        // another county's viewer sees none of it; a viewer cannot import
        Api xinbei = api.as("xinbei-viewer", "Xinbei-Viewer-2026");
        assertEquals(0, xinbei.get(COSTS).json().path("count").asInt());
        JsonNode theirs = xinbei.get(indicators).json();
        assertEquals(theirs.toString(), 0, theirs.path("county").path("vehicles").asInt());
        assertEquals(0.0, theirs.path("county").path("cost").path("total").asDouble(), 1e-9);
        assertEquals(0, theirs.path("vehicles").size());
        assertFalse(xinbei.get(indicators + "&format=csv").raw().body().contains("cz.wujin"));
        assertError(post(api.as("wujin-viewer", "Wujin-Viewer-2026"), good), 403, "things:thing.notmodifiable");
    }

    @Test
    public void aBadPeriodAndATooLargeFileAreRefused() {
        assertError(api.get("/api/dayuan/fleet/indicators?period=2026-13"), 400, "things:parameter.invalid");
        StringBuilder big = new StringBuilder(HEADER);
        while (big.length() <= MAX_BYTES) {
            big.append("苏D·12345,2026-11-01 08:00,etc,5,,,,IT-BIG-").append(big.length()).append(",\n");
        }
        assertError(post(api, big.toString()), 413, "things:thing.toolarge");
        assertEquals(415, api.send("POST", COSTS, "application/json", "{}").status());
        assertEquals(0, api.get(COSTS + "?from=2026-11-01&to=2026-11-01").json().path("count").asInt());
    }
}
