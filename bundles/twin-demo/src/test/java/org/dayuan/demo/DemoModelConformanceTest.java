package org.dayuan.demo;

import static org.dayuan.demo.DemoData.attributes;
import static org.dayuan.demo.DemoData.id;
import static org.dayuan.demo.DemoData.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.models.Models;
import org.dayuan.twin.Twin;
import org.junit.jupiter.api.Test;

/**
 * The demo data against the Thing Models in twin-models: every attribute and feature property is one the model
 * declares, of its type, inside its range and enum; required ones are present. A small checker of the JSON-schema
 * subset the models use, so that the data and the models cannot drift apart unnoticed.
 */
class DemoModelConformanceTest {
    private static final DemoData DEMO = new DemoData();
    private static final Map<String, ObjectNode> MODELS = new HashMap<>();

    @Test
    void attributesConformToTheThingModels() {
        for (ObjectNode twin : DEMO.twins) {
            ObjectNode model = model(type(twin));
            checkObject(id(twin) + "/attributes", model.path("properties"), attributes(twin));
            checkRequired(id(twin) + "/attributes", model, attributes(twin));
        }
    }

    @Test
    void featuresAreTheModelsSubmodelsAndConformToThem() {
        for (ObjectNode twin : DEMO.twins) {
            Map<String, String> submodels = new HashMap<>();
            model(type(twin)).path("links").forEach(link -> submodels.put(link.path("instanceName").asText(),
                    link.path("href").asText().replace("./", "").replace(".tm.jsonld", "")));
            assertEquals(submodels.keySet(), fieldNames(twin.path(Twin.FEATURES)), id(twin) + " has its model's features");
            submodels.forEach((featureId, featureType) -> {
                JsonNode feature = twin.path(Twin.FEATURES).path(featureId);
                String where = id(twin) + "/features/" + featureId;
                assertEquals(Models.definitionOf(featureType), feature.path(Twin.DEFINITION).get(0).asText(), where);
                ObjectNode model = model(featureType);
                checkObject(where, model.path("properties"), feature.path(Twin.PROPERTIES));
                checkRequired(where, model, feature.path(Twin.PROPERTIES));
            });
        }
    }

    private static void checkRequired(String where, ObjectNode model, JsonNode value) {
        for (JsonNode required : model.path("tm:required")) {
            String key = required.asText().replace("#/properties/", "");
            assertTrue(value.has(key), where + " lacks required " + key);
        }
    }

    private static void checkObject(String where, JsonNode properties, JsonNode value) {
        assertTrue(value.isObject(), where + " is an object");
        value.fields().forEachRemaining(e -> {
            JsonNode schema = properties.get(e.getKey());
            if (schema == null) {
                fail(where + "/" + e.getKey() + " is not in the model");
            }
            check(where + "/" + e.getKey(), schema, e.getValue());
        });
    }

    private static void check(String where, JsonNode schema, JsonNode value) {
        switch (schema.path("type").asText()) {
            case "string" -> {
                assertTrue(value.isTextual(), where + " is a string");
                checkFormat(where, schema.path("format").asText(), value.asText());
            }
            case "number" -> assertTrue(value.isNumber(), where + " is a number");
            case "integer" -> assertTrue(value.isIntegralNumber(), where + " is an integer");
            case "boolean" -> assertTrue(value.isBoolean(), where + " is a boolean");
            case "object" -> checkObject(where, schema.path("properties"), value);
            case "array" -> {
                assertTrue(value.isArray(), where + " is an array");
                value.forEach(item -> check(where + "[]", schema.path("items"), item));
            }
            default -> fail(where + " has an unknown schema type " + schema.path("type"));
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            assertTrue(listed, where + " = " + value + " is one of " + schema.get("enum"));
        }
        if (schema.has("minimum")) {
            assertTrue(value.asDouble() >= schema.get("minimum").asDouble(), where + " = " + value + " >= minimum");
        }
        if (schema.has("maximum")) {
            assertTrue(value.asDouble() <= schema.get("maximum").asDouble(), where + " = " + value + " <= maximum");
        }
    }

    private static void checkFormat(String where, String format, String text) {
        try {
            switch (format) {
                case "date" -> LocalDate.parse(text);
                case "date-time" -> OffsetDateTime.parse(text);
                default -> { }
            }
        } catch (DateTimeParseException e) {
            fail(where + " = " + text + " is not a " + format);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ObjectNode model(String type) {
        return MODELS.computeIfAbsent(type, Models::read);
    }
}
