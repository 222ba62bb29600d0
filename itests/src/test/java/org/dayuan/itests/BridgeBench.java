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
 * an operator starts them, the county's bridge writing into the city's /ws/2 as in {@link BridgeIT}, on H2. The
 * city is stopped while {@link #WRITERS} clients write to the county over HTTP for {@code dayuan.bench.seconds}:
 * their acknowledged writes/s are the baseline, the rate the county takes changes at with the bridge idle. Then the
 * city starts, and the figure is how fast the bridge drains that backlog to the city: journal events from the moment
 * the bridge reports itself connected until its lag is zero, per second. Nothing is asserted.
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

            city.stop();
            await(countyApi, "the bridge to notice the city is gone", s -> !s.path("connected").asBoolean());
            long written = write(countyApi, seconds);
            double baseline = written / seconds;
            results.raw("bridge.writes", String.format(Locale.ROOT, "%,d acknowledged HTTP PUTs in %.1f s from %d"
                    + " clients, the city stopped", written, seconds, WRITERS));

            city.start();
            JsonNode connected = await(countyApi, "the bridge to reconnect", s -> s.path("connected").asBoolean());
            long start = System.nanoTime();
            long backlog = lag(connected);
            await(countyApi, "the backlog mirrored", s -> s.path("connected").asBoolean() && lag(s) == 0);
            double drained = (System.nanoTime() - start) / 1e9;
            JsonNode status = countyApi.get("/api/dayuan/ditto-bridge").json();
            results.raw("bridge.status", status.toString());
            if (status.path("resyncs").asLong() > 0) {
                results.failure("bridge.events", "the bridge resynchronised instead of resuming, so the drain is not"
                        + " a rate of events: " + status);
                return;
            }
            results.figure("bridge.events", backlog / drained, baseline, String.format(Locale.ROOT, "%,d journal"
                    + " events of %d twins drained to the city's /ws/2 in %.2f s (whole states, twin-persisted,"
                    + " window 64); baseline: the county's acknowledged HTTP PUTs/s from %d clients while the bridge"
                    + " waited for the city", backlog, TWINS, drained, WRITERS));
        } catch (Throwable t) {
            results.failure("bridge.events", "the bench stopped: " + Results.describe(t));
            results.log(Results.stackTrace(t));
            throw t;
        } finally {
            results.log("Bridge bench done.");
        }
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
