package org.dayuan.bench;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.jtt808.Authenticate;
import org.dayuan.jtt808.Location;
import org.dayuan.jtt808.LocationItem;
import org.dayuan.jtt808.PlatformResponse;
import org.dayuan.jtt808.Register;
import org.dayuan.jtt808.RegisterResponse;
import org.dayuan.simulator.device.TerminalConnection;
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
 * Vehicle terminals over JT/T 808, in the Karaf JVM on embedded H2: {@code dayuan.bench.terminals} vehicle twins
 * (attribute terminalId), each played by a terminal on its own TCP connection to the fleet line's gateway (the
 * simulator's {@link TerminalConnection}: register, authenticate, then location reports, each waiting for its 0x8001),
 * as fast as answers come back or at {@code dayuan.bench.fleetRate} reports/s in total. Figure: acknowledged reports/s,
 * against the same terminals and frames answered by {@link EchoTerminalGateway} (the codec alone, no twin) in the
 * same run; then report→SSE latency (send to the vehicle's location event on an SSE client, the report marked by its
 * mileage) at {@code dayuan.bench.fleetSseRate}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FleetBench {
    static final String NS = "bench.fleet";
    static final String GATEWAY_PORT = "dayuan.bench.fleetPort";
    static final String GATEWAY_PID = "org.dayuan.fleet.gateway";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ODOMETER = "/features/location/properties/odometer";

    private Results results;
    private int port;
    private int gateway;
    private int terminals;

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        return BenchDist.probe(probe);
    }

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(BenchDist.options()));
        String free = String.valueOf(BenchDist.freePort());
        options.add(editConfigurationFilePut("etc/" + GATEWAY_PID + ".cfg", "port", free));
        options.add(systemProperty(GATEWAY_PORT).value(free));
        return options.toArray(Option[]::new);
    }

    @Test
    public void measure() throws Exception {
        results = Results.open("fleet");
        port = Integer.getInteger(BenchDist.PORT_PROPERTY);
        gateway = Integer.getInteger(GATEWAY_PORT);
        terminals = (int) TwinBench.Settings.number("dayuan.bench.terminals", 2000);
        double rate = TwinBench.Settings.number("dayuan.bench.fleetRate", 0);
        int sseRate = (int) TwinBench.Settings.number("dayuan.bench.fleetSseRate", 200);
        TwinBench.Settings settings = TwinBench.Settings.fromSystem();
        results.guard("fleet.run", "Fleet bench done.", () -> {
            InContainer.Registry registry = new InContainer.Registry(Duration.ofSeconds(60));
            vehicles(registry);
            double echo;
            try (EchoTerminalGateway baseline = new EchoTerminalGateway()) {
                echo = load("echo", baseline.port(), rate, settings);
                results.raw("fleet.echo", "echo server: " + baseline.undecodable() + " frames it could not decode");
            }
            if (!listening(Duration.ofSeconds(120))) {
                results.failure("fleet.reports", "no fleet gateway listens on " + gateway + " (etc/" + GATEWAY_PID
                        + ".cfg, port) after 120 s; the echo baseline alone: " + String.format(Locale.ROOT,
                        "%,.0f reports/s", echo));
                results.failure("fleet.sse.p99", "no fleet gateway");
                return;
            }
            double reports = load("gateway", gateway, rate, settings);
            results.figure("fleet.reports", reports, echo, terminals + " terminals, one TCP connection each,"
                    + " registered and authenticated, a 0x0200 report (mileage, fuel, SOC) waits for its 0x8001"
                    + (rate > 0 ? ", offered at " + (long) rate + "/s" : ", sent as fast as answers come back")
                    + "; baseline: the same terminals and frames answered by an echo server built from the codec");
            latency(settings, sseRate);
        });
    }

    static String vehicle(int i) {
        return NS + ":vehicle-" + i;
    }

    /** 12 digits, distinct from the demo county's 01395120xxxx. */
    static String phone(int i) {
        return String.format(Locale.ROOT, "0139600%05d", i);
    }

    /** An organisation (without a model: only the containment and the grant matter) and the vehicles under it. */
    private void vehicles(InContainer.Registry registry) throws Exception {
        results.log("-- " + terminals + " vehicle twins in " + NS);
        long t0 = System.nanoTime();
        String since = OffsetDateTime.now(ZONE).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX"));
        registry.put(registry.id(NS + ":org"), registry.pointer("/"), JSON.readTree(
                "{\"attributes\":{\"name\":\"压测单位\"}}"));
        for (int i = 0; i < terminals; i++) {
            registry.put(registry.id(vehicle(i)), registry.pointer("/"), JSON.readTree(String.format(Locale.ROOT,
                    "{\"definition\":\"dayuan:Vehicle:1.0.0\",\"attributes\":{\"name\":\"压测车%d\",\"parent\":\"%s\","
                            + "\"organisation\":\"%s\",\"plate\":\"苏D·B%05d\",\"energyType\":\"plugInHybrid\","
                            + "\"terminalId\":\"%s\"},\"features\":{\"location\":{\"properties\":{\"lat\":31.7,"
                            + "\"lon\":119.94,\"speed\":0.0,\"heading\":0,\"acc\":false,\"odometer\":1000.0,\"timestamp\":\"%s\"}}}}",
                    i, NS + ":org", NS + ":org", i, phone(i), since)));
        }
        results.raw("fleet.twins", terminals + " vehicle twins created in "
                + String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9));
    }

    private boolean listening(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", gateway), 1_000);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        return false;
    }

    /** Registers and authenticates terminal {@code i} on a new connection. */
    private static TerminalConnection logIn(int port, int i) throws IOException {
        TerminalConnection c = TerminalConnection.open("127.0.0.1", port, phone(i), Duration.ofSeconds(60));
        try {
            RegisterResponse r = c.register(new Register(32, 412, "BENCH", "DY-808-BENCH",
                    phone(i).substring(5), 5, String.format(Locale.ROOT, "苏DB%05d", i)));
            if (r.result() != RegisterResponse.OK) {
                throw new IOException("terminal " + phone(i) + " registration refused with result " + r.result());
            }
            PlatformResponse a = c.send(Authenticate.v2013(r.authCode()));
            if (a.result() != PlatformResponse.OK) {
                throw new IOException("terminal " + phone(i) + " authentication refused with result " + a.result());
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    static Location report(long mileageTenths, LocalDateTime time) {
        return Location.of(0, Location.STATUS_FIXED | Location.STATUS_ACC, 31.70 + (mileageTenths % 1000) * 1e-5,
                119.94, 5, 36.5, 90, time, List.of(LocationItem.mileage(mileageTenths), LocationItem.fuel(300),
                        LocationItem.soc(60)));
    }

    /**
     * Logs every terminal in, then has each send reports back to back (or paced to {@code rate} in total) for
     * warmup + seconds; returns the reports acknowledged with result 0 in the measured window, per second.
     */
    private double load(String what, int target, double rate, TwinBench.Settings settings) throws Exception {
        results.log("-- " + what + ": " + terminals + " terminals log in");
        List<TerminalConnection> connections = new ArrayList<>();
        long t0 = System.nanoTime();
        // log in from 16 threads: 2,000 serial handshakes would take long, 2,000 at once would be a SYN flood
        AtomicReference<Throwable> problem = new AtomicReference<>();
        TerminalConnection[] opened = new TerminalConnection[terminals];
        List<Thread> openers = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            int first = k;
            Thread t = new Thread(() -> {
                for (int i = first; i < terminals && problem.get() == null; i += 16) {
                    try {
                        opened[i] = logIn(target, i);
                    } catch (Throwable e) {
                        problem.compareAndSet(null, e);
                    }
                }
            }, "bench-fleet-login-" + k);
            t.start();
            openers.add(t);
        }
        for (Thread t : openers) {
            t.join();
        }
        for (TerminalConnection c : opened) {
            if (c != null) {
                connections.add(c);
            }
        }
        try {
            if (problem.get() != null) {
                throw new IllegalStateException(what + ": " + connections.size() + " of " + terminals
                        + " terminals logged in: " + Results.describe(problem.get()), problem.get());
            }
            double loginSeconds = (System.nanoTime() - t0) / 1e9;
            long start = System.nanoTime();
            long from = start + (long) (settings.warmup() * 1e9);
            long to = from + (long) (settings.measure() * 1e9);
            AtomicLong ok = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            long period = rate > 0 ? (long) (1e9 * terminals / rate) : 0;
            CountDownLatch done = new CountDownLatch(terminals);
            for (int i = 0; i < terminals; i++) {
                int terminal = i;
                TerminalConnection c = connections.get(i);
                Thread t = new Thread(() -> {
                    try {
                        long next = start + (period == 0 ? 0 : period * terminal / terminals);
                        for (long n = 0; System.nanoTime() < to; n++) {
                            if (period > 0) {
                                long wait = next - System.nanoTime();
                                if (wait > 0) {
                                    LockSupport.parkNanos(wait);
                                }
                                next += period;
                            }
                            LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.SECONDS);
                            PlatformResponse r = c.send(report(100_000 + n, now));
                            long at = System.nanoTime();
                            if (at >= from && at < to) {
                                (r.result() == PlatformResponse.OK ? ok : refused).incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        problem.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                }, "bench-fleet-" + what + "-" + i);
                t.setDaemon(true);
                t.start();
            }
            done.await(60 + (long) (settings.warmup() + settings.measure()), TimeUnit.SECONDS);
            double perSecond = ok.get() / settings.measure();
            results.raw("fleet." + what, String.format(Locale.ROOT, "%d terminals logged in in %.1f s; %d reports"
                    + " acknowledged, %d answered with another result in %.1f s measured (%,.0f /s)%s", terminals,
                    loginSeconds, ok.get(), refused.get(), settings.measure(), perSecond,
                    problem.get() == null ? "" : "; first problem: " + Results.describe(problem.get())));
            if (problem.get() != null) {
                throw new IllegalStateException(what + " terminal failed: " + Results.describe(problem.get()),
                        problem.get());
            }
            return perSecond;
        } finally {
            for (TerminalConnection c : connections) {
                c.close();
            }
        }
    }

    /** Report→SSE: 4 terminals at {@code rate} in total, each report marked by its mileage. */
    private void latency(TwinBench.Settings settings, int rate) throws Exception {
        int links = Math.min(4, terminals);
        results.log("-- report->SSE latency at " + rate + "/s over " + links + " terminals");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < links; i++) {
            ids.add(vehicle(i));
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
            JsonNode odometer = data.at(ODOMETER);
            if (!odometer.isNumber()) {
                return;
            }
            Long at = sentAt.remove(data.path("thingId").asText() + "/" + Math.round(odometer.asDouble() * 10));
            if (at != null && at - from >= 0 && at - to < 0) {
                synchronized (sse) {
                    sse.record(now - at);
                }
                received.incrementAndGet();
            }
        }, problem)) {
            long period = (long) (1e9 * links / rate);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < links; i++) {
                int link = i;
                Thread t = new Thread(() -> {
                    try (TerminalConnection c = logIn(gateway, link)) {
                        long mileage = 10_000_000L * (link + 1);
                        for (long next = start + period * link / links; next < to; next += period) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.SECONDS);
                            long t1 = System.nanoTime();
                            sentAt.put(vehicle(link) + "/" + mileage, t1);
                            c.send(report(mileage++, now));
                            if (t1 - from >= 0 && t1 - to < 0) {
                                sent.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        problem.compareAndSet(null, "terminal " + link + ": " + Results.describe(e));
                    }
                }, "bench-fleet-latency-" + i);
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
        results.raw("fleet.sse", received.get() + " of " + sent.get() + " reports seen on SSE"
                + (problem.get() == null ? "" : "; problem: " + problem.get()));
        Histogram h;
        synchronized (sse) {
            h = new Histogram();
            h.add(sse);
        }
        if (h.count() == 0) {
            results.failure("fleet.sse.p99", "no report reached SSE as " + ODOMETER + ": " + problem.get());
            return;
        }
        String note = "0x0200 report sent to the vehicle's location event on an SSE client (GET /api/2/things?ids=),"
                + " the report found by its mileage; no baseline";
        results.figure("fleet.sse.p50", h.quantileMillis(0.50), Double.NaN, note);
        results.figure("fleet.sse.p99", h.quantileMillis(0.99), Double.NaN, note);
    }
}
