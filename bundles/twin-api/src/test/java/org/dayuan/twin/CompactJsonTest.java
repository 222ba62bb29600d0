package org.dayuan.twin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.junit.jupiter.api.Test;

/** A twin's read-only JSON reads, compares and serializes as the JSON it was made from, and cannot be changed. */
class CompactJsonTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return M.readTree(s.replace('\'', '"'));
    }

    /** An object with {@code n} fields, in an order no hash would give. */
    private static ObjectNode wide(int n) {
        ObjectNode o = M.createObjectNode();
        for (int i = n; i > 0; i--) {
            o.put("k" + (i * 7919 % 1000), i);
        }
        return o;
    }

    @Test
    void readsComparesAndSerializesAsTheOriginal() throws Exception {
        for (JsonNode original : List.of(json("{}"), json("{'b':1,'a':{'z':[1,{'y':null}],'x':'s'},'c':[]}"),
                wide(17), wide(40), wide(300))) {
            JsonNode copy = CompactJson.copy(original);
            assertEquals(original, copy);
            assertEquals(copy, original);
            assertEquals(original.hashCode(), copy.hashCode());
            assertArrayEquals(M.writeValueAsBytes(original), M.writeValueAsBytes(copy), "same field order");
            assertEquals(original.toString(), copy.toString());
            List<String> names = new ArrayList<>();
            copy.fieldNames().forEachRemaining(names::add);
            List<String> expected = new ArrayList<>();
            original.fieldNames().forEachRemaining(expected::add);
            assertEquals(expected, names);
            for (String name : expected) {
                assertEquals(original.get(name), copy.get(name), name);
                assertTrue(copy.has(name));
            }
            assertNull(copy.get("absent"));
            assertFalse(copy.has("absent"));
        }
    }

    @Test
    void cannotBeChangedAndCopiesOfItCan() throws Exception {
        JsonNode copy = CompactJson.copy(json("{'a':{'b':1},'l':[1,2],'m':" + wide(20) + "}"));
        ObjectNode o = (ObjectNode) copy;
        assertThrows(UnsupportedOperationException.class, () -> o.put("a", 2));
        assertThrows(UnsupportedOperationException.class, () -> o.set("n", TextNode.valueOf("x")));
        assertThrows(UnsupportedOperationException.class, () -> o.remove("a"));
        assertThrows(UnsupportedOperationException.class, o::removeAll);
        assertThrows(UnsupportedOperationException.class, () -> o.fields().next().setValue(null));
        assertThrows(UnsupportedOperationException.class, () -> ((ObjectNode) o.get("a")).put("b", 2));
        assertThrows(UnsupportedOperationException.class, () -> ((ObjectNode) o.get("m")).remove("k919"));
        assertThrows(UnsupportedOperationException.class, () -> o.remove("absent"));
        assertThrows(UnsupportedOperationException.class, () -> ((ArrayNode) o.get("l")).add(3));
        assertThrows(UnsupportedOperationException.class, () -> ((ArrayNode) o.get("l")).set(0, 3));
        assertThrows(UnsupportedOperationException.class, () -> ((ArrayNode) o.get("l")).remove(0));

        ObjectNode mutable = o.deepCopy();
        mutable.put("n", 1);
        ((ObjectNode) mutable.get("a")).put("b", 2);
        ((ArrayNode) mutable.get("l")).add(3);
        ((ObjectNode) mutable.get("m")).remove("k919");
        assertEquals(json("{'a':{'b':1},'l':[1,2],'m':" + wide(20) + "}"), copy, "the original is as it was");
    }

    @Test
    void aTwinHandsOutChangeableCopiesOnly() throws Exception {
        String text = "{'attributes':{'parent':'cz.wujin:p','geo':{'box':[1.5,2]},'tags':['a','b']},"
                + "'features':{'f':{'properties':{'x':1}},'g':null}}";
        Twin t = Twin.of(TwinId.of("cz.wujin:a"), json(text), 1, Instant.EPOCH, Instant.EPOCH);
        ObjectNode out = t.toJson();
        ((ObjectNode) out.get("attributes")).put("parent", "cz.wujin:q");
        ((ArrayNode) out.get("attributes").get("tags")).add("c");
        ((ObjectNode) out.get("features").get("f").get("properties")).put("x", 2);
        ((ObjectNode) out.get("features")).remove("g");
        ((ObjectNode) t.get(JsonPointer.parse("/attributes/geo")).orElseThrow()).put("z", 1);
        t.toJsonWithMeta().put("thingId", "cz.wujin:b");

        ObjectNode expected = (ObjectNode) json(text);
        expected.set("features", json("{'f':{'properties':{'x':1}},'g':{}}"));
        ObjectNode withId = M.createObjectNode().put("thingId", "cz.wujin:a");
        withId.setAll(expected);
        assertEquals(withId, t.toJson());
        assertArrayEquals(M.writeValueAsBytes(withId), t.jsonBytes());
        assertEquals(t, Twin.of(t.id(), withId, 1, Instant.EPOCH, Instant.EPOCH));
        assertEquals(M.writeValueAsBytes(withId).length, t.jsonLength());
    }

    @Test
    void sharesEqualScalarsAndKeysButNeverMixesTypes() throws Exception {
        JsonNode a = CompactJson.copy(json("{'status':'idle','area':12.5,'n':7,'big':12345678901}"));
        JsonNode b = CompactJson.copy(json("{'status':'idle','area':12.5,'n':7,'big':12345678901}"));
        assertSame(a.get("status"), b.get("status"));
        assertSame(a.get("area"), b.get("area"));
        assertSame(a.fieldNames().next(), b.fieldNames().next());

        JsonNode asInt = CompactJson.copy(IntNode.valueOf(123456));
        JsonNode asLong = CompactJson.copy(LongNode.valueOf(123456));
        JsonNode asDouble = CompactJson.copy(DoubleNode.valueOf(123456));
        assertTrue(asInt.isInt());
        assertTrue(asLong.isLong());
        assertTrue(asDouble.isDouble());
        assertEquals("-0.0", CompactJson.copy(DoubleNode.valueOf(-0.0)).toString());
        assertEquals("0.0", CompactJson.copy(DoubleNode.valueOf(0.0)).toString());
        JsonNode decimal = CompactJson.copy(DecimalNode.valueOf(new BigDecimal("1.00")));
        assertEquals("1.00", decimal.toString());
        assertEquals("1.0", CompactJson.copy(DecimalNode.valueOf(new BigDecimal("1.0"))).toString());
    }
}
