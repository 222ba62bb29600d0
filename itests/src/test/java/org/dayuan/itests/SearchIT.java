package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Ditto's search API ({@code /api/2/search/things}, {@code /count}) and Dayuan's {@code descendants} over the demo
 * county. Twins this class writes live in namespace {@value #OWN}, so counts restricted to {@code cz.wujin} stay
 * those of the demo.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SearchIT extends DistributionTest {
    private static final String SEARCH = "/api/2/search/things";
    private static final String OWN = "cz.wujin.search";
    private static final String DEMO = "&namespaces=cz.wujin";
    private static final String ROOM = "dayuan:Room:1.0.0";
    private static final String DETECTOR = "dayuan:FireDetector:1.0.0";
    private static final String METER = "dayuan:EnergyMeter:1.0.0";
    private static final int ROOMS = 347;
    private static final int DETECTORS = 356;
    /** The code of ErrorCode.SEARCH_OPTION_INVALID; Ditto's own is thing-search:search.option.invalid. */
    private static final String OPTION_INVALID = "thing-search:search.option.invalid";
    private static final String RQL_INVALID = "rql.expression.invalid";

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** {@code /count} of a filter over the demo namespace. */
    private long count(String filter) {
        Reply r = api.get(SEARCH + "/count?filter=" + enc(filter) + DEMO);
        assertEquals(r.toString(), 200, r.status());
        assertTrue(r.toString(), r.json().isIntegralNumber());
        return r.json().asLong();
    }

    private JsonNode search(String query) {
        Reply r = api.get(SEARCH + "?" + query);
        assertEquals(r.toString(), 200, r.status());
        return r.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(t -> out.add(t.path("thingId").asText()));
        return out;
    }

    /** Every page of a query, following the cursors; fails if a page is larger than {@code size}. */
    private List<JsonNode> allItems(String filter, String sort, int size) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            String option = (sort == null ? "" : sort + ",") + "size(" + size + ")"
                    + (cursor == null ? "" : ",cursor(" + cursor + ")");
            JsonNode page = search("filter=" + enc(filter) + "&option=" + enc(option) + "&fields="
                    + enc("thingId,attributes/usableArea"));
            assertTrue(page.path("items").size() <= size);
            page.path("items").forEach(out::add);
            cursor = page.has("cursor") ? page.path("cursor").asText() : null;
            assertTrue("a cursor only when more follow", cursor == null || page.path("items").size() == size);
        } while (cursor != null);
        return out;
    }

    @Test
    public void everyOperatorAnswersOverTheDemoCounty() {
        assertEquals(ROOMS, count("eq(definition,\"" + ROOM + "\")"));
        assertEquals(DETECTORS, count("eq(definition,'" + DETECTOR + "')"));
        assertEquals(DEMO_TWINS - ROOMS, count("ne(definition,\"" + ROOM + "\")"));
        assertEquals(ROOMS + DETECTORS, count("in(definition,\"" + ROOM + "\",\"" + DETECTOR + "\")"));
        assertEquals(ROOMS + DETECTORS, count("or(eq(definition,\"" + ROOM + "\"),eq(definition,\"" + DETECTOR
                + "\"))"));
        assertEquals(ROOMS, count("like(thingId,\"cz.wujin:room-*\")"));
        long inA = count("like(thingId,\"cz.wujin:room-a-*\")");
        assertTrue(inA > 0 && inA < ROOMS);
        assertEquals(inA, count("ilike(thingId,\"CZ.WUJIN:ROOM-A-*\")"));
        assertEquals(inA, count("like(thingId,\"cz.wujin:room-a-????\")"));
        assertEquals(count("eq(definition,\"" + METER + "\")"), count("exists(features/energy)"));
        assertEquals(DEMO_TWINS, count("exists(thingId)"));
        assertEquals(1, count("eq(thingId,\"" + CAMPUS + "\")"));
        long roots = count("empty(_parent)");
        assertTrue("organisations and the campus have no parent", roots > 1);
        assertEquals(DEMO_TWINS, count("exists(attributes/parent)") + roots);

        long area = count("exists(attributes/usableArea)");
        assertEquals(ROOMS, area);
        for (String v : List.of("10", "20.5", "36")) {
            assertEquals(area, count("gt(attributes/usableArea," + v + ")") + count("le(attributes/usableArea," + v
                    + ")"));
            assertEquals(area, count("ge(attributes/usableArea," + v + ")") + count("lt(attributes/usableArea," + v
                    + ")"));
        }
        long idle = count("and(eq(definition,\"" + ROOM + "\"),eq(attributes/status,\"idle\"))");
        assertTrue(idle > 0);
        assertEquals(ROOMS, idle + count("and(eq(definition,\"" + ROOM + "\"),not(eq(attributes/status,\"idle\")))"));
        long faulty = count("eq(features/*/properties/fault,true)");
        assertTrue(faulty > 0);
        assertEquals(faulty, count("eq(features/status/properties/fault,true)"));
        assertEquals(DEMO_TWINS, count("gt(_modified,\"2020\")"));
        assertEquals(DEMO_TWINS, count("ge(_revision,1)"));
        assertEquals(DEMO_TWINS, count("eq(_namespace,\"cz.wujin\")"));
    }

    @Test
    public void cursorsPageThroughEveryRoomOnceInEveryOrder() {
        String rooms = "eq(definition,\"" + ROOM + "\")";
        List<String> byId = new ArrayList<>();
        allItems(rooms, null, 50).forEach(t -> byId.add(t.path("thingId").asText()));
        assertEquals(ROOMS, byId.size());
        assertEquals(ROOMS, new HashSet<>(byId).size());
        List<String> sorted = new ArrayList<>(byId);
        sorted.sort(null);
        assertEquals("default order is +thingId", sorted, byId);

        List<JsonNode> byArea = allItems(rooms, "sort(-attributes/usableArea)", 25);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < byArea.size(); i++) {
            assertTrue("no duplicates", seen.add(byArea.get(i).path("thingId").asText()));
            if (i > 0) {
                double before = byArea.get(i - 1).path("attributes").path("usableArea").asDouble();
                double now = byArea.get(i).path("attributes").path("usableArea").asDouble();
                assertTrue(before + " then " + now, before >= now);
            }
        }
        assertEquals(new HashSet<>(byId), seen);
        assertEquals(ROOMS, allItems(rooms, "sort(-thingId)", 200).size());
    }

    @Test
    public void aCursorAloneFetchesTheNextPageAndRefusesOtherQueries() {
        JsonNode first = search("filter=" + enc("eq(definition,\"" + ROOM + "\")") + "&option=" + enc("size(10)"));
        assertEquals(10, first.path("items").size());
        String cursor = first.path("cursor").asText();
        assertFalse(cursor.isEmpty());
        JsonNode second = search("option=" + enc("size(10),cursor(" + cursor + ")"));
        assertEquals(10, second.path("items").size());
        assertTrue(ids(first).get(9).compareTo(ids(second).get(0)) < 0);
        assertError(api.get(SEARCH + "?filter=" + enc("exists(thingId)") + "&option=" + enc("cursor(" + cursor + ")")),
                400, OPTION_INVALID);
        assertError(api.get(SEARCH + "?option=" + enc("sort(-thingId),cursor(" + cursor + ")")), 400, OPTION_INVALID);
        assertError(api.get(SEARCH + "?option=" + enc("cursor(not-a-cursor)")), 400, OPTION_INVALID);
    }

    @Test
    public void defaultPageSortAndFieldsFollowDitto() {
        JsonNode page = search("namespaces=cz.wujin");
        assertEquals(25, page.path("items").size());
        assertTrue(page.has("cursor"));
        JsonNode item = page.path("items").get(0);
        assertTrue(item.has("attributes"));
        assertFalse("read-only fields only when selected", item.has("_revision"));

        JsonNode selected = search("filter=" + enc("eq(thingId,\"cz.wujin:room-a-0305\")")
                + "&fields=" + enc("thingId,attributes(name,usableArea),_revision,_namespace"));
        assertFalse(selected.has("cursor"));
        JsonNode room = selected.path("items").get(0);
        assertEquals("cz.wujin:room-a-0305", room.path("thingId").asText());
        assertEquals(2, room.path("attributes").size());
        assertTrue(room.path("_revision").asLong() >= 1);
        assertEquals("cz.wujin", room.path("_namespace").asText());
        assertFalse(room.has("features"));

        JsonNode largest = search("filter=" + enc("eq(definition,\"" + ROOM + "\")") + "&option="
                + enc("sort(-attributes/usableArea,+thingId),size(3)") + "&fields=" + enc("attributes/usableArea"));
        double a0 = largest.path("items").get(0).path("attributes").path("usableArea").asDouble();
        double a2 = largest.path("items").get(2).path("attributes").path("usableArea").asDouble();
        assertTrue(a0 >= a2);
        assertEquals(3, largest.path("items").size());
    }

    @Test
    public void namespacesAndPostFormsWork() {
        String id = OWN + ":ns-" + UUID.randomUUID();
        assertEquals(201, api.put("/api/2/things/" + id, "{'attributes':{'kind':'namespace-test'}}").status());
        JsonNode own = search("namespaces=" + OWN + "&filter=" + enc("eq(attributes/kind,\"namespace-test\")"));
        assertEquals(List.of(id), ids(own));
        assertEquals("not in the demo namespace", 0, count("eq(attributes/kind,\"namespace-test\")"));

        Reply post = api.send("POST", SEARCH, "application/x-www-form-urlencoded",
                "filter=" + enc("eq(attributes/kind,\"namespace-test\")") + "&namespaces=" + enc(OWN + ",cz.wujin")
                        + "&fields=thingId&option=" + enc("size(5)"));
        assertEquals(post.toString(), 200, post.status());
        assertEquals(List.of(id), ids(post.json()));
        Reply postCount = api.send("POST", SEARCH + "/count", "application/x-www-form-urlencoded",
                "filter=" + enc("eq(definition,\"" + ROOM + "\")") + "&namespaces=cz.wujin");
        assertEquals(postCount.toString(), String.valueOf(ROOMS), postCount.raw().body());
        assertEquals(204, api.delete("/api/2/things/" + id).status());
    }

    @Test
    public void searchReadsItsOwnWritesAtOnce() {
        String root = OWN + ":rw-" + UUID.randomUUID();
        assertEquals(201, api.put("/api/2/things/" + root, "{}").status());
        for (int i = 0; i < 20; i++) {
            String id = root + "-" + i;
            String mark = "mark-" + UUID.randomUUID();
            assertEquals(201, api.put("/api/2/things/" + id, "{'attributes':{'status':'" + mark + "','parent':'" + root
                    + "'}}").status());
            assertEquals(List.of(id), ids(search("filter=" + enc("eq(attributes/status,\"" + mark + "\")"))));
            assertEquals(204, api.put("/api/2/things/" + id + "/attributes/status", "'moved'").status());
            assertEquals(List.of(), ids(search("filter=" + enc("eq(attributes/status,\"" + mark + "\")"))));
            assertEquals(i + 1, api.get(SEARCH + "/count?filter=" + enc("eq(_ancestors,\"" + root + "\")")).json()
                    .asInt());
        }
        assertEquals(204, api.delete("/api/2/things/" + root + "?recursive=true").status());
        assertEquals("0", api.get(SEARCH + "/count?filter=" + enc("eq(_ancestors,\"" + root + "\")")).raw().body());
    }

    @Test
    public void descendantsFilterTheSubtreeAndStopAtTheDepth() {
        String b = "/api/2/things/cz.wujin:bldg-b/descendants";
        Reply detectors = api.get(b + "?filter=" + enc("eq(definition,\"" + DETECTOR + "\")")
                + "&fields=thingId,definition");
        assertEquals(detectors.toString(), 200, detectors.status());
        assertTrue(detectors.json().size() > 0);
        for (JsonNode d : detectors.json()) {
            String id = d.path("thingId").asText();
            assertEquals(DETECTOR, d.path("definition").asText());
            assertTrue(id, id.startsWith("cz.wujin:fd-b-") || id.startsWith("cz.wujin:mcp-b-"));
        }
        assertEquals(detectors.json().size(), count("and(eq(definition,\"" + DETECTOR + "\"),eq(_ancestors,"
                + "\"cz.wujin:bldg-b\"))"));
        assertEquals(detectors.json().size(), count("and(eq(definition,\"" + DETECTOR + "\"),or(like(thingId,"
                + "\"cz.wujin:fd-b-*\"),like(thingId,\"cz.wujin:mcp-b-*\")))"));

        Reply floors = api.get(b + "?depth=1&fields=thingId");
        assertEquals(200, floors.status());
        assertEquals(api.get("/api/2/things/cz.wujin:bldg-b/children?fields=thingId").json(), floors.json());
        assertEquals("building B has six floors", 6, floors.json().size());
        floors.json().forEach(f -> assertTrue(f.toString(),
                f.path("thingId").asText().startsWith("cz.wujin:bldg-b-f")));
        Reply all = api.get(b);
        assertEquals(count("eq(_ancestors,\"cz.wujin:bldg-b\")"), all.json().size());
        assertError(api.get("/api/2/things/cz.wujin:nothing/descendants"), 404, "things:thing.notfound");
        assertError(api.get(b + "?filter=" + enc("eq(definition")), 400, RQL_INVALID);
    }

    @Test
    public void malformedRqlIsA400NamingThePosition() {
        Reply r = api.get(SEARCH + "?filter=" + enc("eq(thingId,\"a\"]"));
        assertError(r, 400, RQL_INVALID);
        assertTrue(r.toString(), r.json().path("message").asText().contains("position 14"));
        Reply count = api.get(SEARCH + "/count?filter=" + enc("and(eq(attributes/status,\"idle\"),"));
        assertError(count, 400, RQL_INVALID);
        assertTrue(count.toString(), count.json().path("message").asText().contains("position 33"));
        assertError(api.get(SEARCH + "?filter=" + enc("eq(attribute/status,\"idle\")")), 400, RQL_INVALID);
        assertError(api.get(SEARCH + "?option=" + enc("size(0)")), 400, OPTION_INVALID);
        assertError(api.get(SEARCH + "?option=" + enc("size(201)")), 400, OPTION_INVALID);
        assertError(api.get(SEARCH + "?option=" + enc("sort(thingId)")), 400, OPTION_INVALID);
        assertError(api.get(SEARCH + "?namespaces=" + enc("9bad")), 400, "things:parameter.invalid");
        assertError(api.get(SEARCH + "?fields=" + enc("attributes(")), 400, "json.fieldselector.invalid");
        assertError(api.get(SEARCH + "/nothing"), 404, "things:resource.notfound");
        assertError(api.get("/api/2/search/policies"), 404, "things:resource.notfound");
        assertError(api.send("PUT", SEARCH, "application/json", "{}"), 405, "things:method.notallowed");
        assertError(api.send("POST", SEARCH, "application/json", "{}"), 415, "mediatype.unsupported");
    }

    @Test
    public void garbageNeverGetsA500() {
        List<String> queries = new ArrayList<>();
        for (String filter : List.of("", " ", "(", ")", "eq(", "eq()", "eq(,)", "and(,)", "not()", "in(thingId,)",
                "eq(thingId,\"\\u12\")", "eq(thingId,'unterminated", "like(thingId,1)", "exists(features/*/x)",
                "eq(_ancestors,1)", "eq(_ancestors,\"no id\")", "gt(_modified,\"not a time\")",
                "not(".repeat(500) + "exists(thingId)" + ")".repeat(500), "eq(thingId,1e999999)",
                "eq(attributes/a~2b,1)", "eq(attributes/\u0000,1)", "\u4e2d", "eq(thingId,\"\u4e2d\")")) {
            queries.add("filter=" + enc(filter));
        }
        for (String option : List.of("", ",", "size(", "size(1,2)", "sort(+)", "sort(-attributes/)", "cursor()",
                "cursor(%%%)", "limit(0,5)", "sort(+_ancestors)", "size(1),size(1)",
                "sort(+features/*/properties/x)")) {
            queries.add("option=" + enc(option));
        }
        for (String extra : List.of("namespaces=,,", "namespaces=" + enc("a b"), "fields=" + enc(",,"),
                "fields=" + enc("(((("), "condition=" + enc("exists(thingId)"))) {
            queries.add(extra);
        }
        for (String q : queries) {
            for (String path : List.of(SEARCH, SEARCH + "/count")) {
                Reply r = api.get(path + "?" + q);
                assertTrue(path + "?" + q + " -> " + r, r.status() < 500);
                assertFalse(r.toString(), r.raw().body().contains("Exception"));
            }
            Reply d = api.get("/api/2/things/cz.wujin:bldg-b/descendants?" + q);
            assertTrue(q + " -> " + d, d.status() < 500);
        }
        for (String raw : List.of("?filter=%zz", "?option=%C0%AF", "/count?filter=eq(thingId,%22a%", "?filter=%00")) {
            int status = api.rawStatus("GET", SEARCH + raw);
            assertTrue(raw + " -> " + status, status >= 400 && status < 500);
        }
        assertEquals(200, api.get("/api/health").status());
    }

    /** Every proper prefix of a complete filter is unfinished, so each is a malformed filter with a known spot. */
    @Test
    public void generatedMalformedFiltersAreEachA400NamingThePosition() {
        List<String> complete = List.of(
                "and(eq(definition,\"dayuan:Room:1.0.0\"),gt(attributes/usableArea,12),exists(attributes/occupants))",
                "or(like(thingId,\"cz.wujin:room-a-*\"),in(attributes/status,\"idle\",\"letOut\"))",
                "not(exists(features/*/properties/fire))",
                "ilike(attributes/name,\"*办公*\")");
        List<String> malformed = new ArrayList<>();
        for (String filter : complete) {
            for (int end = 1; end < filter.length(); end++) {
                malformed.add(filter.substring(0, end));
            }
            malformed.add(filter.replace(')', ']'));
        }
        assertTrue(malformed.size() + " generated", malformed.size() >= 200);
        for (String filter : malformed) {
            Reply r = api.get(SEARCH + "/count?filter=" + enc(filter));
            assertError(r, 400, RQL_INVALID);
            assertTrue(filter + " -> " + r, r.json().path("message").asText().contains("position"));
        }
        assertEquals(200, api.get("/api/health").status());
    }

    @Test
    public void anEventStreamSendsEveryMatchOnceInThingIdOrderAndResumesAfterLastEventId() throws Exception {
        String rooms = SEARCH + "?filter=" + enc("eq(definition,\"" + ROOM + "\")") + "&fields=thingId" + DEMO;
        List<String> streamed = new ArrayList<>();
        try (SseClient sse = new SseClient(port, rooms)) {
            assertEquals(200, sse.status);
            for (int i = 0; i < ROOMS; i++) {
                SseClient.Event e = sse.next(10);
                assertEquals(e.id(), e.data().path("thingId").asText());
                assertEquals(e.data().toString(), 1, e.data().size());
                streamed.add(e.id());
            }
            assertTrue("the stream ends after the last match", sse.quietFor(500));
        }
        assertEquals(ROOMS, new HashSet<>(streamed).size());
        List<String> sorted = new ArrayList<>(streamed);
        sorted.sort(null);
        assertEquals(sorted, streamed);

        try (SseClient sse = new SseClient(port, rooms, "Last-Event-ID", streamed.get(99))) {
            assertEquals(streamed.get(100), sse.next(10).id());
            assertEquals(streamed.get(101), sse.next(10).id());
        }
    }
}
