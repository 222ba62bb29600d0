package org.dayuan.twin.core.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dayuan.twin.Subtree;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.core.Replay;
import org.dayuan.twin.spi.TwinJournal;
import org.dayuan.twin.spi.TwinJournal.Checkpoint;

/**
 * Every twin as it was at an instant: the newest all-twin checkpoint before it, then the journal's events after
 * that, each twin taking its events up to its first one not stamped before the instant (as a single twin's history
 * does). The containment tree of that instant comes from the {@code parent} attributes of the result.
 */
final class PastRegistry {
    /**
     * Events are stamped when planned and numbered when committed, so journal order and time order differ by up to
     * a commit's duration (the registry gives up on a commit after 30 s). Reading goes on this long past the instant
     * so an event stamped before it but committed after a later-stamped one is not missed.
     */
    static final Duration ORDER_SKEW = Duration.ofMinutes(1);

    private final Map<TwinId, Twin> twins = new HashMap<>();

    private PastRegistry() {
    }

    static PastRegistry at(TwinJournal journal, Instant instant, Checkpoint start) {
        PastRegistry past = new PastRegistry();
        start.twins().forEach(t -> past.twins.put(t.id(), t));
        Set<TwinId> done = new HashSet<>();
        Instant stop = instant.plus(ORDER_SKEW);
        long after = start.seq();
        while (true) {
            List<TwinEvent> page = journal.events(after, Timeline.PAGE);
            for (TwinEvent e : page) {
                if (!e.timestamp().isBefore(stop)) {
                    return past;
                }
                after = e.seq();
                if (e.timestamp().isBefore(instant) && !done.contains(e.thingId())) {
                    Twin next = Replay.apply(past.twins.get(e.thingId()), e);
                    if (next == null) {
                        past.twins.remove(e.thingId());
                    } else {
                        past.twins.put(e.thingId(), next);
                    }
                } else {
                    done.add(e.thingId());
                }
            }
            if (page.size() < Timeline.PAGE) {
                return past;
            }
        }
    }

    Twin get(TwinId id) {
        return twins.get(id);
    }

    /** {@code root} (which must exist) and the twins below it, down to {@code depth} levels (0 or less: all). */
    Subtree subtree(Twin root, int depth) {
        Map<String, List<Twin>> children = new HashMap<>();
        for (Twin t : twins.values()) {
            t.parent().ifPresent(p -> children.computeIfAbsent(p, k -> new ArrayList<>()).add(t));
        }
        List<Twin> below = new ArrayList<>();
        Set<TwinId> seen = new HashSet<>(Set.of(root.id()));
        Deque<Twin> level = new ArrayDeque<>(List.of(root));
        for (int d = 1; !level.isEmpty() && (depth <= 0 || d <= depth); d++) {
            Deque<Twin> next = new ArrayDeque<>();
            for (Twin parent : level) {
                for (Twin child : children.getOrDefault(parent.id().toString(), List.of())) {
                    if (seen.add(child.id())) {
                        below.add(child);
                        next.add(child);
                    }
                }
            }
            level = next;
        }
        below.sort(Comparator.comparing(Twin::id));
        return new Subtree(root, below);
    }
}
