package org.dayuan.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.Test;

/**
 * Distribution start-to-ready, as an operator starts it: the archive of this build unpacked into a fresh directory,
 * {@code bin/karaf server} started with this JVM's Java 17, timed from process start until {@code /api/health}
 * answers 200 with the 901 demo twins. Then the same directory is started again (restart with the data cache).
 * Baseline: the same archive with the {@code dayuan-*} boot features removed and {@code pax-web-http-whiteboard}
 * booted instead (bare Karaf + Jetty), timed until its HTTP port answers at all. Runs in the failsafe JVM, not in
 * Pax Exam, and one distribution at a time; every process it starts is stopped before the next one.
 */
public class StartupBench {
    static final int DEMO_TWINS = 901;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Results results;

    public StartupBench() {
    }

    /** For a bench that times starts of its own, recording into its results. */
    StartupBench(Results results) {
        this.results = results;
    }

    /** What to do once a timed start is ready, before the distribution is stopped. */
    @FunctionalInterface
    interface WhenReady {
        void run(int port) throws Exception;
    }

    @Test
    public void startToReady() throws Exception {
        results = Results.open("startup");
        BenchDist.awaitEarlierBenchDistributions();
        Path work = Path.of("target", "bench-startup").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        Measured fresh;
        Measured bare;
        boolean keep = true;
        try {
            Path home = work.resolve("dayuan");
            fresh = measure("fresh unpack", home, true);
            if (fresh.ok()) {
                Measured again = measure("restart with data", home, false);
                results.raw("startup.restart", again.ok() ? String.format("%.2f s (%s)", again.value(),
                        again.detail()) : "failed: " + again.error());
            }
            bare = measureBare(work.resolve("bare"));
            keep = !fresh.ok() || !bare.ok();
        } catch (Throwable t) {
            results.failure("startup", Results.describe(t));
            throw t;
        } finally {
            if (keep) {
                results.raw("startup.kept", "logs kept in " + work);
            } else {
                deleteTree(work);
            }
        }
        if (!fresh.ok()) {
            results.failure("startup", fresh.error());
            return;
        }
        String note = "bin/karaf server on a fresh unpack until /api/health says 200 with " + DEMO_TWINS
                + " twins; " + fresh.detail();
        if (bare.ok()) {
            results.figure("startup", fresh.value(), bare.value(), note + "; baseline: " + bare.detail());
        } else {
            results.figure("startup", fresh.value(), Double.NaN, note + "; baseline failed: " + bare.error());
        }
    }

    /** Unpacks (when asked), starts, waits for the demo county over HTTP, stops; seconds from start to ready. */
    private Measured measure(String what, Path home, boolean unpack) {
        return timeToReady(what, "startup." + (unpack ? "fresh" : "restart"), home, unpack, DEMO_TWINS, 120,
                null, false, null);
    }

    /**
     * Unpacks (when asked), starts with {@code maxHeap} as -Xmx (the JVM's default when null), waits until
     * /api/health says 200 with at least {@code twins} twins, runs {@code whenReady}, then stops the distribution, or
     * kills it (SIGKILL, as a crash would) when {@code crash}; seconds from start to ready.
     */
    Measured timeToReady(String what, String key, Path home, boolean unpack, int twins, int seconds,
                         WhenReady whenReady, boolean crash, String maxHeap) {
        Process karaf = null;
        try {
            int port;
            if (unpack) {
                unpackTo(home);
                port = configurePorts(home);
            } else {
                port = Integer.parseInt(Files.readString(home.resolve("bench.port")).trim());
            }
            long t0 = System.nanoTime();
            karaf = start(home, maxHeap);
            long[] firstAnswer = {-1};
            int[] count = {-1};
            boolean ready = poll(port, "/api/health", seconds, karaf, status -> {
                if (firstAnswer[0] < 0) {
                    firstAnswer[0] = System.nanoTime();
                }
                return status == 200;
            }, body -> {
                count[0] = JSON.readTree(body).path("twins").asInt(-1);
                return count[0] >= twins;
            });
            long t1 = System.nanoTime();
            if (!ready) {
                return Measured.failed(what + ": not ready within " + seconds + " s (last twin count " + count[0]
                        + "); see " + home.resolve("data/log/karaf.log"));
            }
            double took = (t1 - t0) / 1e9;
            String detail = String.format("first HTTP answer after %.2f s", (firstAnswer[0] - t0) / 1e9);
            results.raw(key + ".detail", String.format("%s: ready after %.2f s with %,d twins, %s", what, took,
                    count[0], detail));
            if (whenReady != null) {
                whenReady.run(port);
            }
            return Measured.of(took, detail);
        } catch (Exception e) {
            return Measured.failed(what + ": " + Results.describe(e));
        } finally {
            if (crash) {
                kill(karaf);
            } else {
                stop(karaf);
            }
        }
    }

    /** Bare Karaf + Jetty from the same archive: ready when its HTTP port answers anything. */
    private Measured measureBare(Path home) {
        Process karaf = null;
        try {
            unpackTo(home);
            int port = configurePorts(home);
            String boot = bareBootFeatures(home.resolve("etc/org.apache.karaf.features.cfg"));
            long t0 = System.nanoTime();
            karaf = start(home, null);
            boolean ready = poll(port, "/", 90, karaf, status -> true, body -> true);
            long t1 = System.nanoTime();
            if (!ready) {
                return Measured.failed("bare Karaf did not answer HTTP within 90 s; see "
                        + home.resolve("data/log/karaf.log"));
            }
            double seconds = (t1 - t0) / 1e9;
            String detail = String.format("bare Karaf (featuresBoot = %s) first HTTP answer after %.2f s", boot,
                    seconds);
            results.raw("startup.bare", detail);
            return Measured.of(seconds, "featuresBoot = " + boot + ", until the HTTP port answers");
        } catch (Exception e) {
            return Measured.failed("bare Karaf: " + Results.describe(e));
        } finally {
            stop(karaf);
        }
    }

    void unpackTo(Path home) throws Exception {
        Files.createDirectories(home);
        File archive = BenchDist.archive();
        long t0 = System.nanoTime();
        Process tar = new ProcessBuilder("tar", "xzf", archive.getAbsolutePath(), "--strip-components=1")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("unpack.log").toFile())).start();
        if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            tar.destroyForcibly();
            throw new IllegalStateException("tar xzf " + archive + " failed; see " + home.resolve("unpack.log"));
        }
        results.raw("startup.unpack." + home.getFileName(), String.format("%.2f s to unpack %s (%,d bytes)",
                (System.nanoTime() - t0) / 1e9, archive.getName(), archive.length()));
    }

    /** Free ports for HTTP, SSH and RMI, as KillRestartIT sets them; returns the HTTP port. */
    static int configurePorts(Path home) throws IOException {
        int port = BenchDist.freePort();
        append(home, "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port = " + port);
        append(home, "etc/org.dayuan.auth.cfg", "adminPassword = " + org.dayuan.itests.Dist.ADMIN_PASSWORD);
        append(home, "etc/org.apache.karaf.shell.cfg", "sshPort = " + BenchDist.freePort());
        append(home, "etc/org.apache.karaf.management.cfg", "rmiRegistryPort = " + BenchDist.freePort()
                + "\nrmiServerPort = " + BenchDist.freePort());
        Files.writeString(home.resolve("bench.port"), String.valueOf(port));
        return port;
    }

    /** Rewrites featuresBoot without the dayuan-* features, with the HTTP whiteboard instead; returns the list. */
    static String bareBootFeatures(Path cfg) throws IOException {
        List<String> lines = Files.readAllLines(cfg, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!found && line.trim().startsWith("featuresBoot") && line.contains("=")) {
                found = true;
                StringBuilder value = new StringBuilder(line.substring(line.indexOf('=') + 1));
                while (value.toString().trim().endsWith("\\") && i + 1 < lines.size()) {
                    value.setLength(value.lastIndexOf("\\"));
                    value.append(' ').append(lines.get(++i));
                }
                for (String f : value.toString().split(",")) {
                    String name = f.trim();
                    if (!name.isEmpty() && !name.startsWith("dayuan-")) {
                        kept.add(name);
                    }
                }
                kept.add("pax-web-http-whiteboard");
                out.add("featuresBoot = " + String.join(", ", kept));
            } else {
                out.add(line);
            }
        }
        if (!found) {
            throw new IllegalStateException("No featuresBoot in " + cfg);
        }
        Files.write(cfg, out, StandardCharsets.UTF_8);
        return String.join(", ", kept);
    }

    private static void append(Path home, String file, String lines) throws IOException {
        Files.writeString(home.resolve(file), "\n" + lines + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static Process start(Path home, String maxHeap) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (maxHeap != null) {
            // Karaf 4.4's scripts read no JAVA_MAX_MEM; EXTRA_JAVA_OPTS is appended to the JVM's options.
            pb.environment().put("EXTRA_JAVA_OPTS", "-Xmx" + maxHeap);
        }
        return pb.start();
    }

    @FunctionalInterface
    interface BodyCheck {
        boolean test(byte[] body) throws IOException;
    }

    /**
     * Polls {@code path} every 50 ms until {@code status} and {@code body} accept an answer; false on timeout or
     * when the process died.
     */
    private static boolean poll(int port, String path, int seconds, Process karaf, IntPredicate status,
                                BodyCheck body) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                return false;
            }
            HttpURLConnection c = null;
            try {
                c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
                c.setRequestProperty("Authorization", HttpClients.AUTHORIZATION);
                c.setConnectTimeout(500);
                c.setReadTimeout(5000);
                int code = c.getResponseCode();
                InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
                byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
                if (status.test(code) && body.test(bytes)) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet, or not JSON yet
            } finally {
                if (c != null) {
                    c.disconnect();
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Stops Karaf as a service manager would (SIGTERM to the JVM), then forcibly after 30 s. */
    private static void stop(Process p) {
        if (p == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.forEach(ProcessHandle::destroy);
        p.destroy();
        all.add(p.toHandle());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle h : all) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
                h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
            }
        }
    }

    /** Kills Karaf and its JVM at once (SIGKILL): nothing runs on the way down, as in a crash. */
    private static void kill(Process p) {
        if (p == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join());
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
