package org.dayuan.twin.core.search;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.core.MemoryJournal;
import org.dayuan.twin.core.Registry;

/**
 * A real registry with a search index attached, and short ways to write twins in JSON with single quotes, as the
 * registry's own tests write them.
 */
final class Campus {
    static final Caller C = Caller.fromGrants("tester", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    private static final ObjectMapper M = new ObjectMapper();

    final Registry registry = new Registry(new MemoryJournal(), e -> { }, 100_000);
    final SearchIndex index;
    final Searcher searcher;

    Campus(String... indexedPaths) {
        index = new SearchIndex(List.of(indexedPaths).stream().map(Field::parse).toList());
        registry.addStateListener(index);
        searcher = new Searcher(index, 25, 200);
    }

    static JsonNode json(String s) {
        try {
            return M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    Twin create(String id, String thing) {
        return registry.create(C, TwinId.of(id), (ObjectNode) json(thing));
    }

    void put(String id, String path, String value) {
        registry.put(C, TwinId.of(id), JsonPointer.parse(path), json(value), WriteCondition.NONE);
    }

    void delete(String id) {
        registry.delete(C, TwinId.of(id), JsonPointer.empty(), WriteCondition.NONE, true);
    }

    Twin get(String id) {
        return registry.get(C, TwinId.of(id)).orElseThrow();
    }
}
