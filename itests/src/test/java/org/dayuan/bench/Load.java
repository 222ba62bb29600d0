package org.dayuan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A closed-loop load generator: {@code threads} workers each repeat one operation as fast as it completes, for a
 * warm-up and then a measured window. Throughput counts the operations that completed successfully inside the
 * window; their latencies go into a histogram. An operation failing (false or an exception) counts as an error and
 * its first message is kept.
 */
final class Load {
    /** One operation on one worker; true when it succeeded. */
    @FunctionalInterface
    interface Op {
        boolean run(Worker w) throws Exception;
    }

    /** Per-thread state an operation may use. */
    static final class Worker {
        final int index;
        final SplittableRandom random;
        Object state;
        /** Set by an operation that fails without throwing, to explain it. */
        String error;

        Worker(int index) {
            this.index = index;
            this.random = new SplittableRandom(0x5eed + index * 7919L);
        }
    }

    /** Per-thread setup and teardown around the loop, e.g. opening a connection. */
    interface Lifecycle {
        default void start(Worker w) throws Exception {
        }

        default void stop(Worker w) {
        }
    }

    record Outcome(String name, int threads, long ok, long errors, double seconds, Histogram latency,
                   String firstError) {
        double rate() {
            return ok / seconds;
        }

        /** A one-line account for the raw numbers. */
        String describe() {
            return String.format("%,.0f/s (%,d ok, %,d errors in %.1f s, %d threads); latency %s%s", rate(), ok,
                    errors, seconds, threads, latency.summary(), firstError == null ? "" : "; first error: "
                            + firstError);
        }

        /** Throws when nothing succeeded, so the figure is reported as a failure with the reason. */
        Outcome requireSuccess() {
            if (ok == 0) {
                throw new IllegalStateException(name + ": no operation succeeded (" + errors + " errors); first error: "
                        + firstError);
            }
            return this;
        }
    }

    private Load() {
    }

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    /** Where the run is; workers read it around every operation. */
    private static final class Phase {
        volatile int value = WARMUP;
    }

    static Outcome run(String name, int threads, double warmupSeconds, double measureSeconds, Lifecycle life, Op op)
            throws InterruptedException {
        Phase phase = new Phase();
        long[][] counts = new long[threads][2];
        Histogram[] histograms = new Histogram[threads];
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            histograms[t] = new Histogram();
            Thread thread = new Thread(() -> {
                Worker w = new Worker(index);
                try {
                    life.start(w);
                    for (int before = phase.value; before != STOP; before = phase.value) {
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            w.error = null;
                            ok = op.run(w);
                            if (!ok && w.error != null) {
                                firstError.compareAndSet(null, w.error);
                            }
                        } catch (Exception e) {
                            ok = false;
                            firstError.compareAndSet(null, Results.describe(e));
                        }
                        long t1 = System.nanoTime();
                        // Counted when it both started and completed inside the measured window.
                        if (before == MEASURE && phase.value == MEASURE) {
                            if (ok) {
                                counts[index][0]++;
                                histograms[index].record(t1 - t0);
                            } else {
                                counts[index][1]++;
                            }
                        }
                        if (!ok) {
                            LockSupport.parkNanos(1_000_000); // do not spin on a broken endpoint
                        }
                    }
                } catch (Exception e) {
                    firstError.compareAndSet(null, "worker setup failed: " + Results.describe(e));
                } finally {
                    life.stop(w);
                }
            }, "bench-" + name + "-" + t);
            thread.setDaemon(true);
            workers.add(thread);
        }
        workers.forEach(Thread::start);
        Thread.sleep((long) (warmupSeconds * 1000));
        long start = System.nanoTime();
        phase.value = MEASURE;
        Thread.sleep((long) (measureSeconds * 1000));
        phase.value = STOP;
        long end = System.nanoTime();
        for (Thread w : workers) {
            w.join(35_000);
        }
        Histogram all = new Histogram();
        long ok = 0;
        long errors = 0;
        for (int t = 0; t < threads; t++) {
            ok += counts[t][0];
            errors += counts[t][1];
            all.add(histograms[t]);
        }
        // Operations that started before the window and ended in it are not counted, so the window is slightly
        // shorter in effect than measured; with millisecond operations over seconds this is well under 1 %.
        return new Outcome(name, threads, ok, errors, (end - start) / 1e9, all, firstError.get());
    }
}
