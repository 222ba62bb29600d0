package org.dayuan.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.bench.HttpClients.Reply;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private Results results;
    private int port;
    private String broker;

    @Configuration
    public Option[] config() {
        return BenchDist.options();
    }

    @Test
    public void measure() throws Exception {
        results = Results.open("mqtt");
        port = Integer.getInteger(BenchDist.PORT_PROPERTY);
        broker = "tcp://127.0.0.1:" + Integer.getInteger("dayuan.it.mqtt.port");
        int readings = (int) TwinBench.Settings.number("dayuan.bench.mqttReadings", 100_000);
        TwinBench.Settings settings = TwinBench.Settings.fromSystem();
        try {
            awaitIngestion();
            InContainer.Registry registry = new InContainer.Registry(Duration.ofSeconds(60));
            for (int i = 0; i < METERS; i++) {
                registry.put(registry.id(NS + ":m-" + i), registry.pointer("/"),
                        JSON.readTree("{\"features\":{\"energy\":{\"properties\":{\"reading\":0}}}}"));
            }
            throughput(readings);
            latency(registry, settings);
        } catch (Throwable t) {
            results.failure("mqtt.run", "the bench stopped: " + Results.describe(t));
            results.log(Results.stackTrace(t));
            throw t;
        } finally {
            results.log("MQTT bench done.");
        }
    }

    private void throughput(int n) throws Exception {
        results.log("-- raw MQTT round trip of " + n + " messages, then " + n + " readings to durable twin updates");
        double raw;
        try (MqttClient subscriber = client("bench-raw-sub")) {
            CountDownLatch all = new CountDownLatch(n);
            subscriber.subscribe("bench/raw/#", 1, (topic, message) -> all.countDown());
            long t0 = System.nanoTime();
            publish(n, i -> "bench/raw/m-" + (i % METERS));
            if (!all.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw subscriber got " + (n - all.getCount()) + " of " + n);
            }
            raw = n / ((System.nanoTime() - t0) / 1e9);
        }
        long before = applied();
        long t0 = System.nanoTime();
        publish(n, i -> "dayuan/" + NS + "/m-" + (i % METERS) + "/energy");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        long done = before;
        while (done < before + n && System.nanoTime() < deadline) {
            Thread.sleep(20);
            done = applied();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (done < before + n) {
            results.failure("mqtt.readings", (done - before) + " of " + n + " readings applied in " + seconds + " s");
            return;
        }
        results.figure("mqtt.readings", n / seconds, raw, n + " QoS 1 readings from " + PUBLISHERS
                + " publishers to " + METERS + " twins, publish to the ingestion's applied count (each applied"
                + " after its journal commit); baseline: the same messages through the same broker to one plain"
                + " subscriber");
    }

    private interface Topic {
        String of(int i);
    }

    /** Publishes {@code n} readings at QoS 1 from {@link #PUBLISHERS} clients, as fast as the broker acknowledges. */
    private void publish(int n, Topic topic) throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        for (int p = 0; p < PUBLISHERS; p++) {
            int first = p;
            Thread t = new Thread(() -> {
                try (MqttAsyncClient c = new MqttAsyncClient(broker, "bench-pub-" + first + "-" + System.nanoTime(),
                        new MemoryPersistence())) {
                    MqttConnectOptions o = new MqttConnectOptions();
                    o.setMaxInflight(500);
                    c.connect(o).waitForCompletion(10_000);
                    List<IMqttDeliveryToken> window = new ArrayList<>();
                    for (int i = first; i < n; i += PUBLISHERS) {
                        byte[] payload = ("{\"reading\":" + (i / METERS + 1) + ",\"power\":1.5}")
                                .getBytes(StandardCharsets.UTF_8);
                        window.add(c.publish(topic.of(i), payload, 1, false));
                        if (window.size() == 400) {
                            for (IMqttDeliveryToken token : window) {
                                token.waitForCompletion(60_000);
                            }
                            window.clear();
                        }
                    }
                    for (IMqttDeliveryToken token : window) {
                        token.waitForCompletion(60_000);
                    }
                    c.disconnect().waitForCompletion(10_000);
                } catch (MqttException e) {
                    failures.incrementAndGet();
                    results.log("publisher " + first + " failed: " + Results.describe(e));
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
            for (MqttClient c : writers) {
                c.disconnect();
                c.close();
            }
        }
    }

    /** Publish→subscriber latency of paced raw messages through the same broker. */
    private Histogram rawLatency(TwinBench.Settings settings) throws Exception {
        Histogram h = new Histogram();
        try (MqttClient sub = client("bench-lat-sub"); MqttClient pub = client("bench-lat-pub")) {
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
        }
        synchronized (h) {
            return h;
        }
    }

    private MqttClient client(String id) throws MqttException {
        MqttClient c = new MqttClient(broker, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
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
