package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
 * The office line on the booted demo county: its planted cases raise exactly the expected alarms through the alarm
 * service (judged as of today, long after the demo's AS_OF 2025-06-02: every idle office is past 90 days and the
 * let-out room's lease has ended), the standard in force is served, the indicators count the same cases as the
 * caller sees them, and emptying an office updates its vacantSince and its alarm live.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OfficeRulesIT extends DistributionTest {
    private static final String ALARMS = "/api/dayuan/alarms?type=office.*&limit=200";
    private static final Map<String, Set<String>> EXPECTED = Map.of(
            "office.over-standard", Set.of("room-a-0305", "room-a-0503", "room-b-0401", "room-c-0412"),
            "office.idle", Set.of("room-a-0212", "room-a-0310", "room-a-0403", "room-a-0412", "room-a-0506",
                    "room-a-0519", "room-a-0608", "room-a-0701", "room-a-0710", "room-a-0803", "room-a-0812",
                    "room-a-0924", "room-b-0205", "room-b-0301", "room-b-0310", "room-b-0407", "room-b-0503",
                    "room-b-0516", "room-b-0609", "room-c-0304", "room-c-0404"),
            "office.lease-expiring", Set.of("room-c-0207"),
            "office.rent-arrears", Set.of("room-c-0207"));

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        options.add(editConfigurationFilePut("etc/org.dayuan.office.rules.cfg", "alarms", "true"));
        return options.toArray(Option[]::new);
    }

    /** The active office alarms: type → room names; and each alarm by "type room". */
    private Map<String, Set<String>> active(Map<String, JsonNode> byKey) {
        Reply r = api.get(ALARMS);
        assertEquals(r.toString(), 200, r.status());
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode a : r.json().path("items")) {
            JsonNode at = a.path("attributes");
            String room = at.path("source").asText().replace("cz.wujin:", "");
            byKey.put(at.path("type").asText() + " " + room, at);
            if (at.path("active").asBoolean()) {
                out.computeIfAbsent(at.path("type").asText(), k -> new TreeSet<>()).add(room);
            }
        }
        return out;
    }

    private Map<String, JsonNode> await(Map<String, Set<String>> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Map<String, JsonNode> byKey = new TreeMap<>();
            Map<String, Set<String>> now = active(byKey);
            if (now.equals(expected)) {
                return byKey;
            }
            assertTrue("office alarms: " + now, System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }

    @Test
    public void theDemosPlantedCasesRaiseExactlyTheirAlarmsAndTheIndicatorsCountThem() throws Exception {
        Map<String, JsonNode> alarms = await(EXPECTED);
        JsonNode leader = alarms.get("office.over-standard room-c-0412");
        assertEquals("major", leader.path("severity").asText());
        assertEquals("领导干部办公室超标", leader.path("name").asText());
        assertTrue(leader.path("details").path("leader").asBoolean());
        assertEquals(12, leader.path("details").path("excess").asDouble(), 1e-9);
        JsonNode scenario5 = alarms.get("office.over-standard room-a-0305");
        assertEquals("warning", scenario5.path("severity").asText());
        assertEquals(6, scenario5.path("details").path("excess").asDouble(), 1e-9);
        assertEquals("副科", scenario5.path("details").path("occupants").get(0).path("rank").asText());
        assertEquals("发改投资〔2014〕2674号", scenario5.path("details").path("edition").asText());
        assertEquals("the lease ended 60 days after the demo's day", "major",
                alarms.get("office.lease-expiring room-c-0207").path("severity").asText());
        assertEquals("office", alarms.get("office.idle room-a-0608").path("line").asText());

        Reply standards = api.as("wujin-viewer", "Wujin-Viewer-2026").get("/api/dayuan/office/standards");
        assertEquals(standards.toString(), 200, standards.status());
        assertEquals("发改投资〔2014〕2674号", standards.json().path("edition").asText());

        Api viewer = api.as("wujin-viewer", "Wujin-Viewer-2026");
        JsonNode county = viewer.get("/api/dayuan/office/indicators").json().path("county");
        assertEquals(county.toString(), 347, county.path("rooms").asInt());
        assertEquals(4, county.path("overStandard").asInt());
        assertEquals(39, county.path("overStandardExcess").asDouble(), 1e-9);
        assertEquals(1, county.path("leaderOverStandard").asInt());
        assertEquals(21, county.path("idleOffices").asInt());
        assertEquals(1, county.path("leasesExpiring").asInt());
        assertEquals(1, county.path("rentArrears").asInt());
        Reply csv = viewer.get("/api/dayuan/office/indicators?format=csv");
        assertEquals(200, csv.status());
        assertTrue(csv.header("Content-Type"), csv.header("Content-Type").startsWith("text/csv"));
        assertTrue(csv.raw().body(), csv.raw().body().contains("organisation,cz.wujin:org-fgj,"));
        JsonNode theirs = api.as("xinbei-viewer", "Xinbei-Viewer-2026").get("/api/dayuan/office/indicators").json();
        assertEquals(theirs.toString(), 0, theirs.path("county").path("rooms").asInt());
        assertError(viewer.get("/api/dayuan/office/indicators?date=someday"), 400, "things:parameter.invalid");

        // the 副科 moves out of the scenario-5 office: the line starts its vacancy today and the finding goes
        Reply emptied = api.put("/api/2/things/cz.wujin:room-a-0305/attributes/occupants", "[]");
        assertTrue(emptied.toString(), emptied.status() == 204 || emptied.status() == 200);
        Map<String, Set<String>> after = new TreeMap<>(EXPECTED);
        Set<String> over = new TreeSet<>(EXPECTED.get("office.over-standard"));
        over.remove("room-a-0305");
        after.put("office.over-standard", over);
        await(after);
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String since;
        while (!(since = api.get("/api/2/things/cz.wujin:room-a-0305/attributes/vacantSince").raw().body())
                .contains(today)) {
            assertTrue("vacantSince: " + since, System.nanoTime() < deadline);
            Thread.sleep(250);
        }
        Map<String, JsonNode> byKey = new TreeMap<>();
        active(byKey);
        assertFalse(byKey.get("office.over-standard room-a-0305").path("active").asBoolean());
        assertEquals("unacknowledged", byKey.get("office.over-standard room-a-0305").path("state").asText());
    }
}
