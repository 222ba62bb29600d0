package org.dayuan.twin.core.models;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compiles WoT data schemas (the JSON-schema subset of the Thing Description) into {@link Schema} checkers. A
 * keyword it cannot check fails the compilation, naming where, so a model never silently checks less than it says.
 */
final class SchemaCompiler {
    /** Validation keywords of JSON Schema this compiler does not implement; the models must not use them. */
    private static final Set<String> UNSUPPORTED = Set.of("oneOf", "anyOf", "allOf", "not", "if", "then", "else",
            "$ref", "additionalProperties", "patternProperties", "propertyNames", "dependentRequired",
            "dependentSchemas", "uniqueItems", "contains", "multipleOf", "additionalItems");
    private static final List<String> BOUNDS = List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");
    private static final List<String> LENGTHS = List.of("minLength", "maxLength");
    private static final List<String> COUNTS = List.of("minItems", "maxItems");

    private SchemaCompiler() {
    }

    /**
     * The checker of a model's affordances: its {@code properties} as the members of one object, with the
     * {@code tm:required} ones required. {@code where} names the model in errors.
     */
    static Schema affordances(JsonNode properties, List<String> required, String where) {
        return new Schema(List.of(), members(properties, where), required, "tm:required", null);
    }

    /** One data schema; null when it constrains nothing. */
    static Schema compile(JsonNode schema, String where) {
        if (!schema.isObject()) {
            throw new IllegalStateException(where + " is not a data schema object.");
        }
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String keyword = it.next();
            if (UNSUPPORTED.contains(keyword)) {
                throw new IllegalStateException(where + " uses '" + keyword + "', which model validation does not"
                        + " support.");
            }
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode type = schema.get("type");
        if (type != null) {
            if (!type.isTextual()) {
                throw new IllegalStateException(where + " has a type that is not one name.");
            }
            JsonNode unit = schema.get("unit");
            rules.add(Rules.type(type.textValue(), unit == null ? null : unit.asText(), where));
        }
        if (schema.has("enum")) {
            rules.add(Rules.oneOf(schema.get("enum")));
        }
        if (schema.has("const")) {
            rules.add(Rules.constant(schema.get("const")));
        }
        for (String b : BOUNDS) {
            if (schema.has(b)) {
                rules.add(Rules.bound(b, schema.get(b), where));
            }
        }
        for (String l : LENGTHS) {
            if (schema.has(l)) {
                rules.add(Rules.length(l, count(schema, l, where)));
            }
        }
        for (String c : COUNTS) {
            if (schema.has(c)) {
                rules.add(Rules.count(c, count(schema, c, where)));
            }
        }
        if (schema.has("pattern")) {
            rules.add(Rules.pattern(schema.get("pattern").asText()));
        }
        if (schema.has("format")) {
            Rule format = Rules.format(schema.get("format").asText());
            if (format != null) {
                rules.add(format);
            }
        }
        Schema items = null;
        JsonNode itemSchema = schema.get("items");
        if (itemSchema != null) {
            if (!itemSchema.isObject()) {
                throw new IllegalStateException(where + " has tuple 'items', which model validation does not"
                        + " support.");
            }
            items = compile(itemSchema, where + "/items");
        }
        Schema compiled = new Schema(rules, members(schema.path("properties"), where), names(schema.path("required"),
                where), "required", items);
        return compiled.constrains() ? compiled : null;
    }

    private static Map<String, Schema> members(JsonNode properties, String where) {
        Map<String, Schema> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            Schema s = compile(p.getValue(), where + "/properties/" + p.getKey());
            if (s != null) {
                out.put(p.getKey(), s);
            }
        }
        return out;
    }

    private static List<String> names(JsonNode required, String where) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : required) {
            if (!r.isTextual()) {
                throw new IllegalStateException(where + " has a 'required' entry that is not a name.");
            }
            out.add(r.textValue());
        }
        return out;
    }

    private static int count(JsonNode schema, String keyword, String where) {
        JsonNode n = schema.get(keyword);
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 0) {
            throw new IllegalStateException(where + " has a " + keyword + " that is not a non-negative integer.");
        }
        return n.intValue();
    }
}
