package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Predicate;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The energy line end to end: meter readings published over MQTT become consumption, kgce and kgCO₂ by the
 * national factors, indicators per organisation, and alarms that fire on scripted scenarios and stay quiet on
 * normal data; utility bills are imported from a watched folder, a bad file changing nothing. Each scenario uses
 * its own twins in namespace cz.etest and readings timed relative to now, in Asia/Shanghai.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EnergyIT extends DistributionTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String NS = "cz.etest";

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        options.add(editConfigurationFilePut("etc/org.dayuan.energy.cfg", "alarms", "true"));
        options.add(editConfigurationFilePut("etc/org.dayuan.energy.cfg", "evaluateSeconds", "5"));
        // the line says in the log what a config change cost; the test distribution logs only warnings otherwise
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.energy.name",
                "org.dayuan.energy"));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.energy.level", "INFO"));
        return options.toArray(Option[]::new);
    }

    private void organisation(String name, double area, int people, double quotaKgce) {
        assertEquals(201, api.put("/api/2/things/" + NS + ":" + name, "{'definition':'dayuan:Organisation:1.0.0',"
                + "'attributes':{'name':'测试单位 " + name + "','buildingArea':" + area + ",'energyHeadcount':" + people
                + ",'energyQuota':{'kgce':" + quotaKgce + "}}}").status());
    }

    private void meter(String name, String carrier, String feeds, double reading, Instant at) {
        boolean water = carrier.equals("water");
        String body = "{'definition':'dayuan:" + (water ? "WaterMeter" : "EnergyMeter") + ":1.0.0','attributes':{"
                + "'name':'表 " + name + "','parent':'" + feeds + "','role':'main',"
                + (water ? "" : "'carrier':'" + carrier + "','ctMultiplier':1,")
                + "'relations':{'feeds':['" + feeds + "']}},'features':{'" + (water ? "water" : "energy")
                + "':{'definition':['dayuan:" + (water ? "WaterMeasurement" : "EnergyMeasurement") + ":1.0.0'],"
                + "'properties':{'reading':" + reading + ",'timestamp':'" + stamp(at) + "'}}}}";
        var created = api.put("/api/2/things/" + NS + ":" + name, body);
        assertEquals(created.toString(), 201, created.status());
    }

    private static String stamp(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.ofHours(8)).toString();
    }

    /** Publishes readings of a meter from {@code from} to {@code to} every {@code step}, at {@code rate} units/h. */
    private static double play(Mqtt device, String name, String feature, double reading, Instant from, Instant to,
                               Duration step, DoubleUnaryOperator rate) throws Exception {
        for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
            if (t.isAfter(from)) {
                double hour = t.atZone(ZONE).getHour() + t.atZone(ZONE).getMinute() / 60.0
                        + (t.atZone(ZONE).getDayOfWeek().getValue() - 1) * 24;
                reading += rate.applyAsDouble(hour) * step.toMinutes() / 60.0;
            }
            device.publish("dayuan/" + NS + "/" + name + "/" + feature,
                    "{'reading':" + Math.round(reading * 1000) / 1000.0 + ",'timestamp':'" + stamp(t) + "'}");
        }
        return reading;
    }

    private JsonNode awaitJson(String path, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = api.get(path).json();
        while (!condition.test(last)) {
            assertTrue(path + " never reached the expected state: " + last, System.nanoTime() < deadline);
            Thread.sleep(250);
            last = api.get(path).json();
        }
        return last;
    }

    /**
     * The alarm of {@code rule} on {@code subject} as the alarm service keeps it (the service chooses its id): the
     * newest Alarm twin of that source and type, or a missing node.
     */
    private JsonNode alarm(String rule, String subject) {
        String filter = "and(eq(definition,\"dayuan:Alarm:2.0.0\"),eq(attributes/source,\"" + NS + ":" + subject
                + "\"),eq(attributes/type,\"energy." + rule + "\"))";
        Reply found = api.get("/api/2/search/things?option="
                + URLEncoder.encode("sort(-attributes/raisedAt)", StandardCharsets.UTF_8) + "&filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        assertEquals(found.toString(), 200, found.status());
        return found.json().path("items").path(0);
    }

    /** Waits for the alarm of {@code rule} on {@code subject} to exist and satisfy {@code condition}. */
    private JsonNode awaitAlarm(String rule, String subject, Predicate<JsonNode> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = alarm(rule, subject);
        while (last.isMissingNode() || !condition.test(last.path("attributes"))) {
            assertTrue("energy." + rule + " on " + subject + " never reached the expected state: " + last,
                    System.nanoTime() < deadline);
            Thread.sleep(250);
            last = alarm(rule, subject);
        }
        return last;
    }

    /** A new energy alarm: unacknowledged, its condition present. */
    private JsonNode awaitRaised(String rule, String subject) throws InterruptedException {
        return awaitAlarm(rule, subject, a -> "unacknowledged".equals(a.path("state").asText())
                && a.path("active").asBoolean(false));
    }

    private boolean noAlarm(String rule, String subject) {
        return alarm(rule, subject).isMissingNode();
    }

    /** One lifecycle step on an alarm, as a person takes it over HTTP. */
    private JsonNode step(String alarm, String action, String body) {
        Reply r = api.post("/api/dayuan/alarms/" + alarm + "/" + action, body);
        assertEquals(r.toString(), 200, r.status());
        return r.json();
    }

    /** A month that has begun at least a few minutes ago, and two instants early in it. */
    private static ZonedDateTime monthStart() {
        ZonedDateTime start = YearMonth.now(ZONE).atDay(1).atStartOfDay(ZONE);
        return Duration.between(start.toInstant(), Instant.now()).toMinutes() < 5 ? start.minusMonths(1) : start;
    }

    @Test
    public void kgceAndCo2FollowTheNationalFactorsByHand() throws Exception {
        organisation("org-calc", 100, 10, 1000);
        ZonedDateTime month = monthStart();
        Instant t0 = month.plusMinutes(1).toInstant();
        meter("meter-e-calc", "electricity", NS + ":org-calc", 1000, t0);
        meter("meter-g-calc", "gas", NS + ":org-calc", 500, t0);
        try (Mqtt device = new Mqtt("it-energy-calc", Dist.ADMIN, Dist.ADMIN_PASSWORD)) {
            Instant t1 = month.plusMinutes(2).toInstant();
            device.publish("dayuan/" + NS + "/meter-e-calc/energy", "{'reading':11000,'timestamp':'" + stamp(t1) + "'}");
            device.publish("dayuan/" + NS + "/meter-g-calc/energy", "{'reading':1500,'timestamp':'" + stamp(t1) + "'}");
        }
        String period = YearMonth.from(month).toString();
        JsonNode r = awaitJson("/api/dayuan/energy/indicators?subject=" + NS + ":org-calc&period=" + period,
                j -> j.path("values").path("kgce").asDouble() > 2000);
        // 10,000 kWh × 0.1229 + 1,000 m³ × 1.2143 kgce (GB/T 2589-2020);
        // 10,000 kWh × 0.5500 (East China grid, 2023, the newest announced) + 1,000 m³ × 2.16 kgCO₂
        JsonNode v = r.path("values");
        assertEquals(2443.3, v.path("kgce").asDouble(), 1e-6);
        assertEquals(7660.0, v.path("kgco2").asDouble(), 1e-6);
        assertEquals(24.433, v.path("kgcePerM2").asDouble(), 1e-6);
        assertEquals(244.33, v.path("kgcePerPerson").asDouble(), 1e-6);
        assertEquals(76.6, v.path("kgco2PerM2").asDouble(), 1e-6);
        String versions = r.path("factorVersions").toString();
        assertTrue(versions, versions.contains("GB/T 2589-2020") && versions.contains("east-china.2023"));
        String csv = api.get("/api/dayuan/energy/indicators?period=" + period + "&format=csv").raw().body();
        assertTrue(csv, csv.lines().anyMatch(l -> l.startsWith(NS + ":org-calc,") && l.contains(",2443.3000,")));

        // The yearly quota of 1,000 kgce gives this month 83.3 kgce: far over, so the quota alarm fires.
        JsonNode quota = awaitRaised("quota", "org-calc").path("attributes");
        assertEquals("energy", quota.path("line").asText());
        assertEquals("kgce", quota.path("details").path("unit").asText());
        assertTrue(quota.toString(), quota.path("details").path("value").asDouble() > 2000);
    }

    @Test
    public void aStaleMeterRaisesAnAlarmThatReturnsToNormalAndIsClosedByAPerson() throws Exception {
        organisation("org-stale", 100, 10, 1e9);
        Instant now = Instant.now();
        meter("meter-e-stale", "electricity", NS + ":org-stale", 10, now.minus(Duration.ofHours(2)));
        // Fresh from the start: an evaluation may run before its MQTT reading below has landed.
        meter("meter-e-fresh", "electricity", NS + ":org-stale", 10, now);
        try (Mqtt device = new Mqtt("it-energy-stale", Dist.ADMIN, Dist.ADMIN_PASSWORD)) {
            device.publish("dayuan/" + NS + "/meter-e-fresh/energy", "{'reading':11,'timestamp':'" + stamp(now) + "'}");
            JsonNode raised = awaitRaised("stale-meter", "meter-e-stale");
            JsonNode attributes = raised.path("attributes");
            assertEquals(NS + ":meter-e-stale", attributes.path("parent").asText());
            assertEquals(NS + ":meter-e-stale", attributes.path("source").asText());
            assertEquals("energy", attributes.path("line").asText());
            assertEquals("warning", attributes.path("severity").asText());
            assertEquals("表计数据中断", attributes.path("name").asText());
            assertEquals("min", attributes.path("details").path("unit").asText());
            assertEquals(30, attributes.path("details").path("threshold").asDouble(), 1e-9);
            assertTrue("a fresh meter is quiet", noAlarm("stale-meter", "meter-e-fresh"));
            assertTrue("an organisation within its quota is quiet", noAlarm("quota", "org-stale"));
            device.publish("dayuan/" + NS + "/meter-e-stale/energy",
                    "{'reading':12,'timestamp':'" + stamp(Instant.now()) + "'}");
        }
        // Back to normal: the alarm stays open, unacknowledged, until a person has dealt with it.
        JsonNode normal = awaitAlarm("stale-meter", "meter-e-stale", a -> !a.path("active").asBoolean(true))
                .path("attributes");
        assertEquals("unacknowledged", normal.path("state").asText());
        assertFalse(normal.toString(), normal.path("normalAt").asText().isEmpty());
        String id = alarm("stale-meter", "meter-e-stale").path("thingId").asText();
        Thread.sleep(6000); // one more evaluation: the line neither raises it again nor touches its state
        JsonNode after = alarm("stale-meter", "meter-e-stale");
        assertEquals(id, after.path("thingId").asText());
        assertEquals(1, after.path("attributes").path("count").asInt());

        // The lifecycle is the people's: acknowledge, verify as real, close.
        assertEquals("acknowledged", step(id, "acknowledge", "{'comment':'值班员已知悉'}").path("attributes")
                .path("state").asText());
        JsonNode verified = step(id, "verify", "{'comment':'表计通信中断，已现场确认','result':'real'}");
        assertEquals("verified", verified.path("attributes").path("state").asText());
        assertEquals("real", verified.path("attributes").path("result").asText());
        JsonNode closed = step(id, "close", "{'comment':'通信恢复'}").path("attributes");
        assertEquals("closed", closed.path("state").asText());
        assertFalse(closed.path("closedAt").asText().isEmpty());

        // The figures of the last day show the planted fault as a source, and its handling.
        JsonNode stats = api.get("/api/dayuan/alarms/stats").json();
        JsonNode etest = stats.path("organisations").path(NS);
        assertTrue(stats.toString(), etest.path("topSources").toString().contains(NS + ":meter-e-stale"));
        assertTrue(etest.toString(), etest.path("verified").path("real").asInt() >= 1);
        assertTrue(etest.toString(), etest.path("timeToAcknowledge").path("count").asInt() >= 1);
        assertTrue(etest.toString(), etest.path("timeToVerify").path("count").asInt() >= 1);
        assertTrue(stats.toString(), stats.path("county").path("annunciations").asInt()
                >= etest.path("annunciations").asInt());
        Reply bad = api.get("/api/dayuan/alarms/stats?from=2026-12-02&to=2026-12-01");
        assertEquals(bad.toString(), 400, bad.status());
        assertEquals("things:parameter.invalid", bad.json().path("error").asText());
    }

    @Test
    public void aDeletedMeterTakesItsAlarmAlongAndIsNeitherReportedNorWrittenAgain() throws Exception {
        organisation("org-gone", 100, 10, 1e9);
        meter("meter-e-gone", "electricity", NS + ":org-gone", 10, Instant.now().minus(Duration.ofHours(2)));
        JsonNode raised = awaitRaised("stale-meter", "meter-e-gone");
        assertEquals(NS + ":meter-e-gone", raised.path("attributes").path("parent").asText());
        String alarm = raised.path("thingId").asText();
        assertEquals(409, api.delete("/api/2/things/" + NS + ":meter-e-gone").status()); // it has its alarm below
        assertEquals(204, api.delete("/api/2/things/" + NS + ":meter-e-gone?recursive=true").status());
        assertTrue("deleted with its meter", noAlarm("stale-meter", "meter-e-gone"));
        // The line learns of the deletion: no finding about the meter, and the alarm is not kept as raised.
        awaitJson("/api/dayuan/energy/alarms", a -> !a.toString().contains("meter-e-gone"));
        Thread.sleep(11_000); // two more evaluations
        assertFalse(api.get("/api/dayuan/energy/alarms").json().toString().contains("meter-e-gone"));
        assertTrue("not raised again", noAlarm("stale-meter", "meter-e-gone"));
        Path log = Path.of(System.getProperty("karaf.log", System.getProperty("karaf.data") + "/log"), "karaf.log");
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> failed = lines.filter(l -> (l.contains(alarm) || l.contains(NS + ":meter-e-gone"))
                    && l.contains("WARN")).toList();
            assertTrue("no failing writes for the alarm: " + failed, failed.isEmpty());
        }
    }

    @Test
    public void nightBaseloadAndNightWaterFireOnTheScriptAndNotOnNormalMeters() throws Exception {
        organisation("org-night", 1000, 50, 1e9);
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofDays(10));
        for (String m : List.of("meter-e-hvac", "meter-e-normal")) {
            meter(m, "electricity", NS + ":org-night", 0, start);
        }
        for (String m : List.of("meter-w-leak", "meter-w-normal")) {
            meter(m, "water", NS + ":org-night", 0, start);
        }
        try (Mqtt device = new Mqtt("it-energy-night", Dist.ADMIN, Dist.ADMIN_PASSWORD)) {
            // HVAC left on: 80 kW outside working hours against 100 kW in them; a normal building drops to 10 kW.
            play(device, "meter-e-hvac", "energy", 0, start, end, Duration.ofHours(1), h -> working(h) ? 100 : 80);
            play(device, "meter-e-normal", "energy", 0, start, end, Duration.ofHours(1), h -> working(h) ? 100 : 10);
            // A leak runs 0.4 m³/h all night; normal water use stops at night.
            play(device, "meter-w-leak", "water", 0, start, end, Duration.ofHours(1), h -> 0.4 + (working(h) ? 2 : 0));
            play(device, "meter-w-normal", "water", 0, start, end, Duration.ofHours(1), h -> working(h) ? 2 : 0);
        }
        JsonNode hvac = awaitRaised("night-baseload", "meter-e-hvac").path("attributes").path("details");
        assertTrue(hvac.toString(), hvac.path("value").asDouble() > hvac.path("threshold").asDouble());
        assertEquals("kW", hvac.path("unit").asText());
        assertEquals("major", awaitRaised("night-water", "meter-w-leak").path("attributes").path("severity").asText());
        Thread.sleep(6000); // one more evaluation, to be sure the normal meters stay quiet
        assertTrue(noAlarm("night-baseload", "meter-e-normal"));
        assertTrue(noAlarm("night-water", "meter-w-normal"));
    }

    /** Working hours of the script: Monday to Friday, 09:00 to 17:00 (hours counted from Monday 00:00). */
    private static boolean working(double weekHour) {
        int day = (int) (weekHour / 24);
        double hour = weekHour - day * 24;
        return day < DayOfWeek.SATURDAY.getValue() - 1 && hour > 9 && hour <= 17;
    }

    @Test
    public void aSpikeAgainstTheSameHourOfEarlierWeeksFires() throws Exception {
        organisation("org-spike", 100, 10, 1e9);
        ZonedDateTime hourEnd = ZonedDateTime.now(ZONE).truncatedTo(ChronoUnit.HOURS);
        ZonedDateTime hourStart = hourEnd.minusHours(1);
        meter("meter-e-spike", "electricity", NS + ":org-spike", 1000, hourStart.minusWeeks(2).toInstant());
        meter("meter-e-steady", "electricity", NS + ":org-spike", 1000, hourStart.minusWeeks(2).toInstant());
        try (Mqtt device = new Mqtt("it-energy-spike", Dist.ADMIN, Dist.ADMIN_PASSWORD)) {
            for (String m : List.of("meter-e-spike", "meter-e-steady")) {
                double last = m.endsWith("spike") ? 100 : 12; // kWh in the last hour; 10 kWh in that hour before
                double r = 1000;
                for (ZonedDateTime[] h : List.of(new ZonedDateTime[] {hourStart.minusWeeks(2), hourEnd.minusWeeks(2)},
                        new ZonedDateTime[] {hourStart.minusWeeks(1), hourEnd.minusWeeks(1)},
                        new ZonedDateTime[] {hourStart, hourEnd})) {
                    device.publish("dayuan/" + NS + "/" + m + "/energy",
                            "{'reading':" + r + ",'timestamp':'" + stamp(h[0].toInstant()) + "'}");
                    r += h[0].equals(hourStart) ? last : 10;
                    device.publish("dayuan/" + NS + "/" + m + "/energy",
                            "{'reading':" + r + ",'timestamp':'" + stamp(h[1].toInstant()) + "'}");
                }
            }
        }
        JsonNode spike = awaitRaised("spike", "meter-e-spike").path("attributes").path("details");
        assertEquals(100, spike.path("value").asDouble(), 1e-6);
        assertEquals("kWh", spike.path("unit").asText());
        assertTrue(noAlarm("spike", "meter-e-steady"));
    }

    @Test
    public void aMeterSwapIsFlaggedAndCountsNoNegativeConsumption() throws Exception {
        organisation("org-swap", 100, 10, 1e9);
        ZonedDateTime month = monthStart();
        meter("meter-e-swap", "electricity", NS + ":org-swap", 5000, month.plusMinutes(1).toInstant());
        long swapsBefore = api.get("/api/dayuan/energy/status").json().path("readingQuality").path("METER_SWAP")
                .asLong();
        try (Mqtt device = new Mqtt("it-energy-swap", Dist.ADMIN, Dist.ADMIN_PASSWORD)) {
            device.publish("dayuan/" + NS + "/meter-e-swap/energy",
                    "{'reading':5100,'timestamp':'" + stamp(month.plusMinutes(2).toInstant()) + "'}");
            // a new meter starting at 3: not -5097 kWh
            device.publish("dayuan/" + NS + "/meter-e-swap/energy",
                    "{'reading':3,'timestamp':'" + stamp(month.plusMinutes(3).toInstant()) + "'}");
            device.publish("dayuan/" + NS + "/meter-e-swap/energy",
                    "{'reading':13,'timestamp':'" + stamp(month.plusMinutes(4).toInstant()) + "'}");
        }
        awaitJson("/api/dayuan/energy/status",
                s -> s.path("readingQuality").path("METER_SWAP").asLong() > swapsBefore);
        JsonNode r = awaitJson("/api/dayuan/energy/indicators?subject=" + NS + ":org-swap&period="
                + YearMonth.from(month), j -> j.path("carriers").path("ELECTRICITY").path("quantity").asDouble() >= 110);
        assertEquals(110, r.path("carriers").path("ELECTRICITY").path("quantity").asDouble(), 1e-6);
    }

    @Test
    public void billsAreImportedWholeAndABadFileChangesNothing() throws Exception {
        organisation("org-bill", 200, 20, 1e9);
        Path dir = Path.of(System.getProperty("karaf.data"), "dayuan", "energy", "bills");
        Files.createDirectories(dir);
        String month = YearMonth.now(ZONE).minusMonths(1).toString();
        long revision = api.get("/api/2/things/" + NS + ":org-bill?fields=_revision").json().path("_revision").asLong();
        assertTrue("the organisation has a revision", revision > 0);
        drop(dir, "bad.csv", "organisation,carrier,period,quantity,unit,cost\n"
                + NS + ":org-bill,gas," + month + ",1000,m3,3200\n"
                + NS + ":org-bill,steam," + month + ",5,t,\n"
                + NS + ":org-bill,gas,2026-13,12x,m3,\n");
        JsonNode status = awaitJson("/api/dayuan/energy/status", s -> has(s, "bad.csv"));
        JsonNode bad = report(status, "bad.csv");
        assertFalse(bad.path("imported").asBoolean());
        String errors = bad.path("errors").toString();
        assertTrue(errors, errors.contains("line 3") && errors.contains("line 4"));
        awaitFile(dir.resolve(".failed/bad.csv")); // moved by the route once the import has refused it
        assertTrue(Files.readString(dir.resolve(".failed/bad.csv.errors.txt")).contains("line 4"));
        assertEquals("a bad file changes nothing", revision,
                api.get("/api/2/things/" + NS + ":org-bill?fields=_revision").json().path("_revision").asLong());

        drop(dir, "good.csv", "organisation,carrier,period,quantity,unit,cost\n"
                + NS + ":org-bill,gas," + month + ",1000,m3,3200.50\n"
                + NS + ":org-bill,water," + month + ",300,m3,900\n");
        JsonNode good = report(awaitJson("/api/dayuan/energy/status", s -> has(s, "good.csv")), "good.csv");
        assertTrue(good.toString(), good.path("imported").asBoolean());
        assertEquals(2, good.path("bills").asInt());
        JsonNode r = api.get("/api/dayuan/energy/indicators?subject=" + NS + ":org-bill&period=" + month).json();
        assertEquals(1214.3, r.path("values").path("kgce").asDouble(), 1e-6); // 1,000 m³ × 1.2143
        assertEquals("bill", r.path("carriers").path("GAS").path("source").asText());
        assertEquals(15.0, r.path("values").path("waterM3PerPerson").asDouble(), 1e-6); // 300 m³ / 20 people
        assertEquals(1000, api.get("/api/2/things/" + NS + ":org-bill/features/energyBills/properties/" + month
                + "/gas/quantity").json().asDouble(), 0);
    }

    private static void drop(Path dir, String name, String csv) throws Exception {
        Path tmp = dir.resolve(name + ".part");
        Files.writeString(tmp, csv, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(name));
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(file)) {
            assertTrue(file + " never appeared", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    private static boolean has(JsonNode status, String file) {
        return report(status, file) != null;
    }

    private static JsonNode report(JsonNode status, String file) {
        for (JsonNode r : status.path("billImports")) {
            if (file.equals(r.path("file").asText())) {
                return r;
            }
        }
        return null;
    }

    @Test
    public void badQueriesGetDittoErrors() {
        assertError(api.get("/api/dayuan/energy/indicators?period=2026-13"), 400, "things:parameter.invalid");
        assertError(api.get("/api/dayuan/energy/indicators?subject=cz.etest:nope"), 400, "things:parameter.invalid");
        assertError(api.get("/api/dayuan/energy/consumption?meter=a&subject=b"), 400, "things:parameter.invalid");
        assertError(api.get("/api/dayuan/energy/nothing"), 404, "things:resource.notfound");
    }

    @Inject
    private ConfigurationAdmin configAdmin;

    @Test
    public void aConfigChangeAppliesLiveAndReplaysOnlyWhatShapesTheConsumption() throws Exception {
        organisation("org-config", 100, 10, 1e9);
        ZonedDateTime month = monthStart();
        meter("meter-e-config", "electricity", NS + ":org-config", 1000, month.plusMinutes(1).toInstant());
        var read = api.put("/api/2/things/" + NS + ":meter-e-config/features/energy/properties",
                "{'reading':11000,'timestamp':'" + stamp(month.plusMinutes(2).toInstant()) + "'}");
        assertTrue(read.toString(), read.status() < 300);
        String indicators = "/api/dayuan/energy/indicators?subject=" + NS + ":org-config&period="
                + YearMonth.from(month);
        // 10,000 kWh × 0.1229 kgce
        awaitJson(indicators, j -> Math.abs(j.path("values").path("kgce").asDouble() - 1229) < 1e-6);

        Path log = Path.of(System.getProperty("karaf.log", System.getProperty("karaf.data") + "/log"), "karaf.log");
        org.osgi.service.cm.Configuration config = configAdmin.getConfiguration("org.dayuan.energy", null);
        Dictionary<String, Object> original = config.getProperties();
        try {
            long before = Files.size(log);
            config.update(with(original, "kgce.electricity", "0.2"));
            // a new factor applies to the consumption already built: 10,000 kWh × 0.2
            awaitJson(indicators, j -> Math.abs(j.path("values").path("kgce").asDouble() - 2000) < 1e-6);
            assertTrue(awaitLog(log, before, "Energy line reconfigured:")
                    .contains("rules re-evaluated, nothing replayed"));

            config.update(with(original, "kgce.electricity", "0.2", "maxIntervalHours", "a day"));
            JsonNode down = awaitJson("/api/health", h -> h.path("down").has("energy-line"));
            assertEquals(503, api.get("/api/health").status());
            assertTrue(down.toString(), down.path("down").path("energy-line").asText().contains("maxIntervalHours"));
            assertEquals("the refused change left the running settings alone", 2000,
                    api.get(indicators).json().path("values").path("kgce").asDouble(), 1e-6);

            before = Files.size(log);
            config.update(with(original, "kgce.electricity", "0.2", "maxIntervalHours", "48"));
            assertTrue(awaitLog(log, before, "Energy line reconfigured:").contains("consumption replayed"));
            api.awaitHealthy(DEMO_TWINS, Duration.ofSeconds(60));
            assertEquals("the replay rebuilt the consumption from the journal", 2000,
                    api.get(indicators).json().path("values").path("kgce").asDouble(), 1e-6);
        } finally {
            config.update(original);
        }
        awaitJson(indicators, j -> Math.abs(j.path("values").path("kgce").asDouble() - 1229) < 1e-6);
        api.awaitHealthy(DEMO_TWINS, Duration.ofSeconds(60));
    }

    /** {@code original} with {@code pairs} (key, value, ...) put over it. */
    private static Dictionary<String, Object> with(Dictionary<String, Object> original, String... pairs) {
        Dictionary<String, Object> changed = new Hashtable<>();
        for (var keys = original.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            changed.put(key, original.get(key));
        }
        for (int i = 0; i < pairs.length; i += 2) {
            changed.put(pairs[i], pairs[i + 1]);
        }
        return changed;
    }

    /** The first line containing {@code text} written to {@code log} after its first {@code from} bytes. */
    private static String awaitLog(Path log, long from, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            byte[] all = Files.readAllBytes(log);
            String added = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    StandardCharsets.UTF_8);
            var line = added.lines().filter(l -> l.contains(text)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            assertTrue("the log never said '" + text + "'", System.nanoTime() < deadline);
            Thread.sleep(250);
        }
    }
}
