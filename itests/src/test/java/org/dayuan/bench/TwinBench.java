package org.dayuan.bench;

import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.bench.HttpClients.Client;
import org.dayuan.bench.HttpClients.Factory;
import org.dayuan.bench.HttpClients.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * The in-container benchmarks, run by the {@code bench} profile once on embedded H2 and once on PostgreSQL
 * ({@code dayuan.it.store}). Everything runs inside the Karaf JVM next to the server, so the load generator shares
 * the two cores with it, as wrk did for STACK.md. Every step catches its own failure and records it in place of
 * its figure, so one broken measurement never hides the others; nothing here asserts a timing.
 *
 * <p>H2 run: HTTP reads vs a fixed-JSON servlet; acknowledged updates in-process and over HTTP vs raw batched JDBC
 * inserts; update→SSE latency vs an in-process listener; heap per 100k twins vs the same twins as JSON bytes;
 * indexed searches over 100k twins vs a fixed-JSON servlet answering a page of the same size.
 * PostgreSQL run: the updates with their JDBC baseline, and update→SSE latency.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TwinBench {
    static final int DEMO_TWINS = 901;
    static final int READ_THREADS = 16;
    static final int WRITE_THREADS = 64;
    /** Writers creating the bench twins through the registry: as many as update it, so creations share commits. */
    static final int LOAD_THREADS = WRITE_THREADS;
    static final int ORGANISATIONS = 100;
    static final String LOAD_NS = "bench.load";
    static final String UPDATE_NS = "bench.upd";
    static final String POWER = "/features/energy/properties/power";
    /** Set only by the growth execution of the bench profile: that Pax Exam run measures growth and nothing else. */
    static final String GROWTH_PROPERTY = "dayuan.bench.growth";
    /** Twins the reads and updates of a growth stage pick from at random (an array of every id would skew the heap). */
    static final int GROWTH_SAMPLE = 10_000;
    static final String GROWTH_PATH = "/attributes/benchGrowth";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Durations and sizes, from system properties the profile sets (see the README's Benchmarks section). */
    record Settings(double warmup, double measure, int twins, double loadSeconds, int sseRate, double sseSeconds,
                    List<Integer> growth, double jitWarmup) {
        static Settings fromSystem() {
            return new Settings(number("dayuan.bench.warmup", 3), number("dayuan.bench.seconds", 8),
                    (int) number("dayuan.bench.twins", 100_000), number("dayuan.bench.loadSeconds", 150),
                    (int) number("dayuan.bench.sseRate", 1000), number("dayuan.bench.sseSeconds", 10),
                    stages(System.getProperty(GROWTH_PROPERTY)), number("dayuan.bench.jitWarmup", 40));
        }

        /** The growth stages in twins, ascending ("10000,100000,1000000"); empty when growth is not asked for. */
        static List<Integer> stages(String list) {
            if (list == null || list.isBlank()) {
                return List.of();
            }
            return Arrays.stream(list.split("\\s*,\\s*")).filter(x -> !x.isBlank()).map(x -> Integer.parseInt(x.trim()))
                    .filter(n -> n > 0).distinct().sorted().toList();
        }

        static double number(String name, double dflt) {
            String v = System.getProperty(name);
            try {
                return v == null || v.isBlank() ? dflt : Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
    }

    @FunctionalInterface
    interface Step {
        Measured run() throws Exception;
    }

    private Results results;
    private Settings settings;
    private int port;
    private String store;
    private InContainer.Registry registry;
    private String registryProblem;
    private Factory client;
    private List<ObjectNode> demo = List.of();
    private final List<ServiceRegistration<?>> servlets = new ArrayList<>();
    /** The raw batched insert rate of events with their audit records, once the updates part measured it. */
    private Measured rawInserts;

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        return BenchDist.probe(probe);
    }

    @Configuration
    public Option[] config() {
        return BenchDist.options();
    }

    @Test
    public void measure() throws Exception {
        store = System.getProperty(BenchDist.STORE_PROPERTY, "h2"); // a constant: BenchDist stays out of the container
        settings = Settings.fromSystem();
        boolean growth = !settings.growth().isEmpty();
        results = Results.open(growth ? "growth" : store);
        port = Integer.getInteger(BenchDist.PORT_PROPERTY);
        results.log("Bench on " + store + ", HTTP port " + port + ", " + settings);
        results.raw(store + ".jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " processors, max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, GC "
                + ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
        try {
            prepare();
            if (growth) {
                growth();
            } else if ("h2".equals(store)) {
                step("reads", this::reads);
                step("updates", this::updates);
                step("sse", this::sse);
                step("heap", this::heapAndSearch);
                step("history", this::history);
            } else {
                step("updates", this::updates);
                step("sse", this::sse);
                step("history", this::history);
            }
        } catch (Throwable t) {
            results.failure(store + ".run", "the bench stopped: " + Results.describe(t));
            results.log(Results.stackTrace(t));
            throw t;
        } finally {
            servlets.forEach(InContainer::unregister);
            results.log("Bench on " + store + " done.");
        }
    }

    @FunctionalInterface
    interface Part {
        void run() throws Exception;
    }

    /**
     * Runs a part of the bench unless {@code -Dbench.steps} names others (reads, updates, sse, heap, history; all by
     * default).
     */
    private void step(String name, Part part) throws Exception {
        String steps = System.getProperty("dayuan.bench.steps", "all").trim();
        if (steps.isEmpty() || "all".equals(steps) || List.of(steps.split("\\s*,\\s*")).contains(name)) {
            part.run();
        } else {
            results.log("Bench part " + name + " left out by -Dbench.steps=" + steps);
        }
    }

    // ---- set-up -------------------------------------------------------------------------------------------------

    private List<String> figuresOfThisRun() {
        if (!settings.growth().isEmpty()) {
            return settings.growth().stream().flatMap(n -> GROWTH_FIGURES.stream().map(f -> "growth." + f + "." + n))
                    .toList();
        }
        return "h2".equals(store)
                ? List.of("reads", "updates.h2.registry", "updates.h2.http", "sse.h2.p50", "sse.h2.p99", "creates",
                "creates.batch", "heap", "searches", "history.h2")
                : List.of("updates.postgresql.registry", "updates.postgresql.http", "sse.postgresql.p50",
                "sse.postgresql.p99", "history.postgresql");
    }

    /** Waits for the demo county, finds the registry, reads the demo twins; fails when Dayuan is not healthy. */
    private void prepare() throws InterruptedException {
        long t0 = System.nanoTime();
        String health = null;
        long deadline = t0 + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Reply r = HttpClients.once(port, "GET", "/api/health", null, null);
                health = r.sample();
                if (r.status() == 200 && JSON.readTree(r.body()).path("twins").asInt() >= DEMO_TWINS) {
                    break;
                }
            } catch (Exception notYet) {
                health = Results.describe(notYet);
            }
            health = "not ready: " + health;
            Thread.sleep(250);
        }
        if (health != null && health.startsWith("not ready")) {
            String why = "Dayuan did not become healthy with " + DEMO_TWINS + " twins in 180 s: " + health;
            for (String key : figuresOfThisRun()) {
                results.failure(key, why);
            }
            throw new AssertionError(why);
        }
        results.raw(store + ".health", health + " (waited " + (System.nanoTime() - t0) / 1_000_000 + " ms in the probe)");
        try {
            registry = new InContainer.Registry(Duration.ofSeconds(60));
        } catch (Throwable t) {
            registryProblem = "TwinRegistry not reachable in-process: " + Results.describe(t);
            results.raw(store + ".registry", registryProblem);
        }
        try {
            // The list needs ids; search hands out every twin page by page.
            List<ObjectNode> twins = new ArrayList<>();
            long bytes = 0;
            String cursor = "";
            while (cursor != null) {
                Reply page = HttpClients.once(port, "GET", "/api/2/search/things?option=" + enc("size(200)" + cursor),
                        null, null);
                bytes += page.body().length;
                JsonNode answer = JSON.readTree(page.body());
                answer.path("items").forEach(t -> twins.add((ObjectNode) t));
                cursor = answer.has("cursor") ? ",cursor(" + answer.path("cursor").asText() + ")" : null;
            }
            demo = twins;
            results.raw(store + ".demo", twins.size() + " demo twins read over HTTP (" + bytes + " bytes)");
        } catch (Exception e) {
            results.raw(store + ".demo", "reading the demo twins failed: " + Results.describe(e));
        }
        client = HttpClients.raw(port);
    }

    /** Runs a step; a failure becomes the step's result instead of an exception. */
    private Measured attempt(String what, Step step) {
        results.log("-- " + what);
        try {
            Measured m = step.run();
            return m == null ? Measured.failed(what + ": nothing measured") : m;
        } catch (Throwable t) {
            results.log(what + " failed: " + Results.stackTrace(t));
            return Measured.failed(what + ": " + Results.describe(t));
        }
    }

    /** Records a figure beside its baseline, or the reason it is missing. */
    private void figure(String key, Measured value, Measured baseline, String note) {
        if (!value.ok()) {
            results.failure(key, value.error() == null ? "not measured" : value.error());
            if (baseline != null && baseline.ok()) {
                results.raw(key + ".baseline", baseline.value() + " " + (baseline.detail() == null ? ""
                        : baseline.detail()));
            }
            return;
        }
        String n = note == null ? "" : note;
        if (baseline == null || !baseline.ok()) {
            n += (n.isEmpty() ? "" : "; ") + "baseline failed: " + (baseline == null ? "not run" : baseline.error());
        }
        results.figure(key, value.value(), baseline == null || !baseline.ok() ? Double.NaN : baseline.value(), n);
    }

    private InContainer.Registry registry() {
        if (registry == null) {
            throw new IllegalStateException(registryProblem == null ? "no registry" : registryProblem);
        }
        return registry;
    }

    /** Creates or replaces a twin, in-process when possible, else over HTTP. */
    private void putTwin(String id, ObjectNode thing) throws Exception {
        if (registry != null) {
            registry.put(registry.id(id), registry.pointer("/"), thing);
            return;
        }
        Reply r = HttpClients.once(port, "PUT", "/api/2/things/" + id, "application/json",
                JSON.writeValueAsBytes(thing));
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("PUT " + id + " answered " + r.sample());
        }
    }

    private void registerServlet(String name, String path, byte[] body) throws Exception {
        servlets.add(InContainer.registerFixedServlet(name, path, body));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = HttpClients.once(port, "GET", path, null, null);
            if (last.status() == 200 && Arrays.equals(last.body(), body)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The baseline servlet " + path + " is not served: " + (last == null ? "no answer"
                : last.sample()));
    }

    // ---- HTTP load helpers --------------------------------------------------------------------------------------

    private static Load.Lifecycle connections(Factory factory) {
        return new Load.Lifecycle() {
            @Override
            public void start(Load.Worker w) {
                w.state = factory.open();
            }

            @Override
            public void stop(Load.Worker w) {
                if (w.state instanceof Client c) {
                    c.close();
                }
            }
        };
    }

    /** GET a random path of {@code paths}; success is a 200. */
    private static Load.Op get(String[] paths) {
        return w -> {
            Client c = (Client) w.state;
            String path = paths[w.random.nextInt(paths.length)];
            int status = c.send("GET", path, null, null);
            if (status != 200) {
                w.error = "GET " + path + " answered " + status + ": " + preview(c.lastBody());
                return false;
            }
            return true;
        };
    }

    /** Percent-encodes what may not stand in a request line (thingIds are ASCII in the demo; just in case). */
    static String pathSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 0x20 && c < 0x7f && "%/?#\"<>`{}|^ ".indexOf(c) < 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    private static String preview(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private Load.Outcome http(String name, int threads, String[] paths) throws InterruptedException {
        Load.Outcome o = Load.run(name, threads, settings.warmup(), settings.measure(), connections(client), get(paths));
        results.raw(store + "." + name, o.describe() + " [" + client.name() + "]");
        return o;
    }

    // ---- reads --------------------------------------------------------------------------------------------------

    private void reads() throws Exception {
        if (demo.isEmpty()) {
            results.failure("reads", "the demo twins could not be read, so there is nothing to read at random");
            return;
        }
        List<byte[]> docs = new ArrayList<>();
        long total = 0;
        for (ObjectNode t : demo) {
            byte[] b = JSON.writeValueAsBytes(t);
            docs.add(b);
            total += b.length;
        }
        docs.sort(Comparator.comparingInt(b -> b.length));
        byte[] fixed = docs.get(docs.size() / 2);
        String sizes = String.format("demo twin JSON: median %d bytes (the fixed document), mean %d bytes",
                fixed.length, total / docs.size());
        results.raw("h2.reads.sizes", sizes);

        Measured baseline = attempt("fixed-JSON servlet", () -> {
            registerServlet("dayuan-bench-fixed", "/bench/fixed", fixed);
            calibrateClient();
            Load.Outcome o = http("reads.baseline", READ_THREADS, new String[] {"/bench/fixed"}).requireSuccess();
            return Measured.of(o.rate(), o.describe());
        });
        String[] paths = demo.stream().map(t -> "/api/2/things/" + pathSegment(t.path("thingId").asText()))
                .toArray(String[]::new);
        Measured reads = attempt("twin reads", () -> {
            Load.Outcome o = http("reads", READ_THREADS, paths).requireSuccess();
            return Measured.of(o.rate(), o.describe());
        });
        figure("reads", reads, baseline, READ_THREADS + " keep-alive connections, " + client.name() + ", random of "
                + paths.length + " demo twins; " + sizes);
    }

    // ---- history reads ------------------------------------------------------------------------------------------

    /**
     * A past state is read from the journal: the revision's seq, the horizon, a checkpoint and the twin's events
     * after it, each query on a connection of the store's pool. Beside it, the current state of the same twins,
     * which comes from memory.
     */
    private void history() throws Exception {
        if (demo.isEmpty()) {
            results.failure("history." + store, "the demo twins could not be read, so there is nothing to read");
            return;
        }
        String[] current = demo.stream().map(t -> "/api/2/things/" + pathSegment(t.path("thingId").asText()))
                .toArray(String[]::new);
        String[] past = Arrays.stream(current).map(p -> p + "?at-historical-revision=1").toArray(String[]::new);
        // Revision 1 is answered from memory while it is the current one; one change makes it history.
        Measured changed = attempt("make revision 1 of the demo twins a past one", () -> {
            for (ObjectNode t : demo) {
                InContainer.Registry r = registry();
                r.put(r.id(t.path("thingId").asText()), r.pointer("/attributes/benchHistory"),
                        JSON.getNodeFactory().numberNode(1));
            }
            return Measured.of(demo.size(), null);
        });
        if (!changed.ok()) {
            results.failure("history." + store, changed.error());
            return;
        }
        Measured baseline = attempt("current twin reads", () -> {
            Load.Outcome o = http("history.baseline", READ_THREADS, current).requireSuccess();
            return Measured.of(o.rate(), o.describe());
        });
        Measured reads = attempt("history reads", () -> {
            Load.Outcome o = http("history", READ_THREADS, past).requireSuccess();
            return Measured.of(o.rate(), o.describe());
        });
        figure("history." + store, reads, baseline, READ_THREADS + " keep-alive connections, " + client.name()
                + ", GET /api/2/things/{id}?at-historical-revision=1 of random of " + past.length + " demo twins");
    }

    /** Measures both clients on the fixed servlet and keeps the faster one for every HTTP figure. */
    private void calibrateClient() throws InterruptedException {
        Factory raw = HttpClients.raw(port);
        Factory jdk = HttpClients.jdk(port);
        String[] fixed = {"/bench/fixed"};
        Load.Outcome r = Load.run("client-raw", READ_THREADS, 1, 3, connections(raw), get(fixed));
        Load.Outcome j = Load.run("client-jdk", READ_THREADS, 1, 3, connections(jdk), get(fixed));
        client = j.rate() > r.rate() ? jdk : raw;
        results.raw("h2.client", String.format("raw socket %,.0f/s, java.net.http %,.0f/s on /bench/fixed (%d threads,"
                + " 3 s each): using %s", r.rate(), j.rate(), READ_THREADS, client.name()));
    }

    // ---- acknowledged updates -----------------------------------------------------------------------------------

    private void updates() throws Exception {
        String prefix = "updates." + store;
        Measured prepared = attempt("update twins", () -> {
            ObjectNode template = demo.stream().filter(t -> t.path("features").path("energy").path("properties")
                    .isObject()).findFirst().map(ObjectNode::deepCopy).orElse(null);
            String from = template == null ? "a plain twin (no demo meter found)" : "a copy of demo meter "
                    + template.path("thingId").asText();
            if (template == null) {
                template = (ObjectNode) JSON.readTree("{\"features\":{\"energy\":{\"properties\":{\"power\":0}}}}");
            }
            template.remove("thingId");
            for (int i = 0; i < WRITE_THREADS; i++) {
                putTwin(UPDATE_NS + ":meter-" + i, template.deepCopy());
            }
            return Measured.of(WRITE_THREADS, from);
        });
        if (!prepared.ok()) {
            results.failure(prefix + ".registry", prepared.error());
            results.failure(prefix + ".http", prepared.error());
            return;
        }
        String twins = WRITE_THREADS + " twins (" + prepared.detail() + "), one per writer, PUT " + POWER;
        jitWarmup(prefix);

        Measured[] alternated = alternateWithBaseline(prefix);
        Measured inProcess = alternated[0];

        Measured overHttp = attempt("updates over HTTP PUT", () -> {
            Load.Outcome o = updatesOverHttp("updates-http", settings.warmup(), settings.measure());
            results.raw(prefix + ".http", o.describe() + " [" + client.name() + "]");
            return Measured.of(o.rate(), o.describe());
        });

        double[] eventsOnly = {0};
        Measured jdbc = alternated[1];
        attempt("raw batched JDBC inserts, events only and other settings", () -> {
            JdbcBaseline.Target target = JdbcBaseline.storeTarget();
            JdbcBaseline.Outcome b100 = JdbcBaseline.run(target, 100, 2, 5);
            String d100 = String.format("%,.0f rows/s (batch 100, %,d rows in %.1f s) on %s", b100.rate(),
                    b100.rows(), b100.seconds(), target.describe());
            results.raw(prefix + ".jdbc.batch100", d100);
            eventsOnly[0] = b100.rate();
            try {
                JdbcBaseline.Outcome b1000 = JdbcBaseline.run(target, 1000, 1, 4);
                results.raw(prefix + ".jdbc.batch1000", String.format("%,.0f rows/s (batch 1000, %,d rows in %.1f s)",
                        b1000.rate(), b1000.rows(), b1000.seconds()));
            } catch (Exception e) {
                results.raw(prefix + ".jdbc.batch1000", "failed: " + Results.describe(e));
            }
            if ("h2".equals(store)) {
                try {
                    JdbcBaseline.Outcome plain = JdbcBaseline.run(JdbcBaseline.h2DefaultsTarget(), 100, 1, 4);
                    results.raw(prefix + ".jdbc.batch100.defaultWriteDelay", String.format("%,.0f rows/s (batch 100,"
                            + " separate H2 file with H2's default WRITE_DELAY, i.e. without the store's"
                            + " WRITE_DELAY=0)", plain.rate()));
                } catch (Exception e) {
                    results.raw(prefix + ".jdbc.batch100.defaultWriteDelay", "failed: " + Results.describe(e));
                } finally {
                    JdbcBaseline.deleteH2Defaults();
                }
            }
            return Measured.of(b100.rate(), d100);
        });
        rawInserts = jdbc;
        if (inProcess.ok() && eventsOnly[0] > 0) {
            results.raw(prefix + ".registry.vsEventsOnly", String.format("%.2f x the events-only batch-100 rate"
                    + " (%,.0f rows/s)", inProcess.value() / eventsOnly[0], eventsOnly[0]));
        }
        figure(prefix + ".registry", inProcess, jdbc, WRITE_THREADS + " threads, " + twins);
        figure(prefix + ".http", overHttp, jdbc, WRITE_THREADS + " keep-alive connections, " + client.name() + ", "
                + twins);
    }

    /**
     * Writes through the registry and over HTTP for {@code bench.jitWarmup} seconds, unmeasured, before the first
     * write figure. The distribution has just started: without this the JIT compiler is still compiling the write
     * path (H2's MVStore above all) on one of the two cores during the measured seconds, which the raw baseline,
     * measured later, is spared.
     */
    private void jitWarmup(String prefix) {
        if (settings.jitWarmup() <= 0) {
            return;
        }
        attempt("JIT warm-up of the write path", () -> {
            double half = settings.jitWarmup() / 2;
            Load.Outcome inProcess = updatesThroughRegistry("warmup-registry", 0, half);
            Load.Outcome http = updatesOverHttp("warmup-http", 0, half);
            results.raw(prefix + ".jitWarmup", String.format("unmeasured, before the write figures: %,.0f/s through"
                    + " TwinRegistry.put, then %,.0f/s over HTTP, %.0f s each", inProcess.rate(), http.rate(), half));
            return Measured.of(inProcess.rate(), null);
        });
    }

    /** Each of the {@link #WRITE_THREADS} writers puts {@link #POWER} of its own update twin through the registry. */
    private Load.Outcome updatesThroughRegistry(String name, double warmup, double measure) throws Exception {
        InContainer.Registry reg = registry();
        Object[] ids = new Object[WRITE_THREADS];
        for (int i = 0; i < WRITE_THREADS; i++) {
            ids[i] = reg.id(UPDATE_NS + ":meter-" + i);
        }
        return registryUpdates(name, reg, reg.pointer(POWER), w -> ids[w.index], warmup, measure);
    }

    /** As {@link #updatesThroughRegistry}, each writer over its own keep-alive connection with HTTP PUT. */
    private Load.Outcome updatesOverHttp(String name, double warmup, double measure) throws Exception {
        return Load.run(name, WRITE_THREADS, warmup, measure, connections(client), w -> {
            Client c = (Client) w.state;
            String path = "/api/2/things/" + UPDATE_NS + ":meter-" + w.index + POWER;
            byte[] body = Double.toString(w.random.nextInt(100_000) / 100.0).getBytes(StandardCharsets.US_ASCII);
            int status = c.send("PUT", path, "application/json", body);
            if (status / 100 != 2) {
                w.error = "PUT " + path + " answered " + status + ": " + preview(c.lastBody());
                return false;
            }
            return true;
        }).requireSuccess();
    }

    /** Rounds of the registry's updates and of their baseline, taken in turn. */
    static final int ROUNDS = 3;

    /**
     * Acknowledged updates through {@code TwinRegistry.put} and their baseline, raw batched inserts of the same rows
     * (each an event and its audit record, in tables shaped like the journal's), measured in turn for
     * {@link #ROUNDS} rounds; each figure is the median of its rounds. Taken a minute apart on this shared machine,
     * the two swung by a quarter between runs, and their ratio with them; in turn, both see the same machine.
     * Returns the registry's figure and the baseline's.
     */
    private Measured[] alternateWithBaseline(String prefix) {
        double[] registryRates = new double[ROUNDS];
        double[] rawRates = new double[ROUNDS];
        String[] baselineDetail = {null};
        double seconds = Math.max(1, settings.measure() / 2);
        Measured registryMedian = attempt("updates through TwinRegistry.put, in turn with raw batched JDBC inserts",
                () -> {
                    JdbcBaseline.Target target = JdbcBaseline.storeTarget();
                    StringBuilder rounds = new StringBuilder();
                    String last = null;
                    for (int r = 0; r < ROUNDS; r++) {
                        Load.Outcome o = updatesThroughRegistry("updates-registry", r == 0 ? settings.warmup() : 1,
                                seconds);
                        JdbcBaseline.Outcome raw = JdbcBaseline.run(target, 100, 1, seconds, true);
                        if (raw.rows() == 0) {
                            throw new IllegalStateException("no baseline row committed in round " + (r + 1));
                        }
                        registryRates[r] = o.rate();
                        rawRates[r] = raw.rate();
                        last = o.describe();
                        rounds.append(String.format("%s%,.0f/s vs %,.0f/s", r == 0 ? "" : ", ", o.rate(),
                                raw.rate()));
                    }
                    baselineDetail[0] = String.format("%,.0f rows/s, median of %d rounds of %.0f s (batch 100, each"
                            + " an event and its audit record in tables shaped like the journal's) on %s",
                            median(rawRates), ROUNDS, seconds, target.describe());
                    results.raw(prefix + ".jdbc.batch100.withAudit", baselineDetail[0]);
                    results.raw(prefix + ".registry", String.format("%,.0f/s, median of %d rounds of %.0f s, each"
                            + " followed by its baseline (registry vs raw: %s); last round: %s",
                            median(registryRates), ROUNDS, seconds, rounds, last));
                    return Measured.of(median(registryRates), null);
                });
        Measured baseline = registryMedian.ok() ? Measured.of(median(rawRates), baselineDetail[0])
                : Measured.failed("measured in turn with the registry's updates, which failed");
        return new Measured[] {registryMedian, baseline};
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    @FunctionalInterface
    interface Target {
        Object twin(Load.Worker w);
    }

    /** {@link #WRITE_THREADS} writers, each putting a random number at {@code path} of the twin {@code target} picks. */
    private Load.Outcome registryUpdates(String name, InContainer.Registry reg, Object path, Target target)
            throws InterruptedException {
        return registryUpdates(name, reg, path, target, settings.warmup(), settings.measure());
    }

    private Load.Outcome registryUpdates(String name, InContainer.Registry reg, Object path, Target target,
                                         double warmup, double measure) throws InterruptedException {
        return Load.run(name, WRITE_THREADS, warmup, measure, new Load.Lifecycle() { }, w -> {
            reg.put(target.twin(w), path, DoubleNode.valueOf(w.random.nextInt(100_000) / 100.0));
            return true;
        }).requireSuccess();
    }

    // ---- update → SSE -------------------------------------------------------------------------------------------

    private void sse() {
        String prefix = "sse." + store;
        AtomicReference<SseLatency.Outcome> outcome = new AtomicReference<>();
        Measured done = attempt("update to SSE latency", () -> {
            SseLatency.Outcome o = SseLatency.measure(port, registry(), "bench.sse", settings.sseRate(), 2,
                    settings.sseSeconds());
            outcome.set(o);
            results.raw(prefix + ".sse", o.sse().summary() + "; received " + o.received() + " of " + o.sent()
                    + " updates of the window, written at " + Math.round(o.achievedRate()) + "/s by "
                    + SseLatency.WRITERS + " paced writers" + (o.problem() == null ? "" : "; problem: " + o.problem()));
            results.raw(prefix + ".listener", o.listener().summary() + "; " + o.listened() + " of " + o.sent());
            if (o.received() == 0) {
                throw new IllegalStateException("no update arrived over SSE" + (o.problem() == null ? ""
                        : ": " + o.problem()));
            }
            return Measured.of(o.received(), null);
        });
        SseLatency.Outcome o = outcome.get();
        if (!done.ok() || o == null) {
            results.failure(prefix + ".p50", done.error());
            results.failure(prefix + ".p99", done.error());
            return;
        }
        String note = String.format("one SSE client on 4 twins, %d updates/s requested, %.0f/s written, %d of %d"
                        + " delivered; TwinRegistry.put (acknowledged) to data: line read, same JVM clock", settings.sseRate(),
                o.achievedRate(), o.received(), o.sent());
        Measured listener50 = o.listener().count() == 0 ? Measured.failed("no event reached the listener")
                : Measured.of(o.listener().quantileMillis(0.5), null);
        Measured listener99 = o.listener().count() == 0 ? Measured.failed("no event reached the listener")
                : Measured.of(o.listener().quantileMillis(0.99), null);
        figure(prefix + ".p50", Measured.of(o.sse().quantileMillis(0.5), null), listener50, note);
        figure(prefix + ".p99", Measured.of(o.sse().quantileMillis(0.99), null), listener99, note);
    }

    // ---- heap per 100k twins, then searches over them -----------------------------------------------------------

    private List<ObjectNode> roomTemplates() {
        List<ObjectNode> rooms = new ArrayList<>();
        for (ObjectNode t : demo) {
            if ("dayuan:Room:1.0.0".equals(t.path("definition").asText())) {
                rooms.add(t);
            }
        }
        if (rooms.isEmpty()) {
            for (ObjectNode t : demo) {
                if (t.path("attributes").path("parent").isTextual()) {
                    rooms.add(t);
                }
            }
        }
        return rooms;
    }

    static String organisation(int i) {
        return String.format("bench.org:org-%03d", i % ORGANISATIONS);
    }

    static String loadId(int i) {
        return String.format("%s:room-%06d", LOAD_NS, i);
    }

    /** Bench twin {@code i}: a copy of a demo room (same parent, so still a valid tree) in one of 100 organisations. */
    static ObjectNode room(List<ObjectNode> templates, int i) {
        ObjectNode t = templates.get(i % templates.size()).deepCopy();
        t.put("thingId", loadId(i));
        JsonNode a = t.get("attributes");
        ObjectNode attributes = a instanceof ObjectNode o ? o : t.putObject("attributes");
        attributes.put("organisation", organisation(i));
        attributes.put("name", attributes.path("name").asText("room") + " #" + i);
        return t;
    }

    /** The classes that hold most before loading, and the top growth per 100k twins, one raw line each. */
    private void recordHistogram(HeapHistogram before, HeapHistogram after, int twins) {
        StringBuilder top = new StringBuilder();
        for (HeapHistogram.Delta d : before.growthSince(new HeapHistogram(0, 0, Map.of()), 8)) {
            top.append(top.length() == 0 ? "" : ", ").append(String.format("%s %.1f MB", d.className(),
                    d.bytes() / (1024.0 * 1024)));
        }
        results.raw("h2.heap.before", "largest classes before loading: " + top);
        List<HeapHistogram.Delta> growth = after.growthSince(before, 15);
        for (int i = 0; i < growth.size(); i++) {
            HeapHistogram.Delta d = growth.get(i);
            results.raw(String.format("h2.heap.top%02d", i + 1), String.format("%s: %.1f MB per 100k twins"
                            + " (%.0f bytes, %.2f objects per twin)", d.className(),
                    d.bytes() * (100_000.0 / twins) / (1024 * 1024), d.bytes() / (double) twins,
                    d.instances() / (double) twins));
        }
    }

    private void heapAndSearch() throws Exception {
        List<ObjectNode> templates = roomTemplates();
        if (templates.isEmpty()) {
            results.failure("heap", "no demo room to copy");
            results.failure("searches", "no demo room to copy");
            return;
        }
        int[] loaded = {0};
        Measured heap = attempt("load twins, heap per 100k", () -> {
            HeapHistogram before = HeapHistogram.take();
            int countBefore = registry == null ? -1 : registry.count();
            long t0 = System.nanoTime();
            loaded[0] = load(templates, 0, settings.twins(), settings.loadSeconds());
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            creates(loaded[0], loadSeconds);
            results.raw("h2.load", String.format("%,d twins created in %.1f s (%,.0f/s, %d threads, %s); registry now"
                            + " holds %s", loaded[0], loadSeconds, loaded[0] / loadSeconds, LOAD_THREADS,
                    registry == null ? "HTTP PUT" : "TwinRegistry.create", registry == null ? "?"
                            : registry.count() + " (was " + countBefore + ")"));
            if (loaded[0] == 0) {
                throw new IllegalStateException("no twin could be created");
            }
            // Lets the journal's writers and the caches settle, so the histogram sees what stays.
            Thread.sleep(2000);
            HeapHistogram after = HeapHistogram.take();
            double perTwin = (after.totalBytes() - before.totalBytes()) / (double) loaded[0];
            results.raw("h2.heap", String.format("live objects after full GC (GC.class_histogram): %,d MB before,"
                            + " %,d MB after %,d twins: %.0f bytes and %.1f objects per twin", before.totalBytes() >> 20,
                    after.totalBytes() >> 20, loaded[0], perTwin,
                    (after.totalInstances() - before.totalInstances()) / (double) loaded[0]));
            recordHistogram(before, after, loaded[0]);
            return Measured.of(perTwin * 100_000 / (1024 * 1024), String.format("%,d twins measured, scaled to 100k",
                    loaded[0]));
        });
        Measured bytes = attempt("baseline: the same twins as JSON bytes in a map", () -> {
            if (loaded[0] == 0) {
                throw new IllegalStateException("no twins were loaded");
            }
            HeapHistogram before = HeapHistogram.take();
            Map<String, byte[]> map = new ConcurrentHashMap<>();
            long json = 0;
            for (int i = 0; i < loaded[0]; i++) {
                byte[] b = JSON.writeValueAsBytes(room(templates, i));
                json += b.length;
                map.put(loadId(i), b);
            }
            HeapHistogram after = HeapHistogram.take();
            double perTwin = (after.totalBytes() - before.totalBytes()) / (double) map.size();
            results.raw("h2.heap.baseline", String.format("%,d twins as byte[] in a ConcurrentHashMap: %.0f bytes per"
                    + " twin; mean JSON %d bytes", map.size(), perTwin, json / map.size()));
            return Measured.of(perTwin * 100_000 / (1024 * 1024), null);
        });
        figure("heap", heap, bytes, String.format("copies of demo rooms, %s; live objects (class histogram after a"
                + " full GC) before and after loading, search index and H2 cache included", heap.detail()));

        searches(templates, loaded[0]);
        batchCreates(templates, loaded[0], settings.twins());
    }

    /**
     * Creates {@code n} more copies of demo rooms through {@code TwinRegistry.writeAll}, {@value #CREATE_BATCH} twins
     * per call, one call at a time, as the bulk import writes a county's rooms. Measured after the heap and search
     * parts, so those see the single-create load only.
     */
    private void batchCreates(List<ObjectNode> templates, int from, int n) {
        if (registry == null) {
            results.failure("creates.batch", registryProblem);
            return;
        }
        Measured rate = attempt("create twins in batches", () -> {
            long t0 = System.nanoTime();
            for (int start = from; start < from + n; start += CREATE_BATCH) {
                int end = Math.min(from + n, start + CREATE_BATCH);
                List<Object> ids = new ArrayList<>(end - start);
                List<ObjectNode> things = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    ObjectNode twin = room(templates, i);
                    twin.remove("thingId");
                    ids.add(registry.id(loadId(i)));
                    things.add(twin);
                }
                registry.createAll(ids, things);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            results.raw("h2.creates.batch", String.format("%,d twins created in %.1f s by TwinRegistry.writeAll, %,d"
                    + " per call, one thread; registry now holds %,d", n, seconds, CREATE_BATCH, registry.count()));
            return Measured.of(n / seconds, String.format("%.1f s per 100k twins", seconds * 100_000 / n));
        });
        figure("creates.batch", rate, rawInserts, String.format("twins/s, %s (copies of demo rooms, %,d per"
                + " TwinRegistry.writeAll, the bulk import's path); baseline: raw batched JDBC inserts of events with"
                + " audit records, from the updates part", rate.ok() ? rate.detail() : "-", CREATE_BATCH));
    }

    /** Twins per {@code writeAll} when the bench creates in batches. */
    private static final int CREATE_BATCH = 1_000;

    /**
     * The creation rate of the load, as seconds for 100k twins, beside the raw insert rate of the updates part (the
     * same rows per twin: one event, one audit record) when it ran.
     */
    private void creates(int loaded, double seconds) {
        if (loaded == 0) {
            results.failure("creates", "no twin could be created");
            return;
        }
        double per100k = seconds * 100_000 / loaded;
        results.raw("h2.creates", String.format("create 100k twins: %.1f s (%,d created in %.1f s by %d threads,"
                + " %s)", per100k, loaded, seconds, registry == null ? 8 : LOAD_THREADS, registry == null
                ? "HTTP PUT" : "TwinRegistry.create"));
        Measured rate = Measured.of(loaded / seconds, null);
        figure("creates", rate, rawInserts, String.format("twins/s, i.e. %.1f s per 100k twins (copies of demo"
                + " rooms, %d threads); baseline: raw batched JDBC inserts of events with audit records, from the"
                + " updates part", per100k, registry == null ? 8 : LOAD_THREADS));
    }

    /**
     * Creates bench twins {@code from..to-1} with several threads, until done or {@code capSeconds}; returns how many
     * were created.
     */
    private int load(List<ObjectNode> templates, int from, int to, double capSeconds) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(from);
        AtomicInteger created = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long deadline = System.nanoTime() + (long) (capSeconds * 1e9);
        int threads = registry == null ? 8 : LOAD_THREADS;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            Thread t = new Thread(() -> {
                Client c = registry == null ? HttpClients.raw(port).open() : null;
                try {
                    for (int i = next.getAndIncrement(); i < to && System.nanoTime() < deadline;
                         i = next.getAndIncrement()) {
                        try {
                            ObjectNode twin = room(templates, i);
                            if (registry != null) {
                                twin.remove("thingId");
                                registry.create(registry.id(loadId(i)), twin);
                            } else {
                                int status = c.send("PUT", "/api/2/things/" + loadId(i), "application/json",
                                        JSON.writeValueAsBytes(twin));
                                if (status != 201) {
                                    throw new IllegalStateException("PUT answered " + status + ": "
                                            + preview(c.lastBody()));
                                }
                            }
                            int n = created.incrementAndGet();
                            if (n % 10_000 == 0) {
                                results.log("loaded " + n + " twins");
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, Results.describe(e));
                            if (failures.get() > 1000 && created.get() == 0) {
                                return;
                            }
                        }
                    }
                } finally {
                    if (c != null) {
                        c.close();
                    }
                }
            }, "bench-load-" + w);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
        for (Thread t : workers) {
            t.join((long) (capSeconds * 1000) + 60_000);
        }
        if (failures.get() > 0) {
            results.raw("h2.load.failures", failures.get() + " creations failed; first: " + firstFailure.get());
        }
        if (created.get() < to - from) {
            results.raw("h2.load.capped", "only " + created.get() + " of " + (to - from) + " twins within the "
                    + capSeconds + " s cap; the heap figure is scaled, the search runs over what exists");
        }
        // Twins 0..created-1 exist only when no creation failed; the figures use the count that was created.
        return created.get();
    }

    /** Reads, indexed searches and updates over the twins of a growth stage, random ones of {@code sample}. */
    private Map<String, Measured> measureStage(InContainer.Registry reg, Object path, int[] sample, int total,
                                               String tag) {
        Map<String, Measured> now = new HashMap<>();
        String[] reads = Arrays.stream(sample).mapToObj(i -> "/api/2/things/" + loadId(i)).toArray(String[]::new);
        now.put("reads", attempt("growth reads" + tag, () -> {
            Load.Outcome o = http("growth.reads" + tag, READ_THREADS, reads).requireSuccess();
            return Measured.of(o.rate(), o.describe());
        }));
        String[] searches = searchPaths(organisationFilters(Math.min(ORGANISATIONS, total)));
        now.put("searches", attempt("growth searches" + tag, () -> {
            Load.Outcome o = http("growth.searches" + tag, READ_THREADS, searches).requireSuccess();
            return Measured.of(o.rate(), o.describe() + String.format("; ~%,d matches per filter, size(25)",
                    total / searches.length));
        }));
        Object[] ids = Arrays.stream(sample).mapToObj(i -> reg.id(loadId(i))).toArray();
        now.put("updates", attempt("growth updates" + tag, () -> {
            Load.Outcome o = registryUpdates("growth-updates" + tag, reg, path,
                    w -> ids[w.random.nextInt(ids.length)]);
            results.raw("growth.updates" + tag, o.describe());
            return Measured.of(o.rate(), o.describe());
        }));
        return now;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One filter per organisation of the bench twins: an indexed {@code eq}, about loaded/orgs matches each. */
    private static String[] organisationFilters(int orgs) {
        String[] filters = new String[orgs];
        for (int i = 0; i < orgs; i++) {
            filters[i] = "eq(attributes/organisation,\"" + organisation(i) + "\")";
        }
        return filters;
    }

    private static String[] searchPaths(String[] filters) {
        return Arrays.stream(filters).map(f -> "/api/2/search/things?filter=" + enc(f) + "&option=" + enc("size(25)"))
                .toArray(String[]::new);
    }

    private void searches(List<ObjectNode> templates, int loaded) throws Exception {
        if (loaded == 0) {
            results.failure("searches", "no bench twins were loaded to search");
            return;
        }
        int orgs = Math.min(ORGANISATIONS, loaded);
        String[] filters = organisationFilters(orgs);
        String[] paths = searchPaths(filters);
        int total = registry == null ? -1 : registry.count();
        String scope = String.format("over %,d twins (%,d bench + demo), %d organisations, ~%,d matches per filter,"
                + " option=size(25)", total, loaded, orgs, loaded / orgs);

        AtomicReference<byte[]> realPage = new AtomicReference<>();
        Measured check = attempt("search answers", () -> {
            Reply r = HttpClients.once(port, "GET", paths[0], null, null);
            if (r.status() != 200) {
                throw new IllegalStateException("GET " + paths[0] + " answered " + r.sample());
            }
            JsonNode items = JSON.readTree(r.body()).path("items");
            if (!items.isArray() || items.isEmpty()) {
                throw new IllegalStateException("GET " + paths[0] + " found no items: " + r.sample());
            }
            realPage.set(r.body());
            String detail = items.size() + " items, " + r.body().length + " bytes per page";
            try {
                Reply count = HttpClients.once(port, "GET", "/api/2/search/things/count?filter=" + enc(filters[0]),
                        null, null);
                detail += "; count of that filter: " + count.sample();
            } catch (Exception e) {
                detail += "; count failed: " + Results.describe(e);
            }
            results.raw("h2.search.check", detail);
            return Measured.of(items.size(), detail);
        });

        Measured inProcess = attempt("in-process TwinSearch", () -> {
            InContainer.Search search = new InContainer.Search(Duration.ofSeconds(10));
            Load.Outcome o = Load.run("search-inprocess", 2, 1, Math.min(4, settings.measure()),
                    new Load.Lifecycle() { }, w -> {
                        int n = search.search(filters[w.random.nextInt(filters.length)], "size(25)");
                        if (n == 0) {
                            w.error = "empty page";
                            return false;
                        }
                        return true;
                    }).requireSuccess();
            results.raw("h2.search.inprocess", o.describe());
            return Measured.of(o.rate(), o.describe());
        });
        if (!inProcess.ok()) {
            results.raw("h2.search.inprocess", "failed: " + inProcess.error());
        }

        Measured baseline = attempt("fixed-JSON servlet, one page", () -> {
            byte[] page = realPage.get();
            if (page == null) {
                // search is not answering: a page of 25 bench twins as Ditto would return it
                StringBuilder b = new StringBuilder("{\"items\":[");
                for (int i = 0; i < 25; i++) {
                    b.append(i == 0 ? "" : ",").append(JSON.writeValueAsString(room(templates, i * orgs)));
                }
                page = b.append("],\"cursor\":\"bench\"}").toString().getBytes(StandardCharsets.UTF_8);
            }
            registerServlet("dayuan-bench-page", "/bench/page", page);
            Load.Outcome o = http("searches.baseline", READ_THREADS, new String[] {"/bench/page"}).requireSuccess();
            return Measured.of(o.rate(), o.describe() + "; " + page.length + " bytes");
        });
        Measured searches = !check.ok() ? check : attempt("indexed searches over HTTP", () -> {
            Load.Outcome o = http("searches", READ_THREADS, paths).requireSuccess();
            return Measured.of(o.rate(), o.describe());
        });
        figure("searches", searches, baseline, READ_THREADS + " keep-alive connections, " + client.name() + ", "
                + scope + (check.ok() ? "; " + check.detail() : ""));
    }

    // ---- growth: the figures at 10k, 100k and 1M twins ----------------------------------------------------------

    static final List<String> GROWTH_FIGURES = List.of("reads", "searches", "updates", "creates", "heap");

    /**
     * Loads copies of demo rooms in stages ({@code -Dbench.growth}) and measures at each stage, over everything loaded
     * so far: reads and updates of random bench twins, the heap part's indexed searches, the creation rate of the
     * stage's own twins, and the live heap per twin since before the first stage. A figure's baseline is its value
     * at the first stage, so its ratio says how it grew. The store is left holding the last stage's twins, and
     * {@code growth-data.txt} says where, for {@link GrowthStartupBench}.
     */
    private void growth() throws Exception {
        List<ObjectNode> templates = roomTemplates();
        if (templates.isEmpty() || registry == null) {
            String why = templates.isEmpty() ? "no demo room to copy" : registryProblem;
            figuresOfThisRun().forEach(k -> results.failure(k, why));
            return;
        }
        InContainer.Registry reg = registry;
        Object path = reg.pointer(GROWTH_PATH);
        String every = System.getProperty("dayuan.bench.growthSnapshotEvery");
        results.raw("growth.config", "registry snapshotEvery = " + (every == null ? "the default (10000)" : every)
                + " events; " + System.getProperty("java.vm.name") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        HeapHistogram before = HeapHistogram.take();
        Map<String, Measured> first = new HashMap<>();
        int loaded = 0;
        for (int stage : settings.growth()) {
            int from = loaded;
            long t0 = System.nanoTime();
            // The cap grows with the stage: the heap part's cap is for 100k twins.
            int created = load(templates, from, stage, settings.loadSeconds() * Math.max(1, (stage - from) / 100_000.0));
            double seconds = (System.nanoTime() - t0) / 1e9;
            loaded = from + created;
            String tag = "." + stage;
            results.raw("growth.load" + tag, String.format("%,d twins created in %.1f s (%,.0f/s); registry holds %,d",
                    created, seconds, created / seconds, reg.count()));
            if (loaded == 0) {
                figuresOfThisRun().forEach(k -> results.failure(k, "no twin could be created"));
                return;
            }
            // Lets the journal's writers and a snapshot in progress settle, so the histogram sees what stays.
            Thread.sleep(2000);
            int total = loaded;
            Map<String, Measured> now = new HashMap<>();
            now.put("creates", Measured.of(created / seconds, String.format("twins %,d..%,d created in %.1f s by %d"
                    + " threads through TwinRegistry.create", from, total - 1, seconds, LOAD_THREADS)));
            now.put("heap", attempt("growth heap at " + stage, () -> {
                HeapHistogram after = HeapHistogram.take();
                double perTwin = (after.totalBytes() - before.totalBytes()) / (double) total;
                results.raw("growth.heap" + tag, String.format("live objects after full GC: %,d MB before loading,"
                        + " %,d MB with %,d bench twins: %.0f bytes per twin", before.totalBytes() >> 20,
                        after.totalBytes() >> 20, total, perTwin));
                return Measured.of(perTwin * 100_000 / (1024 * 1024), String.format("MB per 100k twins, from %,d twins",
                        total));
            }));
            int[] sample = new java.util.SplittableRandom(stage).ints(Math.min(GROWTH_SAMPLE, total), 0, total)
                    .toArray();
            if (first.isEmpty()) {
                // The first stage would otherwise be measured by a colder JIT than the later ones, and its lower rates
                // would read as the later stages scaling up.
                measureStage(reg, path, sample, total, ".warmup");
            }
            now.putAll(measureStage(reg, path, sample, total, tag));
            for (String f : GROWTH_FIGURES) {
                Measured m = now.get(f);
                first.putIfAbsent(f, m);
                figure("growth." + f + tag, m, first.get(f), String.format("%,d bench twins + %,d demo; baseline:"
                        + " the same figure at %,d twins; %s", total, demo.size(), settings.growth().get(0),
                        m.detail() == null ? "" : m.detail()));
            }
            if (created < stage - from) {
                results.raw("growth.stopped", "stage " + stage + " loaded only " + total + " twins; later stages left out");
                break;
            }
        }
        java.nio.file.Files.writeString(Results.dir().resolve("growth-data.txt"), System.getProperty("karaf.data")
                + "\n" + reg.count() + "\n");
    }
}
