package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * 1,000 malformed requests from a fixed seed: broken credentials and tokens, paths, JSON bodies, RQL, options and
 * headers. Each must get a 4xx, none a 5xx; afterwards nothing has changed (the audit trail's newest entry and the
 * twin count are as before) and the service still answers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FuzzIT extends DistributionTest {
    private static final int REQUESTS = 1_000;
    /** The nesting limit of twins as README states it, counted from the twin's root. */
    private static final int MAX_DEPTH = 64;
    private static final String TARGET = "/api/2/things/cz.wujin.fuzz:target";
    private static final String[] VALID_FILTERS = {"eq(attributes/status,\"idle\")",
        "and(gt(_revision,3),like(attributes/name,\"*室\"))", "in(attributes/kind,\"meter\",\"room\")",
        "exists(features/power)", "not(eq(attributes/area,18))"};
    private static final String VALID_BODY = "{\"attributes\":{\"name\":\"305 室\",\"area\":18,\"tags\":[1,2]},"
            + "\"features\":{\"power\":{\"properties\":{\"kw\":1.5}}}}";

    private final Random random = new Random(20261204L);
    private String token;

    /** One malformed request: how to send it and what it is, for the failure message. */
    private record Probe(String what, String method, String path, String contentType, String body,
                         String... headers) {
        /** Sent byte for byte: paths a URI class refuses to build are exactly the ones worth sending. */
        boolean raw() {
            return what.equals("path");
        }
    }

    @Test
    public void malformedRequestsGetClientErrorsAndChangeNothing() {
        assertEquals(201, api.put(TARGET, VALID_BODY.replace('"', '\'')).status());
        token = api.anonymous().post("/api/dayuan/auth/login", "{'username':'" + Dist.ADMIN + "','password':'"
                + Dist.ADMIN_PASSWORD + "'}").json().path("token").asText();
        long newest = newestAudit();
        int twins = api.get("/api/health").json().path("twins").asInt();
        long revision = api.get(TARGET + "?fields=_revision").json().path("_revision").asLong();
        assertEquals(1, revision);

        List<String> failures = new ArrayList<>();
        int[] byClass = new int[6];
        for (int i = 0; i < REQUESTS; i++) {
            Probe p = probe();
            Reply r = p.raw() ? null : api.send(p.method(), p.path(), p.contentType(), p.body(), p.headers());
            int status = r == null ? api.rawStatus(p.method(), p.path()) : r.status();
            byClass[status / 100]++;
            if (status < 400 || status >= 500) {
                failures.add(i + " " + p.what() + " " + p.method() + " " + p.path() + " -> " + status + " "
                        + (r == null ? "" : r.raw().body()));
            } else if (r != null && r.body().isPresent() && r.body().get().contains("Exception")) {
                failures.add(i + " " + p.what() + " leaks a stack trace: " + r.raw().body());
            }
        }
        System.out.printf("fuzz: %d requests, 2xx %d, 3xx %d, 4xx %d, 5xx %d%n", REQUESTS, byClass[2], byClass[3],
                byClass[4], byClass[5]);
        assertTrue(failures.size() + " requests did not get a 4xx:\n" + String.join("\n",
                failures.subList(0, Math.min(20, failures.size()))), failures.isEmpty());
        assertEquals(200, api.get("/api/health").status());
        assertEquals("no change was accepted", newest, newestAudit());
        assertEquals(twins, api.get("/api/health").json().path("twins").asInt());
        assertEquals(revision, api.get(TARGET + "?fields=_revision").json().path("_revision").asLong());
        assertEquals(200, api.get("/api/2/things/" + CAMPUS).status());
    }

    /**
     * Nesting: bodies as deep as Jackson's parser accepts (1,000 levels) and just over the twin's limit, JSON-pointer
     * paths 1,100 and 3,000 segments deep, {@code fields} selectors nested 1,200 (GET) and 8,000 (POST search)
     * levels. Each is a 400 in Ditto's error shape, nothing is written, and the twin stays readable.
     */
    @Test
    public void deeplyNestedRequestsGetA400AndChangeNothing() {
        String twin = "/api/2/things/cz.wujin.fuzz:deep";
        assertEquals(201, api.put(twin, VALID_BODY.replace('"', '\'')).status());
        long newest = newestAudit();
        String etag = api.get(twin).header("ETag");
        List<Reply> replies = new ArrayList<>();

        String arrays = "{\"attributes\":{\"list\":" + "[".repeat(MAX_DEPTH - 1) + "]".repeat(MAX_DEPTH - 1) + "}}";
        String property = "{\"features\":{\"f\":{\"properties\":" + nested(MAX_DEPTH - 2) + "}}}";
        for (String body : List.of(nested(1_000), nested(999), nested(MAX_DEPTH + 1), arrays, property)) {
            replies.add(api.send("PUT", twin, "application/json", body));
            replies.add(api.send("PATCH", twin, "application/merge-patch+json", body));
            replies.add(api.send("POST", "/api/2/things?namespace=cz.wujin.fuzz", "application/json", body));
            replies.add(api.send("PUT", twin + "/features/power/properties/kw", "application/json", body));
            replies.add(api.send("PATCH", twin + "/attributes", "application/merge-patch+json", body));
        }
        // A value that fits on its own, but not at its path.
        String kw = twin + "/features/power/properties/kw";
        replies.add(api.send("PUT", kw, "application/json", nested(MAX_DEPTH - 3)));
        replies.add(api.send("PATCH", kw, "application/merge-patch+json", nested(MAX_DEPTH - 3)));
        for (Reply r : replies) {
            assertError(r, 400, "json.invalid");
        }

        for (int segments : new int[] {1_100, 3_000}) {
            String path = twin + "/attributes" + "/a".repeat(segments - 1);
            assertError(api.send("PUT", path, "application/json", "1"), 400, "json.pointer.invalid");
            assertError(api.send("PATCH", path, "application/merge-patch+json", "{\"b\":1}"), 400,
                    "json.pointer.invalid");
            assertError(api.get(path), 400, "json.pointer.invalid");
        }

        assertError(api.get(twin + "?fields=" + "a(".repeat(1_200) + "b" + ")".repeat(1_200)), 400,
                "json.fieldselector.invalid");
        assertError(api.get("/api/2/things?ids=cz.wujin.fuzz:deep&fields=" + "a(".repeat(1_200) + "b"
                + ")".repeat(1_200)), 400, "json.fieldselector.invalid");
        String deepFields = "fields=" + URLEncoder.encode("a(".repeat(8_000) + "b" + ")".repeat(8_000),
                StandardCharsets.UTF_8);
        assertError(api.send("POST", "/api/2/search/things", "application/x-www-form-urlencoded", deepFields), 400,
                "json.fieldselector.invalid");
        assertError(api.get("/api/2/search/things?fields=" + "a(".repeat(1_200) + "b" + ")".repeat(1_200)), 400,
                "json.fieldselector.invalid");

        assertEquals("no change was accepted", newest, newestAudit());
        assertEquals(etag, api.get(twin).header("ETag"));
        assertEquals(200, api.get("/api/2/things?ids=cz.wujin.fuzz:deep&fields=thingId,features").status());
        assertEquals(200, api.get("/api/health").status());
    }

    /**
     * A method a resource does not take is a 405 in Ditto's JSON whose Allow names the ones it does, whichever bundle
     * serves it: the things API, authentication, the MQTT status and the energy line (all on the HTTP kit).
     */
    @Test
    public void wrongMethodsGetA405InJsonWithAllow() {
        awaitServed("/api/dayuan/energy/status");
        awaitServed("/api/dayuan/mqtt");
        String[][] cases = {
            {"DELETE", "/api/dayuan/energy/indicators", "GET, HEAD"},
            {"POST", "/api/dayuan/energy/status", "GET, HEAD"},
            {"PUT", "/api/dayuan/mqtt", "GET, HEAD"},
            {"GET", "/api/dayuan/auth/login", "POST"},
            {"DELETE", "/api/dayuan/auth/whoami", "GET"},
            {"DELETE", "/api/2/things", "GET, HEAD, POST"},
            {"OPTIONS", "/api/2/things", "GET, HEAD, POST"},
            {"POST", TARGET, "GET, HEAD, PUT, PATCH, DELETE"},
            {"POST", "/api/health", "GET, HEAD"},
        };
        for (String[] c : cases) {
            Reply r = api.send(c[0], c[1], null, null);
            assertError(r, 405, "things:method.notallowed");
            assertEquals(r.toString(), c[2], r.header("Allow"));
            assertTrue(r.toString(), r.header("Content-Type").startsWith("application/json"));
        }
    }

    /** Waits until a servlet of a line that starts on its own is registered: until then its path is a 404. */
    private void awaitServed(String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (api.get(path).status() == 404) {
            assertTrue(path + " is served", System.nanoTime() < deadline);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** {@code levels} objects inside each other. */
    private static String nested(int levels) {
        return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    private long newestAudit() {
        return api.get("/api/dayuan/audit?limit=1").json().path("items").get(0).path("seq").asLong();
    }

    private Probe probe() {
        return switch (random.nextInt(7)) {
            case 0 -> credentials();
            case 1 -> path();
            case 2 -> json();
            case 3 -> rql();
            case 4 -> option();
            case 5 -> login();
            default -> header();
        };
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Valid requests with credentials that must not let them in; wrong passwords only for users that do not exist. */
    private Probe credentials() {
        String[] parts = token.split("\\.");
        String auth = pick("Basic", "Basic ", "Basic %%%", "Basic " + b64("no-colon"), "Basic " + b64(":"),
                "Basic " + b64("fuzz-nobody-" + random.nextInt(50) + ":guess" + random.nextInt()),
                "Basic " + b64("admin:" + Dist.ADMIN_PASSWORD).substring(3), "Bearer", "Bearer ", "Bearer abc",
                "Bearer a.b.c", "Bearer " + parts[0] + "." + parts[1] + ".",
                "Bearer " + b64("{\"alg\":\"none\"}").replace("=", "") + "." + parts[1] + ".",
                "Bearer " + parts[0] + "." + flip(parts[1]) + "." + parts[2],
                "Bearer " + parts[0] + "." + parts[1] + "." + flip(parts[2]), "Digest username=\"admin\"",
                "Negotiate " + b64("x"), "bearer" + token, randomAscii(1 + random.nextInt(200)),
                "Basic " + "A".repeat(4000));
        String path = pick(TARGET, "/api/2/search/things", "/api/dayuan/audit", "/api/dayuan/auth/whoami");
        return new Probe("credentials <" + abbreviate(auth) + ">", "GET", path, null, null, "Authorization", auth);
    }

    private String flip(String s) {
        int at = random.nextInt(s.length());
        char c = s.charAt(at);
        return s.substring(0, at) + (c == 'A' ? 'B' : 'A') + s.substring(at + 1);
    }

    private Probe path() {
        String path = pick("/api/2/things/%zz", "/api/2/things/no-namespace", "/api/2/things/:x",
                "/api/2/things/cz.wujin.fuzz:" + "n".repeat(300), TARGET + "/attributes/nothing-here",
                TARGET + "/features/nothing/properties", TARGET + "/unknown", TARGET + "/features/power/nothing",
                "/api/2/things/cz.wujin.fuzz:nobody", "/api/2/thingz", "/api/3/things", "/api/dayuan/audit/x",
                "/api/dayuan/nothing", "/api/2/things/cz.wujin.fuzz:t%00x", "/api/2/things/cz..wujin:x",
                "/api/2/things/" + URLEncoder.encode(randomText(20), StandardCharsets.UTF_8),
                "/api/dayuan/history/cz.wujin.fuzz:target?path=/nope", "/api/dayuan/energy/nothing",
                "/api/dayuan/models/nothing:Nope:9");
        return new Probe("path", "GET", path, null, null);
    }

    /** Bodies that are not valid JSON, or valid JSON of a shape the resource refuses. */
    private Probe json() {
        String body = switch (random.nextInt(6)) {
            case 0 -> VALID_BODY.substring(0, 1 + random.nextInt(VALID_BODY.length() - 1));
            case 1 -> "[".repeat(2_000 + random.nextInt(3_000));
            case 2 -> pick("[1,2]", "\"string\"", "42", "null", "true");
            case 3 -> VALID_BODY + pick("}", ",", "x", "{}");
            case 4 -> randomText(1 + random.nextInt(300));
            default -> "{\"attributes\":{\"parent\":" + pick("42", "\"no namespace\"", "\"cz.wujin.fuzz:nobody\"",
                    "[]", "\"cz.wujin.fuzz:target\"") + "}}";
        };
        return switch (random.nextInt(4)) {
            case 0 -> new Probe("json", "PUT", TARGET, "application/json", body);
            case 1 -> new Probe("json", "PATCH", TARGET, "application/merge-patch+json", body);
            case 2 -> new Probe("json media type", "PATCH", TARGET, pick("application/json", "text/plain",
                    "application/xml"), "{\"attributes\":{\"x\":1}}");
            default -> new Probe("json", "PUT", TARGET + "/attributes", "application/json",
                    pick("[1]", "\"x\"", "1"));
        };
    }

    private Probe rql() {
        String valid = VALID_FILTERS[random.nextInt(VALID_FILTERS.length)];
        String filter = switch (random.nextInt(4)) {
            case 0 -> valid.substring(0, 1 + random.nextInt(valid.length() - 1));
            case 1 -> valid + pick(")", ",", "x");
            case 2 -> pick("eq(attributes/x)", "foo(attributes/x,1)", "eq(,1)", "and()", "gt(attributes/x,abc)",
                    "like(attributes/x,1", "eq(attributes//x,1)", "in(attributes/x)");
            default -> "eq(attributes/" + randomText(5) + "," + randomText(3);
        };
        String path = pick("/api/2/search/things", "/api/2/search/things/count");
        return new Probe("rql <" + abbreviate(filter) + ">", "GET", path + "?filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8), null, null);
    }

    private Probe option() {
        String option = pick("size(0)", "size(-1)", "size(100000)", "size(x)", "sort(~thingId)", "sort()",
                "cursor(" + randomText(8) + ")", "limit(1,2)", "size(1),size(2)", "sort(+_revision", "cursor()");
        return new Probe("option " + option, "GET", "/api/2/search/things?option="
                + URLEncoder.encode(option, StandardCharsets.UTF_8), null, null);
    }

    private Probe login() {
        String body = pick("{", "[]", "{\"username\":1,\"password\":2}", "{\"username\":\"fuzz-nobody\"}",
                "{\"password\":\"x\"}", "{\"username\":\"fuzz-nobody\",\"password\":\"" + random.nextInt() + "\"}",
                "{\"username\":\"" + Dist.ADMIN + "\",\"password\":\"" + Dist.ADMIN_PASSWORD
                        + "\",\"expiresInSeconds\":\"soon\"}", randomText(40),
                "{\"username\":\"" + "u".repeat(20_000) + "\",\"password\":\"x\"}");
        return new Probe("login " + abbreviate(body), "POST", "/api/dayuan/auth/login",
                pick("application/json", "text/plain"), body, "Authorization", "");
    }

    private Probe header() {
        return switch (random.nextInt(4)) {
            case 0 -> new Probe("If-Match", "PATCH", TARGET + "/attributes", "application/merge-patch+json",
                    "{\"x\":1}", "If-Match", pick("\"rev:999999\"", "\"nope\"", "rev:1", "\"rev:-1\""));
            case 1 -> new Probe("If-None-Match", "PUT", TARGET, "application/json", VALID_BODY, "If-None-Match", "*");
            case 2 -> new Probe("Last-Event-ID", "GET", "/api/2/things", null, null, "Accept", "text/event-stream",
                    "Last-Event-ID", pick("yesterday", "-x", "1e9", "0x10"));
            default -> new Probe("search parameters", "GET", "/api/2/search/things?" + pick(
                    "condition=eq(attributes/x,1)", "namespaces=cz..wujin", "namespaces=-x", "fields=(((",
                    "fields=attributes/(x"), null, null);
        };
    }

    /** Printable and unprintable characters, including ones JSON, RQL and thingIds all refuse. */
    private String randomText(int length) {
        String alphabet = "abc(),/\"'\\{}[]:;*?&=%#<>|~`^\t 室楼\u00ff\u2028";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Printable ASCII only: what an HTTP client lets through as a header value. */
    private String randomAscii(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) (' ' + 1 + random.nextInt(94)));
        }
        return b.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    /**
     * Absurd time ranges on every API that takes one (history series, historical streams and states, the audit trail,
     * the energy line's consumption, indicators and factors): years far outside 1970 to 9999, a range that ends
     * before it starts, more points than one answer may hold. Each is a 400 in Ditto's shape, computed before any
     * work, and nothing changes.
     */
    @Test
    public void absurdRangesOnEveryApiThatTakesFromAndToGetClientErrorsAndChangeNothing() {
        long newest = newestAudit();
        int twins = api.get("/api/health").json().path("twins").asInt();
        String meter = api.get("/api/2/search/things?filter=" + urlEncode("eq(definition,\"dayuan:EnergyMeter:1.0.0\")")
                + "&option=size(1)&fields=thingId").json().path("items").path(0).path("thingId").asText(CAMPUS);
        String series = "/api/dayuan/history/" + CAMPUS + "?path=" + urlEncode("/attributes/name");
        String[][] instants = {{"2026-01-01T00:00:00Z", "+999999999-12-31T00:00:00Z"},
            {"-999999999-01-01T00:00:00Z", "2026-01-01T00:00:00Z"}, {"0001-01-01T00:00:00Z", "9999-12-31T00:00:00Z"},
            {"1969-12-31T23:59:59Z", "2026-01-01T00:00:00Z"}, {"2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"}};
        List<String> requests = new ArrayList<>();
        for (String[] r : instants) {
            String from = urlEncode(r[0]);
            String to = urlEncode(r[1]);
            requests.add(series + "&from=" + from + "&to=" + to + "&step=P1D");
            requests.add("/api/dayuan/audit?from=" + from + "&to=" + to);
            requests.add("SSE /api/2/things/" + CAMPUS + "?from-historical-timestamp=" + from
                    + "&to-historical-timestamp=" + to);
        }
        requests.add(series + "&from=2016-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&step=PT1S");
        requests.add("/api/2/things/" + CAMPUS + "?at-historical-timestamp=" + urlEncode("+999999999-12-31T00:00:00Z"));
        requests.add("/api/2/things/" + CAMPUS + "?at-historical-timestamp=0001-01-01T00:00:00Z");
        String consumption = "/api/dayuan/energy/consumption?meter=" + meter + "&resolution=";
        for (String range : new String[] {"quarter_hour&from=2016-01-01&to=2026-01-01",
            "month&from=0001-01-01&to=2100-01-01", "quarter_hour&from=2026-01-01&to=" + urlEncode("+999999999-12-31"),
            "day&from=" + urlEncode("-999999999-01-01") + "&to=2026-01-01", "hour&from=2026-01-02&to=2026-01-01"}) {
            requests.add(consumption + range);
        }
        requests.add("/api/dayuan/energy/indicators?period=" + urlEncode("+999999999-12"));
        requests.add("/api/dayuan/energy/factors?year=999999999");

        List<String> failures = new ArrayList<>();
        for (String request : requests) {
            boolean stream = request.startsWith("SSE ");
            String path = stream ? request.substring(4) : request;
            Reply r = stream ? api.send("GET", path, null, null, "Accept", "text/event-stream") : api.get(path);
            try {
                assertError(r, 400, "things:parameter.invalid");
            } catch (AssertionError e) {
                failures.add(request + " -> " + r);
            }
        }
        assertTrue(failures.size() + " of " + requests.size() + " absurd ranges were not refused:\n"
                + String.join("\n", failures), failures.isEmpty());
        assertEquals(200, api.get("/api/health").status());
        assertEquals("no change was accepted", newest, newestAudit());
        assertEquals(twins, api.get("/api/health").json().path("twins").asInt());
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
