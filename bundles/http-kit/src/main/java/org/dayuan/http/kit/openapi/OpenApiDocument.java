package org.dayuan.http.kit.openapi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Dayuan's OpenAPI document as it is now: a base (what every Dayuan API shares: info, security schemes, the error
 * body) plus the fragments of the bundles that are active. A fragment is itself a small OpenAPI 3 document; its
 * {@code paths}, {@code components} and {@code tags} join the base, everything else in it is ignored. Bundles are
 * merged in name order so the served document does not change with the order they started in. Pure: no OSGi, no
 * servlet, so it is tested directly.
 */
public final class OpenApiDocument {
    /** The extension on each path item naming the bundle that serves it, so a reader knows which line to install. */
    public static final String BUNDLE_EXTENSION = "x-dayuan-bundle";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private final ObjectNode base;
    private final Map<String, JsonNode> fragments = new TreeMap<>();

    public OpenApiDocument(ObjectNode base) {
        this.base = base.deepCopy();
    }

    /** Adds or replaces the fragment of {@code bundle}; one bundle may ship several files, merged by the caller. */
    public synchronized void put(String bundle, JsonNode fragment) {
        fragments.put(bundle, fragment);
    }

    public synchronized void remove(String bundle) {
        fragments.remove(bundle);
    }

    /**
     * The merged document, with the problems found while merging (an operation two bundles both claim keeps the
     * first bundle's; a fragment's component of a name the base or an earlier bundle has keeps the earlier one).
     */
    public synchronized Merged merge() {
        ObjectNode doc = base.deepCopy();
        List<String> conflicts = new ArrayList<>();
        ObjectNode paths = doc.withObjectProperty("paths");
        ObjectNode components = doc.withObjectProperty("components");
        ArrayNode tags = doc.withArrayProperty("tags");
        fragments.forEach((bundle, fragment) -> {
            mergePaths(bundle, fragment.path("paths"), paths, conflicts);
            fragment.path("components").fields().forEachRemaining(kind -> {
                ObjectNode into = components.withObjectProperty(kind.getKey());
                kind.getValue().fields().forEachRemaining(c -> {
                    if (into.has(c.getKey()) && !into.get(c.getKey()).equals(c.getValue())) {
                        conflicts.add(bundle + " redefines components/" + kind.getKey() + "/" + c.getKey());
                    } else {
                        into.set(c.getKey(), c.getValue());
                    }
                });
            });
            for (JsonNode tag : fragment.path("tags")) {
                if (!hasTag(tags, tag.path("name").asText())) {
                    tags.add(tag);
                }
            }
        });
        // Sorted, so a reader finds a path where the alphabet puts it, whichever bundle brought it.
        ObjectNode sorted = doc.objectNode();
        new TreeMap<>(toMap(paths)).forEach(sorted::set);
        doc.set("paths", sorted);
        return new Merged(doc, List.copyOf(conflicts));
    }

    private static void mergePaths(String bundle, JsonNode from, ObjectNode paths, List<String> conflicts) {
        Iterator<Map.Entry<String, JsonNode>> it = from.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getValue().isObject()) {
                conflicts.add(bundle + ": path " + path.getKey() + " is not an object");
                continue;
            }
            ObjectNode item = paths.has(path.getKey()) ? (ObjectNode) paths.get(path.getKey())
                    : paths.putObject(path.getKey()).put(BUNDLE_EXTENSION, bundle);
            path.getValue().fields().forEachRemaining(e -> {
                if (METHODS.contains(e.getKey()) && item.has(e.getKey())) {
                    conflicts.add(bundle + " redefines " + e.getKey().toUpperCase() + " " + path.getKey()
                            + " of " + item.path(BUNDLE_EXTENSION).asText());
                } else if (!item.has(e.getKey())) {
                    item.set(e.getKey(), e.getValue());
                }
            });
        }
    }

    private static boolean hasTag(ArrayNode tags, String name) {
        for (JsonNode t : tags) {
            if (t.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, JsonNode> toMap(ObjectNode node) {
        Map<String, JsonNode> out = new TreeMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** The document and what could not be merged into it. */
    public record Merged(ObjectNode document, List<String> conflicts) {
    }
}
