package org.dayuan.demo;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small builders for feature property values. */
final class Values {
    /** Seconds always present, so every timestamp in the demo has the same shape. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private Values() {
    }

    static String timestamp(OffsetDateTime t) {
        return TIMESTAMP.format(t);
    }

    /** An object from alternating keys and values (String, Boolean, Integer or Double). */
    static ObjectNode object(Object... keysAndValues) {
        ObjectNode o = ThingBuilder.object();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            Object value = keysAndValues[i + 1];
            if (value instanceof String s) {
                o.put(key, s);
            } else if (value instanceof Boolean b) {
                o.put(key, b);
            } else if (value instanceof Integer n) {
                o.put(key, n);
            } else if (value instanceof Double d) {
                o.put(key, d);
            } else {
                throw new IllegalArgumentException("Unsupported value for " + key + ": " + value);
            }
        }
        return o;
    }

    static ArrayNode strings(String... values) {
        ArrayNode a = ThingBuilder.array();
        for (String v : values) {
            a.add(v);
        }
        return a;
    }

    /** A uniformly drawn value in [min, max) rounded to {@code decimals}. */
    static double between(Random random, double min, double max, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round((min + random.nextDouble() * (max - min)) * scale) / scale;
    }
}
