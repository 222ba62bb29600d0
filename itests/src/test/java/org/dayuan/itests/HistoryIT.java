package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The history series endpoint against the booted distribution: readings PUT over the twin API come back as points
 * of a chart. Timestamps are the server's, so the test reads each reading's {@code _modified} and builds its
 * ranges and buckets from those.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HistoryIT extends DistributionTest {
    private static final String POWER = "/features/energy/properties/power";

    /** Creates meter {@code name} without a power reading, then PUTs each reading; returns when each was stamped. */
    private List<Instant> meterWith(String name, int... readings) {
        String thing = "/api/2/things/cz.wujin.hist:" + name;
        Reply created = api.put(thing, "{'features':{'energy':{'properties':{'voltage':230}}}}");
        assertEquals(created.toString(), 201, created.status());
        List<Instant> stamps = new ArrayList<>();
        for (int reading : readings) {
            Reply put = api.put(thing + POWER, String.valueOf(reading));
            assertTrue(put.toString(), put.status() == 201 || put.status() == 204);
            stamps.add(Instant.parse(api.get(thing + "?fields=_modified").json().path("_modified").asText()));
        }
        return stamps;
    }

    private Reply series(String name, Object from, Object to, Object step, String... headers) {
        return api.get("/api/dayuan/history/cz.wujin.hist:" + name + "?path=" + encode(POWER) + "&from="
                + encode(from) + "&to=" + encode(to) + "&step=" + encode(step), headers);
    }

    private static String encode(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
    }

    private static void assertPoint(JsonNode p, Instant t, double min, double max, double avg, int last, int count) {
        assertEquals(p.toString(), t.toString(), p.path("t").asText());
        assertEquals(p.toString(), min, p.path("min").asDouble(), 1e-9);
        assertEquals(p.toString(), max, p.path("max").asDouble(), 1e-9);
        assertEquals(p.toString(), avg, p.path("avg").asDouble(), 1e-9);
        assertEquals(p.toString(), last, p.path("last").asInt());
        assertEquals(p.toString(), count, p.path("count").asInt());
    }

    @Test
    public void readingsPutOverHttpComeBackAggregatedPerStep() {
        List<Instant> at = meterWith("meter", 10, 30, 20);

        Reply all = series("meter", at.get(0), at.get(2).plusMillis(1), "PT1H");
        assertEquals(all.toString(), 200, all.status());
        JsonNode body = all.json();
        assertEquals("cz.wujin.hist:meter", body.path("thingId").asText());
        assertEquals(POWER, body.path("path").asText());
        assertEquals("PT1H", body.path("step").asText());
        assertFalse("there was no reading before the first", body.has("initial"));
        assertEquals(all.toString(), 1, body.path("points").size());
        assertPoint(body.path("points").get(0), at.get(0), 10, 30, 20, 20, 3);

        // Buckets as long as from the first reading to the last: the first two readings, then the last alone.
        Duration step = Duration.between(at.get(0), at.get(2));
        JsonNode split = series("meter", at.get(0), at.get(2).plusNanos(1), step).json();
        assertEquals(split.toString(), 2, split.path("points").size());
        assertPoint(split.path("points").get(0), at.get(0), 10, 30, 20, 30, 2);
        assertPoint(split.path("points").get(1), at.get(2), 20, 20, 20, 20, 1);

        JsonNode later = series("meter", at.get(1), at.get(2).plusMillis(1), "PT1H").json();
        assertEquals(10, later.path("initial").asInt());
        assertPoint(later.path("points").get(0), at.get(1), 20, 30, 25, 20, 2);
    }

    @Test
    public void theSeriesIsCsvWhenAskedFor() {
        List<Instant> at = meterWith("csv", 7, 9);
        Reply csv = series("csv", at.get(0), at.get(1).plusMillis(1), "PT1H", "Accept", "text/csv");
        assertEquals(csv.toString(), 200, csv.status());
        assertTrue(csv.toString(), csv.header("Content-Type").startsWith("text/csv"));
        assertEquals("t,min,max,avg,last,count\r\n" + at.get(0) + ",7.0,9.0,8.0,9,2\r\n", csv.raw().body());
    }

    @Test
    public void badParametersAre400sAndNeverA500() {
        meterWith("bad", 1);
        String base = "/api/dayuan/history/cz.wujin.hist:bad";
        String ok = "&from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z&step=PT1H";
        assertError(api.get(base + "?from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z&step=PT1H"), 400,
                "things:parameter.invalid");
        assertError(api.get(base + "?path=" + POWER + "&from=yesterday&to=2025-03-02T00:00:00Z&step=PT1H"), 400,
                "things:parameter.invalid");
        assertError(api.get(base + "?path=" + POWER + "&from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z&step=PT1H"),
                400, "things:parameter.invalid");
        assertError(api.get(base + "?path=" + POWER + "&from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z&step=PT0S"),
                400, "things:parameter.invalid");
        assertError(api.get(base + "?path=" + POWER + "&from=2024-03-01T00:00:00Z&to=2025-03-01T00:00:00Z&step=PT1S"),
                400, "things:parameter.invalid");
        assertError(api.get(base + "?path=/a//b" + ok), 400, "json.pointer.invalid");
        assertError(api.get("/api/dayuan/history/no-colon?path=" + POWER + ok), 400, "things:id.invalid");
        assertError(api.get("/api/dayuan/history/cz.wujin.hist:nobody?path=" + POWER + ok), 404,
                "things:thing.notfound");
        assertError(api.send("POST", base + "?path=" + POWER + ok, "application/json", "{}"), 405,
                "things:method.notallowed");
    }

    @Test
    public void getAtHistoricalRevisionOrTimestampShowsThePast() {
        List<Instant> stamps = meterWith("past", 10, 20, 30);
        String thing = "/api/2/things/cz.wujin.hist:past";
        Reply atTwo = api.get(thing + POWER, "at-historical-revision", "2");
        assertEquals(atTwo.toString(), 200, atTwo.status());
        assertEquals(10, atTwo.json().asInt());
        assertEquals(20, api.get(thing + POWER + "?at-historical-revision=3").json().asInt());
        assertEquals(30, api.get(thing + POWER).json().asInt());
        Reply beforeThird = api.get(thing + POWER, "at-historical-timestamp", stamps.get(2).toString());
        assertEquals(beforeThird.toString(), 20, beforeThird.json().asInt());
        assertError(api.get(thing, "at-historical-revision", "99"), 404, "things:thing.history.notfound");
        assertError(api.get(thing, "at-historical-revision", "two"), 400, "things:parameter.invalid");
    }

    @Test
    public void historicalStreamReplaysARevisionRange() throws Exception {
        meterWith("replay", 1, 2, 3);
        try (SseClient sse = new SseClient(port,
                "/api/2/things/cz.wujin.hist:replay?from-historical-revision=2&to-historical-revision=4"
                        + "&fields=thingId,_revision")) {
            assertEquals(200, sse.status);
            for (int revision = 2; revision <= 4; revision++) {
                assertEquals(revision, sse.next(10).data().path("_revision").asInt());
            }
            assertTrue("the stream ends after to-historical-revision", sse.quietFor(500));
        }
    }

    @Test
    public void subtreeAtAnInstantShowsTheTreeAsItWas() {
        api.put("/api/2/things/cz.wujin.hist:floor", "{'attributes':{'name':'F1'}}");
        api.put("/api/2/things/cz.wujin.hist:room", "{'attributes':{'name':'R1','parent':'cz.wujin.hist:floor'}}");
        Instant before = Instant.parse(api.get("/api/2/things/cz.wujin.hist:room?fields=_modified").json()
                .path("_modified").asText()).plusMillis(1);
        api.put("/api/2/things/cz.wujin.hist:room/attributes/name", "'R2'");
        JsonNode then = api.get("/api/2/things/cz.wujin.hist:floor/descendants?at=" + before).json();
        assertEquals(1, then.size());
        assertEquals("R1", then.get(0).path("attributes").path("name").asText());
        assertEquals("R2", api.get("/api/2/things/cz.wujin.hist:floor/descendants").json().get(0)
                .path("attributes").path("name").asText());
    }
}
