package org.dayuan.ditto.bridge;

import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which journal positions the upstream has acknowledged, with commands in flight out of order. The durable
 * {@link #position} is the seq up to which every event taken is acknowledged: below the oldest pending one, or the
 * newest taken when nothing is pending. It never goes back, so a restart from it repeats at most what was in flight
 * and loses nothing. Thread-safe: the subscription's thread takes events, the client's threads acknowledge them.
 */
public final class Progress {
    /** Pending positions with how many commands wait at each (a resync mark may share a seq with an event). */
    private final TreeMap<Long, Integer> pending = new TreeMap<>();
    private final TreeMap<Long, Instant> takenAt = new TreeMap<>();
    private long position;
    private long newest;

    public Progress(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("A position is never negative, got " + position + ".");
        }
        this.position = position;
        this.newest = position;
    }

    /** An event (or a resync up to {@code seq}) is taken at {@code at}: it holds the position below it until acked. */
    public synchronized void take(long seq, Instant at) {
        pending.merge(seq, 1, Integer::sum);
        takenAt.putIfAbsent(seq, at);
        newest = Math.max(newest, seq);
    }

    /** The upstream acknowledged one command taken at {@code seq}; an unknown seq (a stale ack) changes nothing. */
    public synchronized void ack(long seq) {
        Integer left = pending.get(seq);
        if (left == null) {
            return;
        }
        if (left == 1) {
            pending.remove(seq);
            takenAt.remove(seq);
        } else {
            pending.put(seq, left - 1);
        }
    }

    /** Every event up to this seq is acknowledged. */
    public synchronized long position() {
        long candidate = pending.isEmpty() ? newest : pending.firstKey() - 1;
        position = Math.max(position, candidate);
        return position;
    }

    /** When the oldest unacknowledged command was taken, empty when none is. */
    public synchronized Optional<Instant> oldestPending() {
        return pending.isEmpty() ? Optional.empty() : Optional.of(takenAt.get(pending.firstKey()));
    }

    public synchronized int pendingCount() {
        return pending.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Forgets what is pending, as a new connection starts again from {@link #position}: the events taken but not
     * acknowledged come again from the journal.
     */
    public synchronized void restart() {
        long kept = position();
        pending.clear();
        takenAt.clear();
        newest = kept;
    }
}
