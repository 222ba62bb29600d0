package org.dayuan.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Assume;
import org.junit.Test;

/**
 * The web console in a real browser: the distribution started as an operator starts it, with the demo simulator
 * playing the county, then the browser tests in {@code src/test/browser/*.test.mjs} ({@code node --test}, driving
 * Debian's chromium headless through playwright-core) against it, and with them the test of Eclipse Ditto's
 * JavaScript client over {@code /ws/2} ({@code ditto-js-client.test.mjs}). Not a Pax Exam test: the tests need the console
 * served as a user reaches it and a Karaf console to install and uninstall lines with ({@code bin/client}).
 */
public class ConsoleIT {
    private static final Path BROWSER_TESTS = Paths.get("src/test/browser").toAbsolutePath();
    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(20);

    @Test
    public void theBrowserTestsPassAgainstTheRunningDistribution() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        String node = onPath("node");
        String missing = !new File(chromium).canExecute() ? "no browser at " + chromium
                : node == null ? "no node on the PATH" : null;
        if (missing != null) {
            String how = missing + ": the browser tests need Debian's chromium and Node 20"
                    + " (apt-get install -y chromium fonts-wqy-microhei nodejs npm)";
            if ("true".equals(System.getenv("CI"))) {
                fail(how);
            }
            System.out.println("SKIPPED ConsoleIT, " + how);
            Assume.assumeTrue(how, false);
        }
        assertTrue("playwright-core is installed in " + BROWSER_TESTS + " (mvn runs npm ci there before the itests)",
                Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core")));
        List<String> tests;
        try (Stream<Path> files = Files.list(BROWSER_TESTS)) {
            tests = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test.mjs")).sorted()
                    .collect(Collectors.toList());
        }
        assertTrue("browser tests in " + BROWSER_TESTS, !tests.isEmpty());

        try (ProcessDist dist = new ProcessDist("browser-")) {
            // The simulator plays the county so that the cockpit has live data: on the broker's, the fire panel
            // gateway's and the vehicle gateway's free ports, with one day of history (enough for the charts, quick
            // to publish).
            int panelsPort = Dist.freePort();
            dist.append("etc/org.dayuan.safety.panels.cfg", "port = " + panelsPort);
            dist.append("etc/org.dayuan.simulator.cfg", String.join("\n", "enabled = true",
                    "brokerUrl = tcp://127.0.0.1:" + dist.mqttPort, "panels.port = " + panelsPort,
                    "fleet.port = " + dist.fleetPort, "backfillDays = 1"));
            Path client = clientScript(dist);
            dist.start();
            new Api(dist.port).awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(180));

            Path shots = Paths.get("target/browser-shots", Dist.onPostgres() ? "postgresql" : "h2").toAbsolutePath();
            Files.createDirectories(shots);
            // the artefacts of this run only: no FAILED-*.png of an earlier one
            try (Stream<Path> old = Files.list(shots)) {
                for (Path f : old.collect(Collectors.toList())) {
                    Files.deleteIfExists(f);
                }
            }
            List<String> cmd = new ArrayList<>(List.of(node, "--test", "--test-reporter=spec", "--test-concurrency=1"));
            cmd.addAll(tests);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(BROWSER_TESTS.toFile()).redirectErrorStream(true);
            pb.environment().put("DAYUAN_URL", "http://127.0.0.1:" + dist.port);
            pb.environment().put("DAYUAN_SHOTS", shots.toString());
            pb.environment().put("DAYUAN_ADMIN_PASSWORD", Dist.ADMIN_PASSWORD);
            pb.environment().put("DAYUAN_CLIENT_CMD", client.toString());
            pb.environment().put("CHROMIUM", chromium);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            System.out.println("ConsoleIT: " + String.join(" ", cmd) + " against http://127.0.0.1:" + dist.port
                    + ", screenshots in " + shots);
            Process run = pb.start();
            StringBuilder out = new StringBuilder();
            Thread pump = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        System.out.println(line);
                        synchronized (out) {
                            out.append(line).append('\n');
                        }
                    }
                } catch (java.io.IOException closed) {
                    // the process was killed: what was read is in out
                }
            }, "node-output");
            pump.start();
            if (!run.waitFor(NODE_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                run.descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly();
                pump.join(10_000);
                fail("the browser tests did not finish in " + NODE_TIMEOUT + ":\n" + tail(out));
            }
            pump.join(10_000);
            // the figures the tests print (first paint, frame rate), kept beside the screenshots
            String figures = text(out).lines().map(String::strip).filter(l -> l.startsWith("FIGURE "))
                    .collect(Collectors.joining("\n"));
            Files.writeString(shots.resolve("figures.txt"), figures.isEmpty() ? "" : figures + "\n");
            if (run.exitValue() != 0) {
                fail("the browser tests failed (node exited " + run.exitValue() + "); karaf log in "
                        + dist.home.resolve("data/log/karaf.log") + "\n" + tail(out));
            }
        }
    }

    /**
     * The command the browser tests type Karaf console commands with: bin/client into this distribution's SSH port
     * as admin, one argument a line, as {@link ProcessDist#console} does.
     */
    private static Path clientScript(ProcessDist dist) throws Exception {
        Path script = dist.home.resolve("bin/it-console");
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "# Types each argument as one line into the Karaf console of this distribution, as admin.",
                "JAVA_HOME='" + System.getProperty("java.home") + "'",
                "export JAVA_HOME",
                "cd \"$(dirname \"$0\")/..\" || exit 1",
                "{ for c in \"$@\"; do printf '%s\\n' \"$c\"; done; echo logout; } | exec bin/client -a " + dist.sshPort
                        + " -u " + Dist.ADMIN + " -p '" + Dist.ADMIN_PASSWORD + "' -r 10",
                ""), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    private static String text(StringBuilder out) {
        synchronized (out) {
            return out.toString();
        }
    }

    /** The end of node's output: the failures and the summary are there. */
    private static String tail(StringBuilder out) {
        String all = text(out);
        return all.length() <= 30_000 ? all : "…" + all.substring(all.length() - 30_000);
    }
}
