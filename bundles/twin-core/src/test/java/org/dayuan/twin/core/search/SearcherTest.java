package org.dayuan.twin.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.core.Registry;
import org.junit.jupiter.api.Test;

/** Pages, sort orders and cursors of {@link Searcher}, over a real registry. */
class SearcherTest {
    private final Campus campus = new Campus("attributes/status");

    private void rooms(int n) {
        for (int i = 0; i < n; i++) {
            campus.create(String.format("cz.wujin:room-%03d", i), "{'definition':'dayuan:Room:1.0.0','attributes':{"
                    + "'area':" + (i % 7) + ",'status':'" + (i % 3 == 0 ? "idle" : "inUse") + "'}}");
        }
    }

    private SearchResult search(String filter, String option, String... namespaces) {
        return campus.searcher.search(Registry.SELF, new SearchQuery(filter, List.of(namespaces), option));
    }

    private static List<String> ids(SearchResult r) {
        return r.items().stream().map(t -> t.id().toString()).toList();
    }

    /** Follows the cursors to the end, with {@code filter} and {@code sort} repeated as clients do. */
    private List<String> allPages(String filter, String sort, int size) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            String option = (sort == null ? "" : sort + ",") + "size(" + size + ")"
                    + (cursor == null ? "" : ",cursor(" + cursor + ")");
            SearchResult r = search(filter, option);
            assertTrue(r.items().size() <= size);
            out.addAll(ids(r));
            cursor = r.cursor().orElse(null);
        } while (cursor != null);
        return out;
    }

    private static ErrorCode codeOf(Runnable r) {
        DayuanException e = assertThrows(DayuanException.class, r::run);
        assertEquals(400, e.status());
        return e.errorCode();
    }

    @Test
    void defaultPageIs25InThingIdOrderWithACursorWhenMoreFollow() {
        rooms(30);
        SearchResult first = search(null, null);
        assertEquals(25, first.items().size());
        assertEquals("cz.wujin:room-000", ids(first).get(0));
        assertTrue(first.cursor().isPresent());
        SearchResult second = search(null, "cursor(" + first.cursor().get() + ")");
        assertEquals(5, second.items().size());
        assertEquals("cz.wujin:room-025", ids(second).get(0));
        assertFalse(second.cursor().isPresent(), "no cursor on the last page");
        assertFalse(search(null, "size(30)").cursor().isPresent());
        assertTrue(search(null, "size(29)").cursor().isPresent());
    }

    @Test
    void pagingVisitsEveryMatchOnceInEverySortOrder() {
        rooms(101);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            if (i % 3 != 0) {
                expected.add(String.format("cz.wujin:room-%03d", i));
            }
        }
        String filter = "eq(attributes/status,\"inUse\")";
        assertEquals(expected, allPages(filter, null, 7));
        List<String> descending = new ArrayList<>(expected);
        Collections.reverse(descending);
        assertEquals(descending, allPages(filter, "sort(-thingId)", 7));
        List<String> byArea = allPages(filter, "sort(-attributes/area)", 9);
        assertEquals(expected.size(), byArea.size());
        assertEquals(expected.size(), byArea.stream().distinct().count());
        for (int i = 1; i < byArea.size(); i++) {
            int a = campus.get(byArea.get(i - 1)).toJson().path("attributes").path("area").asInt();
            int b = campus.get(byArea.get(i)).toJson().path("attributes").path("area").asInt();
            assertTrue(a > b || a == b && byArea.get(i - 1).compareTo(byArea.get(i)) < 0, "area desc, then thingId");
        }
        assertEquals(expected.size(), allPages(filter, "sort(+_modified,-_revision)", 13).stream().distinct().count());
        assertEquals(allPages(filter, "sort(+attributes/area)", 200), allPages(filter, "sort( attributes/area)", 200),
                "a '+' decoded to a space still sorts ascending");
    }

    @Test
    void sortPutsMissingValuesFirstAndTypesInMongoOrder() {
        campus.create("cz.wujin:a", "{'attributes':{'v':'text'}}");
        campus.create("cz.wujin:b", "{'attributes':{'v':2}}");
        campus.create("cz.wujin:c", "{}");
        campus.create("cz.wujin:d", "{'attributes':{'v':true}}");
        campus.create("cz.wujin:e", "{'attributes':{'v':10.5}}");
        campus.create("cz.wujin:f", "{'attributes':{'v':null}}");
        assertEquals(List.of("cz.wujin:c", "cz.wujin:f", "cz.wujin:b", "cz.wujin:e", "cz.wujin:a", "cz.wujin:d"),
                ids(search(null, "sort(+attributes/v)")));
        assertEquals(List.of("cz.wujin:d", "cz.wujin:a", "cz.wujin:e", "cz.wujin:b", "cz.wujin:c", "cz.wujin:f"),
                ids(search(null, "sort(-attributes/v,+thingId)")));
    }

    @Test
    void namespacesRestrictTheSearch() {
        rooms(5);
        campus.create("cz.wujin.energy:m1", "{'attributes':{'status':'idle'}}");
        campus.create("cz.other:x", "{'attributes':{'status':'idle'}}");
        assertEquals(List.of("cz.wujin.energy:m1"), ids(search("eq(attributes/status,'idle')", null,
                "cz.wujin.energy")));
        assertEquals(List.of("cz.other:x", "cz.wujin.energy:m1"), ids(search(null, null, "cz.wujin.energy",
                " cz.other ", "")));
        assertEquals(2, campus.searcher.count(Registry.SELF, "eq(attributes/status,'idle')",
                List.of("cz.wujin.energy", "cz.other")));
        assertEquals(List.of(), ids(search(null, null, "cz.nothing")));
        assertEquals(ErrorCode.PARAMETER_INVALID, codeOf(() -> search(null, null, "9bad")));
    }

    @Test
    void countAndDescendants() {
        campus.create("cz.wujin:campus", "{}");
        campus.create("cz.wujin:bldg-b", "{'attributes':{'parent':'cz.wujin:campus'}}");
        campus.create("cz.wujin:bldg-b-f01", "{'attributes':{'parent':'cz.wujin:bldg-b'}}");
        campus.create("cz.wujin:fd-b-0101-1", "{'definition':'dayuan:FireDetector:1.0.0',"
                + "'attributes':{'parent':'cz.wujin:bldg-b-f01'}}");
        campus.create("cz.wujin:fd-campus", "{'definition':'dayuan:FireDetector:1.0.0',"
                + "'attributes':{'parent':'cz.wujin:campus'}}");
        assertEquals(5, campus.searcher.count(Registry.SELF, null, List.of()));
        assertEquals(2, campus.searcher.count(Registry.SELF, "eq(definition,'dayuan:FireDetector:1.0.0')", List.of()));
        assertEquals(1, campus.searcher.count(Registry.SELF, "and(eq(definition,'dayuan:FireDetector:1.0.0'),"
                + "eq(_ancestors,'cz.wujin:bldg-b'))", null));
        TwinId b = TwinId.of("cz.wujin:bldg-b");
        assertEquals(List.of("cz.wujin:fd-b-0101-1"), campus.searcher.descendants(Registry.SELF, b,
                "eq(definition,\"dayuan:FireDetector:1.0.0\")", 0).stream().map(t -> t.id().toString()).toList());
        assertEquals(List.of("cz.wujin:bldg-b-f01"), campus.searcher.descendants(Registry.SELF, b, null, 1).stream()
                .map(t -> t.id().toString()).toList());
        assertEquals(List.of("cz.wujin:bldg-b", "cz.wujin:bldg-b-f01", "cz.wujin:fd-b-0101-1", "cz.wujin:fd-campus"),
                campus.searcher.descendants(Registry.SELF, TwinId.of("cz.wujin:campus"), "", -1).stream()
                        .map(t -> t.id().toString()).toList());
        DayuanException missing = assertThrows(DayuanException.class,
                () -> campus.searcher.descendants(Registry.SELF, TwinId.of("cz.wujin:none"), null, 0));
        assertEquals(ErrorCode.THING_NOT_FOUND, missing.errorCode());
    }

    @Test
    void readsEveryAcknowledgedWrite() {
        rooms(3);
        campus.put("cz.wujin:room-001", "/attributes/status", "'letOut'");
        assertEquals(List.of("cz.wujin:room-001"), ids(search("eq(attributes/status,'letOut')", null)));
        campus.create("cz.wujin:new", "{'attributes':{'status':'letOut'}}");
        assertEquals(2, campus.searcher.count(Registry.SELF, "eq(attributes/status,'letOut')", List.of()));
        campus.delete("cz.wujin:new");
        assertEquals(1, campus.searcher.count(Registry.SELF, "eq(attributes/status,'letOut')", List.of()));
    }

    @Test
    void aCursorOnlyServesItsOwnQuery() {
        rooms(10);
        String filter = "eq(attributes/status,'inUse')";
        String cursor = search(filter, "sort(-attributes/area),size(2)").cursor().orElseThrow();
        assertEquals(2, search(null, "size(2),cursor(" + cursor + ")").items().size(), "the cursor carries the query");
        assertEquals(2, search(filter, "cursor(" + cursor + "),sort(-attributes/area),size(2)").items().size());
        assertEquals(ErrorCode.SEARCH_OPTION_INVALID, codeOf(() -> search("eq(attributes/status,'idle')",
                "cursor(" + cursor + ")")));
        assertEquals(ErrorCode.SEARCH_OPTION_INVALID, codeOf(() -> search(filter, "sort(+attributes/area),cursor("
                + cursor + ")")));
        assertEquals(ErrorCode.SEARCH_OPTION_INVALID, codeOf(() -> search(filter, "cursor(" + cursor + ")",
                "cz.other")));
        for (String bad : List.of("x", "AAAA", cursor.substring(0, cursor.length() / 2), cursor + "A", "!!")) {
            assertEquals(ErrorCode.SEARCH_OPTION_INVALID, codeOf(() -> search(null, "cursor(" + bad + ")")), bad);
        }
        String forged = new Cursor("eq(thingId,", List.of(), "sort(+thingId)",
                new JsonNode[] {TextNode.valueOf("a:b")}).encode();
        assertEquals(ErrorCode.RQL_INVALID, codeOf(() -> search(null, "cursor(" + forged + ")")));
    }

    @Test
    void malformedQueriesAre400s() {
        rooms(1);
        assertEquals(ErrorCode.RQL_INVALID, codeOf(() -> search("eq(thingId", null)));
        assertEquals(ErrorCode.SEARCH_OPTION_INVALID, codeOf(() -> search(null, "size(201)")));
        assertEquals(ErrorCode.RQL_INVALID, codeOf(() -> campus.searcher.count(Registry.SELF, "nope", List.of())));
        assertEquals(ErrorCode.RQL_INVALID, codeOf(() -> campus.searcher.predicate(Registry.SELF, "and(")));
        assertEquals(ErrorCode.RQL_INVALID, codeOf(() -> campus.searcher.descendants(Registry.SELF,
                TwinId.of("cz.wujin:room-000"), "eq(", 0)));
    }

    /**
     * Pages are read while other twins are created, changed and deleted between and during the requests: every twin
     * that did not change is seen exactly once.
     */
    @Test
    void pagesNeitherSkipNorRepeatUnchangedTwinsWhileOthersChange() throws Exception {
        for (int i = 0; i < 300; i++) {
            campus.create(String.format("cz.wujin:s%03d", i), "{'attributes':{'rank':" + (i * 37 % 101) + "}}");
            campus.create(String.format("cz.wujin:v%03d", i), "{'attributes':{'rank':" + (i * 53 % 97) + "}}");
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int n = 0; running.get(); n++) {
                    String v = String.format("cz.wujin:v%03d", n % 300);
                    campus.put(v, "/attributes/rank", String.valueOf(n % 113));
                    campus.create(String.format("cz.wujin:t%07d", n), "{'attributes':{'rank':" + n % 89 + "}}");
                    // Twins come and go beside the pages, but at most 300 at once: a starved reader on a busy
                    // machine must not face a registry that grows without bound while it pages.
                    if (n >= 300) {
                        campus.delete(String.format("cz.wujin:t%07d", n - 300));
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        writer.start();
        try {
            for (String sort : List.of("sort(+attributes/rank)", "sort(-thingId)", "sort(-attributes/rank,-thingId)")) {
                Map<String, Integer> seen = new HashMap<>();
                allPages(null, sort, 17).forEach(id -> seen.merge(id, 1, Integer::sum));
                for (int i = 0; i < 300; i++) {
                    assertEquals(1, seen.getOrDefault(String.format("cz.wujin:s%03d", i), 0), sort);
                }
            }
        } finally {
            running.set(false);
            writer.join();
        }
        assertEquals(null, failure.get());
    }

    @Test
    void itemsAreTheRegistrysTwins() {
        rooms(2);
        Twin t = search("eq(thingId,'cz.wujin:room-001')", null).items().get(0);
        assertEquals(campus.get("cz.wujin:room-001"), t);
    }
}
