package org.dayuan.itests;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The distribution unpacked and started as an operator starts it ({@code bin/karaf server}), on free ports, for the
 * tests Pax Exam cannot do: killing the JVM, typing into the console with {@code bin/client}.
 */
final class ProcessDist implements AutoCloseable {
    final Path home;
    final int port;
    final int sshPort;
    final int mqttPort;
    /** The fleet line's JT/T 808 gateway, on a free port so a Dayuan running beside the tests is no bother. */
    final int fleetPort;
    /** The safety line's fire panel gateway, on a free port so that two distributions can run side by side. */
    final int panelsPort;
    private Process karaf;

    ProcessDist(String prefix) throws Exception {
        this(prefix, "dayuan_it_");
    }

    /**
     * A distribution whose PostgreSQL schema (on the PostgreSQL run) is named {@code schemaPrefix...}: two
     * distributions running together need two prefixes, since creating a schema drops the earlier ones of its prefix.
     */
    ProcessDist(String prefix, String schemaPrefix) throws Exception {
        home = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), prefix);
        run(home, "tar", "xzf", Dist.archive().getPath(), "--strip-components=1");
        port = Dist.freePort();
        sshPort = Dist.freePort();
        mqttPort = Dist.freePort();
        fleetPort = Dist.freePort();
        panelsPort = Dist.freePort();
        append("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port = " + port);
        append("etc/org.apache.karaf.shell.cfg", "sshPort = " + sshPort);
        append("etc/org.apache.karaf.management.cfg", "rmiRegistryPort = " + Dist.freePort() + "\nrmiServerPort = "
                + Dist.freePort());
        append("etc/org.dayuan.mqtt.broker.cfg", "port = " + mqttPort);
        append("etc/org.dayuan.mqtt.cfg", "brokerUrl = tcp://127.0.0.1:" + mqttPort);
        append("etc/org.dayuan.fleet.gateway.cfg", "port = " + fleetPort);
        append("etc/org.dayuan.safety.panels.cfg", "port = " + panelsPort);
        append("etc/org.dayuan.simulator.cfg", "enabled = false");
        append("etc/org.dayuan.auth.cfg", "adminPassword = " + Dist.ADMIN_PASSWORD);
        if (Dist.onPostgres()) {
            append("etc/org.dayuan.store.cfg", "url = " + Dist.freshPostgresSchema(schemaPrefix));
            bootFeature(Dist.POSTGRESQL_FEATURE);
        }
    }

    /** Adds {@code feature} to the features installed at the first start. */
    void bootFeature(String feature) throws IOException {
        Path cfg = home.resolve("etc/org.apache.karaf.features.cfg");
        String before = Files.readString(cfg);
        String after = before.replaceFirst("featuresBoot = \\\\\n", "featuresBoot = \\\\\n    " + feature + ", \\\\\n");
        if (after.equals(before)) {
            throw new IllegalStateException("No featuresBoot list to add " + feature + " to in " + cfg);
        }
        Files.writeString(cfg, after);
    }

    void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        karaf = pb.start();
    }

    /** Stops Dayuan as an operator does, with {@code bin/stop}, and waits until the JVM has exited. */
    void stop() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        assertEquals("bin/stop", 0, pb.start().waitFor());
        if (!karaf.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("Dayuan did not stop within 120 s of bin/stop");
        }
        karaf = null;
    }

    /** SIGKILL the launcher script and the JVM it started, as a crash would. */
    void kill9() {
        if (karaf == null) {
            return;
        }
        karaf.descendants().forEach(ProcessHandle::destroyForcibly);
        karaf.destroyForcibly();
        try {
            karaf.waitFor(30, TimeUnit.SECONDS);
            karaf.descendants().forEach(d -> d.onExit().join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        karaf = null;
    }

    /**
     * Types {@code commands} into the Karaf console through {@code bin/client} as user admin, as an integrator
     * would, and returns what the console printed.
     */
    String console(String... commands) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort),
                "-u", Dist.ADMIN, "-p", Dist.ADMIN_PASSWORD, "-r", "10").directory(home.toFile())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process client = pb.start();
        client.getOutputStream().write((String.join("\n", commands) + "\nlogout\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!client.waitFor(120, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("bin/client did not finish: " + out);
        }
        return out;
    }

    void append(String file, String lines) throws IOException {
        Files.writeString(home.resolve(file), "\n" + lines + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        assertEquals(String.join(" ", cmd), 0, p.waitFor());
    }

    @Override
    public void close() {
        kill9();
    }
}
