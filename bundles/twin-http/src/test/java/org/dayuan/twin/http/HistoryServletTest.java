package org.dayuan.twin.http;

import static org.dayuan.testing.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.http.kit.Http;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.HistoryRange;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Subtree;
import org.dayuan.twin.TimeSeries;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinChange;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinId;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The series endpoint's request parsing and its JSON and CSV, over a history that answers one fixed series. */
class HistoryServletTest {
    static final Instant FROM = Instant.parse("2025-03-01T08:00:00Z");
    static final String URI = "/api/dayuan/history/cz.wujin.hist:meter";

    /** Records what it was asked and answers two points: numbers, then a bucket with only text. */
    static final class OneSeries implements TwinHistory {
        TwinId id;
        JsonPointer path;
        Instant from;
        Instant to;
        Duration step;

        @Override
        public TimeSeries series(Caller caller, TwinId id, JsonPointer path, Instant from, Instant to,
                                 Duration step) {
            this.id = id;
            this.path = path;
            this.from = from;
            this.to = to;
            this.step = step;
            return new TimeSeries(id, path, from, to, step, Optional.of(Http.MAPPER.getNodeFactory().numberNode(0)),
                    List.of(new TimeSeries.Point(from, OptionalDouble.of(10), OptionalDouble.of(30),
                                    OptionalDouble.of(20), Http.MAPPER.getNodeFactory().numberNode(30), 3),
                            new TimeSeries.Point(from.plus(step), OptionalDouble.empty(), OptionalDouble.empty(),
                                    OptionalDouble.empty(), Http.MAPPER.getNodeFactory().textNode("off, \"line\""),
                                    1)));
        }

        @Override
        public Twin atRevision(Caller caller, TwinId id, long revision) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Twin atInstant(Caller caller, TwinId id, Instant instant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void changes(Caller caller, TwinId id, HistoryRange range, Predicate<TwinChange> sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Subtree subtreeAt(Caller caller, TwinId root, Instant instant, int depth) {
            throw new UnsupportedOperationException();
        }
    }

    final OneSeries history = new OneSeries();

    FakeHttp get(String uri, String... parameters) throws Exception {
        FakeHttp http = new FakeHttp(uri);
        for (int i = 0; i < parameters.length; i += 2) {
            http.parameter(parameters[i], parameters[i + 1]);
        }
        new HistoryServlet(history).service(http.request(), http.response());
        return http;
    }

    FakeHttp series(String... extra) throws Exception {
        String[] all = new String[8 + extra.length];
        System.arraycopy(new String[] {"path", "/features/energy/properties/power", "from", "2025-03-01T08:00:00Z",
                "to", "2025-03-01T16:00:00+08:00", "step", "PT15M"}, 0, all, 0, 8);
        System.arraycopy(extra, 0, all, 8, extra.length);
        return get(URI, all);
    }

    @Test
    void answersTheSeriesAsJson() throws Exception {
        FakeHttp http = series();

        assertEquals(200, http.status);
        assertEquals(TwinId.of("cz.wujin.hist:meter"), history.id);
        assertEquals(JsonPointer.parse("/features/energy/properties/power"), history.path);
        assertEquals(FROM, history.from);
        assertEquals(FROM, history.to, "16:00 at +08:00 is 08:00Z");
        assertEquals(Duration.ofMinutes(15), history.step);
        assertEquals(json("{'thingId':'cz.wujin.hist:meter','path':'/features/energy/properties/power',"
                + "'from':'2025-03-01T08:00:00Z','to':'2025-03-01T08:00:00Z','step':'PT15M','initial':0,'points':["
                + "{'t':'2025-03-01T08:00:00Z','min':10.0,'max':30.0,'avg':20.0,'last':30,'count':3},"
                + "{'t':'2025-03-01T08:15:00Z','min':null,'max':null,'avg':null,'last':'off, \\\"line\\\"','count':1}]}"), http.json());
    }

    @Test
    void answersCsvWhenAskedFor() throws Exception {
        FakeHttp http = new FakeHttp(URI);
        http.headers.put("Accept", "text/csv");
        http.parameter("path", "/features/energy/properties/power").parameter("from", "2025-03-01T08:00:00Z")
                .parameter("to", "2025-03-01T09:00:00Z").parameter("step", "PT15M");
        new HistoryServlet(history).service(http.request(), http.response());

        assertEquals(200, http.status);
        assertTrue(http.contentType.startsWith("text/csv"), http.contentType);
        assertEquals("t,min,max,avg,last,count\r\n"
                + "2025-03-01T08:00:00Z,10.0,30.0,20.0,30,3\r\n"
                + "2025-03-01T08:15:00Z,,,,\"off, \"\"line\"\"\",1\r\n", http.body());
    }

    @Test
    void csvNeutralisesADeviceWrittenFormulaAndKeepsNegativeNumbersNumbers() {
        var json = Http.MAPPER.getNodeFactory();
        TimeSeries series = new TimeSeries(TwinId.of("cz.wujin.hist:meter"), JsonPointer.parse("/features/f/properties/p"),
                FROM, FROM.plusSeconds(3600), Duration.ofMinutes(15), Optional.empty(), List.of(
                        new TimeSeries.Point(FROM, OptionalDouble.of(-3.5), OptionalDouble.of(-3.5),
                                OptionalDouble.of(-3.5), json.numberNode(-3.5), 1),
                        new TimeSeries.Point(FROM.plusSeconds(900), OptionalDouble.empty(), OptionalDouble.empty(),
                                OptionalDouble.empty(), json.textNode("=1+2*cmd|' /C calc'!A0"), 1),
                        new TimeSeries.Point(FROM.plusSeconds(1800), OptionalDouble.empty(), OptionalDouble.empty(),
                                OptionalDouble.empty(), json.textNode("@SUM(1+1)"), 1)));

        assertEquals("t,min,max,avg,last,count\r\n"
                + "2025-03-01T08:00:00Z,-3.5,-3.5,-3.5,-3.5,1\r\n"
                + "2025-03-01T08:15:00Z,,,,\"'=1+2*cmd|' /C calc'!A0\",1\r\n"
                + "2025-03-01T08:30:00Z,,,,\"'@SUM(1+1)\",1\r\n", HistoryServlet.csv(series).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "path|things:parameter.invalid|'path' is required",
        "from|things:parameter.invalid|'from' is required",
        "to|things:parameter.invalid|'to' is required",
        "step|things:parameter.invalid|'step' is required"})
    void aMissingParameterIsA400NamingIt(String missing, String code, String says) throws Exception {
        FakeHttp http = new FakeHttp(URI);
        http.parameter("path", "/a").parameter("from", "2025-03-01T08:00:00Z").parameter("to", "2025-03-01T09:00:00Z")
                .parameter("step", "PT15M");
        http.parameters.remove(missing);
        new HistoryServlet(history).service(http.request(), http.response());
        assertError(http, 400, code, says);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "from|yesterday|things:parameter.invalid",
        "from|2025-03-01T08:00:00|things:parameter.invalid",
        "to|2025-13-01T08:00:00Z|things:parameter.invalid",
        "step|15m|things:parameter.invalid",
        "step|PT0S|things:parameter.invalid",
        "step|-PT15M|things:parameter.invalid",
        "path|/a//b|json.pointer.invalid"})
    void aMalformedParameterIsA400(String name, String value, String code) throws Exception {
        FakeHttp http = series(name, value);
        assertError(http, 400, code, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/dayuan/history/no-colon|400|things:id.invalid",
        "/api/dayuan/history/|404|things:resource.notfound",
        "/api/dayuan/history/cz.wujin:a/attributes|404|things:resource.notfound",
        "/api/dayuan/history/cz.wujin:a/children|404|things:resource.notfound"})
    void onlyOneTwinIsAResource(String uri, int status, String code) throws Exception {
        FakeHttp http = get(uri, "path", "/a", "from", "2025-03-01T08:00:00Z", "to", "2025-03-01T09:00:00Z",
                "step", "PT1H");
        assertError(http, status, code, "");
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        FakeHttp http = new FakeHttp(URI);
        http.method = "POST";
        new HistoryServlet(history).service(http.request(), http.response());
        assertError(http, 405, ErrorCode.METHOD_NOT_ALLOWED.code(), "POST");
    }

    @Test
    void anEncodedThingIdAndAPlusTurnedSpaceAreRead() throws Exception {
        get("/api/dayuan/history/cz.wujin.hist:%E7%94%B5%E8%A1%A8", "path", "/a", "from", "2025-03-01T16:00:00 08:00",
                "to", "2025-03-01T09:00:00Z", "step", "PT1H");
        assertEquals(TwinId.of("cz.wujin.hist:电表"), history.id);
        assertEquals(FROM, history.from);
    }

    static void assertError(FakeHttp http, int status, String code, String says) throws Exception {
        assertEquals(status, http.status, http.body());
        JsonNode e = http.json();
        assertEquals(status, e.path("status").asInt());
        assertEquals(code, e.path("error").asText());
        assertTrue(e.path("message").asText().contains(says), e.toString());
        assertFalse(e.path("description").asText().isEmpty());
    }
}
