package org.dayuan.twin.core.search;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One index: key ({@link JsonValues#key}) to the ids of the twins that have that value. Adding and removing are
 * atomic per key, so a set emptied by one writer is never dropped while another writer adds to it.
 */
final class KeyIndex {
    private final Map<String, IdSet> byKey = new ConcurrentHashMap<>();

    void add(String key, String id) {
        byKey.compute(key, (k, set) -> {
            IdSet s = set == null ? new IdSet() : set;
            s.add(id);
            return s;
        });
    }

    void remove(String key, String id) {
        byKey.computeIfPresent(key, (k, set) -> {
            set.remove(id);
            return set.isEmpty() ? null : set;
        });
    }

    /** The ids filed under {@code key}, or null when there are none. */
    IdSet get(String key) {
        return byKey.get(key);
    }

    void clear() {
        byKey.clear();
    }

    /** How many distinct keys there are, for the log. */
    int keys() {
        return byKey.size();
    }
}
