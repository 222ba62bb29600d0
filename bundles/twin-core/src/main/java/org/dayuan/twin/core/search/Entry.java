package org.dayuan.twin.core.search;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;

/**
 * One twin as search sees it: the twin, its id and parent as strings (ids are compared and looked up far more often
 * than they are validated), and its feature ids, worked out only when a {@code features/*} filter first needs them.
 * Immutable apart from that cache, which any thread may fill.
 */
final class Entry {
    private static final JsonPointer FEATURES = JsonPointer.of(Twin.FEATURES);

    private final Twin twin;
    private final String id;
    private final String parent;
    private volatile List<String> featureIds;

    private Entry(Twin twin) {
        this.twin = twin;
        this.id = twin.id().toString();
        this.parent = twin.parent().orElse(null);
    }

    static Entry of(Twin twin) {
        return new Entry(twin);
    }

    Twin twin() {
        return twin;
    }

    String id() {
        return id;
    }

    /** The thingId in {@code attributes/parent}, or null. */
    String parent() {
        return parent;
    }

    /** The ids of the twin's features; the first call copies the features once, later calls are free. */
    List<String> featureIds() {
        List<String> ids = featureIds;
        if (ids == null) {
            Optional<JsonNode> features = twin.get(FEATURES);
            List<String> out = new ArrayList<>();
            if (features.isPresent()) {
                for (Iterator<String> it = features.get().fieldNames(); it.hasNext(); ) {
                    out.add(it.next());
                }
            }
            ids = List.copyOf(out);
            featureIds = ids;
        }
        return ids;
    }
}
