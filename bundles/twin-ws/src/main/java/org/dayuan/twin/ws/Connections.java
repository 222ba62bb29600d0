package org.dayuan.twin.ws;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The open connections, counted in all and per user, so that one user (or everyone together) cannot take more than
 * the configured share of the endpoint. Checked at the upgrade: a refusal is a 503 before anything is set up.
 */
final class Connections {
    private final int max;
    private final int maxPerUser;
    private final Map<String, Integer> perUser = new HashMap<>();
    private int open;
    private long opened;
    private long refused;
    private long dropped;

    /** What the metrics show: open now, and since the start opened, refused at the limits, dropped as too slow. */
    record Counts(int open, long opened, long refused, long dropped) {
    }

    Connections(int max, int maxPerUser) {
        this.max = max;
        this.maxPerUser = maxPerUser;
    }

    /** Counts one more connection of {@code user}, or says in a sentence why not (and counts nothing). */
    synchronized Optional<String> open(String user) {
        if (open >= max) {
            refused++;
            return Optional.of("All " + max + " WebSocket connections are in use; try again later.");
        }
        int mine = perUser.getOrDefault(user, 0);
        if (mine >= maxPerUser) {
            refused++;
            return Optional.of("'" + user + "' has " + maxPerUser + " WebSocket connections open, the most one user"
                    + " may; close one first.");
        }
        open++;
        opened++;
        perUser.put(user, mine + 1);
        return Optional.empty();
    }

    /** One connection of {@code user} has ended. */
    synchronized void close(String user) {
        close(user, false);
    }

    /** One connection of {@code user} has ended; {@code tooSlow} when it was closed for falling behind. */
    synchronized void close(String user, boolean tooSlow) {
        if (tooSlow) {
            dropped++;
        }
        open--;
        perUser.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int open() {
        return open;
    }

    synchronized Counts counts() {
        return new Counts(open, opened, refused, dropped);
    }
}
