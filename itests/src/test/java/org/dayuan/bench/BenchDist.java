package org.dayuan.bench;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.dayuan.itests.Dist;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.osgi.framework.Constants;

/**
 * How the benchmarks boot the distribution: as the itests do (org.dayuan.itests.Dist, which is package-private),
 * on free ports, with the store chosen by {@code dayuan.it.store}, plus the bench's own settings passed into the
 * container. PostgreSQL runs get a fresh schema {@code dayuan_bench_*}; earlier bench schemas are dropped.
 */
final class BenchDist {
    static final String PORT_PROPERTY = "dayuan.bench.port";
    static final String STORE_PROPERTY = "dayuan.it.store";
    /** Bench settings forwarded from the failsafe JVM into the container when set. */
    static final List<String> FORWARDED = List.of(Results.DIR_PROPERTY, "dayuan.bench.seconds",
            "dayuan.bench.warmup", "dayuan.bench.jitWarmup", "dayuan.bench.twins", "dayuan.bench.loadSeconds",
            "dayuan.bench.sseRate", "dayuan.bench.sseSeconds", "dayuan.bench.mqttReadings", "dayuan.bench.panels",
            "dayuan.bench.detectors", "dayuan.bench.panelRate", "dayuan.bench.terminals", "dayuan.bench.fleetRate",
            "dayuan.bench.fleetSseRate", "dayuan.bench.wsEventRate", "dayuan.bench.steps", TwinBench.GROWTH_PROPERTY);
    /**
     * The growth run's heap: 1M twins hold about 1.7 GB live, and a snapshot copies the list of twins while writes go
     * on; the JVM's default (a quarter of the memory) would not suffice on an 8 GB machine.
     */
    static final String GROWTH_SNAPSHOT_EVERY = "dayuan.bench.growthSnapshotEvery";
    static final String GROWTH_HEAP = "-Xmx" + System.getProperty("dayuan.bench.growthHeap", "4g");

    /**
     * The symbolic name of the bench's probe bundle, which calls the registry in-process: the distribution's
     * identities file grants it every twin (the shipped file does not list it, so nothing else gets this grant).
     */
    static final String PROBE = "org.dayuan.bench.probe";

    private BenchDist() {
    }

    /** Gives the probe bundle the name {@link #PROBE} instead of a random one; for each bench's {@code @ProbeBuilder}. */
    static TestProbeBuilder probe(TestProbeBuilder probe) {
        probe.setHeader(Constants.BUNDLE_SYMBOLICNAME, PROBE);
        return probe;
    }

    static String store() {
        return System.getProperty(STORE_PROPERTY, "h2");
    }

    static boolean onPostgres() {
        return "postgresql".equals(store());
    }

    /** The Pax Exam options; runs in the failsafe JVM before the container starts. */
    static Option[] options() {
        awaitEarlierBenchDistributions();
        List<Option> options = new ArrayList<>(Dist.options(new File("target/bench-exam"), PORT_PROPERTY,
                "dayuan_bench_"));
        options.add(editConfigurationFilePut("etc/org.dayuan.identities.cfg", "bundle." + PROBE,
                "admin, ns:*, name:bench"));
        // -Ddayuan.bench.jfr=<file>: a flight recording of the server's JVM, to say where a figure's time goes
        String jfr = System.getProperty("dayuan.bench.jfr");
        if (jfr != null && !jfr.isBlank()) {
            options.add(vmOption("-XX:StartFlightRecording=settings=profile,filename="
                    + new File(jfr.trim()).getAbsolutePath()));
        }
        String growth = System.getProperty(TwinBench.GROWTH_PROPERTY);
        if (growth != null && !growth.isBlank()) {
            options.add(vmOption(GROWTH_HEAP));
            // -Dbench.growthSnapshotEvery: the registry's snapshotEvery for the run. A snapshot rewrites every twin; the
            // registry waits for as many events as twins before the next, whatever this says, so it only matters
            // while twins are fewer than it.
            String every = System.getProperty(GROWTH_SNAPSHOT_EVERY);
            if (every != null && !every.isBlank()) {
                options.add(editConfigurationFilePut("etc/org.dayuan.registry.cfg", "snapshotEvery", every.trim()));
                options.add(systemProperty(GROWTH_SNAPSHOT_EVERY).value(every.trim()));
            }
        }
        // The results directory must be absolute: the container's working directory is its unpack folder.
        options.add(systemProperty(Results.DIR_PROPERTY).value(Results.dir().toString()));
        for (String p : FORWARDED) {
            String v = System.getProperty(p);
            if (v != null && !v.isBlank() && !p.equals(Results.DIR_PROPERTY)) {
                options.add(systemProperty(p).value(v.trim()));
            }
        }
        return options.toArray(Option[]::new);
    }

    /**
     * Waits until no distribution started by an earlier bench step of this build is still running: Pax Exam only
     * signals its container to stop, and a registry with 100k twins takes a while to write its last snapshot. Only
     * Karaf processes whose command line names this module's bench folders are considered; after two minutes they
     * are killed, so that measurements never overlap.
     */
    static void awaitEarlierBenchDistributions() {
        String exam = new File("target/bench-exam").getAbsolutePath();
        String startup = new File("target/bench-startup").getAbsolutePath();
        long deadline = System.nanoTime() + 120_000_000_000L;
        long since = System.nanoTime();
        while (true) {
            List<ProcessHandle> left = ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(p -> {
                        String cmd = p.info().commandLine().orElse("");
                        return cmd.contains("karaf") && (cmd.contains(exam) || cmd.contains(startup)
                                || cmd.contains("target/bench-exam/") || cmd.contains("target/bench-startup/"));
                    }).toList();
            if (left.isEmpty()) {
                if (System.nanoTime() - since > 1_000_000_000L) {
                    System.out.printf("[bench] waited %.1f s for an earlier bench distribution to stop%n",
                            (System.nanoTime() - since) / 1e9);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                System.out.println("[bench] killing earlier bench distributions still running: " + left.stream()
                        .map(ProcessHandle::pid).toList());
                left.forEach(ProcessHandle::destroyForcibly);
                left.forEach(p -> p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                        .exceptionally(t -> null).join());
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static File archive() {
        return Dist.archive();
    }

    static int freePort() {
        return Dist.freePort();
    }
}
