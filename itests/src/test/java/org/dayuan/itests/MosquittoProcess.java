package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;

/**
 * A Mosquitto of a test's own, on a free port of 127.0.0.1, so that no test depends on a broker already running on
 * the machine. It needs Debian's {@code mosquitto} package (the broker, {@code mosquitto_passwd},
 * {@code mosquitto_ctrl} and the dynamic security plugin); where the broker is not installed the test is skipped with
 * one line saying so, except under {@code CI=true}, where that is a failure.
 */
final class MosquittoProcess implements AutoCloseable {
    /** The broker's path: {@code -Dit.mosquitto} of the build, passed on into Pax Exam's containers. */
    static final String BINARY_PROPERTY = "dayuan.it.mosquitto";
    private static final String BINARY = binary();

    final Path dir;
    final int port;
    final String url;
    private final Process process;

    private MosquittoProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.url = "tcp://127.0.0.1:" + port;
        this.process = process;
    }

    /** Where the build says the broker is; by default where Debian installs it. */
    static String binary() {
        return System.getProperty(BINARY_PROPERTY, "/usr/sbin/mosquitto");
    }

    /** Skips the calling test (fails it in CI) when Mosquitto is not installed. */
    static void assumeInstalled() {
        if (new File(BINARY).canExecute()) {
            return;
        }
        String how = "no Mosquitto at " + BINARY + ": the tests with a broker of their own need it"
                + " (apt-get install -y mosquitto mosquitto-clients)";
        if (Dist.ci()) {
            throw new AssertionError(how + "; CI=true makes them mandatory");
        }
        System.out.println("SKIPPED: " + how);
        Assume.assumeTrue(how, false);
    }

    /** A fresh directory for a broker's files (its configuration, passwords, log); skips the test without one. */
    static Path directory(String name) throws IOException {
        assumeInstalled();
        return Files.createTempDirectory(name);
    }

    /**
     * Starts Mosquitto in {@code dir} (from {@link #directory}) with {@code settings} after the listener, anonymous
     * access as {@code anonymous} says, and returns once it takes connections.
     */
    static MosquittoProcess start(Path dir, boolean anonymous, String... settings) throws Exception {
        int port = Dist.freePort();
        List<String> conf = new ArrayList<>(List.of("listener " + port + " 127.0.0.1",
                "allow_anonymous " + anonymous, "persistence false", "user " + System.getProperty("user.name")));
        conf.addAll(List.of(settings));
        Files.write(dir.resolve("mosquitto.conf"), conf);
        Process process = new ProcessBuilder(BINARY, "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        MosquittoProcess mosquitto = new MosquittoProcess(dir, port, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!mosquitto.listening()) {
            assertTrue("Mosquitto never listened on " + port + ": " + mosquitto.log(), process.isAlive()
                    && System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        return mosquitto;
    }

    /** Runs a Mosquitto tool ({@code mosquitto_passwd}, {@code mosquitto_ctrl}) in this broker's directory. */
    static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(String.join(" ", command) + ": " + out, 0, p.waitFor());
    }

    private boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("mosquitto.log"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
