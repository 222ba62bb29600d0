package org.dayuan.store.jdbc.internal;

import static org.dayuan.testing.Json.json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;

/** Events and twins with deterministic content, so a test (or another JVM) can rebuild what was written. */
final class TestEvents {
    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00.123456Z");

    private TestEvents() {
    }

    /** A property change on device {@code n}, revision {@code revision}. */
    static TwinEvent modified(int n, long revision) {
        return new TwinEvent(0, TwinEvent.Type.MODIFIED, TwinId.of("cz.wujin.b1", "meter-" + n),
                JsonPointer.parse("/features/power/properties"),
                json("{\"kw\":" + (n * 0.25 + revision) + ",\"count\":" + revision + ",\"note\":\"三楼会议室 ~/\"}"),
                revision, T0.plusMillis(n * 1000L + revision), "line-energy");
    }

    /** One of every event type, with values of every JSON shape. */
    static List<TwinEvent> everyType() {
        TwinId room = TwinId.of("cz.wujin.b1", "room-301");
        return List.of(
                new TwinEvent(0, TwinEvent.Type.CREATED, room, JsonPointer.empty(), thing(room, 1).toJson(), 1,
                        T0, "admin"),
                new TwinEvent(0, TwinEvent.Type.MODIFIED, room, JsonPointer.parse("/attributes/area"),
                        json("42.5"), 2, T0.plusSeconds(1), null),
                new TwinEvent(0, TwinEvent.Type.MERGED, room, JsonPointer.parse("/features/door/properties"),
                        json("{\"open\":true,\"lock\":null,\"codes\":[1,2,3],\"名\":\"门\"}"), 3,
                        T0.plusSeconds(2), "line-safety"),
                new TwinEvent(0, TwinEvent.Type.DELETED, room, JsonPointer.parse("/attributes/a~1b~0c"), null, 4,
                        T0.plusSeconds(3), "admin"),
                new TwinEvent(0, TwinEvent.Type.DELETED, room, JsonPointer.empty(), null, 5, T0.plusSeconds(4),
                        "admin"));
    }

    /**
     * The audit record the registry would write for {@code event} by {@code subject}: no value before a creation,
     * none after a deletion.
     */
    static AuditRecord audit(TwinEvent event, String subject) {
        JsonNode before = event.type() == TwinEvent.Type.CREATED ? null
                : json("{\"was\":" + (event.revision() - 1) + ",\"名\":\"旧值\"}");
        return new AuditRecord(0, event.timestamp(), subject, "10.0.0.7", event.thingId(), event.type(),
                event.path(), event.revision(), before, event.value());
    }

    static Twin thing(TwinId id, long revision) {
        return Twin.of(id, json("{\"definition\":\"cz.wujin:room:1.0.0\",\"attributes\":{\"parent\":\"cz.wujin:b1\","
                        + "\"area\":" + (20 + revision) + ",\"名称\":\"会议室\"},\"features\":{\"door\":{"
                        + "\"properties\":{\"open\":false}}}}"),
                revision, T0, T0.plusSeconds(revision));
    }

    static List<Twin> things(String prefix, int count, long revision) {
        List<Twin> twins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            twins.add(thing(TwinId.of("cz.wujin.b1", prefix + "-" + i), revision));
        }
        return twins;
    }

    /** What the kill test's appender sends as its {@code i}-th append on thread {@code thread}: 1 to 3 events. */
    static List<TwinEvent> killBatch(int thread, int i) {
        List<TwinEvent> events = new ArrayList<>();
        for (int k = 0; k <= i % 3; k++) {
            events.add(modified(thread * 1000 + k, i + 1));
        }
        return events;
    }
}
