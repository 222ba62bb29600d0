package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Nothing acknowledged is lost when the Karaf JVM is killed with SIGKILL in the middle of a write storm: the
 * distribution is unpacked and started as an operator would start it, killed, started again and read back.
 * Not a Pax Exam test, because Pax Exam cannot kill its own container.
 */
public class KillRestartIT {
    private Path home;
    private Process karaf;
    private int port;

    @Before
    public void unpack() throws Exception {
        home = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "kill-");
        String dist = System.getProperty("dayuan.it.dist");
        run(home, "tar", "xzf", dist, "--strip-components=1");
        port = Dist.freePort();
        append("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port = " + port);
        append("etc/org.apache.karaf.shell.cfg", "sshPort = " + Dist.freePort());
        append("etc/org.apache.karaf.management.cfg", "rmiRegistryPort = " + Dist.freePort() + "\nrmiServerPort = "
                + Dist.freePort());
        if (Dist.onPostgres()) {
            append("etc/org.dayuan.store.cfg", "url = " + Dist.freshPostgresSchema());
        }
    }

    @After
    public void stop() {
        if (karaf != null) {
            kill9(karaf);
        }
    }

    @Test
    public void acknowledgedWritesSurviveKillNine() throws Exception {
        start();
        Api api = new Api(port);
        api.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(120));
        assertEquals(201, api.put("/api/2/things/cz.wujin.kill:meter", "{'features':{'energy':{'properties':{}}}}")
                .status());

        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        for (int w = 0; w < 8; w++) {
            int writer = w;
            writers.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String key = "w" + writer + "_" + (i % 50);
                    try {
                        int status = api.put("/api/2/things/cz.wujin.kill:meter/features/energy/properties/" + key,
                                String.valueOf(i)).status();
                        if (status == 201 || status == 204) {
                            acknowledged.put(key, i);
                        }
                    } catch (AssertionError connectionLost) {
                        return;
                    }
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acknowledged.size() < 400 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        kill9(karaf);
        running.set(false);
        writers.shutdown();
        assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals("every property should have been acknowledged before the kill", 400, acknowledged.size());

        start();
        api.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(120));
        var props = api.get("/api/2/things/cz.wujin.kill:meter/features/energy/properties").json();
        for (Map.Entry<String, Integer> e : acknowledged.entrySet()) {
            assertTrue("acknowledged " + e + " lost; found " + props.get(e.getKey()),
                    props.path(e.getKey()).asInt(-1) >= e.getValue());
        }
        assertEquals(200, api.get("/api/2/things/" + DistributionTest.CAMPUS).status());
    }

    private void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        karaf = pb.start();
    }

    /** SIGKILL the launcher script and the JVM it started, as a crash would. */
    private static void kill9(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
            p.descendants().forEach(d -> d.onExit().join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void append(String file, String lines) throws IOException {
        Files.writeString(home.resolve(file), "\n" + lines + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        assertEquals(String.join(" ", cmd), 0, p.waitFor());
    }
}
