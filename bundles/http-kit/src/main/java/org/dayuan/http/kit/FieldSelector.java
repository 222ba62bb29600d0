package org.dayuan.http.kit;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.NestingLimit;

/**
 * Ditto's {@code fields} selector: comma-separated JSON pointers, where {@code a/b(c,d/e)} stands for
 * {@code a/b/c,a/b/d/e} and parentheses nest. Selecting keeps only the listed paths that exist. No selected path
 * may be deeper than a twin can nest ({@link NestingLimit#MAX_DEPTH}), which also bounds the parser's recursion.
 * A segment {@code *} matches every member of an object (<code>features/&#42;/properties/on</code>).
 */
public final class FieldSelector {
    /** How much of a refused selector the error quotes: enough to recognise it, not a whole deep one. */
    private static final int QUOTED = 200;
    /** The segment that selects every member of an object. */
    static final String WILDCARD = "*";
    private final List<JsonPointer> pointers;

    private FieldSelector(List<JsonPointer> pointers) {
        this.pointers = pointers;
    }

    public static FieldSelector parse(String text) {
        List<JsonPointer> out = new ArrayList<>();
        int end = parseList(text, 0, "", 0, out);
        if (end != text.length()) {
            throw invalid(text, "unexpected '" + text.charAt(end) + "' at position " + end);
        }
        return new FieldSelector(List.copyOf(out));
    }

    /**
     * Parses a comma-separated list from {@code pos} up to a closing ')' or the end, inside {@code level}
     * parentheses; returns where it stopped.
     */
    private static int parseList(String text, int pos, String prefix, int level, List<JsonPointer> out) {
        if (level > NestingLimit.MAX_DEPTH) {
            throw invalid(text, "its parentheses nest more than " + NestingLimit.MAX_DEPTH + " levels deep, and no"
                    + " twin nests deeper than " + NestingLimit.MAX_DEPTH + " levels");
        }
        int i = pos;
        while (true) {
            int start = i;
            while (i < text.length() && ",()".indexOf(text.charAt(i)) < 0) {
                i++;
            }
            String path = text.substring(start, i).trim();
            if (path.isEmpty()) {
                throw invalid(text, "an empty field at position " + start);
            }
            if (i < text.length() && text.charAt(i) == '(') {
                int close = parseList(text, i + 1, prefix + "/" + path, level + 1, out);
                if (close >= text.length() || text.charAt(close) != ')') {
                    throw invalid(text, "the '(' at position " + i + " is not closed");
                }
                i = close + 1;
            } else {
                out.add(pointer(text, prefix + "/" + path));
            }
            if (i < text.length() && text.charAt(i) == ',') {
                i++;
                continue;
            }
            return i;
        }
    }

    private static JsonPointer pointer(String text, String path) {
        try {
            return JsonPointer.parse(path);
        } catch (DayuanException e) {
            throw invalid(text, e.getMessage());
        }
    }

    private static DayuanException invalid(String text, String why) {
        String quoted = text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "…";
        return ErrorCode.FIELD_SELECTOR_INVALID.exception("The field selector <" + quoted + "> is invalid: " + why
                + ".");
    }

    public List<JsonPointer> pointers() {
        return pointers;
    }

    /**
     * A new object with only the selected paths of {@code source} that exist; a {@code *} segment stands for every
     * member of the object at that level, as in Ditto's <code>features/&#42;/properties/on</code>.
     */
    public ObjectNode apply(JsonNode source) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (JsonPointer p : pointers) {
            copy(source, p, 0, out);
        }
        return out;
    }

    /** Copies into {@code target} what segments {@code i..} of {@code p} reach in {@code source}. */
    private static void copy(JsonNode source, JsonPointer p, int i, ObjectNode target) {
        if (source == null || !source.isObject()) {
            return;
        }
        String seg = p.get(i);
        List<String> keys = new ArrayList<>();
        if (WILDCARD.equals(seg)) {
            source.fieldNames().forEachRemaining(keys::add);
        } else {
            keys.add(seg);
        }
        for (String key : keys) {
            JsonNode value = source.get(key);
            if (value == null) {
                continue;
            }
            if (i == p.size() - 1) {
                target.set(key, value.deepCopy());
                continue;
            }
            // An object is added only when something below it was selected: no empty shells for a missing leaf.
            ObjectNode below = target.get(key) instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
            copy(value, p, i + 1, below);
            if (!below.isEmpty()) {
                target.set(key, below);
            }
        }
    }
}
