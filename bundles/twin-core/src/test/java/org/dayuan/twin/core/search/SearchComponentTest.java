package org.dayuan.twin.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;

import org.dayuan.twin.Caller;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.core.Registry;
import org.junit.jupiter.api.Test;

/** Activate, use and deactivate the component directly, with a stub config. */
class SearchComponentTest {
    private final Campus campus = new Campus();

    private static SearchConfig config(int defaultSize, int maxSize, String... paths) {
        return new SearchConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SearchConfig.class;
            }

            @Override
            public String[] indexedPaths() {
                return paths;
            }

            @Override
            public int defaultPageSize() {
                return defaultSize;
            }

            @Override
            public int maxPageSize() {
                return maxSize;
            }
        };
    }

    @Test
    void activatesOnTheRegistryFollowsWritesAndLetsGoOnDeactivate() {
        for (int i = 0; i < 12; i++) {
            campus.create("cz.wujin:r" + i, "{'attributes':{'status':'" + (i < 3 ? "idle" : "inUse") + "'}}");
        }
        SearchComponent search = new SearchComponent(campus.registry, config(5, 10,
                "attributes/status, attributes/category", " features/energy/properties/kind"));
        assertEquals(5, search.search(Registry.SELF, new SearchQuery(null, List.of(), null)).items().size());
        assertEquals(6, search.evaluated(), "a page of 5 in thingId order looks at 6 twins, to know more follow");
        assertEquals(3, search.count(Registry.SELF, "eq(attributes/status,'idle')", List.of()));
        assertEquals(6 + 3, search.evaluated(), "the configured index answers the equality");
        campus.put("cz.wujin:r5", "/attributes/status", "'idle'");
        assertEquals(4, search.count(Registry.SELF, "eq(attributes/status,'idle')", List.of()));
        assertTrue(search.filter(Registry.SELF, "eq(attributes/status,'idle')").test(campus.get("cz.wujin:r5")));

        search.deactivate();
        campus.put("cz.wujin:r6", "/attributes/status", "'idle'");
        assertEquals(4, search.count(Registry.SELF, "eq(attributes/status,'idle')", List.of()),
                "detached from the registry");
    }

    @Test
    void reindexRebuildsFromTheRegistryKeepsFollowingWritesAndIsForAdminsOnly() {
        for (int i = 0; i < 4; i++) {
            campus.create("cz.wujin:r" + i, "{'attributes':{'status':'idle'}}");
        }
        SearchComponent search = new SearchComponent(campus.registry, config(5, 10, "attributes/status"));
        assertEquals(4, search.reindex(Registry.SELF));
        assertEquals(4, search.count(Registry.SELF, "eq(attributes/status,'idle')", List.of()));
        campus.put("cz.wujin:r1", "/attributes/status", "'inUse'");
        assertEquals(3, search.count(Registry.SELF, "eq(attributes/status,'idle')", List.of()),
                "the new index follows writes");
        org.dayuan.twin.Caller viewer = new org.dayuan.twin.Caller("li",
                java.util.Set.of(org.dayuan.twin.Caller.ROLE_VIEWER), java.util.Set.of("*"), "test");
        assertEquals(403, assertThrows(org.dayuan.twin.DayuanException.class, () -> search.reindex(viewer)).status());
        search.deactivate();
        campus.put("cz.wujin:r2", "/attributes/status", "'inUse'");
        assertEquals(3, search.count(Registry.SELF, "eq(attributes/status,'idle')", List.of()),
                "the new index, too, lets go on deactivate");
    }

    @Test
    void refusesBadConfigNamingPidAndKey() {
        assertMessage("org.dayuan.search: defaultPageSize", config(0, 10));
        assertMessage("org.dayuan.search: maxPageSize", config(20, 10));
        assertMessage("org.dayuan.search: indexedPaths entry 'attributes//x'", config(25, 200, "attributes//x"));
        assertMessage("org.dayuan.search: indexedPaths entry 'thingId'", config(25, 200, "thingId"));
        assertMessage("org.dayuan.search: indexedPaths entry 'features/*/properties/x'",
                config(25, 200, "features/*/properties/x"));
    }

    private void assertMessage(String start, SearchConfig config) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SearchComponent(campus.registry, config));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
