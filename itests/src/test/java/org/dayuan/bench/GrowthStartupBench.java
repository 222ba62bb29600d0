package org.dayuan.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * Start-to-ready with the twins the growth run left (1M by default), as an operator would restart Dayuan: a fresh
 * unpack of the archive given that run's H2 database, {@code bin/karaf server} until {@code /api/health} says 200 with
 * every twin. The first start recovers from the snapshot the growth run wrote while it stopped; it then writes
 * {@link #JOURNAL_EVENTS} acknowledged updates over HTTP, fewer than a snapshot is taken after, and is killed
 * (SIGKILL), so the second start, the figure, recovers from the snapshot plus that much journal. Baseline: the
 * demo county's start from a fresh unpack, in the same run.
 */
public class GrowthStartupBench {
    /** Just under the registry's default snapshotEvery (10,000): the longest journal tail a restart replays. */
    static final int JOURNAL_EVENTS = 9_000;
    static final int WRITERS = 16;
    /** Enough for a million twins and the copy of them a snapshot takes. */
    static final String MAX_HEAP = System.getProperty("dayuan.bench.growthHeap", "4g");
    /**
     * How long a start may take: a million twins took over ten minutes to read from the H2 snapshot, whose rows are
     * read in thingId order but stored in the order they were written.
     */
    static final int START_SECONDS = 1800;

    @Test
    public void startToReadyWithManyTwins() throws Exception {
        Results results = Results.open("growth-startup");
        results.guard("growth.startup", "Growth start-to-ready done.", () -> measure(results));
    }

    private void measure(Results results) throws Exception {
        // The growth run's distribution writes a snapshot of every twin while it stops.
        long t0 = System.nanoTime();
        BenchDist.awaitEarlierBenchDistributions();
        results.raw("growth.startup.awaited", String.format("%.1f s for the growth run's distribution to stop",
                (System.nanoTime() - t0) / 1e9));
        Path marker = Results.dir().resolve("growth-data.txt");
        if (!Files.isRegularFile(marker)) {
            results.failure("growth.startup", "no " + marker + ": the growth run did not finish (see growth.tsv)");
            return;
        }
        List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
        Path source = Path.of(lines.get(0).trim(), "dayuan");
        int twins = Integer.parseInt(lines.get(1).trim());
        Path work = Path.of("target", "bench-startup-growth").toAbsolutePath();
        StartupBench.deleteTree(work);
        Files.createDirectories(work);
        StartupBench starts = new StartupBench(results);

        Measured demo = starts.timeToReady("demo county, fresh unpack", "growth.startup.demo", work.resolve("demo"),
                true, StartupBench.DEMO_TWINS, 120, null, false, null);

        Path home = work.resolve("dayuan");
        starts.unpackTo(home);
        StartupBench.configurePorts(home);
        Path target = home.resolve("data").resolve("dayuan");
        Files.createDirectories(target);
        long bytes = 0;
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                bytes += Files.size(f);
            }
        }
        results.raw("growth.startup.data", String.format("%,d twins, %,d MB of H2 files copied from %s", twins,
                bytes >> 20, source));

        Measured snapshot = starts.timeToReady("from the snapshot", "growth.startup.snapshot", home, false, twins,
                START_SECONDS, port -> writeJournal(results, port), true, MAX_HEAP);
        String firstRecovery = recoveryLine(home);
        Measured journal = starts.timeToReady("from the snapshot and " + JOURNAL_EVENTS + " journal events",
                "growth.startup.journal", home, false, twins, START_SECONDS, null, false, MAX_HEAP);
        String secondRecovery = recoveryLine(home);
        results.raw("growth.startup.recovery", "first start: " + firstRecovery + "; after the kill: " + secondRecovery);
        if (snapshot.ok()) {
            results.figure("growth.startup.snapshot", snapshot.value(), demo.ok() ? demo.value() : Double.NaN,
                    String.format("%,d twins, recovery: %s", twins, firstRecovery));
        } else {
            results.failure("growth.startup.snapshot", snapshot.error());
        }
        if (!journal.ok()) {
            results.failure("growth.startup", journal.error());
            return;
        }
        results.figure("growth.startup", journal.value(), demo.ok() ? demo.value() : Double.NaN, String.format(
                "bin/karaf server until /api/health says 200 with %,d twins, after %,d acknowledged updates and a"
                        + " kill -9; recovery: %s; -Xmx%s; baseline: the demo county from a fresh unpack%s",
                twins, JOURNAL_EVENTS, secondRecovery, MAX_HEAP, demo.ok() ? "" : " failed: " + demo.error()));
        StartupBench.deleteTree(work);
    }

    /** Acknowledged updates of the first bench twins over HTTP, by a few connections. */
    private static void writeJournal(Results results, int port) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<String> problem = new AtomicReference<>();
        long t0 = System.nanoTime();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Thread t = new Thread(() -> {
                try (HttpClients.Client c = HttpClients.raw(port).open()) {
                    for (int i = next.getAndIncrement(); i < JOURNAL_EVENTS; i = next.getAndIncrement()) {
                        int status = c.send("PUT", "/api/2/things/" + TwinBench.loadId(i) + TwinBench.GROWTH_PATH,
                                "application/json", Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
                        if (status / 100 != 2) {
                            problem.compareAndSet(null, "PUT answered " + status);
                            return;
                        }
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    problem.compareAndSet(null, Results.describe(e));
                }
            });
            writers.add(t);
            t.start();
        }
        for (Thread t : writers) {
            t.join();
        }
        results.raw("growth.startup.journal.writes", String.format("%,d acknowledged PUTs in %.1f s%s", done.get(),
                (System.nanoTime() - t0) / 1e9, problem.get() == null ? "" : "; first problem: " + problem.get()));
        if (done.get() < JOURNAL_EVENTS) {
            throw new IllegalStateException("only " + done.get() + " of " + JOURNAL_EVENTS + " updates: " + problem.get());
        }
    }

    /** The registry's last "recovered N twins ... in M ms" line of the distribution's log. */
    private static String recoveryLine(Path home) {
        try (Stream<String> log = Files.lines(home.resolve("data/log/karaf.log"), StandardCharsets.ISO_8859_1)) {
            return log.filter(l -> l.contains("Twin registry recovered")).reduce((a, b) -> b)
                    .map(l -> l.substring(l.indexOf("Twin registry recovered"))).orElse("not logged");
        } catch (Exception e) {
            return "log not readable: " + Results.describe(e);
        }
    }
}
