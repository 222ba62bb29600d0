package org.dayuan.twin.core.search;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The order of search results: the requested sort fields, ended by {@code thingId} as Ditto does (fields after
 * {@code thingId} are dropped, {@code +thingId} is appended when it is missing), so every twin has a unique
 * position and a cursor can say exactly where a page ended.
 */
final class SortSpec {
    record Key(Field field, boolean descending) {
    }

    static final SortSpec BY_THING_ID = of(List.of());

    private final List<Key> keys;

    private SortSpec(List<Key> keys) {
        this.keys = keys;
    }

    static SortSpec of(List<Key> requested) {
        List<Key> keys = new ArrayList<>();
        for (Key k : requested) {
            keys.add(k);
            if (k.field().kind() == Field.Kind.THING_ID) {
                return new SortSpec(List.copyOf(keys));
            }
        }
        keys.add(new Key(Field.parse(Field.THING_ID), false));
        return new SortSpec(List.copyOf(keys));
    }

    List<Key> keys() {
        return keys;
    }

    /** Whether thingId comes first, so results stream in index order without sorting. */
    boolean byThingId() {
        return keys.size() == 1;
    }

    boolean descending() {
        return keys.get(0).descending();
    }

    /** The option as Ditto writes it, e.g. {@code sort(-attributes/area,+thingId)}; equal specs, equal text. */
    String text() {
        StringBuilder b = new StringBuilder("sort(");
        for (int i = 0; i < keys.size(); i++) {
            b.append(i == 0 ? "" : ",").append(keys.get(i).descending() ? '-' : '+').append(keys.get(i).field().name());
        }
        return b.append(')').toString();
    }

    /** The values {@code e} is sorted by, thingId last; null entries for values the twin lacks. */
    JsonNode[] keyOf(Entry e) {
        JsonNode[] out = new JsonNode[keys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = keys.get(i).field().sortValue(e);
        }
        return out;
    }

    /** Compares two {@link #keyOf} results in this order. */
    int compare(JsonNode[] a, JsonNode[] b) {
        for (int i = 0; i < keys.size(); i++) {
            int c = JsonValues.sortCompare(a[i], b[i]);
            if (c != 0) {
                return keys.get(i).descending() ? -c : c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SortSpec s && text().equals(s.text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
