package org.dayuan.twin.core.search;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How search compares values, in Ditto's (that is MongoDB's) terms: only values of the same type compare (strings by
 * their characters, numbers by value whatever their representation, booleans false before true); a type mismatch is
 * no match. Sorting orders types as MongoDB does, with a missing value first.
 */
final class JsonValues {
    /** What {@link #compare} returns when the value and the literal are of different types. */
    static final int INCOMPARABLE = Integer.MIN_VALUE;

    /**
     * Timestamps as fixed-width strings, so that comparing them as strings (Ditto's semantics for {@code _created}
     * and {@code _modified}) is chronological: {@code Instant.toString()} drops trailing zero digits, which would put
     * {@code ...:00Z} after {@code ...:00.5Z}.
     */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private JsonValues() {
    }

    /**
     * Compares {@code value} with an RQL literal ({@code String}, {@code Long}, {@code Double}, {@code Boolean} or
     * {@code null}): negative, zero or positive as the value is less, equal or greater, {@link #INCOMPARABLE} when
     * their types differ.
     */
    static int compare(JsonNode value, Object literal) {
        if (literal instanceof String s) {
            return value.isTextual() ? Integer.signum(value.textValue().compareTo(s)) : INCOMPARABLE;
        }
        if (literal instanceof Long l) {
            if (!value.isNumber()) {
                return INCOMPARABLE;
            }
            return value.isIntegralNumber() && value.canConvertToLong() ? Long.compare(value.longValue(), l)
                    : compareDoubles(value.doubleValue(), l);
        }
        if (literal instanceof Double d) {
            return value.isNumber() ? compareDoubles(value.doubleValue(), d) : INCOMPARABLE;
        }
        if (literal instanceof Boolean b) {
            return value.isBoolean() ? Boolean.compare(value.booleanValue(), b) : INCOMPARABLE;
        }
        return literal == null && value.isNull() ? 0 : INCOMPARABLE;
    }

    /** Unlike {@link Double#compare}, 0.0 equals -0.0 here, as in JSON. */
    private static int compareDoubles(double a, double b) {
        return a < b ? -1 : a > b ? 1 : 0;
    }

    /**
     * The key under which an index files {@code value}: equal keys exactly when {@link #compare} finds the values
     * equal ({@code 1} and {@code 1.0} share one). Null for objects and arrays, which no literal equals.
     */
    static String key(JsonNode value) {
        if (value.isTextual()) {
            return "s" + value.textValue();
        }
        if (value.isNumber()) {
            return value.isIntegralNumber() && value.canConvertToLong() ? "n" + value.longValue()
                    : numberKey(value.doubleValue());
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "btrue" : "bfalse";
        }
        return value.isNull() ? "z" : null;
    }

    /** The index key an RQL literal is looked up under; see {@link #key(JsonNode)}. */
    static String key(Object literal) {
        if (literal instanceof String s) {
            return "s" + s;
        }
        if (literal instanceof Long l) {
            return "n" + l;
        }
        if (literal instanceof Double d) {
            return numberKey(d);
        }
        if (literal instanceof Boolean b) {
            return b ? "btrue" : "bfalse";
        }
        return "z";
    }

    /** An integral double gets the key of the equal long, so {@code 2.0} and {@code 2} meet. */
    private static String numberKey(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            return "n" + (long) d;
        }
        return "n" + d;
    }

    /**
     * The sort order of two values, null standing for a missing one: types in MongoDB's order (missing and null,
     * numbers, strings, objects, arrays, booleans), then values within a type. Objects and arrays compare by their
     * JSON text, which is arbitrary but stable, as paging needs.
     */
    static int sortCompare(JsonNode a, JsonNode b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 1 -> a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()
                    ? Long.compare(a.longValue(), b.longValue()) : compareDoubles(a.doubleValue(), b.doubleValue());
            case 2 -> a.textValue().compareTo(b.textValue());
            case 5 -> Boolean.compare(a.booleanValue(), b.booleanValue());
            case 3, 4, 6 -> a.toString().compareTo(b.toString());
            default -> 0;
        };
    }

    private static int rank(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return 0;
        }
        if (v.isNumber()) {
            return 1;
        }
        if (v.isTextual()) {
            return 2;
        }
        if (v.isObject()) {
            return 3;
        }
        if (v.isArray()) {
            return 4;
        }
        return v.isBoolean() ? 5 : 6;
    }

    /** Whether Ditto's {@code empty} holds for a value that is there: null, {@code ""}, {@code []} or {@code {}}. */
    static boolean isEmpty(JsonNode v) {
        return v.isNull() || v.isContainerNode() && v.size() == 0 || v.isTextual() && v.textValue().isEmpty();
    }

    /** {@code instant} as a fixed-width UTC timestamp with nanoseconds, e.g. {@code 2025-01-02T03:04:05.600000000Z}. */
    static String sortable(Instant instant) {
        return SORTABLE.format(instant);
    }

    /**
     * A timestamp literal in the form {@link #sortable} produces, so {@code eq(_modified,"2025-01-02T03:04:05.6Z")}
     * finds what it names; a literal that is not a complete timestamp (a prefix such as {@code "2025-01-02T03"})
     * stays as it is and compares as a string.
     */
    static Object timestampLiteral(Object literal) {
        if (literal instanceof String s) {
            try {
                return sortable(Instant.parse(s));
            } catch (DateTimeParseException notATimestamp) {
                return s;
            }
        }
        return literal;
    }
}
