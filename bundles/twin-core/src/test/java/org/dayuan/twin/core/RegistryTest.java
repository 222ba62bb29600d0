package org.dayuan.twin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;
import org.junit.jupiter.api.Test;

class RegistryTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Caller C = Caller.fromGrants("tester", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    private final MemoryJournal journal = new MemoryJournal();
    private final List<TwinEvent> announced = new ArrayList<>();
    private final Registry registry = new Registry(journal, e -> announced.add(e), 100_000);

    private static ObjectNode json(String s) {
        try {
            return (ObjectNode) M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode value(String s) {
        try {
            return M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Twin create(String id, String body) {
        return registry.create(C, TwinId.of(id), json(body));
    }

    private static ErrorCode codeOf(Runnable r) {
        return assertThrows(DayuanException.class, r::run).errorCode();
    }

    @Test
    void createsTwinAtRevisionOneAndAnnouncesIt() {
        Twin t = create("cz.wujin:campus", "{'attributes':{'name':'行政中心'}}");
        assertEquals(1, t.revision());
        assertEquals("行政中心", registry.get(C, TwinId.of("cz.wujin:campus")).get().toJson()
                .path("attributes").path("name").asText());
        assertEquals(1, announced.size());
        assertEquals(TwinEvent.Type.CREATED, announced.get(0).type());
        assertEquals(1, announced.get(0).seq());
    }

    @Test
    void refusesSecondCreateWithSameId() {
        create("cz.wujin:a", "{}");
        assertEquals(ErrorCode.THING_CONFLICT, codeOf(() -> create("cz.wujin:a", "{}")));
        assertEquals(1, journal.events.size());
    }

    @Test
    void putBelowThingReportsCreatedOnlyTheFirstTime() {
        create("cz.wujin:a", "{}");
        TwinId id = TwinId.of("cz.wujin:a");
        WriteResult first = registry.put(C, id, JsonPointer.parse("/attributes/area"), value("18.5"), WriteCondition.NONE);
        WriteResult second = registry.put(C, id, JsonPointer.parse("/attributes/area"), value("20"), WriteCondition.NONE);
        assertTrue(first.created());
        assertFalse(second.created());
        assertEquals(3, second.twin().get().revision());
        assertEquals(20, registry.get(C, id).get().get(JsonPointer.parse("attributes/area")).get().asInt());
    }

    @Test
    void propertyOfMissingFeatureIsNotFound() {
        create("cz.wujin:m", "{}");
        assertEquals(ErrorCode.FEATURE_NOT_FOUND, codeOf(() -> registry.put(C, TwinId.of("cz.wujin:m"),
                JsonPointer.parse("/features/energy/properties/kwh"), value("1"), WriteCondition.NONE)));
    }

    @Test
    void mergePatchAddsChangesAndRemovesWithNull() {
        create("cz.wujin:m", "{'attributes':{'a':1,'b':{'c':2,'d':3}}}");
        registry.merge(C, TwinId.of("cz.wujin:m"), JsonPointer.parse("/attributes"),
                value("{'a':null,'b':{'c':5},'e':'x'}"), WriteCondition.NONE);
        assertEquals(value("{'b':{'c':5,'d':3},'e':'x'}"),
                registry.get(C, TwinId.of("cz.wujin:m")).get().get(JsonPointer.parse("attributes")).get());
    }

    @Test
    void mergeOnMissingTwinIsNotFoundAndStoresNothing() {
        assertEquals(ErrorCode.THING_NOT_FOUND, codeOf(() -> registry.merge(C, TwinId.of("cz.wujin:none"),
                JsonPointer.empty(), value("{}"), WriteCondition.NONE)));
        assertTrue(journal.events.isEmpty());
    }

    @Test
    void invalidShapeIsRefusedAndChangesNothing() {
        create("cz.wujin:a", "{'attributes':{'x':1}}");
        assertEquals(ErrorCode.THING_INVALID, codeOf(() -> registry.put(C, TwinId.of("cz.wujin:a"),
                JsonPointer.parse("/attributes"), value("42"), WriteCondition.NONE)));
        assertEquals(ErrorCode.THING_INVALID, codeOf(() -> registry.merge(C, TwinId.of("cz.wujin:a"),
                JsonPointer.parse("/features"), value("{'f':7}"), WriteCondition.NONE)));
        assertEquals(ErrorCode.THING_INVALID, codeOf(() -> registry.merge(C, TwinId.of("cz.wujin:a"),
                JsonPointer.empty(), value("[1]"), WriteCondition.NONE)));
        assertEquals(1, registry.get(C, TwinId.of("cz.wujin:a")).get().revision());
        assertEquals(1, journal.events.size());
    }

    @Test
    void childrenFollowTheParentAttribute() {
        create("cz.wujin:campus", "{}");
        create("cz.wujin:b1", "{'attributes':{'parent':'cz.wujin:campus'}}");
        create("cz.wujin:b2", "{'attributes':{'parent':'cz.wujin:campus'}}");
        create("cz.wujin:f1", "{'attributes':{'parent':'cz.wujin:b1'}}");
        assertEquals(List.of(TwinId.of("cz.wujin:b1"), TwinId.of("cz.wujin:b2")),
                registry.children(C, TwinId.of("cz.wujin:campus")));
        registry.put(C, TwinId.of("cz.wujin:f1"), JsonPointer.parse("/attributes/parent"), value("'cz.wujin:b2'"),
                WriteCondition.NONE);
        assertEquals(List.of(), registry.children(C, TwinId.of("cz.wujin:b1")));
        assertEquals(List.of(TwinId.of("cz.wujin:f1")), registry.children(C, TwinId.of("cz.wujin:b2")));
    }

    @Test
    void refusesParentCyclesAndUnknownParents() {
        create("cz.wujin:a", "{}");
        create("cz.wujin:b", "{'attributes':{'parent':'cz.wujin:a'}}");
        create("cz.wujin:c", "{'attributes':{'parent':'cz.wujin:b'}}");
        TwinId a = TwinId.of("cz.wujin:a");
        assertEquals(ErrorCode.PARENT_CYCLE, codeOf(() -> registry.put(C, a, JsonPointer.parse("/attributes/parent"),
                value("'cz.wujin:c'"), WriteCondition.NONE)));
        assertEquals(ErrorCode.PARENT_CYCLE, codeOf(() -> registry.merge(C, a, JsonPointer.empty(),
                value("{'attributes':{'parent':'cz.wujin:a'}}"), WriteCondition.NONE)));
        assertEquals(ErrorCode.PARENT_NOT_FOUND, codeOf(() -> create("cz.wujin:d",
                "{'attributes':{'parent':'cz.wujin:ghost'}}")));
        assertEquals(ErrorCode.PARENT_INVALID, codeOf(() -> create("cz.wujin:e", "{'attributes':{'parent':5}}")));
        assertEquals(List.of(TwinId.of("cz.wujin:b")), registry.children(C, a));
        assertEquals(3, journal.events.size());
    }

    @Test
    void deletingTwinWithChildrenNeedsRecursive() {
        create("cz.wujin:a", "{}");
        create("cz.wujin:b", "{'attributes':{'parent':'cz.wujin:a'}}");
        create("cz.wujin:c", "{'attributes':{'parent':'cz.wujin:b'}}");
        create("cz.wujin:other", "{}");
        TwinId a = TwinId.of("cz.wujin:a");
        assertEquals(ErrorCode.HAS_CHILDREN, codeOf(() -> registry.delete(C, a, JsonPointer.empty(),
                WriteCondition.NONE, false)));
        assertEquals(4, registry.count(C));
        WriteResult r = registry.delete(C, a, JsonPointer.empty(), WriteCondition.NONE, true);
        assertEquals(3, r.events().size());
        assertEquals(TwinId.of("cz.wujin:c"), r.events().get(0).thingId());
        assertEquals(1, registry.count(C));
    }

    @Test
    void deleteOfMissingAttributeIsAttributeNotFound() {
        create("cz.wujin:a", "{'attributes':{'x':1}}");
        assertEquals(ErrorCode.ATTRIBUTE_NOT_FOUND, codeOf(() -> registry.delete(C, TwinId.of("cz.wujin:a"),
                JsonPointer.parse("/attributes/y"), WriteCondition.NONE, false)));
        registry.delete(C, TwinId.of("cz.wujin:a"), JsonPointer.parse("/attributes/x"), WriteCondition.NONE, false);
        assertFalse(registry.get(C, TwinId.of("cz.wujin:a")).get().has(JsonPointer.parse("/attributes/x")));
    }

    @Test
    void failedCommitChangesNothingAndAnnouncesNothing() {
        create("cz.wujin:a", "{'attributes':{'x':1}}");
        journal.failing = true;
        assertEquals(ErrorCode.STORE_UNAVAILABLE, codeOf(() -> registry.put(C, TwinId.of("cz.wujin:a"),
                JsonPointer.parse("/attributes/x"), value("2"), WriteCondition.NONE)));
        assertEquals(1, registry.get(C, TwinId.of("cz.wujin:a")).get().get(JsonPointer.parse("/attributes/x"))
                .get().asInt());
        assertEquals(1, announced.size());
    }

    @Test
    void conditionRunsAgainstCurrentStateAndCanRefuse() {
        create("cz.wujin:a", "{}");
        WriteCondition onlyIfRevision5 = (twin, v) -> {
            if (twin.get().revision() != 5) {
                throw ErrorCode.PRECONDITION_FAILED.exception("no");
            }
        };
        assertEquals(ErrorCode.PRECONDITION_FAILED, codeOf(() -> registry.put(C, TwinId.of("cz.wujin:a"),
                JsonPointer.parse("/attributes"), value("{}"), onlyIfRevision5)));
    }

    @Test
    void refusesTwinLargerThanLimit() {
        Registry small = new Registry(journal, e -> { }, 2048);
        assertEquals(ErrorCode.TOO_LARGE, codeOf(() -> small.create(C, TwinId.of("cz.wujin:big"),
                json("{'attributes':{'blob':'" + "x".repeat(3000) + "'}}"))));
    }

    /**
     * Property writes are size-checked from a bound carried from write to write, not by serializing the twin: the
     * limit must still hold to the byte, however many writes the bound has grown over.
     */
    @Test
    void propertyWritesAreRefusedExactlyWhenTheTwinWouldPassTheLimit() {
        Registry small = new Registry(journal, e -> { }, 2048);
        TwinId id = TwinId.of("cz.wujin:meter");
        small.create(C, id, json("{'features':{'energy':{'properties':{'power':0}}}}"));
        JsonPointer power = JsonPointer.parse("/features/energy/properties/power");
        for (int i = 0; i < 500; i++) {
            small.put(C, id, power, value("'" + "x".repeat(i % 50) + "'"), WriteCondition.NONE);
        }
        JsonPointer blob = JsonPointer.parse("/features/energy/properties/blob");
        long room = 2048 - small.get(C, id).orElseThrow().jsonLength();
        // "blob":"..." after a comma: 10 bytes beside the text
        String fits = "y".repeat((int) room - 10);
        small.put(C, id, blob, value("'" + fits + "'"), WriteCondition.NONE);
        assertEquals(2048, small.get(C, id).orElseThrow().jsonLength());
        long revision = small.get(C, id).orElseThrow().revision();
        assertEquals(ErrorCode.TOO_LARGE, codeOf(() -> small.put(C, id, blob, value("'" + fits + "y'"),
                WriteCondition.NONE)));
        assertEquals(ErrorCode.TOO_LARGE, codeOf(() -> small.merge(C, id, JsonPointer.parse(
                "/features/energy/properties"), value("{'more':1}"), WriteCondition.NONE)));
        assertEquals(revision, small.get(C, id).orElseThrow().revision(), "a refused write changes nothing");
        small.put(C, id, blob, value("'short'"), WriteCondition.NONE);
        assertEquals(revision + 1, small.get(C, id).orElseThrow().revision());
    }

    @Test
    void recoveryFromJournalAndSnapshotRebuildsTheSameState() {
        create("cz.wujin:a", "{'attributes':{'x':1}}");
        create("cz.wujin:b", "{'attributes':{'parent':'cz.wujin:a'},'features':{'f':{'properties':{'p':1}}}}");
        registry.snapshot().join();
        registry.merge(C, TwinId.of("cz.wujin:b"), JsonPointer.parse("/features/f/properties"), value("{'q':2}"),
                WriteCondition.NONE);
        create("cz.wujin:c", "{}");
        registry.delete(C, TwinId.of("cz.wujin:c"), JsonPointer.empty(), WriteCondition.NONE, false);
        registry.put(C, TwinId.of("cz.wujin:a"), JsonPointer.empty(), json("{'policyId':'cz.wujin:p'}"),
                WriteCondition.NONE);

        Registry rebuilt = new Registry(journal, e -> { }, 100_000);
        assertEquals(4, rebuilt.recover());
        assertEquals(registry.list(C), rebuilt.list(C));
        assertEquals(List.of(TwinId.of("cz.wujin:b")), rebuilt.children(C, TwinId.of("cz.wujin:a")));
    }

    @Test
    void concurrentWritesToOneTwinAreAllKept() throws Exception {
        create("cz.wujin:m", "{'features':{'f':{'properties':{}}}}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            futures.add(pool.submit(() -> registry.put(C, TwinId.of("cz.wujin:m"),
                    JsonPointer.parse("/features/f/properties/p" + n), value("" + n), WriteCondition.NONE)));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        Twin t = registry.get(C, TwinId.of("cz.wujin:m")).get();
        assertEquals(401, t.revision());
        assertEquals(400, t.get(JsonPointer.parse("/features/f/properties")).get().size());
    }
}
