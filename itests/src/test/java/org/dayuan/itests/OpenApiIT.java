package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.karaf.features.FeaturesService;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The OpenAPI document at /api/dayuan/openapi.json against the running distribution: it is OpenAPI 3, every servlet
 * under /api is in it, and every documented operation, driven without credentials, without a Dayuan role, with ids
 * that do not exist, with a malformed body and with the document's own examples, answers only statuses the document
 * lists for it, and the ones a client can always provoke (401, 403, 404, 400, a success) are seen.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OpenApiIT extends DistributionTest {
    private static final String DOC = "/api/dayuan/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");
    private static final String SAMPLE_FEATURE = "dayuan-sample";
    private static final String SAMPLE_BUNDLE = "org.dayuan.line-sample";
    /**
     * A twin this test creates for the Ditto API's writes, so they can succeed without the demo county being torn up
     * before the operations that read it.
     */
    private static final String SCRATCH = "cz.wujin:openapi-scratch";
    /** The catch-all that answers 404 to every other /api path: it documents nothing of its own. */
    private static final String CATCH_ALL = "/api/*";
    /**
     * Operations whose success needs state the demo county does not hold and a test cannot make in passing (an
     * alarm in the right state, a bill to import); the other statuses of these are still checked. Keyed
     * "METHOD path", with why.
     */
    private static final Map<String, String> SUCCESS_NOT_DRIVEN = Map.of(
            "POST /api/dayuan/auth/logout", "ends the bearer token it is sent with; the test logs in with Basic");

    /** The paths creations answered with Location, and the thingIds they answered, by the template created at. */
    private final List<String> locations = new ArrayList<>();
    private final Map<String, String> createdIds = new LinkedHashMap<>();
    private final AtomicInteger unknownIds = new AtomicInteger();
    /** How many operations {@link #drive} sent requests for. */
    private int driven;

    @Inject
    private BundleContext context;
    @Inject
    private FeaturesService features;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        options.add(editConfigurationFilePut("etc/org.dayuan.identities.cfg", "bundle." + SAMPLE_BUNDLE,
                "integrator, ns:*"));
        return options.toArray(Option[]::new);
    }

    @Test
    public void theDocumentIsOpenApi3ForAnybody() {
        Reply reply = api.anonymous().get(DOC);
        assertEquals(reply.toString(), 200, reply.status());
        assertTrue(reply.toString(), reply.header("Content-Type").startsWith("application/json"));
        JsonNode doc = reply.json();
        List<String> problems = OpenApiCheck.structure(doc);
        assertTrue("not a well-formed OpenAPI 3 document:\n" + String.join("\n", problems), problems.isEmpty());
        assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText());
        assertEquals("basic", doc.at("/components/securitySchemes/basic/scheme").asText());
        assertEquals("twin-http", doc.at("/paths/~1api~12~1things/x-dayuan-bundle").asText().replace("org.dayuan.",
                ""));
    }

    @Test
    public void everyRegisteredApiServletIsDocumentedAndEveryDocumentedPathServed() throws Exception {
        JsonNode doc = api.anonymous().get(DOC).json();
        Set<String> paths = new TreeSet<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        Set<String> patterns = registeredPatterns();
        assertTrue("the servlets were found: " + patterns, patterns.contains("/api/2/things/*"));
        List<String> undocumented = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern.startsWith("/api") && !pattern.equals(CATCH_ALL)
                    && paths.stream().noneMatch(p -> covers(pattern, p))) {
                undocumented.add(pattern);
            }
        }
        assertEquals("registered under /api but not in the document", List.of(), undocumented);
        List<String> unserved = new ArrayList<>();
        for (String path : paths) {
            if (patterns.stream().noneMatch(p -> !p.equals(CATCH_ALL) && covers(p, path))) {
                unserved.add(path);
            }
        }
        assertEquals("in the document but served by no servlet", List.of(), unserved);
    }

    @Test
    public void everyDocumentedOperationAnswersOnlyWhatItDocuments() throws Exception {
        // a definition outside dayuan: is not checked against a model, so every write of the document can land
        Reply scratch = api.put("/api/2/things/" + SCRATCH, "{'definition':'cz.wujin:Scratch:1.0.0','policyId':'"
                + SCRATCH + "','attributes':{'name':'OpenAPI 测试','parent':'" + CAMPUS + "'},'features':{'sensor':"
                + "{'definition':['cz.wujin:Thermometer:1.0.0'],'properties':{'temperature':21.5},"
                + "'desiredProperties':{'temperature':22}}}}");
        assertEquals(scratch.toString(), 201, scratch.status());
        List<String> failures = drive(api.anonymous().get(DOC).json(), path -> true);
        assertTrue(failures.size() + " disagreements with the document:\n" + String.join("\n", failures),
                failures.isEmpty());
        // the Ditto API alone has more than 50 operations: a document that lost its lines would still pass above
        assertTrue("operations driven: " + driven, driven >= 120);
    }

    @Test
    public void aLinesPathsComeAndGoWithItsBundle() throws Exception {
        String visitors = "/api/dayuan/visitors/{passId}/checkin";
        assertFalse(api.anonymous().get(DOC).json().path("paths").has(visitors));
        features.installFeature(SAMPLE_FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        try {
            JsonNode doc = awaitDocument(d -> d.path("paths").has(visitors));
            assertEquals(SAMPLE_BUNDLE, doc.path("paths").path(visitors).path("x-dayuan-bundle").asText());
            api.awaitHealthy(DEMO_TWINS, Duration.ofSeconds(60));
            // the pass the document's example names, issued by the line's route, so the check-in can succeed
            String pass = doc.path("paths").path(visitors).path("parameters").path(0).path("example").asText();
            Reply created = api.put("/api/2/things/" + pass, "{'definition':'dayuan:VisitorPass:1.0.0','attributes':"
                    + "{'name':'张三 来访','parent':'cz.wujin:bldg-b','visitor':'张三','host':'办公室 李四',"
                    + "'validUntil':'2099-12-31T18:00:00+08:00'}}");
            assertEquals(created.toString(), 201, created.status());
            awaitDocument(d -> "issued".equals(api.get("/api/2/things/" + pass
                    + "/features/pass/properties/state").json().asText()));
            List<String> failures = drive(doc, path -> path.startsWith("/api/dayuan/visitors"));
            assertTrue(String.join("\n", failures), failures.isEmpty());
        } finally {
            features.uninstallFeature(SAMPLE_FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        }
        awaitDocument(d -> !d.path("paths").has(visitors));
    }

    /** The document once {@code condition} holds for it, within 30 s. */
    private JsonNode awaitDocument(Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode doc = api.anonymous().get(DOC).json();
        while (!condition.test(doc)) {
            assertTrue("what was awaited did not happen within 30 s", System.nanoTime() < deadline);
            Thread.sleep(100);
            doc = api.anonymous().get(DOC).json();
        }
        return doc;
    }

    /** Every whiteboard servlet's patterns, as the framework has them registered now. */
    private Set<String> registeredPatterns() throws Exception {
        Set<String> out = new TreeSet<>();
        ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(osgi.http.whiteboard.servlet.pattern=*)");
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            Object pattern = ref.getProperty("osgi.http.whiteboard.servlet.pattern");
            if (pattern instanceof String s) {
                out.add(s);
            } else if (pattern instanceof String[] a) {
                out.addAll(List.of(a));
            } else if (pattern instanceof Collection<?> c) {
                c.forEach(p -> out.add(String.valueOf(p)));
            }
        }
        return out;
    }

    /** Whether a servlet pattern serves a documented path template: exactly, or below a "/*" prefix. */
    static boolean covers(String pattern, String path) {
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
        return pattern.equals(path);
    }

    /** One documented operation. */
    private record Operation(String method, String template, JsonNode op, List<JsonNode> parameters) {
        String name() {
            return method.toUpperCase() + " " + template;
        }

        boolean secured() {
            return !op.has("security") || !op.path("security").isEmpty();
        }

        Set<Integer> documented() {
            Set<Integer> out = new TreeSet<>();
            op.path("responses").fieldNames().forEachRemaining(s -> out.add(Integer.parseInt(s)));
            return out;
        }

        boolean hasPathParameters() {
            return template.contains("{");
        }

        /** The first media type of the request body, or null without one. */
        String bodyType() {
            var it = op.path("requestBody").path("content").fieldNames();
            return it.hasNext() ? it.next() : null;
        }
    }

    /**
     * Drives every operation of the paths {@code include} accepts and returns what disagrees with the document. Reads
     * first, then writes, deletes last and deepest first, so a write cannot take away what a read was shown.
     */
    private List<String> drive(JsonNode doc, Predicate<String> include) {
        List<Operation> ops = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> {
            if (!include.test(p.getKey())) {
                return;
            }
            p.getValue().fields().forEachRemaining(m -> {
                if (METHODS.contains(m.getKey())) {
                    List<JsonNode> params = new ArrayList<>();
                    p.getValue().path("parameters").forEach(params::add);
                    m.getValue().path("parameters").forEach(params::add);
                    ops.add(new Operation(m.getKey(), p.getKey(), m.getValue(), params));
                }
            });
        });
        ops.sort(Comparator.comparingInt(OpenApiIT::phase)
                .thenComparing(o -> o.method().equals("delete") ? -o.template().length() : 0));
        List<String> failures = new ArrayList<>();
        Api noRole = api.as("no-role", Dist.USER_PASSWORD);
        for (Operation o : ops) {
            driven++;
            Map<Integer, String> seen = new LinkedHashMap<>();
            String valid = uri(o, false, failures);
            if (valid == null) {
                continue;
            }
            String type = o.bodyType();
            String example = type == null ? null : example(o, type);
            seen.putIfAbsent(send(api.anonymous(), o, valid, type, example).status(), "without credentials");
            if (o.secured()) {
                seen.putIfAbsent(send(noRole, o, valid, type, example).status(), "without a Dayuan role");
            }
            if (o.hasPathParameters()) {
                seen.putIfAbsent(send(api, o, uri(o, true, failures), type, example).status(), "with unknown ids");
            }
            if (type != null && type.contains("json")) {
                seen.putIfAbsent(send(api, o, valid, type, "{\"unclosed\": ").status(), "with a malformed body");
            }
            Reply success = send(api, o, valid, type, example);
            seen.putIfAbsent(success.status(), "as documented: " + success);
            if (phase(o) == 0 && success.status() >= 200 && success.status() < 300) {
                remember(o, success);
            }
            Set<Integer> documented = o.documented();
            seen.forEach((status, how) -> {
                if (!documented.contains(status)) {
                    failures.add(o.name() + " answered " + status + " " + how + "; documented: " + documented);
                }
            });
            List<Integer> provokable = new ArrayList<>();
            if (o.secured()) {
                provokable.addAll(List.of(401, 403));
            }
            if (o.hasPathParameters()) {
                provokable.add(404);
            }
            if (type != null && type.contains("json")) {
                provokable.add(400);
            }
            for (int status : provokable) {
                if (documented.contains(status) && !seen.containsKey(status)) {
                    failures.add(o.name() + " never answered its documented " + status + "; seen: " + seen.keySet());
                }
            }
            boolean succeeded = seen.keySet().stream().anyMatch(s -> s >= 200 && s < 300);
            if (!succeeded && !SUCCESS_NOT_DRIVEN.containsKey(o.name())) {
                failures.add(o.name() + " never succeeded with the document's examples: " + success);
            }
        }
        return failures;
    }

    /**
     * Creations first (a POST that documents 201 Created or 202 Accepted), so what they create can be read and stepped; then reads,
     * then the other writes, deletes last.
     */
    private static int phase(Operation o) {
        return switch (o.method()) {
            case "post" -> o.documented().contains(201) || o.documented().contains(202) ? 0 : 2;
            case "get" -> 1;
            case "delete" -> 3;
            default -> 2;
        };
    }

    /** What a creation answered: its Location, and its thingId for the paths below the collection. */
    private void remember(Operation o, Reply created) {
        String location = created.header("Location");
        if (location != null) {
            locations.add(URI.create(location).getPath());
        }
        if (created.body().isPresent() && created.json().hasNonNull("thingId")) {
            createdIds.put(o.template(), created.json().path("thingId").asText());
        }
    }

    /** The value a creation gave a path parameter of {@code template}, or null. */
    private String created(String template, String name) {
        for (String location : locations) {
            Matcher m = pattern(template).matcher(location);
            if (m.matches()) {
                try {
                    return m.group(name);
                } catch (IllegalArgumentException notThere) {
                    // named differently in this template
                }
            }
        }
        for (Map.Entry<String, String> e : createdIds.entrySet()) {
            if (template.startsWith(e.getKey() + "/{" + name + "}")) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A path template as a regular expression, each {name} a named group of one segment. */
    static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher v = Pattern.compile("\\{([^}/]+)}").matcher(template);
        int at = 0;
        while (v.find()) {
            regex.append(Pattern.quote(template.substring(at, v.start()))).append("(?<").append(v.group(1))
                    .append(">[^/]+)");
            at = v.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(at))).toString());
    }

    private static Reply send(Api client, Operation o, String uri, String type, String body) {
        return client.send(o.method().toUpperCase(), uri, body == null ? null : type, body);
    }

    /** The request body to send: the document's example, as text for a text media type, as JSON otherwise. */
    private static String example(Operation o, String type) {
        JsonNode media = o.op().path("requestBody").path("content").path(type);
        JsonNode example = media.path("example");
        if (example.isMissingNode()) {
            // an optional body without an example is driven without one (a login with Basic credentials)
            return o.op().path("requestBody").path("required").asBoolean() ? "{}" : null;
        }
        return example.isTextual() && !type.contains("json") ? example.asText() : example.toString();
    }

    /**
     * The URI of an operation with its examples, or with ids that do not exist; required query parameters get their
     * examples. Null, and a failure, when the document gives no value for a parameter the request needs.
     */
    private String uri(Operation o, boolean unknown, List<String> failures) {
        String path = o.template();
        StringBuilder query = new StringBuilder();
        for (JsonNode p : o.parameters()) {
            String name = p.path("name").asText();
            String in = p.path("in").asText();
            JsonNode example = p.path("example");
            if (in.equals("path")) {
                String value = o.template().startsWith("/api/2/things/{thingId}") && name.equals("thingId")
                        ? SCRATCH : created(o.template(), name);
                value = value != null ? value : example.asText(null);
                if (value == null) {
                    failures.add(o.name() + ": path parameter " + name + " has no example");
                    return null;
                }
                if (unknown) {
                    // a new name every time: a PUT creates what it names, and the next request must not find it
                    String fresh = "openapi-no-such-" + unknownIds.incrementAndGet();
                    value = value.contains(":") ? "cz.wujin:" + fresh : fresh;
                }
                path = path.replace("{" + name + "}", value);
            } else if (in.equals("query") && p.path("required").asBoolean()) {
                if (example.isMissingNode()) {
                    failures.add(o.name() + ": required query parameter " + name + " has no example");
                    return null;
                }
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(example.asText(), StandardCharsets.UTF_8));
            }
        }
        return path + query;
    }

    static Set<String> names(JsonNode object) {
        Set<String> out = new HashSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
