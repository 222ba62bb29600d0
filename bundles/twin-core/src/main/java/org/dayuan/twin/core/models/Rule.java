package org.dayuan.twin.core.models;

import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One constraint of a data schema, compiled: a test and the text a violation quotes, e.g. {@code minimum 0}. A rule
 * passes values it does not apply to (JSON Schema semantics: {@code minimum} says nothing about a string), so that
 * only the {@code type} rule speaks about the kind of value.
 */
record Rule(String text, Predicate<JsonNode> test) {
    boolean allows(JsonNode value) {
        return test.test(value);
    }
}
