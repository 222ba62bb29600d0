package org.dayuan.twin.core.search;

import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thingIds filed under one index key, sorted so that results in thingId order stream straight out of it, with a
 * size that costs nothing to read (a skip list counts by walking), which is what the planner compares.
 */
final class IdSet {
    private final ConcurrentSkipListSet<String> ids = new ConcurrentSkipListSet<>();
    private final AtomicInteger size = new AtomicInteger();

    void add(String id) {
        if (ids.add(id)) {
            size.incrementAndGet();
        }
    }

    void remove(String id) {
        if (ids.remove(id)) {
            size.decrementAndGet();
        }
    }

    /** How many ids there are; exact when no write is under way. */
    int size() {
        return Math.max(0, size.get());
    }

    boolean isEmpty() {
        return ids.isEmpty();
    }

    /** A live, weakly consistent view. */
    NavigableSet<String> ids() {
        return ids;
    }
}
