package org.dayuan.twin.core.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.core.Registry;
import org.dayuan.twin.core.MemoryJournal;
import org.dayuan.twin.core.search.SearchComponent;
import org.dayuan.twin.TwinSearch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What a caller can learn about twins it may not see, through filters on the containment tree and the answers to
 * deletes, and what the {@code device} role may write.
 */
class IsolationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller ADMIN = Caller.fromGrants("root", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    private static final TwinId WJ_CAMPUS = TwinId.of("cz.wujin:campus");
    private static final TwinId WJ_BLDG = TwinId.of("cz.wujin:bldg-a");
    private static final TwinId XB_CAMPUS = TwinId.of("cz.xinbei:campus");
    /** Xinbei's office leased in Wujin's building: visible to Xinbei, its parent and grandparent are not. */
    private static final TwinId XB_OFFICE = TwinId.of("cz.xinbei:office");
    private static final TwinId XB_DESK = TwinId.of("cz.xinbei:desk");
    private static final TwinId WJ_METER = TwinId.of("cz.wujin:meter");

    private final MemoryJournal journal = new MemoryJournal();
    private final Registry registry = new Registry(journal, e -> { }, 1 << 20);
    private final TwinSearch search = new SearchComponent(registry, List.of(), 25, 200);
    private final Caller xinbei = caller(Caller.ROLE_VIEWER, "cz.xinbei");

    private static Caller caller(String role, String... namespaces) {
        return new Caller(role + "-user", Set.of(role), Set.of(namespaces), "10.0.0.9");
    }

    private static ObjectNode thing(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    @BeforeEach
    void county() throws Exception {
        registry.create(ADMIN, WJ_CAMPUS, thing("{}"));
        registry.create(ADMIN, WJ_BLDG, thing("{'attributes':{'parent':'cz.wujin:campus'}}"));
        registry.create(ADMIN, XB_CAMPUS, thing("{}"));
        registry.create(ADMIN, XB_OFFICE, thing("{'attributes':{'parent':'cz.wujin:bldg-a'}}"));
        registry.create(ADMIN, XB_DESK, thing("{'attributes':{'parent':'cz.xinbei:office'}}"));
        registry.create(ADMIN, WJ_METER, thing("{'definition':'d:Meter:1','attributes':{'parent':"
                + "'cz.wujin:bldg-a'},'features':{'energy':{'definition':['d:Energy:1'],'properties':{'kw':1}}}}"));
    }

    private long count(Caller caller, String filter) {
        return search.count(caller, filter, List.of());
    }

    private List<String> found(Caller caller, String filter) {
        return search.search(caller, new SearchQuery(filter, List.of(), null)).items().stream()
                .map(t -> t.id().toString()).toList();
    }

    @Test
    void filtersOnTheTreeCannotProbeHiddenAncestors() {
        long missing = count(xinbei, "eq(_ancestors,\"cz.wujin:no-such-twin\")");
        assertEquals(0, missing);
        for (String hidden : List.of("cz.wujin:bldg-a", "cz.wujin:campus")) {
            assertEquals(missing, count(xinbei, "eq(_ancestors,\"" + hidden + "\")"), hidden);
            assertEquals(missing, count(xinbei, "in(_ancestors,\"" + hidden + "\",\"x:y\")"), hidden);
            assertEquals(List.of(), found(xinbei, "eq(_ancestors,\"" + hidden + "\")"), hidden);
        }
        assertEquals(missing, count(xinbei, "eq(_parent,\"cz.wujin:bldg-a\")"));
        for (String prefix : List.of("cz.wujin*", "cz.w*", "*bldg*", "*campus")) {
            assertEquals(0, count(xinbei, "like(_ancestors,\"" + prefix + "\")"), prefix);
            assertEquals(0, count(xinbei, "ilike(_ancestors,\"" + prefix.toUpperCase() + "\")"), prefix);
        }
        assertEquals(0, count(xinbei, "and(gt(_ancestors,\"cz.wujin\"),lt(_ancestors,\"cz.wujio\"))"));
        // A hidden parent is as if absent: the office is a root to Xinbei, its own twins still work.
        assertEquals(List.of("cz.xinbei:campus", "cz.xinbei:office"), found(xinbei, "not(exists(_parent))"));
        assertEquals(List.of("cz.xinbei:desk"), found(xinbei, "eq(_ancestors,\"cz.xinbei:office\")"));
        assertEquals(List.of("cz.xinbei:desk"), found(xinbei, "like(_ancestors,\"cz.xinbei*\")"));

        // Whoever sees the whole chain finds every twin below it, as before.
        assertEquals(List.of("cz.wujin:bldg-a", "cz.wujin:meter", "cz.xinbei:desk", "cz.xinbei:office"),
                found(Registry.SELF, "eq(_ancestors,\"cz.wujin:campus\")"));
        Caller both = caller(Caller.ROLE_VIEWER, "cz.wujin", "cz.xinbei");
        assertEquals(3, count(both, "eq(_ancestors,\"cz.wujin:bldg-a\")"));
        assertEquals(List.of("cz.wujin:meter"), found(caller(Caller.ROLE_VIEWER, "cz.wujin"),
                "eq(_ancestors,\"cz.wujin:bldg-a\")"), "Wujin does not see Xinbei's twins in its building");
    }

    @Test
    void streamFiltersSeeTheTreeAsTheirCallerDoes() {
        Twin desk = registry.get(ADMIN, XB_DESK).orElseThrow();
        Predicate<Twin> probe = search.filter(xinbei, "eq(_ancestors,\"cz.wujin:campus\")");
        assertFalse(probe.test(desk));
        assertTrue(search.filter(Registry.SELF, "eq(_ancestors,\"cz.wujin:campus\")").test(desk));
        assertTrue(search.filter(xinbei, "eq(_ancestors,\"cz.xinbei:office\")").test(desk));
    }

    @Test
    void aRefusedDeleteNamesNothingTheCallerCannotSee() throws Exception {
        Caller manager = caller(Caller.ROLE_MANAGER, "cz.wujin");
        DayuanException flat = assertThrows(DayuanException.class, () -> registry.delete(manager, WJ_BLDG,
                JsonPointer.empty(), WriteCondition.NONE, false));
        assertEquals(ErrorCode.HAS_CHILDREN, flat.errorCode());
        assertEquals("The Thing with ID 'cz.wujin:bldg-a' has descendants you cannot see and 1 you can, e.g."
                + " 'cz.wujin:meter'.", flat.getMessage());

        DayuanException deep = assertThrows(DayuanException.class, () -> registry.delete(manager, WJ_CAMPUS,
                JsonPointer.empty(), WriteCondition.NONE, true));
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, deep.errorCode());
        assertFalse(deep.getMessage().contains("xinbei"), deep.getMessage());
        assertFalse(deep.getMessage().contains("office"), deep.getMessage());
        assertEquals(6, registry.count(Registry.SELF), "nothing was deleted");

        // Without hidden descendants the answer is as complete as before.
        registry.delete(ADMIN, XB_OFFICE, JsonPointer.empty(), WriteCondition.NONE, true);
        DayuanException plain = assertThrows(DayuanException.class, () -> registry.delete(manager, WJ_CAMPUS,
                JsonPointer.empty(), WriteCondition.NONE, false));
        assertEquals("The Thing with ID 'cz.wujin:campus' has 2 descendant(s), e.g. 'cz.wujin:bldg-a'.",
                plain.getMessage());
        registry.delete(manager, WJ_CAMPUS, JsonPointer.empty(), WriteCondition.NONE, true);
        assertEquals(1, registry.count(Registry.SELF));
    }

    private static ErrorCode codeOf(Executable call) {
        return assertThrows(DayuanException.class, call).errorCode();
    }

    @Test
    void aDeviceWritesOnlyPropertiesOfFeaturesThatExist() throws Exception {
        Caller device = caller(Caller.ROLE_DEVICE, "cz.wujin");
        JsonNode value = JSON.readTree("{\"kw\":2}");
        WriteCondition none = WriteCondition.NONE;

        // What ingestion does, and single values, in properties and desiredProperties.
        registry.merge(device, WJ_METER, JsonPointer.parse("/features/energy/properties"), value, none);
        registry.put(device, WJ_METER, JsonPointer.parse("/features/energy/properties/kw"),
                JSON.readTree("3"), none);
        registry.put(device, WJ_METER, JsonPointer.parse("/features/energy/desiredProperties"), value, none);
        registry.merge(device, WJ_METER, JsonPointer.parse("/features/energy/desiredProperties/kw"),
                JSON.readTree("4"), none);
        registry.delete(device, WJ_METER, JsonPointer.parse("/features/energy/desiredProperties/kw"), none,
                false);
        long revision = registry.get(ADMIN, WJ_METER).orElseThrow().revision();

        List<Executable> refused = List.of(
                () -> registry.delete(device, WJ_METER, JsonPointer.parse("/features/energy"), none, false),
                () -> registry.put(device, WJ_METER, JsonPointer.parse("/features/extra"),
                        JSON.readTree("{\"properties\":{}}"), none),
                () -> registry.merge(device, WJ_METER, JsonPointer.parse("/features/energy"),
                        JSON.readTree("{\"properties\":{\"kw\":5}}"), none),
                () -> registry.put(device, WJ_METER, JsonPointer.parse("/features/energy/definition"),
                        JSON.readTree("[\"d:Other:1\"]"), none),
                () -> registry.put(device, WJ_METER, JsonPointer.parse("/features"),
                        JSON.readTree("{}"), none),
                () -> registry.delete(device, WJ_METER, JsonPointer.parse("/features"), none, false),
                () -> registry.merge(device, WJ_METER, JsonPointer.empty(),
                        JSON.readTree("{\"features\":{\"energy\":{\"properties\":{\"kw\":5}}}}"), none));
        for (Executable call : refused) {
            assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(call));
        }
        // Properties of a feature that does not exist would create it: not found, as for a PUT.
        assertEquals(ErrorCode.FEATURE_NOT_FOUND, codeOf(() -> registry.merge(device, WJ_METER,
                JsonPointer.parse("/features/extra/properties"), value, none)));
        assertEquals(ErrorCode.FEATURE_NOT_FOUND, codeOf(() -> registry.put(device, WJ_METER,
                JsonPointer.parse("/features/extra/properties"), value, none)));
        assertEquals(ErrorCode.THING_NOT_FOUND, codeOf(() -> registry.merge(device,
                TwinId.of("cz.wujin:new-meter"), JsonPointer.parse("/features/energy/properties"), value, none)));

        Twin meter = registry.get(ADMIN, WJ_METER).orElseThrow();
        assertEquals(revision, meter.revision(), "a refused write changes nothing");
        assertEquals(JSON.readTree("{\"energy\":{\"definition\":[\"d:Energy:1\"],\"properties\":{\"kw\":3},"
                + "\"desiredProperties\":{}}}"), meter.get(JsonPointer.parse("/features")).orElseThrow());

        // A full writer still creates features by merge, as Ditto does.
        registry.merge(caller(Caller.ROLE_INTEGRATOR, "cz.wujin"), WJ_METER,
                JsonPointer.parse("/features/extra/properties"), value, none);
    }
}
