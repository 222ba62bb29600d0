package org.dayuan.twin;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Read-only copies of JSON trees for what a {@link Twin} keeps. Jackson's own objects hold their fields in a
 * {@link java.util.LinkedHashMap}: a table, a 40-byte entry per field and the map itself, about four times what
 * the keys and values take. A twin holds its JSON for as long as it lives and never changes it, so it keeps
 * objects as {@link ObjectNode}s over an array of keys and values and arrays over an immutable list. They are
 * still ordinary Jackson nodes to read, compare and serialize, in the same field order; changing them throws, and
 * {@code deepCopy()} of them gives ordinary mutable nodes, which is all a twin hands out. Scalars are immutable in
 * Jackson, so equal short ones and equal keys are shared between twins.
 */
final class CompactJson {
    /** Up to this many fields a lookup compares keys one by one; larger objects get a hash table. */
    private static final int LINEAR = 16;
    /** Slots of the caches of recent keys and of scalars (64 KB of references); powers of two. */
    private static final int KEY_SLOTS = 4096;
    private static final int SLOTS = 16384;
    /** Strings and scalars up to this many characters are looked up in the caches; longer ones are rarely shared. */
    private static final int SHORT = 64;
    /**
     * Keys and scalars seen lately, one per slot by hash, a newcomer replacing what was there: twins share their
     * keys and most of their values (status, category, organisation ...), which a parser makes anew for every
     * request. Bounded, so unique values only churn slots. Reads and writes race on purpose: any object found is
     * complete (their fields are final) and equal to what is looked up, and a lost write only costs a copy.
     */
    private static final String[] KEYS = new String[KEY_SLOTS];
    private static final JsonNode[] SCALARS = new JsonNode[SLOTS];

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
        return scalar(node);
    }

    /** An equal scalar seen lately, or {@code node}, now remembered. */
    private static JsonNode scalar(JsonNode node) {
        if (!(node instanceof TextNode || node instanceof IntNode || node instanceof LongNode
                || node instanceof DoubleNode) || node.isTextual() && node.textValue().length() > SHORT) {
            return node; // null, booleans and small ints are singletons already; decimals 1.0 and 1.00 are equal
        }
        int slot = node.hashCode() & (SLOTS - 1);
        JsonNode seen = SCALARS[slot];
        // the class as well: an IntNode and a LongNode of one value are not equal in Jackson, but better be sure
        if (seen != null && seen.getClass() == node.getClass() && seen.equals(node)) {
            return seen;
        }
        SCALARS[slot] = node;
        return node;
    }

    /** An equal string seen lately as a key or namespace, or {@code key}, now remembered. */
    static String shared(String key) {
        if (key.length() > SHORT) {
            return key;
        }
        int slot = key.hashCode() & (KEY_SLOTS - 1);
        String seen = KEYS[slot];
        if (key.equals(seen)) {
            return seen;
        }
        KEYS[slot] = key;
        return key;
    }

    /** A read-only copy of the object {@code node}. */
    static ObjectNode object(JsonNode node) {
        Object[] keysAndValues = new Object[node.size() * 2];
        int i = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keysAndValues[i++] = shared(e.getKey());
            keysAndValues[i++] = copy(e.getValue());
        }
        return new ObjectNode(JsonNodeFactory.instance, Fields.of(keysAndValues));
    }

    /** A read-only object with the fields of {@code built} as they are, for values that are read-only already. */
    static ObjectNode wrap(ObjectNode built) {
        Object[] keysAndValues = new Object[built.size() * 2];
        int i = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = built.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keysAndValues[i++] = shared(e.getKey());
            keysAndValues[i++] = e.getValue();
        }
        return new ObjectNode(JsonNodeFactory.instance, Fields.of(keysAndValues));
    }

    /**
     * A read-only object with the fields of the read-only {@code object} and {@code key} set to the read-only
     * {@code value}: in its place when present, else last, as {@link ObjectNode#set} orders them. The other values are
     * shared, not copied.
     */
    static ObjectNode with(ObjectNode object, String key, JsonNode value) {
        int n = object.size();
        Object[] keysAndValues = new Object[n * 2 + 2];
        int i = 0;
        boolean replaced = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keysAndValues[i++] = e.getKey();
            if (e.getKey().equals(key)) {
                keysAndValues[i++] = value;
                replaced = true;
            } else {
                keysAndValues[i++] = e.getValue();
            }
        }
        if (replaced) {
            keysAndValues = Arrays.copyOf(keysAndValues, n * 2);
        } else {
            keysAndValues[i++] = shared(key);
            keysAndValues[i] = value;
        }
        return new ObjectNode(JsonNodeFactory.instance, Fields.of(keysAndValues));
    }

    /** Fields in insertion order, keys at even and values at odd indexes; unmodifiable. */
    private static class Fields extends AbstractMap<String, JsonNode> {
        final Object[] kv;

        Fields(Object[] kv) {
            this.kv = kv;
        }

        static Fields of(Object[] kv) {
            return kv.length / 2 <= LINEAR ? new Fields(kv) : new Hashed(kv);
        }

        /** The index of {@code key} in {@link #kv}, or -1. */
        int indexOf(Object key) {
            for (int i = 0; i < kv.length; i += 2) {
                if (key.equals(kv[i])) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public JsonNode get(Object key) {
            int i = key instanceof String ? indexOf(key) : -1;
            return i < 0 ? null : (JsonNode) kv[i + 1];
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String && indexOf(key) >= 0;
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

    /** Objects past {@link #LINEAR} fields: open addressing, field number + 1 per slot. */
    private static final class Hashed extends Fields {
        private final int[] table;

        Hashed(Object[] kv) {
            super(kv);
            int n = kv.length / 2;
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

        @Override
        int indexOf(Object key) {
            for (int slot = key.hashCode() & (table.length - 1); table[slot] != 0;
                 slot = (slot + 1) & (table.length - 1)) {
                int i = (table[slot] - 1) * 2;
                if (key.equals(kv[i])) {
                    return i;
                }
            }
            return -1;
        }
    }
}
