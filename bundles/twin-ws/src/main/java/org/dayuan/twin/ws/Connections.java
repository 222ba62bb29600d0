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

    Connections(int max, int maxPerUser) {
        this.max = max;
        this.maxPerUser = maxPerUser;
    }

    /** Counts one more connection of {@code user}, or says in a sentence why not (and counts nothing). */
    synchronized Optional<String> open(String user) {
        if (open >= max) {
            return Optional.of("All " + max + " WebSocket connections are in use; try again later.");
        }
        int mine = perUser.getOrDefault(user, 0);
        if (mine >= maxPerUser) {
            return Optional.of("'" + user + "' has " + maxPerUser + " WebSocket connections open, the most one user"
                    + " may; close one first.");
        }
        open++;
        perUser.put(user, mine + 1);
        return Optional.empty();
    }

    /** One connection of {@code user} has ended. */
    synchronized void close(String user) {
        open--;
        perUser.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int open() {
        return open;
    }
}
