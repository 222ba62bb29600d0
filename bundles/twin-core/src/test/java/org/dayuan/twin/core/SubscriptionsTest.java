package org.dayuan.twin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a subscriber gets: only what its caller sees, its selection, deletions of what it followed, no gap. */
class SubscriptionsTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Caller ADMIN = new Caller("admin", Set.of(Caller.ROLE_ADMIN), Set.of(Caller.ALL_NAMESPACES),
            "test");
    private static final Caller WUJIN = new Caller("wujin", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"), "test");
    private static final JsonPointer KIND = JsonPointer.parse("/attributes/kind");
    private static final Predicate<Twin> METERS = t -> t.get(KIND).map(k -> k.asText().equals("meter"))
            .orElse(false);

    private final MemoryJournal journal = new MemoryJournal();
    private final Registry registry = new Registry(journal, e -> { }, 100_000);
    private final ExecutorService delivery = Executors.newSingleThreadExecutor();
    private Subscriptions subscriptions = subscriptions(10_000);

    private Subscriptions subscriptions(int maxResume) {
        Subscriptions s = new Subscriptions(journal, registry, maxResume, delivery);
        registry.addFollower(s);
        return s;
    }

    @AfterEach
    void stop() {
        delivery.shutdownNow();
    }

    /** What one subscriber received. */
    private static final class Received implements SubscriptionListener {
        final List<TwinEvent> events = new CopyOnWriteArrayList<>();
        final List<Optional<Twin>> states = new CopyOnWriteArrayList<>();
        final List<String> resets = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(TwinEvent event, Optional<Twin> after) {
            events.add(event);
            states.add(after);
        }

        @Override
        public void reset(String reason) {
            resets.add(reason);
        }

        List<String> ids() {
            return events.stream().map(e -> e.type().jsonName() + " " + e.thingId()).toList();
        }
    }

    private static ObjectNode json(String s) {
        try {
            return (ObjectNode) M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void create(String id, String kind) {
        registry.create(ADMIN, TwinId.of(id), json("{'attributes':{'kind':'" + kind + "'}}"));
    }

    private void setArea(String id, int area) {
        registry.merge(ADMIN, TwinId.of(id), JsonPointer.parse("/attributes"), json("{'area':" + area + "}"),
                WriteCondition.NONE);
    }

    private void delete(String id) {
        registry.delete(ADMIN, TwinId.of(id), JsonPointer.empty(), WriteCondition.NONE, false);
    }

    /** Waits until every announcement so far was delivered. */
    private void settle() throws Exception {
        delivery.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    private static EventSelection filtered(Predicate<Twin> filter) {
        return new EventSelection(Set.of(), Set.of(), Set.of(), Optional.of(filter));
    }

    @Test
    void aCallerGetsOnlyTheTwinsItSeesLiveAndReplayed() throws Exception {
        Received live = new Received();
        subscriptions.subscribe(WUJIN, EventSelection.ALL, -1, live);
        create("cz.wujin:m1", "meter");
        create("cz.xinbei:m1", "meter");
        create("cz.wujinx:m1", "meter");
        setArea("cz.wujin:m1", 3);
        settle();
        assertEquals(List.of("created cz.wujin:m1", "merged cz.wujin:m1"), live.ids());
        assertEquals(3, live.states.get(1).orElseThrow().get(JsonPointer.parse("/attributes/area")).orElseThrow()
                .asInt(), "the state after the event comes with it");

        Received resumed = new Received();
        subscriptions.subscribe(WUJIN, EventSelection.ALL, 0, resumed);
        assertEquals(live.ids(), resumed.ids());
    }

    @Test
    void idsNamespacesTypesAndFilterNarrowTheEvents() throws Exception {
        Received meters = new Received();
        Received merges = new Received();
        Received one = new Received();
        subscriptions.subscribe(ADMIN, filtered(METERS), -1, meters);
        subscriptions.subscribe(ADMIN, new EventSelection(Set.of(), Set.of("cz.wujin"),
                Set.of(TwinEvent.Type.MERGED), Optional.empty()), -1, merges);
        subscriptions.subscribe(ADMIN, new EventSelection(Set.of(TwinId.of("cz.wujin:r1")), Set.of(), Set.of(),
                Optional.empty()), -1, one);
        create("cz.wujin:m1", "meter");
        create("cz.wujin:r1", "room");
        setArea("cz.wujin:r1", 2);
        create("cz.wujin.hutang:m2", "meter");
        setArea("cz.wujin.hutang:m2", 2);
        settle();
        assertEquals(List.of("created cz.wujin:m1", "created cz.wujin.hutang:m2", "merged cz.wujin.hutang:m2"),
                meters.ids());
        assertEquals(List.of("merged cz.wujin:r1"), merges.ids());
        assertEquals(List.of("created cz.wujin:r1", "merged cz.wujin:r1"), one.ids());
    }

    @Test
    void theDeletionOfATwinThatMatchedReachesAFilteredSubscriber() throws Exception {
        create("cz.wujin:m1", "meter");
        create("cz.wujin:r1", "room");
        registry.put(ADMIN, TwinId.of("cz.wujin:m1"), JsonPointer.parse("/attributes/note"),
                M.getNodeFactory().textNode("x"), WriteCondition.NONE);
        Received meters = new Received();
        subscriptions.subscribe(WUJIN, filtered(METERS), -1, meters);
        registry.delete(ADMIN, TwinId.of("cz.wujin:m1"), JsonPointer.parse("/attributes/note"),
                WriteCondition.NONE, false);
        delete("cz.wujin:m1");
        delete("cz.wujin:r1");
        settle();
        assertEquals(List.of("deleted cz.wujin:m1", "deleted cz.wujin:m1"), meters.ids(),
                "the deletion of a part (the twin still matches) and of the meter; not the room's");
        assertTrue(meters.events.get(1).deletesTwin());
        assertEquals(Optional.empty(), meters.states.get(1));
    }

    @Test
    void aReplayedDeletionReachesEverySubscriberThatSeesTheTwin() {
        create("cz.wujin:m1", "meter");
        create("cz.xinbei:m1", "meter");
        long mark = journal.lastSeq();
        delete("cz.wujin:m1");
        delete("cz.xinbei:m1");
        Received meters = new Received();
        subscriptions.subscribe(WUJIN, filtered(METERS), mark, meters);
        assertEquals(List.of("deleted cz.wujin:m1"), meters.ids());
    }

    @Test
    void resumingWhileWritesGoOnMissesAndRepeatsNothing() throws Exception {
        create("cz.wujin:m1", "meter");
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get(); i++) {
                setArea("cz.wujin:m1", i);
            }
        });
        writer.start();
        List<Received> subscribers = new ArrayList<>();
        List<Long> marks = new ArrayList<>();
        try {
            for (int round = 0; round < 20; round++) {
                Thread.sleep(5);
                long mark = Math.max(0, journal.lastSeq() - 200);
                Received r = new Received();
                subscriptions.subscribe(ADMIN, EventSelection.ALL, mark, r);
                subscribers.add(r);
                marks.add(mark);
            }
        } finally {
            writing.set(false);
            writer.join();
        }
        settle();
        long last = journal.lastSeq();
        for (int i = 0; i < subscribers.size(); i++) {
            List<Long> seqs = subscribers.get(i).events.stream().map(TwinEvent::seq).toList();
            assertEquals(last - marks.get(i), seqs.size(), "subscriber " + i + " got every event once");
            for (int k = 0; k < seqs.size(); k++) {
                assertEquals(marks.get(i) + 1 + k, seqs.get(k), "subscriber " + i + " in journal order");
            }
        }
    }

    @Test
    void tooFarBehindOrBehindRetentionOrBeyondTheEndIsAResetThenLiveEvents() throws Exception {
        subscriptions = subscriptions(5);
        for (int i = 0; i < 10; i++) {
            create("cz.wujin:m" + i, "meter");
        }
        Received far = new Received();
        Subscription s = subscriptions.subscribe(WUJIN, EventSelection.ALL, 2, far);
        assertEquals(List.of(), far.events);
        assertEquals(1, far.resets.size());
        assertTrue(far.resets.get(0).contains("more than the 5 allowed"), far.resets.get(0));

        Received near = new Received();
        subscriptions.subscribe(WUJIN, EventSelection.ALL, 7, near);
        assertEquals(List.of("created cz.wujin:m7", "created cz.wujin:m8", "created cz.wujin:m9"), near.ids());
        assertEquals(List.of(), near.resets);

        registry.snapshot().get(10, TimeUnit.SECONDS);
        journal.forgetUpTo(8);
        Received forgotten = new Received();
        subscriptions.subscribe(WUJIN, EventSelection.ALL, 7, forgotten);
        assertTrue(forgotten.resets.get(0).contains("retention"), forgotten.resets.toString());

        Received future = new Received();
        subscriptions.subscribe(WUJIN, EventSelection.ALL, 99, future);
        assertTrue(future.resets.get(0).contains("no event 99"), future.resets.toString());

        s.close();
        create("cz.wujin:new", "meter");
        settle();
        assertEquals(List.of(), far.events, "closed");
        assertEquals(List.of("created cz.wujin:new"), future.ids(), "live events follow a reset");
        assertEquals("created cz.wujin:new", near.ids().get(3));
    }
}
