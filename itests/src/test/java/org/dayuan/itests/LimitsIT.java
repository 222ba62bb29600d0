package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * What one request or one device may cost and carry: the energy line's ranges are bounded before any work (the
 * requests of the attack run), CSV exports open in a spreadsheet as data, and a device's writes are telemetry in
 * the audit trail, kept for a retention of their own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LimitsIT extends DistributionTest {
    private static final String NS = "cz.wujin.limits";
    private static final String FORMULA = "=1+2*cmd|' /C calc'!A0";
    private static final String NEUTRALISED = "\"'=1+2*cmd|' /C calc'!A0\"";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static String encode(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
    }

    /** {@code text} as a JSON string that survives {@link Api#q}, which turns every single quote into a double one. */
    private static String json(String text) {
        return "\"" + text.replace("'", "\\u0027") + "\"";
    }

    /** An organisation named {@code name} fed by one main electricity meter with a first reading. */
    private void organisationWithMeter(String org, String name, String meter) {
        assertEquals(201, api.put("/api/2/things/" + NS + ":" + org, "{'definition':'dayuan:Organisation:1.0.0',"
                + "'attributes':{'name':" + json(name) + ",'buildingArea':100,"
                + "'energyHeadcount':10}}").status());
        String body = "{'definition':'dayuan:EnergyMeter:1.0.0','attributes':{'name':'表','parent':'" + NS + ":" + org
                + "','role':'main','carrier':'electricity','ctMultiplier':1,'relations':{'feeds':['" + NS + ":" + org
                + "']}},'features':{'energy':{'definition':['dayuan:EnergyMeasurement:1.0.0'],'properties':{"
                + "'reading':10,'timestamp':'" + OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.ofHours(8))
                + "'}}}}";
        Reply created = api.put("/api/2/things/" + NS + ":" + meter, body);
        assertEquals(created.toString(), 201, created.status());
    }

    /** Polls until {@code path} answers 200 (the energy line has taken in the twins it names). */
    private Reply await200(Api as, String path) throws InterruptedException {
        Reply r = as.get(path);
        for (int i = 0; i < 300 && r.status() != 200; i++) {
            Thread.sleep(100);
            r = as.get(path);
        }
        assertEquals(r.toString(), 200, r.status());
        return r;
    }

    @Test
    public void theEnergyRangesOfTheAttackRunAre400sNamingTheLimit() throws Exception {
        organisationWithMeter("org-ranges", "限额单位", "meter-e-ranges");
        Api viewer = api.as("wj-viewer", Dist.USER_PASSWORD);
        String consumption = "/api/dayuan/energy/consumption?meter=" + NS + ":meter-e-ranges";
        await200(viewer, consumption);

        String[][] refused = {
            {"quarter_hour", "2016-01-01", "2026-01-01", "350688 points, more than the 10000 allowed"},
            {"month", "0001-01-01", "2100-01-01", "in the years 1970 to 9999"},
            {"quarter_hour", "2026-01-01", "+999999999-12-31", "in the years 1970 to 9999"},
            {"hour", "2026-01-02", "2026-01-01", "to must be after from"}};
        for (String[] r : refused) {
            Reply reply = viewer.get(consumption + "&resolution=" + r[0] + "&from=" + encode(r[1]) + "&to="
                    + encode(r[2]));
            assertError(reply, 400, "things:parameter.invalid");
            assertTrue(reply.toString(), reply.json().path("message").asText().contains(r[3]));
        }
        String subject = "/api/dayuan/energy/consumption?subject=" + NS + ":org-ranges&resolution=quarter_hour"
                + "&from=2016-01-01&to=2026-01-01";
        assertError(viewer.get(subject), 400, "things:parameter.invalid");

        LocalDate today = LocalDate.now(ZONE);
        Reply month = viewer.get(consumption + "&resolution=month&from=1970-01-01&to=" + today.plusDays(1));
        assertEquals(month.toString(), 200, month.status());
        JsonNode quantities = month.json().path("meters").get(0).path("quantities");
        assertEquals((today.getYear() - 1970) * 12 + today.getMonthValue(), quantities.size());
    }

    @Test
    public void csvExportsKeepAFormulaADeviceOrUserWroteAsTextAndNumbersAsNumbers() throws Exception {
        String panel = "/api/2/things/" + NS + ":panel";
        assertEquals(201, api.put(panel, "{'features':{'panel':{'properties':{'power':0}}}}").status());
        Api device = api.as("wj-device", Dist.USER_PASSWORD);
        // After the creation, so each series holds only the device's writes.
        Instant from = Instant.now();
        Reply label = device.put(panel + "/features/panel/properties/label", json(FORMULA));
        assertTrue(label.toString(), label.status() == 201 || label.status() == 204);
        assertEquals(204, device.put(panel + "/features/panel/properties/power", "-3.5").status());
        Instant to = Instant.now().plusSeconds(60);

        String series = "/api/dayuan/history/" + NS + ":panel?from=" + encode(from) + "&to=" + encode(to)
                + "&step=PT1H&path=";
        String labels = api.get(series + encode("/features/panel/properties/label"), "Accept", "text/csv").raw()
                .body();
        assertEquals(labels, 2, labels.lines().count());
        assertTrue(labels, labels.lines().skip(1).allMatch(l -> l.endsWith(",,,," + NEUTRALISED + ",1")));
        assertFalse(labels, labels.contains("," + FORMULA));
        String power = api.get(series + encode("/features/panel/properties/power"), "Accept", "text/csv").raw()
                .body();
        assertEquals(power, 2, power.lines().count());
        assertTrue(power, power.lines().skip(1).allMatch(l -> l.endsWith(",-3.5,-3.5,-3.5,-3.5,1")));

        organisationWithMeter("org-csv", FORMULA, "meter-e-csv");
        String indicators = "/api/dayuan/energy/indicators?subject=" + NS + ":org-csv&period=" + YearMonth.now(ZONE);
        await200(api, indicators);
        String csv = api.get(indicators + "&format=csv").raw().body();
        assertTrue(csv, csv.lines().anyMatch(l -> l.startsWith(NS + ":org-csv," + NEUTRALISED + ",")));
        assertFalse(csv, csv.contains("," + FORMULA));
    }

    @Test
    public void aDevicesWritesAreTelemetryInTheAuditTrailAndOthersAreNot() {
        String meter = "/api/2/things/" + NS + ":audited";
        assertEquals(201, api.put(meter, "{'features':{'energy':{'properties':{'power':0}}}}").status());
        Api device = api.as("wj-device", Dist.USER_PASSWORD);
        assertEquals(204, device.put(meter + "/features/energy/properties/power", "7").status());
        assertEquals(204, api.put(meter + "/features/energy/properties/power", "8").status());

        JsonNode items = api.get("/api/dayuan/audit?thingId=" + NS + ":audited").json().path("items");
        assertEquals(items.toString(), 3, items.size());
        for (JsonNode item : items) {
            boolean byDevice = item.path("subject").asText().equals("wj-device");
            assertEquals(item.toString(), byDevice, item.path("telemetry").asBoolean());
        }
        assertEquals(1, items.findValues("subject").stream().filter(s -> s.asText().equals("wj-device")).count());
    }
}
