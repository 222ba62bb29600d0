package org.dayuan.twin.core.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.Twin;
import org.dayuan.twin.core.StateListener;

/**
 * The search indexes, kept beside the registry's twins as a {@link StateListener}, so every acknowledged write is
 * in them before it is acknowledged:
 * <ul>
 * <li>every twin by thingId, sorted (full scans, thingId ranges and prefixes, results in thingId order);</li>
 * <li>namespace, definition and parent ({@code attributes/parent}, so children and whole subtrees are cheap);</li>
 * <li>the configured attribute and property paths, value by value (array elements each count).</li>
 * </ul>
 * Thread-safe: writer threads call {@link #changed} concurrently for different twins. A change files the twin under
 * its new keys, then replaces its entry, then withdraws it from its old keys, so a reader may see a twin under a
 * key it no longer has (search re-checks the whole filter on the entry) but never misses a twin under a key it
 * has.
 */
final class SearchIndex implements StateListener, Entries {

    /** One indexed field and its index. */
    private record Dimension(Field field, KeyIndex index) {
    }

    private final NavigableMap<String, Entry> entries = new ConcurrentSkipListMap<>();
    /** The same entries for lookups by id, one hash probe instead of a walk down the skip list. */
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final Dimension namespaces = dimension("_namespace");
    private final Dimension definitions = dimension(Twin.DEFINITION);
    private final Dimension parents = dimension(Field.PARENT_ALIAS);
    private final List<Dimension> dimensions = new ArrayList<>();

    /** @param indexedPaths further JSON fields to index by value, e.g. {@code attributes/status} */
    SearchIndex(Collection<Field> indexedPaths) {
        dimensions.add(namespaces);
        dimensions.add(definitions);
        dimensions.add(parents);
        for (Field f : indexedPaths) {
            if (f.kind() != Field.Kind.JSON) {
                throw new IllegalArgumentException("Only attribute and property paths can be indexed, not " + f);
            }
            if (indexFor(f) == null) {
                dimensions.add(new Dimension(f, new KeyIndex()));
            }
        }
    }

    private static Dimension dimension(String field) {
        return new Dimension(Field.parse(field), new KeyIndex());
    }

    @Override
    public void reset(Collection<Twin> all) {
        entries.clear();
        byId.clear();
        dimensions.forEach(d -> d.index().clear());
        all.forEach(t -> changed(null, t));
    }

    @Override
    public void changed(Twin prior, Twin next) {
        String id = (next != null ? next : prior).id().toString();
        Entry old = prior == null ? null : byId.get(id);
        if (prior != null && (old == null || old.twin() != prior)) {
            old = Entry.of(prior);
        }
        Entry now = next == null ? null : Entry.of(next);
        List<List<String>> oldKeys = new ArrayList<>(dimensions.size());
        List<List<String>> newKeys = new ArrayList<>(dimensions.size());
        for (int i = 0; i < dimensions.size(); i++) {
            Dimension d = dimensions.get(i);
            oldKeys.add(keys(d.field(), old));
            newKeys.add(keys(d.field(), now));
            for (String k : newKeys.get(i)) {
                if (!oldKeys.get(i).contains(k)) {
                    d.index().add(k, id);
                }
            }
        }
        if (now != null) {
            byId.put(id, now);
            entries.put(id, now);
        } else {
            entries.remove(id);
            byId.remove(id);
        }
        for (int i = 0; i < dimensions.size(); i++) {
            for (String k : oldKeys.get(i)) {
                if (!newKeys.get(i).contains(k)) {
                    dimensions.get(i).index().remove(k, id);
                }
            }
        }
    }

    /** The distinct index keys of the values {@code field} reaches in {@code e}; none for a null entry. */
    private List<String> keys(Field field, Entry e) {
        if (e == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(2);
        field.reach(e, this, node -> {
            if (node.isArray()) {
                node.forEach(item -> addKey(item, out));
            } else {
                addKey(node, out);
            }
            return false;
        });
        return out;
    }

    private static void addKey(JsonNode value, List<String> out) {
        String k = JsonValues.key(value);
        if (k != null && !out.contains(k)) {
            out.add(k);
        }
    }

    @Override
    public Entry entry(String id) {
        return byId.get(id);
    }

    /** Every twin by thingId; a live, weakly consistent view. */
    NavigableMap<String, Entry> entries() {
        return entries;
    }

    /** How many twins there are, without walking the skip list. */
    int size() {
        return byId.size();
    }

    /** The index of {@code field}, or null when it is not indexed. */
    KeyIndex indexFor(Field field) {
        for (Dimension d : dimensions) {
            if (sameField(d.field(), field)) {
                return d.index();
            }
        }
        return null;
    }

    /** {@code _parent} and {@code attributes/parent} are one field under two names. */
    private static boolean sameField(Field a, Field b) {
        return a.kind() == b.kind() && (a.kind() != Field.Kind.JSON || a.pointer().equals(b.pointer()));
    }

    /** The twins in namespace {@code namespace}, or null when there are none. */
    IdSet namespace(String namespace) {
        return namespaces.index().get(JsonValues.key(namespace));
    }

    /**
     * Adds the ids of the twins below {@code root}, down to {@code depth} levels (0 or less: all), to {@code out}, a
     * breadth-first walk of the parent index. Returns false as soon as {@code out} would grow past {@code limit}.
     */
    boolean collectDescendants(String root, int depth, int limit, Set<String> out) {
        Deque<String> level = new ArrayDeque<>(List.of(root));
        for (int d = 1; !level.isEmpty() && (depth <= 0 || d <= depth); d++) {
            Deque<String> next = new ArrayDeque<>();
            for (String id : level) {
                IdSet children = parents.index().get(JsonValues.key(id));
                if (children == null) {
                    continue;
                }
                for (String child : children.ids()) {
                    if (out.add(child)) {
                        if (out.size() > limit) {
                            return false;
                        }
                        next.add(child);
                    }
                }
            }
            level = next;
        }
        return true;
    }

    /** A summary for the log, e.g. {@code 901 twins, 4 indexed fields}. */
    String describe() {
        StringBuilder b = new StringBuilder().append(size()).append(" twins; keys per index:");
        for (Dimension d : dimensions) {
            b.append(' ').append(d.field()).append('=').append(d.index().keys());
        }
        return b.toString();
    }
}
