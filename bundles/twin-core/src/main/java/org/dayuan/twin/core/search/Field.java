package org.dayuan.twin.core.search;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;

/**
 * A field an RQL filter or sort names, validated against Ditto's Thing model: {@code thingId}, {@code policyId},
 * {@code _namespace}, {@code definition}, {@code _revision}, {@code _created}, {@code _modified},
 * {@code attributes[/...]}, {@code features[/<id>[/definition|/properties[/...]|/desiredProperties[/...]]]}, with
 * {@code *} as a feature id matching any feature; plus Dayuan's {@code _parent} (the same as
 * {@code attributes/parent}) and {@code _ancestors} (every thingId above the twin in the containment tree). Both
 * reach only twins the {@link Entries} handed to {@link #reach} hold, which for a search are the ones its caller
 * may see.
 *
 * <p>A field reaches the JSON nodes it names in a twin; arrays on the way are stepped into, as Ditto's search index
 * does, so {@code attributes/tags/room} reaches {@code room} in every object of the {@code tags} array.
 */
final class Field {

    enum Kind { THING_ID, NAMESPACE, REVISION, CREATED, MODIFIED, ANCESTORS, JSON, ANY_FEATURE }

    /** A test of one JSON node a field reaches; returning true stops the walk. */
    @FunctionalInterface
    interface NodeTest {
        boolean test(JsonNode node);
    }

    static final String THING_ID = "thingId";
    static final String ANCESTORS = "_ancestors";
    static final String PARENT_ALIAS = "_parent";
    private static final String WILDCARD = "*";
    private static final int MAX_DEPTH = 1000;
    /** Feature ids seen under a wildcard; past this many, per-feature fields are no longer cached. */
    private static final int MAX_CACHED_FEATURES = 1000;

    private final Kind kind;
    private final String name;
    private final JsonPointer pointer;
    /** JSON: pointers to the nodes on the way that may be arrays, deepest first. */
    private final JsonPointer[] maybeArrays;
    /** ANY_FEATURE: the concrete field per feature id. */
    private final Map<String, Field> perFeature;

    private Field(Kind kind, String name, JsonPointer pointer, int objectDepth) {
        this.kind = kind;
        this.name = name;
        this.pointer = pointer;
        int n = kind == Kind.JSON ? Math.max(0, pointer.size() - 1 - objectDepth) : 0;
        this.maybeArrays = new JsonPointer[n];
        for (int i = 0; i < n; i++) {
            maybeArrays[i] = JsonPointer.of(pointer.segments().subList(0, pointer.size() - 1 - i)
                    .toArray(String[]::new));
        }
        this.perFeature = kind == Kind.ANY_FEATURE ? new ConcurrentHashMap<>() : null;
    }

    /**
     * Parses a field as written in RQL, with or without a leading slash; throws {@link IllegalArgumentException}
     * saying why it is not a field, for the parser to report with the position.
     */
    static Field parse(String text) {
        JsonPointer p;
        try {
            p = JsonPointer.parse(text);
        } catch (DayuanException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (p.isEmpty()) {
            throw new IllegalArgumentException("the field is empty");
        }
        String top = p.get(0);
        boolean single = p.size() == 1;
        String name = p.toString().substring(1);
        return switch (top) {
            case THING_ID -> single ? new Field(Kind.THING_ID, top, null, 0) : noChildren(top);
            case Twin.NAMESPACE -> single ? new Field(Kind.NAMESPACE, top, null, 0) : noChildren(top);
            case Twin.REVISION -> single ? new Field(Kind.REVISION, top, null, 0) : noChildren(top);
            case Twin.CREATED -> single ? new Field(Kind.CREATED, top, null, 0) : noChildren(top);
            case Twin.MODIFIED -> single ? new Field(Kind.MODIFIED, top, null, 0) : noChildren(top);
            case ANCESTORS -> single ? new Field(Kind.ANCESTORS, top, null, 0) : noChildren(top);
            case PARENT_ALIAS -> single ? new Field(Kind.JSON, top, JsonPointer.of(Twin.ATTRIBUTES, Twin.PARENT), 1)
                    : noChildren(top);
            case Twin.POLICY_ID, Twin.DEFINITION -> single ? new Field(Kind.JSON, name, p, 0) : noChildren(top);
            case Twin.ATTRIBUTES -> new Field(Kind.JSON, name, p, 1);
            case Twin.FEATURES -> feature(name, p);
            default -> throw new IllegalArgumentException("unknown field '" + text + "'; a field is thingId, policyId,"
                    + " _namespace, definition, _revision, _created, _modified, _parent, _ancestors, attributes/...,"
                    + " features/<id>/properties/..., features/<id>/desiredProperties/... or features/<id>/definition,"
                    + " where <id> may be *");
        };
    }

    private static Field noChildren(String top) {
        throw new IllegalArgumentException("'" + top + "' has no sub-fields");
    }

    private static Field feature(String name, JsonPointer p) {
        if (p.size() >= 3) {
            String part = p.get(2);
            boolean props = Twin.PROPERTIES.equals(part) || Twin.DESIRED_PROPERTIES.equals(part);
            if (!props && !(Twin.DEFINITION.equals(part) && p.size() == 3)) {
                throw new IllegalArgumentException("'" + name + "' is not a feature field; below features/<id> come"
                        + " definition, properties[/...] and desiredProperties[/...]");
            }
        }
        if (p.size() >= 2 && WILDCARD.equals(p.get(1))) {
            return new Field(Kind.ANY_FEATURE, name, p.dropFirst(2), 0);
        }
        // features, features/<id> and features/<id>/properties are objects in every valid twin
        int objectDepth = p.size() >= 3 && !Twin.DEFINITION.equals(p.get(2)) ? 3 : Math.min(p.size(), 2);
        return new Field(Kind.JSON, name, p, objectDepth);
    }

    Kind kind() {
        return kind;
    }

    /** The field as it is written back in sort options and cursors, without a leading slash. */
    String name() {
        return name;
    }

    /** JSON: where the field is in the Thing JSON; ANY_FEATURE: the part after {@code features/*}. */
    JsonPointer pointer() {
        return pointer;
    }

    boolean isTimestamp() {
        return kind == Kind.CREATED || kind == Kind.MODIFIED;
    }

    /** Whether a twin has at most one value for it, so results can be ordered by it. */
    boolean isSortable() {
        return kind != Kind.ANCESTORS && kind != Kind.ANY_FEATURE;
    }

    /**
     * Hands every node the field reaches in {@code e} to {@code test} until one passes; whether one did. Arrays at
     * the end are handed over whole: flattening them is the caller's choice.
     */
    boolean reach(Entry e, Entries all, NodeTest test) {
        Twin t = e.twin();
        return switch (kind) {
            case THING_ID -> test.test(TextNode.valueOf(e.id()));
            case NAMESPACE -> test.test(TextNode.valueOf(t.id().namespace()));
            case REVISION -> test.test(LongNode.valueOf(t.revision()));
            case CREATED -> test.test(TextNode.valueOf(JsonValues.sortable(t.created())));
            case MODIFIED -> test.test(TextNode.valueOf(JsonValues.sortable(t.modified())));
            case ANCESTORS -> reachAncestors(e, all, test);
            case JSON -> PARENT_ALIAS.equals(name) ? reachParent(e, all, test) : reachJson(t, test);
            case ANY_FEATURE -> reachAnyFeature(e, all, test);
        };
    }

    /**
     * Walks up while {@code all} has the twins on the way: when {@code all} holds only what the caller may see, a
     * hidden ancestor, and everything above it, is as if absent, so a filter cannot probe hidden thingIds.
     */
    private boolean reachAncestors(Entry e, Entries all, NodeTest test) {
        String up = e.parent();
        for (int depth = 0; up != null && depth < MAX_DEPTH; depth++) {
            Entry parent = all.entry(up);
            if (parent == null) {
                return false;
            }
            if (test.test(TextNode.valueOf(up))) {
                return true;
            }
            up = parent.parent();
        }
        return false;
    }

    /** {@code _parent}: the parent, when {@code all} has it (as for {@link #reachAncestors}). */
    private static boolean reachParent(Entry e, Entries all, NodeTest test) {
        String parent = e.parent();
        return parent != null && all.entry(parent) != null && test.test(TextNode.valueOf(parent));
    }

    /**
     * {@link Twin#get} copies what it returns, which costs nothing for the scalars most filters name; only when the
     * field is absent and a node on the way may be an array is the deepest existing node copied and walked.
     */
    private boolean reachJson(Twin t, NodeTest test) {
        Optional<JsonNode> value = t.get(pointer);
        if (value.isPresent()) {
            return test.test(value.get());
        }
        for (JsonPointer prefix : maybeArrays) {
            if (t.has(prefix)) {
                JsonNode node = t.get(prefix).orElse(null);
                return node != null && node.isArray() && walk(node, prefix.size(), test);
            }
        }
        return false;
    }

    /** Walks {@code node}, which sits at segment {@code from} of the pointer, stepping into arrays of objects. */
    private boolean walk(JsonNode node, int from, NodeTest test) {
        if (from == pointer.size()) {
            return test.test(node);
        }
        if (node.isObject()) {
            JsonNode child = node.get(pointer.get(from));
            return child != null && walk(child, from + 1, test);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isObject() && walk(item, from, test)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean reachAnyFeature(Entry e, Entries all, NodeTest test) {
        List<String> ids = e.featureIds();
        for (int i = 0; i < ids.size(); i++) {
            if (forFeature(ids.get(i)).reach(e, all, test)) {
                return true;
            }
        }
        return false;
    }

    private Field forFeature(String featureId) {
        Field f = perFeature.get(featureId);
        if (f == null) {
            JsonPointer concrete = JsonPointer.of(Twin.FEATURES, featureId).append(pointer);
            f = feature(concrete.toString().substring(1), concrete);
            if (perFeature.size() < MAX_CACHED_FEATURES) {
                perFeature.putIfAbsent(featureId, f);
            }
        }
        return f;
    }

    /** The value results are sorted by; null when the twin has none. Only for {@link #isSortable()} fields. */
    JsonNode sortValue(Entry e) {
        Twin t = e.twin();
        return switch (kind) {
            case THING_ID -> TextNode.valueOf(e.id());
            case NAMESPACE -> TextNode.valueOf(t.id().namespace());
            case REVISION -> LongNode.valueOf(t.revision());
            case CREATED -> TextNode.valueOf(JsonValues.sortable(t.created()));
            case MODIFIED -> TextNode.valueOf(JsonValues.sortable(t.modified()));
            case JSON -> t.get(pointer).orElse(null);
            case ANCESTORS, ANY_FEATURE -> throw new IllegalStateException(name + " is not sortable");
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Field f && kind == f.kind && name.equals(f.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
