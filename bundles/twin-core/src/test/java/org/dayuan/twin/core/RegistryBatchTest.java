package org.dayuan.twin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.dayuan.twin.TwinWrite;
import org.dayuan.twin.WriteResult;
import org.junit.jupiter.api.Test;

/** {@link Registry#writeAll}: several twins changed as one, or not at all; {@link Registry#checkAll}: the same check. */
class RegistryBatchTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Caller C = Caller.fromGrants("tester", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    private static final JsonPointer OCCUPANTS = JsonPointer.parse("/attributes/occupants");
    private static final TwinId FLOOR = TwinId.of("cz.wujin:f1");
    private static final TwinId FROM = TwinId.of("cz.wujin:r1");
    private static final TwinId TO = TwinId.of("cz.wujin:r2");

    private final MemoryJournal journal = new MemoryJournal();
    private final List<TwinEvent> announced = new ArrayList<>();
    private final Registry registry = new Registry(journal, (e, t) -> announced.add(e), 100_000);

    private static JsonNode json(String s) {
        try {
            return M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode object(String s) {
        return (ObjectNode) json(s);
    }

    private JsonNode occupants(TwinId room) {
        return registry.get(C, room).orElseThrow().get(OCCUPANTS).orElseThrow();
    }

    private void twoRooms() {
        registry.create(C, FLOOR, object("{}"));
        registry.create(C, FROM, object("{'attributes':{'parent':'cz.wujin:f1','occupants':['王']}}"));
        registry.create(C, TO, object("{'attributes':{'parent':'cz.wujin:f1','occupants':[]}}"));
        announced.clear();
    }

    @Test
    void aMoveChangesBothRoomsInOneCommit() {
        twoRooms();
        int before = journal.events.size();
        List<WriteResult> results = registry.writeAll(C, List.of(
                TwinWrite.put(FROM, OCCUPANTS, json("[]")),
                TwinWrite.put(TO, OCCUPANTS, json("['王']"))));
        assertEquals(json("[]"), occupants(FROM));
        assertEquals(json("['王']"), occupants(TO));
        assertEquals(2, results.size());
        assertEquals(FROM, results.get(0).events().get(0).thingId());
        assertEquals(TO, results.get(1).events().get(0).thingId());
        assertEquals(results.get(0).events().get(0).seq() + 1, results.get(1).events().get(0).seq());
        assertEquals(before + 2, journal.events.size());
        assertEquals(List.of(FROM, TO), announced.stream().map(TwinEvent::thingId).toList());
    }

    @Test
    void aRefusedWriteAnywhereInTheBatchChangesNothing() {
        twoRooms();
        int before = journal.events.size();
        DayuanException refused = assertThrows(DayuanException.class, () -> registry.writeAll(C, List.of(
                TwinWrite.put(FROM, OCCUPANTS, json("[]")),
                TwinWrite.put(TO, OCCUPANTS, json("['王']")).when((twin, value) -> {
                    throw ErrorCode.PRECONDITION_FAILED.exception("taken meanwhile");
                }))));
        assertEquals(ErrorCode.PRECONDITION_FAILED, refused.errorCode());
        assertEquals(json("['王']"), occupants(FROM));
        assertEquals(json("[]"), occupants(TO));
        assertEquals(before, journal.events.size());
        assertTrue(announced.isEmpty());
    }

    @Test
    void aCheckAnswersAsTheWriteWouldAndChangesNothing() {
        twoRooms();
        int before = journal.events.size();
        TwinId room = TwinId.of("cz.wujin:r3");
        List<TwinWrite> batch = List.of(
                TwinWrite.put(FROM, OCCUPANTS, json("[]")),
                TwinWrite.create(room, object("{'attributes':{'parent':'cz.wujin:f1'}}")));
        List<WriteResult> checked = registry.checkAll(C, batch);
        assertEquals(before, journal.events.size());
        assertTrue(announced.isEmpty());
        assertEquals(json("['王']"), occupants(FROM));
        assertTrue(registry.get(C, room).isEmpty());
        assertEquals(List.of(FROM, TO), registry.children(C, FLOOR));
        assertEquals(json("[]"), checked.get(0).twin().orElseThrow().get(OCCUPANTS).orElseThrow());
        assertTrue(checked.get(1).created());
        assertEquals(room, checked.get(1).events().get(0).thingId());

        List<WriteResult> written = registry.writeAll(C, batch);
        for (int i = 0; i < 2; i++) {
            Twin expected = checked.get(i).twin().orElseThrow();
            Twin actual = written.get(i).twin().orElseThrow();
            assertEquals(expected.revision(), actual.revision());
            assertEquals(expected.get(JsonPointer.parse("/attributes")), actual.get(JsonPointer.parse("/attributes")));
            assertEquals(checked.get(i).events().get(0).type(), written.get(i).events().get(0).type());
        }
    }

    @Test
    void aCheckThrowsTheRefusalTheWriteWouldThrow() {
        twoRooms();
        int before = journal.events.size();
        TwinId orphan = TwinId.of("cz.wujin:r4");
        assertEquals(ErrorCode.PARENT_NOT_FOUND, assertThrows(DayuanException.class, () -> registry.checkAll(C,
                List.of(TwinWrite.put(FROM, OCCUPANTS, json("[]")),
                        TwinWrite.create(orphan, object("{'attributes':{'parent':'cz.wujin:nowhere'}}"))))).errorCode());
        assertEquals(ErrorCode.THING_CONFLICT, assertThrows(DayuanException.class, () -> registry.checkAll(C,
                List.of(TwinWrite.create(FROM, object("{}"))))).errorCode());
        assertEquals(before, journal.events.size());
        assertEquals(json("['王']"), occupants(FROM));
    }

    @Test
    void laterWritesSeeWhatEarlierOnesLeft() {
        registry.create(C, FLOOR, object("{}"));
        TwinId room = TwinId.of("cz.wujin:r9");
        List<WriteResult> results = registry.writeAll(C, List.of(
                TwinWrite.create(room, object("{'attributes':{'parent':'cz.wujin:f1','n':1}}")),
                TwinWrite.merge(room, JsonPointer.parse("/attributes"), json("{'n':2}")).when((twin, value) ->
                        assertEquals(1, twin.orElseThrow().get(JsonPointer.parse("/attributes/n")).orElseThrow()
                                .asInt()))));
        Twin stored = registry.get(C, room).orElseThrow();
        assertEquals(2, stored.revision());
        assertEquals(2, stored.get(JsonPointer.parse("/attributes/n")).orElseThrow().asInt());
        assertTrue(results.get(0).created());
        assertEquals(stored, results.get(1).twin().orElseThrow());
        assertEquals(List.of(room), registry.children(C, FLOOR));
    }

    @Test
    void aParentAndItsChildCanBeCreatedTogetherButNotOrphaned() {
        TwinId building = TwinId.of("cz.wujin:b1");
        TwinId floor = TwinId.of("cz.wujin:b1-f1");
        registry.writeAll(C, List.of(TwinWrite.create(building, object("{}")),
                TwinWrite.create(floor, object("{'attributes':{'parent':'cz.wujin:b1'}}"))));
        assertEquals(List.of(floor), registry.children(C, building));

        TwinId orphan = TwinId.of("cz.wujin:b1-f2");
        int before = journal.events.size();
        DayuanException refused = assertThrows(DayuanException.class, () -> registry.writeAll(C, List.of(
                TwinWrite.delete(floor, JsonPointer.empty()),
                TwinWrite.create(orphan, object("{'attributes':{'parent':'cz.wujin:b1-f1'}}")))));
        assertEquals(ErrorCode.PARENT_NOT_FOUND, refused.errorCode());
        assertEquals(ErrorCode.HAS_CHILDREN, assertThrows(DayuanException.class, () -> registry.writeAll(C, List.of(
                TwinWrite.create(orphan, object("{'attributes':{'parent':'cz.wujin:b1-f1'}}")),
                TwinWrite.delete(floor, JsonPointer.empty())))).errorCode());
        assertEquals(before, journal.events.size());
        assertTrue(registry.get(C, floor).isPresent());
    }

    @Test
    void aFailedCommitLeavesEveryTwinOfTheBatchAsItWas() {
        twoRooms();
        journal.failing = true;
        assertEquals(ErrorCode.STORE_UNAVAILABLE, assertThrows(DayuanException.class, () -> registry.writeAll(C,
                List.of(TwinWrite.put(FROM, OCCUPANTS, json("[]")),
                        TwinWrite.put(TO, OCCUPANTS, json("['王']"))))).errorCode());
        assertEquals(json("['王']"), occupants(FROM));
        assertEquals(json("[]"), occupants(TO));
        assertTrue(announced.isEmpty());
    }

    @Test
    void aBatchIsBoundByTheCallersNamespaces() {
        twoRooms();
        Caller wujin = Caller.fromGrants("w", List.of(Caller.ROLE_INTEGRATOR, "ns:cz.wujin"), "test");
        TwinId elsewhere = TwinId.of("cz.xinbei:r1");
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, assertThrows(DayuanException.class, () -> registry.writeAll(
                wujin, List.of(TwinWrite.put(FROM, OCCUPANTS, json("[]")),
                        TwinWrite.create(elsewhere, object("{}"))))).errorCode());
        assertEquals(json("['王']"), occupants(FROM));
    }

    @Test
    void crossedBatchesAndSingleWritesNeitherDeadlockNorLoseAWrite() throws Exception {
        twoRooms();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boolean forward = i % 2 == 0;
                String n = Integer.toString(i);
                done.add(pool.submit(() -> registry.writeAll(C, List.of(
                        TwinWrite.merge(forward ? FROM : TO, JsonPointer.parse("/attributes"), json("{'b" + n + "':1}")),
                        TwinWrite.merge(forward ? TO : FROM, JsonPointer.parse("/attributes"), json("{'b" + n + "':1}"))))));
                done.add(pool.submit(() -> registry.merge(C, forward ? TO : FROM, JsonPointer.parse("/attributes"),
                        json("{'s" + n + "':1}"), (t, v) -> { })));
            }
            for (Future<?> f : done) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // created at 1, then 200 batch merges and 100 single merges each
        assertEquals(301, registry.get(C, FROM).orElseThrow().revision());
        assertEquals(301, registry.get(C, TO).orElseThrow().revision());
    }
}
