package org.dayuan.itests;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.bench.Results;
import org.junit.Test;

/**
 * The HTTP API under an external load generator, in the {@code bench} profile (not an itest): the distribution
 * started as an operator starts it (H2, demo county, simulator off), and wrk ({@value #CONNECTIONS} connections,
 * {@value #THREADS} threads, {@code --latency}) run from this JVM against it. Baseline of every figure:
 * {@code GET /api/health} measured first in the same run. Twin reads with HTTP Basic run for
 * {@code dayuan.bench.basicSeconds} (60 s by default: two lifetimes of the Basic cache, whose expiry is what shows
 * in their tail), everything else for {@code dayuan.bench.seconds}. Without wrk the run is recorded as skipped
 * (installed first when running as root). Nothing is asserted.
 */
public class HttpBench {
    static final int CONNECTIONS = 64;
    static final int THREADS = 2;
    static final String NS = "bench.http";
    static final int PUT_TWINS = 64;
    static final String INSTALL = "apt-get install -y wrk";
    private static final Duration READY = Duration.ofSeconds(180);
    static final String[] KEYS = {"http.health", "http.basic.reads", "http.basic.p50", "http.basic.p99",
        "http.basic.max", "http.bearer.reads", "http.search", "http.put"};

    /**
     * Printed by wrk when it is done, in numbers rather than its rounded text: requests, seconds, latencies in
     * microseconds, and every kind of error.
     */
    private static final String REPORT = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("WRK requests=%d micros=%d p50=%d p99=%d max=%d status=%d connect=%d"
                .. " read=%d write=%d timeout=%d\\n", summary.requests, summary.duration,
                math.floor(latency:percentile(50)), math.floor(latency:percentile(99)), latency.max, e.status,
                e.connect, e.read, e.write, e.timeout))
            end
            """;

    /** wrk's figures of one run. */
    record Wrk(long requests, double seconds, double p50, double p99, double max, long errors, String text) {
        double rate() {
            return requests / seconds;
        }

        String describe() {
            return String.format(Locale.ROOT, "%,d requests in %.1f s, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d"
                    + " errors or non-2xx", requests, seconds, p50, p99, max, errors);
        }
    }

    private Results results;
    private Path scripts;

    @Test
    public void measure() throws Exception {
        results = Results.open("http");
        double seconds = Double.parseDouble(System.getProperty("dayuan.bench.seconds", "6"));
        double warmup = Double.parseDouble(System.getProperty("dayuan.bench.warmup", "2"));
        double basicSeconds = Double.parseDouble(System.getProperty("dayuan.bench.basicSeconds", "60"));
        String wrk = wrk();
        if (wrk == null) {
            for (String key : KEYS) {
                results.failure(key, "skipped: wrk is not installed (" + INSTALL + ")");
            }
            return;
        }
        scripts = Files.createTempDirectory("dayuan-wrk-");
        try (ProcessDist dist = new ProcessDist("bench-http-", "dayuan_bench_http_")) {
            dist.start();
            Api api = new Api(dist.port);
            api.awaitHealthy(DistributionTest.DEMO_TWINS, READY);
            String base = "http://127.0.0.1:" + dist.port;
            String basic = "Authorization: " + Api.basic(Dist.ADMIN, Dist.ADMIN_PASSWORD);
            String token = api.anonymous().post("/api/dayuan/auth/login", "{'username':'" + Dist.ADMIN
                    + "','password':'" + Dist.ADMIN_PASSWORD + "'}").json().path("token").asText();
            String bearer = "Authorization: Bearer " + token;
            List<JsonNode> demo = demo(api);
            String twin = "/api/2/things/" + demo.get(demo.size() / 2).path("thingId").asText();
            String definition = mostCommonDefinition(demo);
            long matching = demo.stream().filter(t -> definition.equals(t.path("definition").asText())).count();
            String search = "/api/2/search/things?filter=" + enc("eq(definition,\"" + definition + "\")")
                    + "&option=" + enc("size(25)");
            List<String> putPaths = benchTwins(api);

            // The distribution has just started: unmeasured writes first, so that the JIT has compiled the write
            // path (H2's MVStore above all) before any figure, the baseline's included.
            double jitWarmup = Double.parseDouble(System.getProperty("dayuan.bench.jitWarmup", "40"));
            if (jitWarmup > 0) {
                run(wrk, base + putPaths.get(0), jitWarmup, bearer, putScript(putPaths) + REPORT);
            }
            run(wrk, base + "/api/health", warmup, null, REPORT);
            Wrk health = run(wrk, base + "/api/health", seconds, null, REPORT);
            results.figure("http.health", health.rate(), Double.NaN, "wrk -t" + THREADS + " -c" + CONNECTIONS
                    + " --latency, GET /api/health without credentials; " + health.describe());

            run(wrk, base + twin, warmup, basic, REPORT);
            Wrk reads = run(wrk, base + twin, basicSeconds, basic, REPORT);
            String readNote = "GET " + twin + " with HTTP Basic (admin, bcrypt in users.properties) for "
                    + (int) basicSeconds + " s, spanning the Basic cache's lifetimes; " + reads.describe()
                    + "; baseline: /api/health in the same run (" + health.describe() + ")";
            results.figure("http.basic.reads", reads.rate(), health.rate(), readNote);
            results.figure("http.basic.p50", reads.p50(), health.p50(), "p50 of the Basic reads above");
            results.figure("http.basic.p99", reads.p99(), health.p99(), "p99 of the Basic reads above");
            results.figure("http.basic.max", reads.max(), health.max(), "slowest of the Basic reads above");

            Wrk bearerReads = run(wrk, base + twin, seconds, bearer, REPORT);
            results.figure("http.bearer.reads", bearerReads.rate(), health.rate(), "GET " + twin
                    + " with a bearer token from POST /api/dayuan/auth/login; " + bearerReads.describe());

            Wrk searches = run(wrk, base + search, seconds, bearer, REPORT);
            results.figure("http.search", searches.rate(), health.rate(), "GET " + search + " (bearer): a page of"
                    + " 25 of the " + matching + " demo twins of that definition, of " + demo.size() + "; "
                    + searches.describe());

            Wrk puts = run(wrk, base + putPaths.get(0), seconds, bearer, putScript(putPaths) + REPORT);
            results.figure("http.put", puts.rate(), health.rate(), "PUT of one property (bearer, JSON number)"
                    + " spread over " + PUT_TWINS + " twins by a wrk Lua script, each acknowledged once durable; "
                    + puts.describe());
        } catch (Throwable t) {
            results.failure("http.health", "the bench stopped: " + Results.describe(t));
            results.log(Results.stackTrace(t));
            throw t;
        } finally {
            deleteTree(scripts);
            results.log("HTTP bench done.");
        }
    }

    /** The path of wrk; installed first when missing and this runs as root; null when it cannot be had. */
    private String wrk() throws Exception {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "wrk");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return null;
        }
        results.log("wrk is missing; running " + INSTALL);
        Process apt = new ProcessBuilder("apt-get", "install", "-y", "wrk").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!apt.waitFor(5, TimeUnit.MINUTES) || apt.exitValue() != 0) {
            apt.destroyForcibly();
            return null;
        }
        return Files.isExecutable(Path.of("/usr/bin/wrk")) ? "/usr/bin/wrk" : null;
    }

    /** One wrk run of {@code seconds} against {@code url} with the Lua {@code script}; its output goes on record. */
    private Wrk run(String wrk, String url, double seconds, String header, String script) throws Exception {
        Path lua = Files.createTempFile(scripts, "bench-", ".lua");
        Files.writeString(lua, script, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(wrk, "-t" + THREADS, "-c" + CONNECTIONS,
                "-d" + Math.max(1, Math.round(seconds)) + "s", "--timeout", "10s", "--latency", "-s", lua.toString()));
        if (header != null) {
            cmd.add("-H");
            cmd.add(header);
        }
        cmd.add(url);
        results.log("wrk " + String.join(" ", cmd.subList(1, cmd.size())).replaceAll("(Basic|Bearer) \\S+",
                "$1 ..."));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk did not end: " + out);
        }
        String line = out.lines().filter(l -> l.startsWith("WRK ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no summary (exit " + p.exitValue()
                        + "): " + out));
        Map<String, Long> f = new HashMap<>();
        for (String kv : line.substring(4).trim().split(" ")) {
            String[] pair = kv.split("=");
            f.put(pair[0], Long.parseLong(pair[1]));
        }
        Wrk w = new Wrk(f.get("requests"), f.get("micros") / 1e6, f.get("p50") / 1e3, f.get("p99") / 1e3,
                f.get("max") / 1e3, f.get("status") + f.get("connect") + f.get("read") + f.get("write")
                        + f.get("timeout"), out);
        results.raw("wrk " + url.replaceFirst("http://127\\.0\\.0\\.1:\\d+", ""), w.describe() + " | "
                + out.lines().filter(l -> l.contains("%") || l.contains("Latency") || l.contains("Non-2xx")
                        || l.contains("Socket errors")).map(String::trim).collect(Collectors.joining("; ")));
        return w;
    }

    /** Every demo twin, page by page. */
    private static List<JsonNode> demo(Api api) {
        List<JsonNode> twins = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            JsonNode page = api.get("/api/2/search/things?option=" + enc("size(200)" + cursor)).json();
            page.path("items").forEach(twins::add);
            cursor = page.has("cursor") ? ",cursor(" + page.path("cursor").asText() + ")" : null;
        }
        return twins;
    }

    private static String mostCommonDefinition(List<JsonNode> twins) {
        return twins.stream().map(t -> t.path("definition").asText()).filter(d -> !d.isEmpty())
                .collect(Collectors.groupingBy(d -> d, Collectors.counting())).entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow(() -> new IllegalStateException("no demo twin has a definition")).getKey();
    }

    /** {@link #PUT_TWINS} twins of the bench's own, so that the writes meet no model of the demo's. */
    private static List<String> benchTwins(Api api) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < PUT_TWINS; i++) {
            String thing = "/api/2/things/" + NS + ":t-" + i;
            Api.Reply r = api.put(thing, "{'features':{'m':{'properties':{'v':0}}}}");
            if (r.status() != 201 && r.status() != 204) {
                throw new IllegalStateException("PUT " + thing + " answered " + r);
            }
            paths.add(thing + "/features/m/properties/v");
        }
        return paths;
    }

    /** Each request the next twin's property, with a new value; every wrk thread runs its own copy. */
    private static String putScript(List<String> paths) {
        return "local paths = {" + paths.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", "))
                + "}\nlocal n = 0\nwrk.method = \"PUT\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "request = function()\n  n = n + 1\n"
                + "  return wrk.format(nil, paths[n % #paths + 1], nil, tostring(n))\nend\n";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
