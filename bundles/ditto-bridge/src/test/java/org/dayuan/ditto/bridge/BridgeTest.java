package org.dayuan.ditto.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Http;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.core.Subscriptions;
import org.dayuan.twin.core.grants.BundleGrants;
import org.dayuan.twin.core.grants.BundleSubscriptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge against a real registry in memory and an upstream that keeps things in a map. */
class BridgeTest {
    private static final String BSN = "org.dayuan.ditto.bridge";
    private static final String NS = "cz.wujin";

    @TempDir
    Path dir;

    private final InMemoryTwins twins = new InMemoryTwins();
    private final BundleGrants grants = InMemoryTwins.grants("bundle." + BSN, "viewer, ns:*");
    private final TwinRegistry bridgeRegistry = twins.of(BSN, grants).registry();
    private final City city = new City();
    private final List<Bridge> bridges = new ArrayList<>();

    @AfterEach
    void stop() {
        bridges.forEach(Bridge::close);
        city.executor.shutdownNow();
    }

    private Bridge bridge(TwinSubscriptions subscriptions, int queueSize, int window) throws IOException {
        Bridge b = new Bridge(subscriptions, bridgeRegistry::identity, () -> bridgeRegistry.list(
                bridgeRegistry.identity()), twins.journal::lastSeq, new PositionFile(dir.resolve("position")),
                city::connect, new Bridge.Options("ws://city", "wujin", Set.of(NS), queueSize, window,
                Duration.ofMillis(20), Duration.ofMillis(100)));
        bridges.add(b);
        return b.start();
    }

    private Bridge bridge() throws IOException {
        return bridge(twins.of(BSN, grants).subscriptions(), 1000, 16);
    }

    private void put(String id, int i) throws IOException {
        ObjectNode thing = (ObjectNode) Http.MAPPER.readTree("{\"attributes\":{\"i\":" + i + "},\"features\":"
                + "{\"t\":{\"properties\":{\"c\":" + i + "}}}}");
        twins.registry.put(FakeHttp.ADMIN, TwinId.of(id), JsonPointer.empty(), thing, WriteCondition.NONE);
    }

    private void merge(String id, int i) throws IOException {
        twins.registry.merge(FakeHttp.ADMIN, TwinId.of(id), JsonPointer.parse("/features/t/properties"),
                Http.MAPPER.readTree("{\"c\":" + i + ",\"m\":true}"), WriteCondition.NONE);
    }

    private void delete(String id) {
        twins.registry.delete(FakeHttp.ADMIN, TwinId.of(id), JsonPointer.empty(), WriteCondition.NONE, false);
    }

    /** Every twin of the namespace as the county has it, with its revision, the way the upstream should hold it. */
    private Map<String, String> county() {
        Map<String, String> out = new TreeMap<>();
        for (Twin t : twins.registry.list(FakeHttp.ADMIN)) {
            if (t.id().namespace().equals(NS)) {
                out.put(t.id().toString(), UpstreamCommand.put(t, 0, "wujin").thing().toString());
            }
        }
        return out;
    }

    private void awaitMirrored() {
        await(() -> county().equals(city.snapshot()), () -> "city " + city.snapshot().keySet() + " county "
                + county().keySet());
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not reached: " + what.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void mirrorsCreationsModificationsMergesAndDeletionsOfTheChosenNamespaceOnly() throws Exception {
        Bridge bridge = bridge();
        for (int i = 0; i < 20; i++) {
            put(NS + ":room-" + i, 0);
            put("cz.other:room-" + i, 0);
        }
        for (int round = 1; round <= 5; round++) {
            for (int i = 0; i < 20; i++) {
                put(NS + ":room-" + i, round);
                merge(NS + ":room-" + i, round * 10);
            }
        }
        for (int i = 0; i < 5; i++) {
            delete(NS + ":room-" + i);
        }
        for (int i = 0; i < 10; i++) {
            put("cz.other:room-" + i, 9);
        }
        awaitMirrored();
        assertEquals(15, city.snapshot().size());
        assertFalse(city.snapshot().keySet().stream().anyMatch(id -> id.startsWith("cz.other:")));
        await(() -> bridge.status().position() == twins.journal.lastSeq(), () -> "position " + bridge.status());
        BridgeStatus status = bridge.status();
        assertTrue(status.connected());
        assertEquals(0, status.lagEvents());
        // An event the subscription replays comes with the twin's current state, which makes the puts of the events
        // after it duplicates the bridge skips: how many depends on when the subscription started.
        assertEquals(20 + 20 * 5 * 2 + 5, status.sent() + status.skipped(),
                "the other namespace's events only move the position");
        bridge.close();
        assertEquals(twins.journal.lastSeq(), new PositionFile(dir.resolve("position")).read());
    }

    @Test
    void resumesFromItsDurablePositionAfterARestartSendingOnlyWhatItHadNotSent() throws Exception {
        Bridge first = bridge();
        for (int i = 0; i < 10; i++) {
            put(NS + ":room-" + i, 1);
        }
        awaitMirrored();
        await(() -> first.status().position() == twins.journal.lastSeq(), first::toString);
        first.close();
        int before = city.commands.get();
        for (int i = 0; i < 10; i++) {
            put(NS + ":room-" + i, 2);
        }
        delete(NS + ":room-9");
        assertEquals(before, city.commands.get(), "nothing is sent while the bridge is stopped");
        bridge();
        awaitMirrored();
        assertEquals(before + 11, city.commands.get(), "only the changes made while stopped are sent");
    }

    @Test
    void reconnectsWithBackoffAfterTheUpstreamWentAwayAndLosesNothing() throws Exception {
        Bridge bridge = bridge();
        put(NS + ":room-0", 0);
        awaitMirrored();
        city.down = true;
        for (int round = 1; round <= 20; round++) {
            for (int i = 0; i < 5; i++) {
                put(NS + ":room-" + i, round);
            }
        }
        await(() -> !bridge.status().connected() && bridge.status().lastError().isPresent(), bridge::toString);
        assertTrue(bridge.status().lagEvents() > 0);
        city.down = false;
        awaitMirrored();
        await(() -> bridge.status().connected() && bridge.status().lagEvents() == 0, () -> "" + bridge.status());
        assertTrue(bridge.status().lastError().get().contains("upstream"), bridge.status().lastError().get());
    }

    @Test
    void aFullQueueNeverSlowsWritersAndTheBridgeCatchesUpFromTheJournal() throws Exception {
        city.gate = new CompletableFuture<>();
        Bridge bridge = bridge(twins.of(BSN, grants).subscriptions(), 4, 2);
        for (int i = 0; i < 300; i++) {
            put(NS + ":room-" + (i % 30), i);
        }
        // every write above returned while the upstream answered nothing
        assertEquals(0, city.snapshot().size());
        city.gate.complete(null);
        awaitMirrored();
        await(() -> bridge.status().position() == twins.journal.lastSeq(), () -> "" + bridge.status());
    }

    @Test
    void aReplayLongerThanTheQueueNeverHoldsWritersUp() throws Exception {
        for (int i = 0; i < 50; i++) {
            put(NS + ":room-" + (i % 10), i);
        }
        city.gate = new CompletableFuture<>();
        Bridge bridge = bridge(twins.of(BSN, grants).subscriptions(), 4, 2);
        await(() -> bridge.status().inFlight() > 0, () -> "nothing in flight: " + bridge.status());
        // the upstream answers nothing yet, and the bridge is behind by more than its queue: writers go on
        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 100; i++) {
                try {
                    put(NS + ":room-" + (i % 20), 100 + i);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        await(writes::isDone, () -> "writers held up while the bridge waits for the upstream");
        writes.join();
        city.gate.complete(null);
        awaitMirrored();
        await(() -> bridge.status().position() == twins.journal.lastSeq(), () -> "" + bridge.status());
    }

    @Test
    void tooFarBehindForTheJournalResynchronisesEveryTwinThenFollows() throws Exception {
        Subscriptions bounded = new Subscriptions(twins.journal, twins.registry, 5, Runnable::run);
        twins.registry.addFollower(bounded);
        for (int i = 0; i < 12; i++) {
            put(NS + ":room-" + i, i);
            put("cz.other:room-" + i, i);
        }
        Bridge bridge = bridge(new BundleSubscriptions(bounded, grants, BSN), 1000, 8);
        awaitMirrored();
        assertEquals(1, bridge.status().resyncs());
        await(() -> bridge.status().position() == twins.journal.lastSeq(), () -> "" + bridge.status());
        put(NS + ":room-3", 99);
        awaitMirrored();
        bridge.close();
        assertEquals(twins.journal.lastSeq(), new PositionFile(dir.resolve("position")).read());
    }

    @Test
    void aResyncDeletesTheCopiesOfTwinsDeletedMeanwhileAndLeavesOtherSourcesAlone() throws Exception {
        // the city holds a copy of a twin deleted at the county in a stretch of journal no longer kept, and one that
        // another county sent
        String gone = "{\"thingId\":\"" + NS + ":room-gone\",\"attributes\":{\"" + UpstreamCommand.SOURCE_ATTRIBUTE
                + "\":{\"instance\":\"wujin\",\"revision\":3}}}";
        String foreign = "{\"thingId\":\"" + NS + ":room-x\",\"attributes\":{\"" + UpstreamCommand.SOURCE_ATTRIBUTE
                + "\":{\"instance\":\"xinbei\",\"revision\":1}}}";
        city.things.put(NS + ":room-gone", gone);
        city.things.put(NS + ":room-x", foreign);
        Subscriptions bounded = new Subscriptions(twins.journal, twins.registry, 5, Runnable::run);
        twins.registry.addFollower(bounded);
        for (int i = 0; i < 12; i++) {
            put(NS + ":room-" + i, i);
        }
        Bridge bridge = bridge(new BundleSubscriptions(bounded, grants, BSN), 1000, 8);
        await(() -> {
            Map<String, String> mine = city.snapshot();
            mine.remove(NS + ":room-x");
            return county().equals(mine);
        }, () -> "city " + city.snapshot().keySet() + " county " + county().keySet());
        assertEquals(1, bridge.status().resyncs());
        assertEquals(foreign, city.things.get(NS + ":room-x"), "another source's copy is not touched");
    }

    @Test
    void anErrorIsDescribedOnOneShortLine() {
        String page = "Authentication failed: <html>\n<head>\n" + "x".repeat(1000) + "</html>";
        String described = Bridge.describe(new java.util.concurrent.CompletionException(new IllegalStateException(
                page)));
        assertTrue(described.startsWith("Authentication failed: <html> <head> xxx"), described);
        assertFalse(described.contains("\n"));
        assertTrue(described.length() <= 301, described);
        assertEquals("IllegalStateException", Bridge.describe(new IllegalStateException()));
    }

    /** The upstream: things by id, shared by every connection the bridge opens. */
    static final class City {
        final Map<String, String> things = new ConcurrentHashMap<>();
        final AtomicInteger commands = new AtomicInteger();
        final ExecutorService executor = Executors.newFixedThreadPool(4);
        volatile boolean down;
        volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

        Map<String, String> snapshot() {
            return new TreeMap<>(things);
        }

        Upstream connect() throws IOException {
            if (down) {
                throw new IOException("the upstream refused the connection");
            }
            return new Upstream() {
                private volatile boolean open = true;

                @Override
                public CompletionStage<Void> send(UpstreamCommand command) {
                    return gate.thenApplyAsync(v -> {
                        if (down) {
                            open = false;
                            throw new IllegalStateException("the upstream went away");
                        }
                        commands.incrementAndGet();
                        if (command.kind() == UpstreamCommand.Kind.PUT) {
                            things.put(command.id().toString(), command.thing().toString());
                        } else {
                            things.remove(command.id().toString());
                        }
                        return null;
                    }, executor);
                }

                @Override
                public Set<TwinId> mirrored(String source, Set<String> namespaces) throws IOException {
                    Set<TwinId> out = new HashSet<>();
                    for (Map.Entry<String, String> copy : things.entrySet()) {
                        TwinId id = TwinId.of(copy.getKey());
                        if (namespaces.contains(id.namespace()) && Http.MAPPER.readTree(copy.getValue())
                                .at("/attributes/" + UpstreamCommand.SOURCE_ATTRIBUTE + "/"
                                        + UpstreamCommand.SOURCE_INSTANCE).asText().equals(source)) {
                            out.add(id);
                        }
                    }
                    return out;
                }

                @Override
                public boolean isOpen() {
                    return open;
                }

                @Override
                public void close() {
                    open = false;
                }
            };
        }
    }
}
