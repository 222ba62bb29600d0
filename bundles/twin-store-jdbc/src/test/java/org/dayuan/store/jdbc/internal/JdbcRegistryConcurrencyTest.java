package org.dayuan.store.jdbc.internal;

import static org.dayuan.testing.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.IntNode;
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
import org.dayuan.twin.core.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's concurrency rules over the real group-commit journal on H2: creations share the tree lock and
 * their commits, the writer hands what follows a commit to its publisher, and neither may cost an orphan, an event
 * out of journal order, or a write that does not see the one before it.
 */
class JdbcRegistryConcurrencyTest {
    private static final Caller C = Registry.SELF;
    private static final JsonPointer X = JsonPointer.parse("/attributes/x");

    @TempDir
    Path tempDir;
    private TestDatabase db;
    private JdbcTwinJournal journal;
    private Registry registry;
    private final List<TwinEvent> announced = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @BeforeEach
    void open() {
        db = TestDatabase.h2(tempDir);
        journal = new JdbcTwinJournal(db.config(1000));
        registry = new Registry(journal, (e, after) -> announced.add(e), 1 << 20);
        registry.recover();
    }

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        registry.close();
        journal.deactivate();
    }

    @Test
    void creationsUnderAParentBeingDeletedNeverLeaveAnOrphan() throws Exception {
        for (int round = 0; round < 20; round++) {
            TwinId parent = TwinId.of("cz.wujin:p" + round);
            registry.create(C, parent, thing("{}"));
            CountDownLatch start = new CountDownLatch(1);
            long pause = round % 4;
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < 12; k++) {
                TwinId child = TwinId.of("cz.wujin:p" + round + "-c" + k);
                done.add(pool.submit(() -> {
                    start.await();
                    try {
                        registry.create(C, child, thing("{\"attributes\":{\"parent\":\"" + parent + "\"}}"));
                    } catch (DayuanException e) {
                        assertEquals(ErrorCode.PARENT_NOT_FOUND, e.errorCode(), e.getMessage());
                    }
                    return null;
                }));
            }
            done.add(pool.submit(() -> {
                start.await();
                Thread.sleep(pause);
                registry.delete(C, parent, JsonPointer.empty(), WriteCondition.NONE, true);
                return null;
            }));
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        assertNoOrphans(registry);
        // The durable state, rebuilt from the journal alone, is the same and has no orphan either.
        Registry recovered = new Registry(journal, e -> { }, 1 << 20);
        recovered.recover();
        assertNoOrphans(recovered);
        assertEquals(ids(registry), ids(recovered));
    }

    @Test
    void concurrentWritesKeepEachTwinsOrderAndAnnounceInJournalOrder() throws Exception {
        int twins = 8;
        int writers = 16;
        int writes = 60;
        for (int t = 0; t < twins; t++) {
            registry.create(C, TwinId.of("cz.wujin:t" + t), thing("{\"attributes\":{\"x\":0}}"));
        }
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < writes; i++) {
                    TwinId id = TwinId.of("cz.wujin:t" + (writer + i) % twins);
                    WriteResult r = registry.put(C, id, X, IntNode.valueOf(i), WriteCondition.NONE);
                    long revision = r.twin().orElseThrow().revision();
                    // Read-your-writes: once put returned, the registry shows this write or a later one.
                    assertTrue(registry.get(C, id).orElseThrow().revision() >= revision);
                }
                return null;
            }));
        }
        // Creations of new twins beside them, sharing their commits.
        for (int w = 0; w < 4; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    registry.create(C, TwinId.of("cz.wujin:n" + writer + "-" + i), thing("{}"));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        List<TwinEvent> seen = List.copyOf(announced);
        List<TwinEvent> stored = new ArrayList<>();
        journal.replay(0, stored::add);
        assertEquals(twins + writers * writes + 4 * 40, seen.size(),
                "one event per change");
        assertEquals(stored.stream().map(TwinEvent::seq).toList(), seen.stream().map(TwinEvent::seq).toList(),
                "announced in journal order");
        Map<TwinId, Long> revisions = new HashMap<>();
        for (TwinEvent e : seen) {
            long before = revisions.getOrDefault(e.thingId(), 0L);
            assertEquals(before + 1, e.revision(), "each twin's revisions in order, none skipped: " + e);
            revisions.put(e.thingId(), e.revision());
        }
        for (Map.Entry<TwinId, Long> r : revisions.entrySet()) {
            assertEquals(r.getValue(), registry.get(C, r.getKey()).orElseThrow().revision());
        }
    }

    private static ObjectNode thing(String text) {
        return (ObjectNode) json(text);
    }

    private static List<TwinId> ids(Registry r) {
        return r.list(C).stream().map(Twin::id).toList();
    }

    private static void assertNoOrphans(Registry r) {
        for (Twin t : r.list(C)) {
            Optional<String> parent = t.parent();
            parent.ifPresent(p -> assertTrue(r.get(C, TwinId.of(p)).isPresent(), t.id() + " names " + p
                    + " as its parent, which does not exist"));
        }
    }
}
