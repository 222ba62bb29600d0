package org.dayuan.device.mqtt;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one device type names its payload fields: {@code <definition>|<feature>|<field>=<property>[:<conversion>],...},
 * e.g. {@code acme:Meter:2|energy|e=reading,p=power:*0.001,ts=timestamp:epochSeconds}. Conversions: {@code *factor}
 * scales a number, {@code epochSeconds} and {@code epochMillis} turn a Unix time into ISO 8601. Fields a mapping
 * does not name are dropped, so a chatty device cannot write properties nobody asked for.
 */
final class FieldMapping {
    private record Rule(String property, String conversion) {
    }

    private final String definition;
    private final String feature;
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    private FieldMapping(String definition, String feature) {
        this.definition = definition;
        this.feature = feature;
    }

    static FieldMapping parse(String text) {
        String[] parts = text.split("\\|");
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new IllegalArgumentException("Mapping '" + text + "' is not <definition>|<feature>|<field>=<property>,...");
        }
        FieldMapping mapping = new FieldMapping(parts[0].trim(), parts[1].trim());
        for (String entry : parts[2].split(",")) {
            String[] kv = entry.trim().split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("Mapping '" + text + "': '" + entry + "' is not field=property");
            }
            String[] target = kv[1].trim().split(":", 2);
            String conversion = target.length == 2 ? target[1].trim() : "";
            if (!conversion.isEmpty() && !conversion.equals("epochSeconds") && !conversion.equals("epochMillis")
                    && !conversion.matches("\\*[-+0-9.eE]+")) {
                throw new IllegalArgumentException("Mapping '" + text + "': unknown conversion '" + conversion + "'");
            }
            mapping.rules.put(kv[0].trim(), new Rule(target[0].trim(), conversion));
        }
        return mapping;
    }

    boolean appliesTo(String twinDefinition, String featureId) {
        return definition.equals(twinDefinition) && feature.equals(featureId);
    }

    /** The properties to write; throws {@link IllegalArgumentException} with the reason when a field cannot convert. */
    ObjectNode apply(ObjectNode payload) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        rules.forEach((field, rule) -> {
            JsonNode value = payload.get(field);
            if (value != null) {
                out.set(rule.property(), convert(field, value, rule.conversion()));
            }
        });
        return out;
    }

    private static JsonNode convert(String field, JsonNode value, String conversion) {
        if (conversion.isEmpty()) {
            return value;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' must be a number, got " + value);
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (conversion) {
            case "epochSeconds" -> json.textNode(Instant.ofEpochSecond(value.asLong()).toString());
            case "epochMillis" -> json.textNode(Instant.ofEpochMilli(value.asLong()).toString());
            default -> json.numberNode(value.asDouble() * Double.parseDouble(conversion.substring(1)));
        };
    }
}
