package org.dayuan.twin.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the registry is snapshotted, and the last snapshot at stop. A snapshot writes every twin, so taking one every
 * {@code every} events would cost {@code twins / every} rows per event, a hundred at a million twins; waiting until
 * at least as many events as twins came keeps it to one row per event at most. A restart then replays at most that
 * many events, each no dearer than reading a snapshot row.
 */
final class Snapshotter {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);
    /**
     * How long a stop waits for a snapshot: at least a minute, longer by a millisecond per twin. A snapshot given up
     * is lost whole (its generation is only usable once every row is in), so the wait follows the size of the write
     * and ends only to keep a store that stopped answering from holding the stop for ever.
     */
    static final Duration STOP_WAIT = Duration.ofMinutes(1);
    static final Duration STOP_WAIT_PER_TWIN = Duration.ofMillis(1);

    private final Registry registry;
    private final long every;
    /** The snapshot the journal is writing, or the last one written. */
    private CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
    private boolean stopped;

    Snapshotter(Registry registry, long every) {
        this.registry = registry;
        this.every = every;
    }

    /** Whether {@code events} since the last snapshot call for a new one with {@code twins} twins. */
    static boolean due(long events, long twins, long every) {
        return events >= Math.max(every, twins);
    }

    /** How long a stop waits for a snapshot of {@code twins} twins. */
    static Duration stopWait(long twins) {
        return STOP_WAIT.plus(STOP_WAIT_PER_TWIN.multipliedBy(twins));
    }

    /** Starts a snapshot when one is due and none is being written; does not wait for it. */
    synchronized void tick() {
        if (!stopped && writing.isDone()
                && due(registry.eventsSinceSnapshot(), registry.count(Registry.SELF), every)) {
            writing = start();
        }
    }

    /**
     * Waits for the snapshot being written, then snapshots the events that came after it, so the next start replays
     * none: a snapshot still being written when the journal closes is lost, and that start would replay them all.
     */
    void stop() {
        CompletableFuture<Void> last;
        synchronized (this) {
            stopped = true;
            last = writing;
        }
        if (await(last) && registry.eventsSinceSnapshot() > 0) {
            await(start());
        }
    }

    private CompletableFuture<Void> start() {
        return registry.snapshot().whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("Snapshot failed; the journal still holds every event, so nothing is lost", e);
            }
        });
    }

    /** Whether {@code snapshot} ended in time, written or failed. */
    private boolean await(CompletableFuture<Void> snapshot) {
        int twins = registry.count(Registry.SELF);
        Duration wait = stopWait(twins);
        try {
            snapshot.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException e) {
            LOG.warn("A snapshot of {} twins is still being written after {} s; stopping without it, so the next"
                    + " start replays the journal after the previous one", twins, wait.toSeconds());
            return false;
        } catch (Exception e) {
            // Failed: logged where it completed.
        }
        return true;
    }
}
