package org.dayuan.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON written in tests with single quotes, so it reads without a backslash on every quote: each {@code '} becomes
 * {@code "} before parsing. A test that needs a literal single quote in a value writes the JSON with double quotes
 * and gets it parsed unchanged only if it has none.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** {@code text}, with single quotes for double ones, as a JSON value; a malformed text fails the test. */
    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + text, e);
        }
    }

    /** {@link #json} of a text that must be a JSON object. */
    public static ObjectNode object(String text) {
        JsonNode node = json(text);
        if (!node.isObject()) {
            throw new IllegalArgumentException("Not a JSON object: " + text);
        }
        return (ObjectNode) node;
    }
}
