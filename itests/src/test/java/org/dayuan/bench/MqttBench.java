package org.dayuan.bench;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.bench.HttpClients.Reply;
import org.dayuan.itests.Dist;
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
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

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
    static final String NO_BROKER = "tcp://127.0.0.1:1";
    /** Well under Mosquitto's default queue of 1,000 per subscriber, beyond which it drops. */
    static final int WINDOW = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Results results;
    private int port;
    private String broker;
    private String currentBroker;

    @Inject
    private ConfigurationAdmin configAdmin;

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
        // The ingestion starts pointed at no broker: a raw baseline measured while it holds a session on the same
        // broker would be counted against it (the broker lets through device topics only, which it subscribes to).
        options.add(editConfigurationFilePut("etc/org.dayuan.mqtt.cfg", "brokerUrl", NO_BROKER));
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
            InContainer.Registry registry = new InContainer.Registry(Duration.ofSeconds(60));
            for (int i = 0; i < METERS; i++) {
                registry.put(registry.id(NS + ":m-" + i), registry.pointer("/"),
                        JSON.readTree("{\"features\":{\"energy\":{\"properties\":{\"reading\":0}}}}"));
            }
            throughput(readings);
            ingestFrom(broker);
            latency(registry, settings);
        });
    }

    private void throughput(int n) throws Exception {
        results.log("-- embedded broker: raw MQTT round trip of " + n + " messages, then " + n
                + " readings to durable twin updates");
        double raw = raw(broker, n, DEVICE_TOPICS);
        ingestFrom(broker);
        double readings = readings(n, "embedded");
        ingestFrom(NO_BROKER);
        results.figure("mqtt.readings", readings, raw, n + " QoS 1 readings from " + PUBLISHERS
                + " publishers to " + METERS + " twins, publish to the registry's event (each after its journal"
                + " commit), at most " + WINDOW + " on their way at once; baseline: the same messages through the"
                + " same broker to one plain subscriber, same window. The broker sends a subscriber at most 10"
                + " unacknowledged messages");
        results.log("-- the machine's Mosquitto (127.0.0.1:1883): raw MQTT round trip of " + n + " messages");
        try {
            results.figure("mqtt.raw.mosquitto", raw("tcp://127.0.0.1:1883", n,
                    "dayuan-bench-" + ProcessHandle.current().pid() + "/raw/"), raw, "raw round trip through the"
                    + " machine's Mosquitto, same publishers and window; baseline: the embedded broker's");
        } catch (MqttException | RuntimeException e) {
            results.failure("mqtt.raw.mosquitto", "no Mosquitto at 127.0.0.1:1883: " + Results.describe(e));
        }
        throughMosquitto(n, "mqtt.readings.mosquitto20", null);
        throughMosquitto(n, "mqtt.readings.mosquitto", 1000);
    }

    /**
     * Through a Mosquitto of the bench's own (the machine's configuration, but no persistence and, when
     * {@code inflight} is given, that many unacknowledged messages per subscriber instead of 20): the ingestion
     * acknowledges a reading only once it is durable, so the broker's in-flight window bounds how many writes it
     * has at once, and thus how many readings one journal commit can take.
     */
    private void throughMosquitto(int n, String key, Integer inflight) throws Exception {
        Path dir = Files.createTempDirectory("bench-mosquitto");
        int mosquittoPort = Dist.freePort();
        List<String> conf = new ArrayList<>(List.of("listener " + mosquittoPort + " 127.0.0.1",
                "allow_anonymous true", "persistence false", "user " + System.getProperty("user.name")));
        if (inflight != null) {
            conf.add("max_inflight_messages " + inflight);
            conf.add("max_queued_messages 1000000");
        }
        Files.write(dir.resolve("mosquitto.conf"), conf);
        String window = inflight == null ? "20 (default)" : inflight.toString();
        results.log("-- Mosquitto with " + window + " messages in flight per subscriber: raw round trip of " + n
                + " messages, then " + n + " readings to durable twin updates");
        Process mosquitto;
        try {
            mosquitto = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        } catch (IOException e) {
            results.failure(key, "mosquitto could not be started: " + Results.describe(e));
            return;
        }
        String url = "tcp://127.0.0.1:" + mosquittoPort;
        try {
            listening(mosquittoPort, dir.resolve("mosquitto.log"));
            double raw = raw(url, n, DEVICE_TOPICS);
            ingestFrom(url);
            double readings = readings(n, key);
            results.figure(key, readings, raw, n + " QoS 1 readings as for mqtt.readings, through Mosquitto with "
                    + window + " unacknowledged messages per subscriber; baseline: the same messages through the"
                    + " same Mosquitto to one plain subscriber");
        } catch (RuntimeException e) {
            results.failure(key, Results.describe(e) + "; see " + dir.resolve("mosquitto.log"));
        } finally {
            ingestFrom(NO_BROKER);
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Until the Mosquitto just started takes connections: it needs a moment after its process starts. */
    private static void listening(int port, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Mosquitto not listening on " + port + " after 15 s: "
                            + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Points the ingestion at {@code url} and waits until it is connected there ({@link #NO_BROKER}: gone). */
    private void ingestFrom(String url) throws Exception {
        Dist.override(configAdmin.getConfiguration("org.dayuan.mqtt", null), Map.of("brokerUrl", url));
        awaitIngestion(url);
    }

    /**
     * The readings' own topics: the embedded broker lets a publish through to device topics only. No ingestion is
     * subscribed meanwhile (see {@link #config()}).
     */
    private static final String DEVICE_TOPICS = "dayuan/" + NS + "/";

    /** Messages/s from the publishers through {@code url} to one plain subscriber. */
    private double raw(String url, int n, String prefix) throws Exception {
        AtomicLong received = new AtomicLong();
        MqttClient subscriber = client(url, "bench-raw-sub");
        try {
            subscriber.subscribe(prefix + "#", 1, (topic, message) -> received.incrementAndGet());
            long t0 = System.nanoTime();
            publish(url, n, i -> prefix + "m-" + (i % METERS) + "/energy", received::get);
            return rate(url + " to a plain subscriber", received::get, n, t0);
        } finally {
            shut(subscriber);
        }
    }

    /** Readings/s through the ingestion's current broker, and where its threads spent that time. */
    private double readings(int n, String name) throws Exception {
        // Applied readings, counted as a subscriber of the registry gets them: each is durable by then.
        AtomicLong applied = new AtomicLong();
        AutoCloseable subscription = InContainer.subscribe((now, thingId, value) -> {
            if (thingId.startsWith(NS + ":m-")) {
                applied.incrementAndGet();
            }
        }, Duration.ofSeconds(30));
        try (IngestProfile profile = IngestProfile.start()) {
            long t0 = System.nanoTime();
            publish(currentBroker, n, i -> "dayuan/" + NS + "/m-" + (i % METERS) + "/energy", applied::get);
            double rate = rate(name + " to durable twins", applied::get, n, t0);
            results.raw("mqtt.profile." + name, profile.report());
            return rate;
        } finally {
            subscription.close();
        }
    }

    /**
     * Per second until {@code n} arrived, or until the count stood still for 30 s: Mosquitto drops what overflows a
     * subscriber's queue (and says so in its log), which then never arrives; the loss is recorded beside the rate.
     */
    private double rate(String what, java.util.function.LongSupplier count, int n, long t0)
            throws InterruptedException {
        long last = count.getAsLong();
        long lastAt = System.nanoTime();
        while (last < n && System.nanoTime() - lastAt < TimeUnit.SECONDS.toNanos(30)) {
            Thread.sleep(5);
            long now = count.getAsLong();
            if (now != last) {
                last = now;
                lastAt = System.nanoTime();
            }
        }
        if (last < n) {
            results.raw("mqtt.lost", what + ": " + (n - last) + " of " + n + " never arrived (the broker dropped"
                    + " them); the rate counts those that did");
        }
        return last / ((lastAt - t0) / 1e9);
    }

    private interface Topic {
        String of(int i);
    }

    /**
     * Publishes {@code n} readings at QoS 1 from {@link #PUBLISHERS} clients, keeping at most {@link #WINDOW} of
     * them between publish and {@code delivered}: a broker drops or stalls what a slow subscriber cannot take
     * (Mosquitto's queue holds 1,000), so the publishers go as fast as the far end takes them, no faster. Each
     * client publishes without waiting for the broker's acknowledgement, so the window, not the round trip of
     * one client, bounds them: waiting for each PUBACK, four clients had only four messages on their way.
     */
    private void publish(String url, int n, Topic topic, java.util.function.LongSupplier delivered)
            throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        AtomicLong published = new AtomicLong();
        long base = delivered.getAsLong();
        for (int p = 0; p < PUBLISHERS; p++) {
            int first = p;
            Thread t = new Thread(() -> {
                MqttAsyncClient c = null;
                IMqttDeliveryToken last = null;
                try {
                    c = asyncClient(url, "bench-pub-" + first);
                    for (int i = first; i < n; i += PUBLISHERS) {
                        long stalled = System.nanoTime();
                        while (published.get() - (delivered.getAsLong() - base) >= WINDOW) {
                            // parked, not spinning: the broker and the ingestion share the machine's cores
                            LockSupport.parkNanos(100_000);
                            if (System.nanoTime() - stalled > TimeUnit.SECONDS.toNanos(30)) {
                                throw new IllegalStateException("nothing delivered for 30 s, " + published
                                        + " published");
                            }
                        }
                        published.incrementAndGet();
                        last = c.publish(topic.of(i), ("{\"reading\":" + (i / METERS + 1) + ",\"power\":1.5}")
                                .getBytes(StandardCharsets.UTF_8), 1, false);
                    }
                    if (last != null) {
                        last.waitForCompletion(60_000);
                    }
                } catch (MqttException | RuntimeException e) {
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
            // the raw messages go to a device topic, the only kind the embedded broker passes, with no ingestion there
            ingestFrom(NO_BROKER);
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

    private static final String LATENCY_TOPIC = DEVICE_TOPICS + "lat/energy";

    /** Publish→subscriber latency of paced raw messages through the same broker. */
    private Histogram rawLatency(TwinBench.Settings settings) throws Exception {
        Histogram h = new Histogram();
        MqttClient sub = client("bench-lat-sub");
        MqttClient pub = client("bench-lat-pub");
        try {
            sub.subscribe(LATENCY_TOPIC, 1, (topic, m) -> {
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
                pub.publish(LATENCY_TOPIC, Long.toString(System.nanoTime()).getBytes(StandardCharsets.UTF_8), 1, false);
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
        return client(broker, id);
    }

    private static MqttClient client(String url, String id) throws MqttException {
        MqttClient c = new MqttClient(url, id, new MemoryPersistence());
        c.connect(options());
        return c;
    }

    private static MqttAsyncClient asyncClient(String url, String id) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, id, new MemoryPersistence());
        c.connect(options()).waitForCompletion(30_000);
        return c;
    }

    private static MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        // above the window, so that the client never refuses a publish for want of message ids
        o.setMaxInflight(4 * WINDOW);
        // the embedded broker wants a login; the administrator may write every namespace (and read, see config())
        o.setUserName(Dist.ADMIN);
        o.setPassword(Dist.ADMIN_PASSWORD.toCharArray());
        return o;
    }

    private static void shut(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect().waitForCompletion(10_000);
            }
            c.close();
        } catch (MqttException e) {
            // the bench is done with it either way
        }
    }

    private long applied() throws Exception {
        Reply r = HttpClients.once(port, "GET", "/api/dayuan/mqtt", null, null);
        return JSON.readTree(r.body()).path("applied").asLong();
    }

    /** Until the ingestion is connected to {@code url}; the readings then go there. */
    private void awaitIngestion(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                Reply r = HttpClients.once(port, "GET", "/api/dayuan/mqtt", null, null);
                JsonNode status = r.status() == 200 ? JSON.readTree(r.body()) : null;
                if (status != null && url.equals(status.path("broker").asText())
                        && (url.equals(NO_BROKER) || status.path("connected").asBoolean())) {
                    currentBroker = url;
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("MQTT ingestion not connected to " + url + " after 180 s");
    }
}
