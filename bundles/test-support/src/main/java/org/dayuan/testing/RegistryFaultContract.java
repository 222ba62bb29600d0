package org.dayuan.testing;

import static org.dayuan.testing.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
import org.dayuan.twin.core.Registry;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;
import org.dayuan.twin.spi.TwinJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry under commit faults, over any journal: a commit that lands after the registry stopped waiting, one
 * that fails or is kept by the store although reported failed, and a store that cannot be read for a while. After
 * each, memory, journal and revisions agree: no two events of a twin's life share a revision, memory is what
 * recovery from the journal gives, every acknowledged write is durable, and the twin takes writes again.
 * twin-core runs it over the memory journal, twin-store-jdbc over H2 and PostgreSQL.
 */
public abstract class RegistryFaultContract {
    /** Short, so a test waits little for the registry to give up on a held commit; long for any real commit. */
    protected static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(2);
    private static final Caller C = Caller.fromGrants("tester", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    private static final TwinId A = TwinId.of("cz.wujin:a");
    private static final JsonPointer X = JsonPointer.parse("/attributes/x");

    protected FaultyJournal journal;
    protected Registry registry;
    private final List<TwinEvent> announced = Collections.synchronizedList(new ArrayList<>());
    private final List<TwinEvent> acknowledged = new ArrayList<>();

    /** A fresh, empty store for one test. */
    protected abstract TwinJournal openStore();

    /** Closes what {@link #openStore} opened. */
    protected void closeStore() {
    }

    @BeforeEach
    void startRegistry() {
        journal = new FaultyJournal(openStore());
        registry = new Registry(journal, (e, after) -> announced.add(e), 100_000, COMMIT_TIMEOUT);
        registry.recover();
    }

    @AfterEach
    void stopRegistry() {
        if (registry == null) {
            return; // the store was not there (a skipped test)
        }
        registry.close();
        closeStore();
    }

    @Test
    void aCommitLandingLateIsAppliedOnceSettledAndItsTwinRefusesWritesUntilThen() {
        create(A, "{'attributes':{'x':1}}");
        FaultyJournal.Held late = journal.holdNextAppend();

        DayuanException unknown = assertUnavailable(() -> put(A, "2"));
        assertTrue(unknown.getMessage().contains("being settled"), unknown.getMessage());
        assertEquals(1, x(A), "reads serve the last confirmed state");
        DayuanException fenced = assertUnavailable(() -> put(A, "3"));
        assertTrue(fenced.getMessage().contains("'cz.wujin:a'"), fenced.getMessage());
        assertTrue(registry.snapshot().isCompletedExceptionally(), "no snapshot while a write is unsettled");
        create(TwinId.of("cz.wujin:b"), "{}");

        late.commit();
        WriteResult next = once(() -> put(A, "3"));

        assertEquals(3, next.twin().orElseThrow().revision());
        assertEquals(3, x(A));
        assertTrue(announced.stream().anyMatch(e -> e.thingId().equals(A) && e.revision() == 2),
                "the late write is announced");
        registry.snapshot().join();
        assertAgree();
    }

    @Test
    void aLateCommitThatFailsLiftsTheFenceWithNothingApplied() {
        create(A, "{'attributes':{'x':1}}");
        FaultyJournal.Held late = journal.holdNextAppend();
        assertUnavailable(() -> put(A, "2"));

        late.fail();
        WriteResult next = once(() -> put(A, "3"));

        assertEquals(2, next.twin().orElseThrow().revision(), "revision 2 was never stored, so it is used now");
        assertTrue(announced.stream().noneMatch(e -> e.thingId().equals(A) && e.value() != null
                && e.value().asInt() == 2), "nothing of the failed write is visible");
        assertAgree();
    }

    @Test
    void aCommitTheStoreKeptButReportedFailedIsReadBackAndAcknowledged() {
        create(A, "{'attributes':{'x':1}}");
        journal.failNextAfterCommit();

        WriteResult kept = put(A, "2");

        assertEquals(2, kept.twin().orElseThrow().revision());
        assertEquals(2, x(A));
        assertEquals(3, put(A, "3").twin().orElseThrow().revision());
        assertAgree();
    }

    @Test
    void whileTheStoreCannotBeReadTheTwinStaysFencedThenIsReadBack() {
        create(A, "{'attributes':{'x':1}}");
        journal.failNextAfterCommit();
        journal.failReads(3);

        assertUnavailable(() -> put(A, "2"));
        assertEquals(1, x(A), "not visible before the journal says it is durable");
        assertUnavailable(() -> put(A, "3"));

        WriteResult next = once(() -> put(A, "3"));
        assertEquals(3, next.twin().orElseThrow().revision(), "revision 2 was stored and is applied");
        assertAgree();
    }

    @Test
    void aStructuralCommitLandingLateHoldsTheTreeUntilSettled() {
        TwinId parent = TwinId.of("cz.wujin:p");
        TwinId child = TwinId.of("cz.wujin:c");
        create(parent, "{}");
        FaultyJournal.Held late = journal.holdNextAppend();
        assertUnavailable(() -> create(child, "{'attributes':{'parent':'cz.wujin:p'}}"));

        // Deleting the parent now could orphan the child the late commit stores.
        DayuanException tree = assertUnavailable(() -> registry.delete(C, parent, JsonPointer.empty(),
                WriteCondition.NONE, true));
        assertTrue(tree.getMessage().contains("containment tree"), tree.getMessage());
        assertTrue(registry.get(C, child).isEmpty());
        put(parent, "7");

        late.commit();
        once(() -> create(TwinId.of("cz.wujin:d"), "{'attributes':{'parent':'cz.wujin:p'}}"));

        assertEquals(Set.of(child, TwinId.of("cz.wujin:d")), new HashSet<>(registry.children(C, parent)));
        assertEquals(3, registry.delete(C, parent, JsonPointer.empty(), WriteCondition.NONE, true).events().size());
        assertAgree();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private WriteResult put(TwinId id, String value) {
        WriteResult r = registry.put(C, id, X, json(value), WriteCondition.NONE);
        acknowledged.addAll(r.events());
        return r;
    }

    private WriteResult create(TwinId id, String body) {
        WriteResult r = registry.put(C, id, JsonPointer.empty(), json(body), WriteCondition.NONE);
        acknowledged.addAll(r.events());
        return r;
    }

    private int x(TwinId id) {
        return registry.get(C, id).orElseThrow().get(X).orElseThrow().asInt();
    }

    private static DayuanException assertUnavailable(Runnable write) {
        DayuanException e = assertThrows(DayuanException.class, write::run);
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        return e;
    }

    /** The write, tried until the twin's earlier write is settled and it no longer gets 503. */
    private static WriteResult once(Supplier<WriteResult> write) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return write.get();
            } catch (DayuanException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            }
        }
    }

    /**
     * Memory, journal and revisions agree: each life of a twin has every revision once, recovery from the journal
     * gives what memory holds, and every acknowledged event is stored as acknowledged.
     */
    private void assertAgree() {
        List<TwinEvent> stored = new ArrayList<>();
        journal.replay(0, stored::add);
        Map<TwinId, Set<Long>> life = new HashMap<>();
        for (TwinEvent e : stored) {
            if (e.type() == TwinEvent.Type.CREATED) {
                life.put(e.thingId(), new HashSet<>());
            }
            assertTrue(life.computeIfAbsent(e.thingId(), k -> new HashSet<>()).add(e.revision()),
                    "revision " + e.revision() + " of " + e.thingId() + " stored twice: " + stored);
        }
        Map<Long, TwinEvent> bySeq = new HashMap<>();
        stored.forEach(e -> bySeq.put(e.seq(), e));
        for (TwinEvent e : acknowledged) {
            assertEquals(e, bySeq.get(e.seq()), "acknowledged event " + e.seq() + " is durable");
        }
        Registry recovered = new Registry(journal, e -> { }, 100_000);
        recovered.recover();
        assertEquals(asJson(registry.list(C)), asJson(recovered.list(C)));
    }

    private static List<ObjectNode> asJson(List<Twin> twins) {
        return twins.stream().map(Twin::toJson).toList();
    }
}
