package org.dayuan.twin.core.models;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** The rules of the JSON-schema subset WoT data schemas use, each built once per schema from its keyword. */
final class Rules {
    private Rules() {
    }

    /**
     * {@code type}. An integer is any number without a fractional part (so {@code 2.0} is one, as in JSON Schema).
     * When the schema declares a {@code unit}, the text says so: a value in a unit is a plain number in that unit.
     */
    static Rule type(String type, String unit, String where) {
        Predicate<JsonNode> test = switch (type) {
            case "string" -> JsonNode::isTextual;
            case "number" -> JsonNode::isNumber;
            case "integer" -> Rules::isInteger;
            case "boolean" -> JsonNode::isBoolean;
            case "object" -> JsonNode::isObject;
            case "array" -> JsonNode::isArray;
            case "null" -> JsonNode::isNull;
            default -> throw new IllegalStateException(where + " has the unknown type '" + type + "'.");
        };
        return new Rule("type " + type + (unit == null ? "" : " (unit " + unit + ")"), test);
    }

    private static boolean isInteger(JsonNode v) {
        if (v.isIntegralNumber()) {
            return true;
        }
        if (v.isBigDecimal()) {
            return v.decimalValue().stripTrailingZeros().scale() <= 0;
        }
        return v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue());
    }

    /** {@code enum}; numbers compare by value, so {@code 1} and {@code 1.0} are the same member. */
    static Rule oneOf(JsonNode members) {
        Set<JsonNode> set = new HashSet<>();
        StringJoiner text = new StringJoiner(", ", "enum [", "]");
        for (JsonNode m : members) {
            set.add(m);
            text.add(shown(m));
        }
        return new Rule(text.toString(), v -> set.contains(v) || v.isNumber() && containsNumber(set, v));
    }

    /** {@code const}. */
    static Rule constant(JsonNode value) {
        Set<JsonNode> one = Set.of(value);
        return new Rule("const " + shown(value), v -> one.contains(v) || v.isNumber() && containsNumber(one, v));
    }

    private static boolean containsNumber(Set<JsonNode> set, JsonNode v) {
        BigDecimal d = v.decimalValue();
        for (JsonNode m : set) {
            if (m.isNumber() && m.decimalValue().compareTo(d) == 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code minimum}, {@code maximum}, {@code exclusiveMinimum} or {@code exclusiveMaximum}, on numbers. */
    static Rule bound(String keyword, JsonNode limit, String where) {
        if (!limit.isNumber()) {
            throw new IllegalStateException(where + " has a non-numeric " + keyword + ".");
        }
        double l = limit.doubleValue();
        DoublePredicate inside = switch (keyword) {
            case "minimum" -> d -> d >= l;
            case "maximum" -> d -> d <= l;
            case "exclusiveMinimum" -> d -> d > l;
            case "exclusiveMaximum" -> d -> d < l;
            default -> throw new IllegalArgumentException(keyword);
        };
        return new Rule(keyword + " " + limit, v -> !v.isNumber() || inside.test(v.doubleValue()));
    }

    /** {@code minLength} or {@code maxLength}, counted in code points as JSON Schema counts them. */
    static Rule length(String keyword, int limit) {
        boolean min = keyword.equals("minLength");
        return new Rule(keyword + " " + limit, v -> {
            if (!v.isTextual()) {
                return true;
            }
            String s = v.textValue();
            int n = s.codePointCount(0, s.length());
            return min ? n >= limit : n <= limit;
        });
    }

    /** {@code minItems} or {@code maxItems}. */
    static Rule count(String keyword, int limit) {
        boolean min = keyword.equals("minItems");
        return new Rule(keyword + " " + limit, v -> !v.isArray() || (min ? v.size() >= limit : v.size() <= limit));
    }

    /** {@code pattern}: ECMA-262 semantics, not anchored, so the expression must match somewhere in the string. */
    static Rule pattern(String regex) {
        Pattern p = Pattern.compile(regex);
        return new Rule("pattern " + regex, v -> !v.isTextual() || p.matcher(v.textValue()).find());
    }

    /**
     * {@code format}, for the formats the models use on data that lines compute with: {@code date} and
     * {@code date-time} (RFC 3339, so with an offset). Other formats ({@code uri}, ...) stay annotations, as JSON
     * Schema has them by default; returns null for those.
     */
    static Rule format(String format) {
        return switch (format) {
            case "date" -> new Rule("format date", parses(LocalDate::parse));
            case "date-time" -> new Rule("format date-time", parses(OffsetDateTime::parse));
            default -> null;
        };
    }

    private static Predicate<JsonNode> parses(Consumer<String> parser) {
        return v -> {
            if (!v.isTextual()) {
                return true;
            }
            try {
                parser.accept(v.textValue());
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        };
    }

    /** A value as a rule text shows it: strings bare, as the example {@code enum [inUse, idle]} reads. */
    private static String shown(JsonNode v) {
        return v.isTextual() ? v.textValue() : v.toString();
    }
}
