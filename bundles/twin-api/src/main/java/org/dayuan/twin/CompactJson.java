package org.dayuan.twin;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Read-only copies of JSON trees for what a {@link Twin} keeps. Jackson's own objects hold their fields in a
 * {@link java.util.LinkedHashMap}: a table, a 40-byte entry per field and the map itself, about four times what
 * the keys and values take. A twin holds its JSON for as long as it lives and never changes it, so it keeps
 * objects as {@link ObjectNode}s over an array of keys and values and arrays over an immutable list. They are
 * still ordinary Jackson nodes to read, compare and serialize, in the same field order; changing them throws, and
 * {@code deepCopy()} of them gives ordinary mutable nodes, which is all a twin hands out. Scalars are immutable in
 * Jackson and are shared as they are.
 */
final class CompactJson {
    /** Up to this many fields a lookup compares keys one by one; larger objects get a hash table. */
    private static final int LINEAR = 16;

    private CompactJson() {
    }

    /** A read-only copy of {@code node}; scalars are returned as they are. */
    static JsonNode copy(JsonNode node) {
        if (node.isObject()) {
            return object(node);
        }
        if (node.isArray()) {
            JsonNode[] items = new JsonNode[node.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = copy(node.get(i));
            }
            return new ArrayNode(JsonNodeFactory.instance, List.of(items));
        }
        return node;
    }

    /** A read-only copy of the object {@code node}. */
    static ObjectNode object(JsonNode node) {
        Object[] keysAndValues = new Object[node.size() * 2];
        int i = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keysAndValues[i++] = e.getKey();
            keysAndValues[i++] = copy(e.getValue());
        }
        return new ObjectNode(JsonNodeFactory.instance, new Fields(keysAndValues));
    }

    /** A read-only object with the fields of {@code built} as they are, for values that are read-only already. */
    static ObjectNode wrap(ObjectNode built) {
        Object[] keysAndValues = new Object[built.size() * 2];
        int i = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = built.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keysAndValues[i++] = e.getKey();
            keysAndValues[i++] = e.getValue();
        }
        return new ObjectNode(JsonNodeFactory.instance, new Fields(keysAndValues));
    }

    /** Fields in insertion order, keys at even and values at odd indexes; unmodifiable. */
    private static final class Fields extends AbstractMap<String, JsonNode> {
        private final Object[] kv;
        /** For objects past {@link #LINEAR} fields: open addressing, field index + 1 per slot; else null. */
        private final int[] table;

        Fields(Object[] kv) {
            this.kv = kv;
            int n = kv.length / 2;
            if (n <= LINEAR) {
                this.table = null;
            } else {
                int[] t = new int[Integer.highestOneBit(n * 2 - 1) << 1];
                for (int i = 0; i < n; i++) {
                    int slot = kv[2 * i].hashCode() & (t.length - 1);
                    while (t[slot] != 0) {
                        slot = (slot + 1) & (t.length - 1);
                    }
                    t[slot] = i + 1;
                }
                this.table = t;
            }
        }

        private int indexOf(Object key) {
            if (!(key instanceof String)) {
                return -1;
            }
            if (table == null) {
                for (int i = 0; i < kv.length; i += 2) {
                    if (key.equals(kv[i])) {
                        return i;
                    }
                }
                return -1;
            }
            for (int slot = key.hashCode() & (table.length - 1); table[slot] != 0;
                 slot = (slot + 1) & (table.length - 1)) {
                int i = (table[slot] - 1) * 2;
                if (key.equals(kv[i])) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public JsonNode get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : (JsonNode) kv[i + 1];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return kv.length / 2;
        }

        /** Refused even when it would change nothing: a caller trying to change a twin's JSON has a bug. */
        @Override
        public JsonNode remove(Object key) {
            throw new UnsupportedOperationException("A twin's JSON is read-only");
        }

        @Override
        public void clear() {
            throw new UnsupportedOperationException("A twin's JSON is read-only");
        }

        @Override
        public Set<Map.Entry<String, JsonNode>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, JsonNode>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < kv.length;
                        }

                        @Override
                        public Map.Entry<String, JsonNode> next() {
                            if (i >= kv.length) {
                                throw new NoSuchElementException();
                            }
                            Map.Entry<String, JsonNode> e = new SimpleImmutableEntry<>((String) kv[i],
                                    (JsonNode) kv[i + 1]);
                            i += 2;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return kv.length / 2;
                }
            };
        }
    }
}
