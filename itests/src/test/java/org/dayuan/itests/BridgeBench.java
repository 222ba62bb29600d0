package org.dayuan.itests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.bench.Results;
import org.junit.Test;

/**
 * Ditto bridge throughput county → city, in the {@code bench} profile (not an itest): two distributions started as
 * an operator starts them, the county's bridge writing into the city's /ws/2 as in {@link BridgeIT}, on H2.
 * {@link #WRITERS} clients write to the county over HTTP for {@code dayuan.bench.seconds}; the figure is the commands
 * the bridge got acknowledged by the city per second, from the first write until its lag is zero, beside the
 * county's acknowledged writes/s in the same window (the rate it has to keep up with). Then, for the record, the
 * city is stopped during the same writes and the bridge's catch-up from its position is timed. Nothing is asserted.
 */
public class BridgeBench {
    static final String NS = "bench.bridge";
    static final int TWINS = 64;
    static final int WRITERS = 8;
    private static final Duration READY = Duration.ofSeconds(180);

    @Test
    public void measure() throws Exception {
        Results results = Results.open("bridge");
        double seconds = Double.parseDouble(System.getProperty("dayuan.bench.seconds", "6"));
        results.guard("bridge.events", "Bridge bench done.", () -> {
            ProcessDist city = new ProcessDist("bench-city-", "dayuan_bench_city_");
            try (city; ProcessDist county = BridgeIT.county(city, NS, "bench", "bench-county-",
                    "dayuan_bench_county_")) {
                // the whole backlog is resumed from the journal, not replaced by a resync of every twin
                county.append("etc/org.dayuan.subscriptions.cfg", "maxResumeEvents = 10000000");
                city.start();
                county.start();
                Api cityApi = new Api(city.port);
                Api countyApi = new Api(county.port);
                cityApi.awaitHealthy(DistributionTest.DEMO_TWINS, READY);
                countyApi.awaitHealthy(DistributionTest.DEMO_TWINS, READY);
                for (int i = 0; i < TWINS; i++) {
                    countyApi.put(thing(i), "{\"features\":{\"m\":{\"properties\":{\"v\":0}}}}");
                }
                await(countyApi, "the first twins mirrored", s -> s.path("connected").asBoolean() && lag(s) == 0);

                // Live: every event is mirrored as its own command, while the county takes the writes.
                long sentBefore = status(countyApi).path("sent").asLong();
                long t0 = System.nanoTime();
                long written = write(countyApi, seconds);
                double writing = (System.nanoTime() - t0) / 1e9;
                await(countyApi, "the live writes mirrored", s -> s.path("connected").asBoolean() && lag(s) == 0);
                double mirrored = (System.nanoTime() - t0) / 1e9;
                JsonNode live = status(countyApi);
                long sent = live.path("sent").asLong() - sentBefore;
                results.raw("bridge.live", live.toString());
                if (live.path("resyncs").asLong() > 0) {
                    results.failure("bridge.events", "the bridge resynchronised, so what it sent is not a rate of"
                            + " events: " + live);
                    return;
                }
                results.figure("bridge.events", sent / mirrored, written / writing, String.format(Locale.ROOT,
                        "%,d county writes (%d clients, %.1f s) mirrored to the city's /ws/2 as %,d commands (whole"
                        + " states, twin-persisted, window 64) until the bridge's lag was 0, %.2f s after the first"
                        + " write; baseline: the county's acknowledged HTTP PUTs/s in the same run", written, WRITERS,
                        writing, sent, mirrored));

                // Backlog: the city away while the county is written, then the bridge catches up from its position.
                // Replayed events carry the twin's current state, so most of them need no command of their own.
                city.stop();
                await(countyApi, "the bridge to notice the city is gone", s -> !s.path("connected").asBoolean());
                long backlogWritten = write(countyApi, seconds);
                city.start();
                JsonNode connected = await(countyApi, "the bridge to reconnect", s -> s.path("connected").asBoolean());
                long start = System.nanoTime();
                long backlog = lag(connected);
                await(countyApi, "the backlog mirrored", s -> s.path("connected").asBoolean() && lag(s) == 0);
                double drained = (System.nanoTime() - start) / 1e9;
                JsonNode after = status(countyApi);
                results.raw("bridge.backlog", String.format(Locale.ROOT,
                        "%,d county writes while the city was stopped: a backlog of %,d journal events caught up in"
                        + " %.2f s (%,.0f events/s) with %,d commands, the other %,d superseded by a later state of the"
                        + " same twin; %d resyncs", backlogWritten, backlog, drained, backlog / drained,
                        after.path("sent").asLong() - live.path("sent").asLong(),
                        after.path("duplicatesSkipped").asLong() - live.path("duplicatesSkipped").asLong(),
                        after.path("resyncs").asLong()));
            }
        });
    }

    private static String thing(int i) {
        return "/api/2/things/" + NS + ":t-" + i;
    }

    /** {@link #WRITERS} clients each setting its twins' property in turn for {@code seconds}; how many were acknowledged. */
    private static long write(Api api, double seconds) throws InterruptedException {
        AtomicLong acknowledged = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (int n = 1; System.nanoTime() < end; n++) {
                    int twin = writer + (n % (TWINS / WRITERS)) * WRITERS;
                    if (api.put(thing(twin) + "/features/m/properties/v", String.valueOf(n)).status() == 204) {
                        acknowledged.incrementAndGet();
                    }
                }
            }, "bench-bridge-writer-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return acknowledged.get();
    }

    private static JsonNode status(Api county) {
        return county.get("/api/dayuan/ditto-bridge").json();
    }

    private static long lag(JsonNode status) {
        return status.path("lag").path("events").asLong(-1);
    }

    /** Polls the bridge's status until {@code done} holds; fails after three minutes. */
    private static JsonNode await(Api county, String what, java.util.function.Predicate<JsonNode> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            Api.Reply reply = county.get("/api/dayuan/ditto-bridge");
            if (reply.status() == 200 && done.test(reply.json())) {
                return reply.json();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("waited 3 min for " + what + ": " + county.get("/api/dayuan/ditto-bridge"));
    }
}
