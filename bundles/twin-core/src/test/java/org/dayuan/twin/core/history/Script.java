package org.dayuan.twin.core.history;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.core.MemoryJournal;
import org.dayuan.twin.core.Registry;

/**
 * A history written straight into a journal with chosen timestamps, as the registry would have written it, and the
 * registry recovered from it: so tests can say "at 08:05 the power was 20" and mean it to the nanosecond.
 */
final class Script {
    static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final ObjectMapper M = new ObjectMapper();

    final MemoryJournal journal = new MemoryJournal();
    private final Map<TwinId, Long> revisions = new HashMap<>();

    static JsonNode json(String text) {
        try {
            return M.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static Instant minute(double m) {
        return T0.plusMillis(Math.round(m * 60_000));
    }

    TwinEvent create(String id, Instant at, String thing) {
        revisions.put(TwinId.of(id), 0L);
        return append(TwinEvent.Type.CREATED, id, "/", at, json(thing));
    }

    TwinEvent put(String id, String path, Instant at, String value) {
        return append(TwinEvent.Type.MODIFIED, id, path, at, json(value));
    }

    TwinEvent merge(String id, String path, Instant at, String patch) {
        return append(TwinEvent.Type.MERGED, id, path, at, json(patch));
    }

    TwinEvent delete(String id, String path, Instant at) {
        return append(TwinEvent.Type.DELETED, id, path, at, null);
    }

    private TwinEvent append(TwinEvent.Type type, String id, String path, Instant at, JsonNode value) {
        TwinId twin = TwinId.of(id);
        long revision = revisions.merge(twin, 1L, Long::sum);
        TwinEvent e = new TwinEvent(0, type, twin, JsonPointer.parse(path), value, revision, at, "script");
        return journal.append(List.of(e)).join().get(0);
    }

    /** Snapshots the registry as it is now, then plays retention up to {@code seq}. */
    void retainAfter(long seq) {
        registry().snapshot().join();
        journal.forgetUpTo(seq);
    }

    /** A registry recovered from the script, as after a restart. */
    Registry registry() {
        Registry registry = new Registry(journal, e -> { }, 100_000);
        registry.recover();
        return registry;
    }

    /** The history service over the script, its clock stopped at {@code now}. */
    History history(Instant now) {
        return new History(journal, registry(), Clock.fixed(now, ZoneOffset.UTC));
    }
}
