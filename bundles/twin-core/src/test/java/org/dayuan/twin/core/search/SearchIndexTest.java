package org.dayuan.twin.core.search;

import org.dayuan.twin.Caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.dayuan.twin.core.Registry;
import org.junit.jupiter.api.Test;

/** The indexes follow every write, and the planner uses them instead of scanning. */
class SearchIndexTest {
    private final Campus campus = new Campus("attributes/status", "attributes/tags");

    private List<String> ids(String key, String field) {
        IdSet set = campus.index.indexFor(Field.parse(field)).get(key);
        return set == null ? List.of() : List.copyOf(set.ids());
    }

    private Plan plan(String rql, String... namespaces) {
        return new Planner(campus.index).plan(RqlParser.parse(rql), List.of(namespaces));
    }

    private static List<String> idsOf(Plan plan) {
        List<String> out = new ArrayList<>();
        for (Iterator<Entry> it = plan.entries(null, false); it.hasNext(); ) {
            out.add(it.next().id());
        }
        return out;
    }

    @Test
    void indexesFollowCreateModifyDeleteAndReparent() {
        campus.create("cz.wujin:a", "{'definition':'dayuan:Building:1.0.0'}");
        campus.create("cz.wujin:b", "{}");
        campus.create("cz.wujin:r1", "{'definition':'dayuan:Room:1.0.0','attributes':{'parent':'cz.wujin:a',"
                + "'status':'idle','tags':['x','y','x']}}");
        assertEquals(List.of("cz.wujin:r1"), ids("sidle", "attributes/status"));
        assertEquals(List.of("cz.wujin:r1"), ids("sx", "attributes/tags"));
        assertEquals(List.of("cz.wujin:r1"), ids("scz.wujin:a", "_parent"));
        assertEquals(List.of("cz.wujin:r1"), ids("sdayuan:Room:1.0.0", "definition"));
        assertEquals(3, campus.index.namespace("cz.wujin").size());

        campus.put("cz.wujin:r1", "/attributes/status", "'inUse'");
        campus.put("cz.wujin:r1", "/attributes/tags", "['y']");
        assertEquals(List.of(), ids("sidle", "attributes/status"));
        assertEquals(List.of("cz.wujin:r1"), ids("sinUse", "attributes/status"));
        assertEquals(List.of(), ids("sx", "attributes/tags"));
        assertNull(campus.index.indexFor(Field.parse("attributes/status")).get("sidle"), "empty keys are dropped");

        campus.put("cz.wujin:r1", "/attributes/parent", "'cz.wujin:b'");
        assertEquals(List.of(), ids("scz.wujin:a", "_parent"));
        assertEquals(List.of("cz.wujin:r1"), ids("scz.wujin:b", "attributes/parent"));

        campus.delete("cz.wujin:r1");
        assertEquals(List.of(), ids("sinUse", "attributes/status"));
        assertEquals(List.of(), ids("scz.wujin:b", "_parent"));
        assertEquals(List.of(), ids("sdayuan:Room:1.0.0", "definition"));
        assertNull(campus.index.entry("cz.wujin:r1"));
        assertEquals(2, campus.index.size());
    }

    @Test
    void anAddedIndexStartsWithEveryExistingTwin() {
        campus.create("cz.wujin:r1", "{'attributes':{'status':'idle'}}");
        Campus later = new Campus("attributes/status");
        later.create("cz.wujin:r1", "{'attributes':{'status':'idle'}}");
        SearchIndex second = new SearchIndex(List.of(Field.parse("attributes/status")));
        later.registry.addStateListener(second);
        assertEquals(1, second.indexFor(Field.parse("attributes/status")).get("sidle").size());
        later.registry.removeStateListener(second);
        later.put("cz.wujin:r1", "/attributes/status", "'inUse'");
        assertEquals(1, second.indexFor(Field.parse("attributes/status")).get("sidle").size(),
                "a removed listener sees no more writes");
    }

    @Test
    void plannerPicksTheSmallestIndexedSetOfTheTopLevelConjuncts() {
        for (int i = 0; i < 200; i++) {
            campus.create(String.format("cz.wujin:r%03d", i), "{'definition':'dayuan:Room:1.0.0','attributes':{"
                    + "'status':'" + (i % 20 == 0 ? "idle" : "inUse") + "'}}");
        }
        campus.create("cz.wujin.other:x", "{'attributes':{'status':'idle'}}");
        assertEquals("index attributes/status", plan("eq(attributes/status,'idle')").description());
        assertEquals(11, plan("eq(attributes/status,'idle')").estimate());
        assertEquals(11, plan("and(eq(definition,'dayuan:Room:1.0.0'),eq(attributes/status,'idle'))").estimate());
        assertEquals(1, plan("and(eq(attributes/status,'idle'),eq(attributes/status,'idle'))", "cz.wujin.other")
                .estimate(), "the namespaces parameter narrows too");
        assertEquals(0, plan("eq(attributes/status,'gone')").estimate());
        assertEquals(201, plan("in(attributes/status,'idle','inUse')").estimate());
        assertEquals(201, idsOf(plan("in(attributes/status,'idle','inUse','idle')")).size(), "no duplicates");
        assertEquals("scan", plan("or(eq(attributes/status,'idle'),eq(definition,'x'))").description());
        assertEquals("scan", plan("eq(attributes/unindexed,1)").description());
        assertEquals(10, plan("like(thingId,'cz.wujin:r01*')").estimate());
        assertEquals(1, plan("eq(thingId,'cz.wujin:r010')").estimate());
        assertEquals(5, plan("and(eq(definition,'dayuan:Room:1.0.0'),ge(thingId,'cz.wujin:r195'))").estimate());
    }

    @Test
    void indexedEqualityEvaluatesOnlyTheMatchingTwins() {
        for (int i = 0; i < 1000; i++) {
            campus.create(String.format("cz.wujin:t%04d", i), "{'attributes':{'status':'"
                    + (i % 100 == 7 ? "idle" : "inUse") + "'}}");
        }
        long before = campus.searcher.evaluated();
        assertEquals(10, campus.searcher.count(Registry.SELF, "eq(attributes/status,\"idle\")", List.of()));
        assertEquals(10, campus.searcher.evaluated() - before, "only the ten indexed twins are evaluated");

        before = campus.searcher.evaluated();
        assertEquals(10, campus.searcher.count(Registry.SELF,
                "and(gt(_revision,0),eq(attributes/status,\"idle\"))", List.of()));
        assertEquals(10, campus.searcher.evaluated() - before, "a conjunct of a top-level and narrows as well");

        before = campus.searcher.evaluated();
        assertEquals(990, campus.searcher.count(Registry.SELF, "ne(attributes/status,\"idle\")", List.of()));
        assertEquals(1000, campus.searcher.evaluated() - before, "ne cannot use the index: a full scan");
    }

    @Test
    void subtreesComeFromTheParentIndexWithDepth() {
        campus.create("cz.wujin:campus", "{}");
        campus.create("cz.wujin:bldg-b", "{'attributes':{'parent':'cz.wujin:campus'}}");
        for (int f = 1; f <= 3; f++) {
            String floor = "cz.wujin:bldg-b-f0" + f;
            campus.create(floor, "{'attributes':{'parent':'cz.wujin:bldg-b'}}");
            for (int r = 1; r <= 4; r++) {
                campus.create("cz.wujin:room-b-0" + f + "0" + r, "{'attributes':{'parent':'" + floor + "'}}");
            }
        }
        Set<String> all = new TreeSet<>();
        assertTrue(campus.index.collectDescendants("cz.wujin:bldg-b", 0, 100, all));
        assertEquals(15, all.size());
        Set<String> floors = new TreeSet<>();
        campus.index.collectDescendants("cz.wujin:bldg-b", 1, 100, floors);
        assertEquals(Set.of("cz.wujin:bldg-b-f01", "cz.wujin:bldg-b-f02", "cz.wujin:bldg-b-f03"), floors);
        assertEquals(false, campus.index.collectDescendants("cz.wujin:bldg-b", 0, 5, new TreeSet<>()),
                "stops past the limit");
        assertEquals("subtree of cz.wujin:bldg-b", plan("eq(_ancestors,'cz.wujin:bldg-b')").description());
        assertEquals(15, plan("eq(_ancestors,'cz.wujin:bldg-b')").estimate());
        assertEquals(0, plan("eq(_ancestors,'not an id')").estimate());
    }

    @Test
    void concurrentWritersKeepTheIndexesExact() throws Exception {
        int twins = 64;
        for (int i = 0; i < twins; i++) {
            campus.create("cz.wujin:c" + i, "{'attributes':{'status':'s0'}}");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writes = new ArrayList<>();
        for (int round = 1; round <= 20; round++) {
            for (int i = 0; i < twins; i++) {
                String id = "cz.wujin:c" + i;
                String status = "'s" + round % 3 + "'";
                writes.add(pool.submit(() -> campus.put(id, "/attributes/status", status)));
            }
        }
        for (Future<?> w : writes) {
            w.get();
        }
        pool.shutdown();
        int filed = 0;
        for (String s : List.of("ss0", "ss1", "ss2")) {
            for (String id : ids(s, "attributes/status")) {
                filed++;
                assertEquals(s.substring(1), campus.get(id).toJson().path("attributes").path("status").asText());
            }
        }
        assertEquals(twins, filed, "every twin is filed under exactly its current status");
    }
}
