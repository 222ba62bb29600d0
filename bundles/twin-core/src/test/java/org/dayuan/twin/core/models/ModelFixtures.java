package org.dayuan.twin.core.models;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.models.Models;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.ThingModel;
import org.dayuan.twin.Twin;

/**
 * Valid twins made from the stored Thing Models, and every way to break one constrained value of them. Works on
 * the model JSON directly, not through the compiled catalog, so the tests do not check the validator against
 * itself.
 */
public final class ModelFixtures {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String REQUIRED_PREFIX = "#/properties/";

    /**
     * One invalid change: the value at {@code path} becomes {@code value}, or is removed when {@code value} is null;
     * {@code rule} is how the refusal must name the rule it breaks (a prefix of the rule text).
     */
    public record Mutation(JsonPointer path, JsonNode value, String rule) {
        public boolean removes() {
            return value == null;
        }

        /** The twin with this change. */
        public ObjectNode applyTo(ObjectNode twin) {
            ObjectNode out = twin.deepCopy();
            JsonNode parent = out.at(path.parent().isEmpty() ? "" : path.parent().toString());
            String last = path.get(path.size() - 1);
            if (parent.isArray()) {
                ((ArrayNode) parent).set(Integer.parseInt(last), value);
            } else if (removes()) {
                ((ObjectNode) parent).remove(last);
            } else {
                ((ObjectNode) parent).set(last, value);
            }
            return out;
        }

        /** The longest prefix of the path that steps into no array: where a single PUT or PATCH can reach. */
        public JsonPointer writablePath(ObjectNode twin) {
            JsonNode n = twin;
            for (int i = 0; i < path.size(); i++) {
                if (n.isArray()) {
                    return JsonPointer.of(path.segments().subList(0, i).toArray(String[]::new));
                }
                n = n.path(path.get(i));
            }
            return path;
        }

        @Override
        public String toString() {
            return path + (removes() ? " removed" : " = " + value) + " (" + rule + ")";
        }
    }

    /** The platform's models, from twin-models on the class path, as the extender installs them in OSGi. */
    public static final ModelCatalog CORE = core();

    private ModelFixtures() {
    }

    /** A new catalogue holding the platform's models, as bundle {@code org.dayuan.twin-models}. */
    public static ModelCatalog core() {
        return ModelCatalog.of("org.dayuan.twin-models", Models.class.getResource(Models.RESOURCE_DIR));
    }

    /** The types of the platform's thing models. */
    public static List<String> thingTypes() {
        return CORE.installed().stream().filter(m -> m.kind() == ThingModel.Kind.THING).map(ThingModel::type)
                .toList();
    }

    /** JSON written with single quotes, so tests read like the JSON they mean. */
    public static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    /** A twin of a thing type with every attribute its model describes and every feature it links, all valid. */
    public static ObjectNode validTwin(String type, String id, String parent) {
        ObjectNode model = Models.read(type);
        ObjectNode twin = F.objectNode();
        twin.put(Twin.THING_ID, id);
        twin.put(Twin.DEFINITION, Models.definitionOf(type));
        ObjectNode attributes = valid(model).deepCopy();
        attributes.put(Twin.PARENT, parent);
        twin.set(Twin.ATTRIBUTES, attributes);
        ObjectNode features = twin.putObject(Twin.FEATURES);
        for (JsonNode link : model.path("links")) {
            String featureType = ModelResolver.typeOf(link.path("href").asText());
            ObjectNode feature = features.putObject(link.path("instanceName").asText());
            feature.putArray(Twin.DEFINITION).add(Models.definitionOf(featureType));
            feature.set(Twin.PROPERTIES, valid(Models.read(featureType)));
        }
        return twin;
    }

    /** Every single-value change to {@code twin} that its models forbid. {@code parent} keeps its own checks. */
    public static List<Mutation> mutations(ObjectNode twin) {
        List<Mutation> out = new ArrayList<>();
        ObjectNode model = Models.read(Models.typeOf(twin.path(Twin.DEFINITION).asText()).orElseThrow());
        affordances(model, JsonPointer.of(Twin.ATTRIBUTES), twin.path(Twin.ATTRIBUTES), out);
        out.removeIf(m -> m.path().equals(JsonPointer.of(Twin.ATTRIBUTES, Twin.PARENT)) && !m.removes());
        for (Iterator<Map.Entry<String, JsonNode>> it = twin.path(Twin.FEATURES).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String featureType = Models.typeOf(f.getValue().path(Twin.DEFINITION).get(0).asText()).orElseThrow();
            affordances(Models.read(featureType), JsonPointer.of(Twin.FEATURES, f.getKey(), Twin.PROPERTIES),
                    f.getValue().path(Twin.PROPERTIES), out);
        }
        return out;
    }

    private static void affordances(ObjectNode model, JsonPointer at, JsonNode values, List<Mutation> out) {
        for (JsonNode r : model.path("tm:required")) {
            out.add(new Mutation(at.append(r.asText().substring(REQUIRED_PREFIX.length())), null, "tm:required"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (values.has(p.getKey())) {
                breaking(p.getValue(), at.append(p.getKey()), values.get(p.getKey()), out);
            }
        }
    }

    /** The ways to break {@code value}, valid under {@code schema}, at {@code at}; then those of its parts. */
    private static void breaking(JsonNode schema, JsonPointer at, JsonNode value, List<Mutation> out) {
        String type = schema.path("type").asText();
        String typeRule = "type " + type;
        out.add(new Mutation(at, wrongType(type), typeRule));
        if (type.equals("integer")) {
            out.add(new Mutation(at, F.numberNode(1.5), typeRule));
        }
        if (schema.has("unit")) {
            ObjectNode withUnit = F.objectNode().put("unit", schema.get("unit").asText());
            out.add(new Mutation(at, withUnit.set("value", value), typeRule));
        }
        if (schema.has("enum")) {
            out.add(new Mutation(at, F.textNode("notOneOfThem"), "enum ["));
        }
        bound(schema, "minimum", -1, at, out);
        bound(schema, "exclusiveMinimum", 0, at, out);
        bound(schema, "maximum", 1, at, out);
        bound(schema, "exclusiveMaximum", 0, at, out);
        if (schema.path("minItems").asInt() > 0) {
            out.add(new Mutation(at, items(schema, schema.get("minItems").asInt() - 1), "minItems"));
        }
        if (schema.has("maxItems")) {
            out.add(new Mutation(at, items(schema, schema.get("maxItems").asInt() + 1), "maxItems"));
        }
        switch (schema.path("format").asText()) {
            case "date" -> out.add(new Mutation(at, F.textNode("2025-02-30"), "format date"));
            case "date-time" -> out.add(new Mutation(at, F.textNode("2025-06-02 08:00"), "format date-time"));
            default -> { }
        }
        for (JsonNode r : schema.path("required")) {
            out.add(new Mutation(at.append(r.asText()), null, "required"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (value.has(p.getKey())) {
                breaking(p.getValue(), at.append(p.getKey()), value.get(p.getKey()), out);
            }
        }
        if (schema.has("items") && value.size() > 0) {
            breaking(schema.get("items"), at.append("0"), value.get(0), out);
        }
    }

    private static void bound(JsonNode schema, String keyword, int step, JsonPointer at, List<Mutation> out) {
        if (schema.has(keyword)) {
            JsonNode limit = schema.get(keyword);
            JsonNode beyond = limit.isIntegralNumber() ? F.numberNode(limit.asLong() + step)
                    : F.numberNode(limit.doubleValue() + step);
            out.add(new Mutation(at, beyond, keyword + " " + limit));
        }
    }

    private static JsonNode wrongType(String type) {
        return switch (type) {
            case "string" -> F.numberNode(42);
            case "number", "integer" -> F.textNode("42");
            case "boolean" -> F.textNode("true");
            case "object" -> F.textNode("{}");
            case "array" -> F.objectNode();
            default -> F.arrayNode();
        };
    }

    /** The properties of a model, each with a valid value. */
    static ObjectNode valid(JsonNode model) {
        ObjectNode out = F.objectNode();
        model.path("properties").fields().forEachRemaining(p -> out.set(p.getKey(), valid(p.getValue(), p.getKey())));
        return out;
    }

    /** {@code text} padded or cut to the schema's length limits. */
    private static String fit(String text, JsonNode schema) {
        StringBuilder out = new StringBuilder(text);
        while (out.length() < schema.path("minLength").asInt(0)) {
            out.append('0');
        }
        return schema.has("maxLength") ? out.substring(0, Math.min(out.length(), schema.get("maxLength").asInt()))
                : out.toString();
    }

    private static JsonNode valid(JsonNode schema, String name) {
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        return switch (schema.path("type").asText()) {
            case "string" -> F.textNode(switch (schema.path("format").asText()) {
                case "date" -> "2025-06-02";
                case "date-time" -> "2025-06-02T08:00:00+08:00";
                default -> fit("示例 " + name, schema);
            });
            case "number", "integer" -> F.numberNode(schema.has("minimum") ? schema.get("minimum").asLong()
                    : schema.has("maximum") ? schema.get("maximum").asLong() : 1);
            case "boolean" -> F.booleanNode(true);
            case "object" -> valid(schema);
            case "array" -> items(schema, Math.max(1, schema.path("minItems").asInt()));
            default -> F.nullNode();
        };
    }

    private static ArrayNode items(JsonNode arraySchema, int n) {
        ArrayNode out = F.arrayNode();
        for (int i = 0; i < n; i++) {
            out.add(valid(arraySchema.get("items"), "item"));
        }
        return out;
    }
}
