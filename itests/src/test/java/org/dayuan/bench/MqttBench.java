package org.dayuan.bench;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.bench.HttpClients.Reply;
import org.dayuan.itests.Dist;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * MQTT ingestion, in the Karaf JVM on embedded H2 with the embedded broker: readings/s from publish to durable
 * twin update (the ingestion's applied count), against the raw MQTT round trip of the same messages through the
 * same broker to a plain subscriber; and publish→SSE latency against raw publish→subscriber latency.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MqttBench {
    static final String NS = "bench.mqtt";
    static final int METERS = 1_000;
    static final int PUBLISHERS = 4;
    static final int WINDOW = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Results results;
    private int port;
    private String broker;

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        return BenchDist.probe(probe);
    }

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(BenchDist.options()));
        // The raw baseline needs a plain subscriber beside the ingestion: the broker lets only listed users read.
        options.add(editConfigurationFilePut("etc/org.dayuan.mqtt.broker.cfg", "subscribers",
                "dayuan-ingest," + Dist.ADMIN));
        return options.toArray(Option[]::new);
    }

    @Test
    public void measure() throws Exception {
        results = Results.open("mqtt");
        port = Integer.getInteger(BenchDist.PORT_PROPERTY);
        broker = "tcp://127.0.0.1:" + Integer.getInteger("dayuan.it.mqtt.port");
        int readings = (int) TwinBench.Settings.number("dayuan.bench.mqttReadings", 100_000);
        TwinBench.Settings settings = TwinBench.Settings.fromSystem();
        results.guard("mqtt.run", "MQTT bench done.", () -> {
            awaitIngestion();
            InContainer.Registry registry = new InContainer.Registry(Duration.ofSeconds(60));
            for (int i = 0; i < METERS; i++) {
                registry.put(registry.id(NS + ":m-" + i), registry.pointer("/"),
                        JSON.readTree("{\"features\":{\"energy\":{\"properties\":{\"reading\":0}}}}"));
            }
            throughput(readings);
            latency(registry, settings);
        });
    }

    private void throughput(int n) throws Exception {
        results.log("-- raw MQTT round trip of " + n + " messages, then " + n + " readings to durable twin updates");
        double raw;
        AtomicLong received = new AtomicLong();
        MqttClient subscriber = client("bench-raw-sub");
        try {
            subscriber.subscribe("bench/raw/#", 1, (topic, message) -> received.incrementAndGet());
            long t0 = System.nanoTime();
            publish(n, i -> "bench/raw/m-" + (i % METERS), received::get);
            await(() -> received.get() >= n, "raw subscriber got " + received + " of " + n);
            raw = n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            shut(subscriber);
        }
        // Applied readings, counted as a subscriber of the registry gets them: each is durable by then.
        AtomicLong applied = new AtomicLong();
        AutoCloseable subscription = InContainer.subscribe((now, thingId, value) -> {
            if (thingId.startsWith(NS + ":m-")) {
                applied.incrementAndGet();
            }
        }, Duration.ofSeconds(30));
        try {
            long t0 = System.nanoTime();
            publish(n, i -> "dayuan/" + NS + "/m-" + (i % METERS) + "/energy", applied::get);
            await(() -> applied.get() >= n, applied + " of " + n + " readings applied");
            double seconds = (System.nanoTime() - t0) / 1e9;
            results.figure("mqtt.readings", n / seconds, raw, n + " QoS 1 readings from " + PUBLISHERS
                    + " publishers to " + METERS + " twins, publish to the registry's event (each after its journal"
                    + " commit), at most " + WINDOW + " on their way at once; baseline: the same messages through the"
                    + " same broker to one plain subscriber, same window");
        } finally {
            subscription.close();
        }
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " after 600 s");
            }
            Thread.sleep(5);
        }
    }

    private interface Topic {
        String of(int i);
    }

    /**
     * Publishes {@code n} readings at QoS 1 from {@link #PUBLISHERS} clients, keeping at most {@link #WINDOW} of
     * them between publish and {@code delivered}: a broker drops or stalls what a slow subscriber cannot take
     * (Mosquitto's queue holds 1,000), so the publishers go as fast as the far end takes them, no faster.
     */
    private void publish(int n, Topic topic, java.util.function.LongSupplier delivered) throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        AtomicLong published = new AtomicLong();
        long base = delivered.getAsLong();
        for (int p = 0; p < PUBLISHERS; p++) {
            int first = p;
            Thread t = new Thread(() -> {
                MqttClient c = null;
                try {
                    c = client("bench-pub-" + first);
                    for (int i = first; i < n; i += PUBLISHERS) {
                        while (published.get() - (delivered.getAsLong() - base) >= WINDOW) {
                            Thread.onSpinWait();
                        }
                        published.incrementAndGet();
                        c.publish(topic.of(i), ("{\"reading\":" + (i / METERS + 1) + ",\"power\":1.5}")
                                .getBytes(StandardCharsets.UTF_8), 1, false);
                    }
                } catch (MqttException e) {
                    failures.incrementAndGet();
                    results.log("publisher " + first + " failed: " + Results.describe(e));
                } finally {
                    shut(c);
                }
            }, "bench-mqtt-pub-" + p);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " publishers failed");
        }
    }

    private void latency(InContainer.Registry registry, TwinBench.Settings settings) throws Exception {
        results.log("-- publish->SSE latency at " + settings.sseRate() + "/s, then raw publish->subscriber");
        List<MqttClient> writers = new ArrayList<>();
        try {
            for (int w = 0; w < SseLatency.WRITERS; w++) {
                writers.add(client("bench-lat-" + w));
            }
            String ns = NS + ".lat";
            SseLatency.Outcome o = SseLatency.measure(port, registry, ns, settings.sseRate(), 2, settings.sseSeconds(),
                    (w, sent) -> writers.get(w).publish("dayuan/" + ns + "/sse-" + w + "/bench",
                            ("{\"sent\":" + sent + "}").getBytes(StandardCharsets.UTF_8), 1, false));
            Histogram raw = rawLatency(settings);
            results.raw("mqtt.sse", o.received() + " of " + o.sent() + " readings seen on SSE at "
                    + Math.round(o.achievedRate()) + "/s" + (o.problem() == null ? "" : "; problem: " + o.problem()));
            if (o.sse().count() == 0 || raw.count() == 0) {
                results.failure("mqtt.sse.p99", "no latencies: " + o.problem());
                return;
            }
            results.figure("mqtt.sse.p50", o.sse().quantileMillis(0.50), raw.quantileMillis(0.50),
                    "publish to SSE client; baseline: raw publish to a plain subscriber, same broker, same rate");
            results.figure("mqtt.sse.p99", o.sse().quantileMillis(0.99), raw.quantileMillis(0.99),
                    "publish to SSE client; baseline: raw publish to a plain subscriber, same broker, same rate");
        } finally {
            writers.forEach(MqttBench::shut);
        }
    }

    /** Publish→subscriber latency of paced raw messages through the same broker. */
    private Histogram rawLatency(TwinBench.Settings settings) throws Exception {
        Histogram h = new Histogram();
        MqttClient sub = client("bench-lat-sub");
        MqttClient pub = client("bench-lat-pub");
        try {
            sub.subscribe("bench/lat", 1, (topic, m) -> {
                long now = System.nanoTime();
                synchronized (h) {
                    h.record(now - Long.parseLong(new String(m.getPayload(), StandardCharsets.UTF_8)));
                }
            });
            long period = (long) (1e9 / settings.sseRate());
            long end = System.nanoTime() + (long) (settings.sseSeconds() * 1e9);
            for (long next = System.nanoTime(); next < end; next += period) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                pub.publish("bench/lat", Long.toString(System.nanoTime()).getBytes(StandardCharsets.UTF_8), 1, false);
            }
            Thread.sleep(1000);
        } finally {
            shut(pub);
            shut(sub);
        }
        synchronized (h) {
            return h;
        }
    }

    private static void shut(MqttClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        } catch (MqttException e) {
            // the bench is done with it either way
        }
    }

    private MqttClient client(String id) throws MqttException {
        MqttClient c = new MqttClient(broker, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        // the embedded broker wants a login; the administrator may write every namespace (and read, see config())
        o.setUserName(Dist.ADMIN);
        o.setPassword(Dist.ADMIN_PASSWORD.toCharArray());
        c.connect(o);
        return c;
    }

    private long applied() throws Exception {
        Reply r = HttpClients.once(port, "GET", "/api/dayuan/mqtt", null, null);
        return JSON.readTree(r.body()).path("applied").asLong();
    }

    private void awaitIngestion() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                Reply r = HttpClients.once(port, "GET", "/api/dayuan/mqtt", null, null);
                if (r.status() == 200 && JSON.readTree(r.body()).path("connected").asBoolean()) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("MQTT ingestion not connected after 180 s");
    }
}
