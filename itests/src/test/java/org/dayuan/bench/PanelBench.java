package org.dayuan.bench;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.gbt26875.Address;
import org.dayuan.gbt26875.ComponentStatus;
import org.dayuan.gbt26875.DataUnit;
import org.dayuan.simulator.device.PanelConnection;
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
 * Fire panels over GB/T 26875.3, in the Karaf JVM on embedded H2: {@code dayuan.bench.panels} transmission devices,
 * each on its own TCP connection to the safety line's gateway (the simulator's {@link PanelConnection}: send a frame,
 * wait for its confirm), send component status frames for distinct detectors, fire and normal in turn. Figures:
 * confirmed frames/s and alarm twin writes/s (each durable when its event is seen), against plain HTTP PUTs of the
 * same detectors' status by as many clients, measured in the same run; then frame→SSE latency (send to the SSE event
 * of the detector's status) against HTTP PUT→SSE latency of the same stream, at {@code dayuan.bench.panelRate}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PanelBench {
    static final String NS = "bench.fire";
    static final String GATEWAY_PORT = "dayuan.bench.panelPort";
    private static final Address CENTRE = Address.parse("000000000000");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRE = "/features/status/properties/fire";

    private Results results;
    private int port;
    private int gateway;
    private int panels;
    private int detectors;

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        return BenchDist.probe(probe);
    }

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(BenchDist.options()));
        String free = String.valueOf(BenchDist.freePort());
        options.add(editConfigurationFilePut("etc/org.dayuan.safety.panels.cfg", "port", free));
        // the bench's links pause between phases: no link alarm is part of what is measured
        options.add(editConfigurationFilePut("etc/org.dayuan.safety.panels.cfg", "linkTimeoutSeconds", "86400"));
        options.add(systemProperty(GATEWAY_PORT).value(free));
        return options.toArray(Option[]::new);
    }

    @Test
    public void measure() throws Exception {
        results = Results.open("panels");
        port = Integer.getInteger(BenchDist.PORT_PROPERTY);
        gateway = Integer.getInteger(GATEWAY_PORT);
        panels = (int) TwinBench.Settings.number("dayuan.bench.panels", 16);
        detectors = (int) TwinBench.Settings.number("dayuan.bench.detectors", 256);
        int rate = (int) TwinBench.Settings.number("dayuan.bench.panelRate", 100);
        TwinBench.Settings settings = TwinBench.Settings.fromSystem();
        results.guard("panels.run", "Panel bench done.", () -> {
            InContainer.Registry registry = new InContainer.Registry(Duration.ofSeconds(60));
            county(registry);
            awaitGateway();
            // each phase on its own: a failed one is reported and the other still measured
            Throwable first = null;
            try {
                throughput(settings);
            } catch (Exception e) {
                results.failure("panels.frames", Results.describe(e));
                results.log(Results.stackTrace(e));
                first = e;
            }
            try {
                latency(registry, settings, rate);
            } catch (Exception e) {
                results.failure("panels.sse.p99", Results.describe(e));
                results.log(Results.stackTrace(e));
                first = first == null ? e : first;
            }
            if (first != null) {
                throw new IllegalStateException("a phase of the panel bench failed", first);
            }
        });
    }

    static String panel(int p) {
        return NS + ":fap-" + p;
    }

    static String detector(int p, int d) {
        return NS + ":fd-" + p + "-" + d;
    }

    /** Detector {@code d} of a panel on the wire: the model allows addresses 1-255 on loops 1-64. */
    static long componentAddress(int d) {
        return ComponentStatus.address(1 + d / 250, 1 + d % 250);
    }

    static Address transmitter(int p) {
        return new Address(0x3204_1290_0000L + p);
    }

    /** A floor, a room per panel, the panels (in their room) with transmitter addresses, their detectors. */
    private void county(InContainer.Registry registry) throws Exception {
        results.log("-- " + panels + " panels with " + detectors + " detectors each in " + NS);
        // floor and rooms without a model (a model would want the whole containment tree up to a campus): the gateway
        // only follows their parent attributes for an alarm's room and floor
        registry.put(registry.id(NS + ":floor-1"), registry.pointer("/"), JSON.readTree(
                "{\"attributes\":{\"name\":\"1层\"}}"));
        for (int p = 0; p < panels; p++) {
            registry.put(registry.id(NS + ":room-" + p), registry.pointer("/"), JSON.readTree(String.format(Locale.ROOT,
                    "{\"attributes\":{\"name\":\"%d\",\"parent\":\"%s\"}}", 100 + p, NS + ":floor-1")));
            registry.put(registry.id(panel(p)), registry.pointer("/"), JSON.readTree(String.format(Locale.ROOT,
                    "{\"definition\":\"dayuan:FireAlarmPanel:1.0.0\",\"attributes\":{\"name\":\"控制器%d\","
                            + "\"parent\":\"%s\",\"transmitter\":\"%s\",\"panelNumber\":1},\"features\":{\"status\":"
                            + "{\"properties\":{\"fire\":false,\"fault\":false,\"disabled\":false}}}}",
                    p, NS + ":room-" + p, transmitter(p).hex())));
            for (int d = 0; d < detectors; d++) {
                registry.put(registry.id(detector(p, d)), registry.pointer("/"), JSON.readTree(String.format(
                        Locale.ROOT, "{\"definition\":\"dayuan:FireDetector:1.0.0\",\"attributes\":{\"name\":"
                                + "\"感烟%d\",\"parent\":\"%s\",\"kind\":\"smoke\",\"panel\":\"%s\",\"loop\":%d,"
                                + "\"address\":%d},\"features\":{\"status\":{\"properties\":{\"fire\":false,"
                                + "\"fault\":false,\"disabled\":false}}}}",
                        d, NS + ":room-" + p, panel(p), 1 + d / 250, 1 + d % 250)));
            }
        }
    }

    private void awaitGateway() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", gateway), 1_000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The panel gateway is not listening on " + gateway
                            + " after 180 s", notYet);
                }
                Thread.sleep(250);
            }
        }
    }

    /** One timed operation of a client: {@code i} counts the client's operations, from 0. */
    @FunctionalInterface
    private interface Operation {
        boolean run(int i) throws Exception;
    }

    /** A client's per-thread state: opened on its thread, used by it alone. */
    @FunctionalInterface
    private interface ClientFactory {
        Operation open(int client) throws Exception;
    }

    /**
     * Runs {@code clients} threads, each doing its operations back to back for warmup + seconds, and counts those
     * ending in the measured window that succeeded; returns them per second.
     */
    private double run(String what, int clients, TwinBench.Settings settings, ClientFactory factory,
                       AtomicLong failed) throws Exception {
        long start = System.nanoTime();
        long from = start + (long) (settings.warmup() * 1e9);
        long to = from + (long) (settings.measure() * 1e9);
        AtomicLong ok = new AtomicLong();
        AtomicReference<Throwable> problem = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                try {
                    Operation op = factory.open(client);
                    for (int i = 0; System.nanoTime() < to; i++) {
                        boolean success = op.run(i);
                        long now = System.nanoTime();
                        if (now >= from && now < to) {
                            (success ? ok : failed).incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    problem.compareAndSet(null, e);
                }
            }, "bench-" + what + "-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (problem.get() != null) {
            throw new IllegalStateException(what + " client failed: " + Results.describe(problem.get()),
                    problem.get());
        }
        return ok.get() / settings.measure();
    }

    private void throughput(TwinBench.Settings settings) throws Exception {
        results.log("-- baseline: " + panels + " HTTP clients PUT detector status, then " + panels
                + " panel links send component status frames");
        AtomicLong httpFailed = new AtomicLong();
        double http = run("http", panels, settings, c -> {
            HttpClients.Client client = HttpClients.raw(port).open();
            return i -> {
                String path = "/api/2/things/" + detector(c, i % detectors) + FIRE;
                int status = client.send("PUT", path, "application/json",
                        ((i / detectors) % 2 == 0 ? "true" : "false").getBytes(StandardCharsets.UTF_8));
                return status / 100 == 2;
            };
        }, httpFailed);

        AtomicLong alarmWrites = new AtomicLong();
        Set<String> alarmTwins = ConcurrentHashMap.newKeySet();
        AutoCloseable subscription = InContainer.subscribe((now, thingId, value) -> {
            if (thingId.startsWith(NS + ":alarm-")) {
                alarmWrites.incrementAndGet();
                alarmTwins.add(thingId);
            }
        }, Duration.ofSeconds(30));
        AtomicLong denied = new AtomicLong();
        double frames;
        long alarmWritesBefore;
        long elapsedAlarmWrites;
        try {
            alarmWritesBefore = alarmWrites.get();
            long t0 = System.nanoTime();
            frames = run("panel", panels, settings, c -> {
                PanelConnection link = PanelConnection.open("127.0.0.1", gateway, transmitter(c), CENTRE,
                        Duration.ofSeconds(30));
                return i -> {
                    int status = ComponentStatus.NORMAL | ((i / detectors) % 2 == 0 ? ComponentStatus.FIRE : 0);
                    LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.SECONDS);
                    return link.send(DataUnit.of(new ComponentStatus(1, 1, ComponentStatus.SMOKE_DETECTOR,
                            componentAddress(i % detectors), status, "", now)), now).confirmed();
                };
            }, denied);
            elapsedAlarmWrites = alarmWrites.get() - alarmWritesBefore;
            double seconds = (System.nanoTime() - t0) / 1e9;
            results.raw("panels.alarm-twins", alarmTwins.size() + " alarm twins written, " + elapsedAlarmWrites
                    + " alarm twin writes in " + String.format(Locale.ROOT, "%.1f", seconds) + " s (warm-up included);"
                    + " frames denied in the window: " + denied.get() + "; HTTP PUTs failed: " + httpFailed.get());
            results.figure("panels.alarms", elapsedAlarmWrites / seconds, http, "alarm twin writes/s (raise, repeat,"
                    + " return to normal; each seen after its commit) caused by the frames; baseline: plain HTTP PUTs"
                    + " of detector status/s, same clients");
        } finally {
            subscription.close();
        }
        results.figure("panels.frames", frames, http, panels + " transmission devices, one TCP link each, a frame"
                + " waits for its confirm; component status of " + detectors + " detectors each, fire and normal in"
                + " turn; baseline: " + panels + " HTTP clients PUT the same detectors' status/fire, same store");
    }

    private void latency(InContainer.Registry registry, TwinBench.Settings settings, int rate) throws Exception {
        results.log("-- frame->SSE latency at " + rate + "/s over " + panels + " links, then HTTP PUT->SSE");
        // the detector each link toggles, and when its last frame for a fire value was sent
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < panels; p++) {
            ids.add(detector(p, 0));
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Histogram sse = new Histogram();
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        AtomicReference<String> problem = new AtomicReference<>();
        long start = System.nanoTime() + 200_000_000L;
        long from = start + (long) (settings.warmup() * 1e9);
        long to = from + (long) (settings.sseSeconds() * 1e9);
        try (AutoCloseable stream = SseLatency.follow(port, ids, (now, data) -> {
            JsonNode fire = data.at(FIRE);
            if (!fire.isBoolean()) {
                return;
            }
            Long at = sentAt.remove(data.path("thingId").asText() + "/" + fire.asBoolean());
            if (at != null && at - from >= 0 && at - to < 0) {
                synchronized (sse) {
                    sse.record(now - at);
                }
                received.incrementAndGet();
            }
        }, problem)) {
            long period = (long) (1e9 * panels / rate);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < panels; p++) {
                int link = p;
                Thread t = new Thread(() -> {
                    try (PanelConnection c = PanelConnection.open("127.0.0.1", gateway, transmitter(link), CENTRE,
                            Duration.ofSeconds(30))) {
                        boolean fire = true;
                        for (long next = start + period * link / panels; next < to; next += period) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.SECONDS);
                            long t0 = System.nanoTime();
                            sentAt.put(detector(link, 0) + "/" + fire, t0);
                            c.send(DataUnit.of(new ComponentStatus(1, 1, ComponentStatus.SMOKE_DETECTOR,
                                    componentAddress(0), ComponentStatus.NORMAL
                                            | (fire ? ComponentStatus.FIRE : 0), "", now)), now);
                            if (t0 - from >= 0 && t0 - to < 0) {
                                sent.incrementAndGet();
                            }
                            fire = !fire;
                        }
                    } catch (Exception e) {
                        problem.compareAndSet(null, "link " + link + ": " + Results.describe(e));
                    }
                }, "bench-panel-latency-" + p);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (received.get() < sent.get() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        // Baseline: the same SSE stream, the update a plain HTTP PUT of a twin property.
        List<HttpClients.Client> clients = new ArrayList<>();
        SseLatency.Outcome base;
        try {
            for (int w = 0; w < SseLatency.WRITERS; w++) {
                clients.add(HttpClients.raw(port).open());
            }
            String ns = NS + ".lat";
            base = SseLatency.measure(port, registry, ns, rate, settings.warmup(), settings.sseSeconds(),
                    (w, at) -> clients.get(w).send("PUT", "/api/2/things/" + SseLatency.twin(ns, w)
                            + "/features/bench/properties/sent", "application/json",
                            Long.toString(at).getBytes(StandardCharsets.UTF_8)));
        } finally {
            clients.forEach(HttpClients.Client::close);
        }
        results.raw("panels.sse", received.get() + " of " + sent.get() + " frames seen on SSE"
                + (problem.get() == null ? "" : "; problem: " + problem.get()) + "; baseline " + base.received()
                + " of " + base.sent() + (base.problem() == null ? "" : "; problem: " + base.problem()));
        Histogram h;
        synchronized (sse) {
            h = new Histogram();
            h.add(sse);
        }
        if (h.count() == 0 || base.sse().count() == 0) {
            results.failure("panels.sse.p99", "no latencies: " + problem.get() + " / " + base.problem());
            return;
        }
        String note = "frame sent to the detector's status event on an SSE client (gateway decode, detector update,"
                + " alarm raise, confirm); baseline: HTTP PUT of a twin property to the same SSE stream, same rate";
        results.figure("panels.sse.p50", h.quantileMillis(0.50), base.sse().quantileMillis(0.50), note);
        results.figure("panels.sse.p99", h.quantileMillis(0.99), base.sse().quantileMillis(0.99), note);
    }
}
