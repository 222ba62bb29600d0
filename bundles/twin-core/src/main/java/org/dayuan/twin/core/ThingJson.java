package org.dayuan.twin.core;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.JsonPointer;

/** Pure edits of a Thing JSON at a JSON pointer. Each returns a new tree and leaves its input untouched. */
final class ThingJson {
    private ThingJson() {
    }

    /**
     * {@code thing} with {@code value} at the non-empty {@code path}; missing or non-object intermediates become
     * objects, as in Ditto.
     */
    static ObjectNode put(ObjectNode thing, JsonPointer path, JsonNode value) {
        ObjectNode copy = thing.deepCopy();
        ObjectNode node = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            JsonNode next = node.get(path.get(i));
            node = next != null && next.isObject() ? (ObjectNode) next : node.putObject(path.get(i));
        }
        node.set(path.get(path.size() - 1), value.deepCopy());
        return copy;
    }

    /** {@code thing} without what is at {@code path}; unchanged when nothing is there. */
    static ObjectNode remove(ObjectNode thing, JsonPointer path) {
        ObjectNode copy = thing.deepCopy();
        JsonNode node = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            node = node.get(path.get(i));
            if (node == null || !node.isObject()) {
                return copy;
            }
        }
        ((ObjectNode) node).remove(path.get(path.size() - 1));
        return copy;
    }

    /** RFC 7396 merge of {@code patch} at {@code path}: the patch is wrapped along the path and merged at the root. */
    static ObjectNode merge(ObjectNode thing, JsonPointer path, JsonNode patch) {
        JsonNode rootPatch = patch;
        for (int i = path.size() - 1; i >= 0; i--) {
            ObjectNode wrap = JsonNodeFactory.instance.objectNode();
            wrap.set(path.get(i), rootPatch);
            rootPatch = wrap;
        }
        JsonNode merged = mergePatch(thing, rootPatch);
        return merged.isObject() ? (ObjectNode) merged : thing.deepCopy();
    }

    /** RFC 7396 section 2, returning a new tree. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}
