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
 */
public final class FieldSelector {
    /** How much of a refused selector the error quotes: enough to recognise it, not a whole deep one. */
    private static final int QUOTED = 200;
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

    /** A new object with only the selected paths of {@code source} that exist. */
    public ObjectNode apply(JsonNode source) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (JsonPointer p : pointers) {
            JsonNode value = source;
            for (String seg : p.segments()) {
                value = value != null && value.isObject() ? value.get(seg) : null;
            }
            if (value == null) {
                continue;
            }
            ObjectNode target = out;
            for (int i = 0; i < p.size() - 1; i++) {
                JsonNode next = target.get(p.get(i));
                target = next instanceof ObjectNode o ? o : target.putObject(p.get(i));
            }
            target.set(p.get(p.size() - 1), value.deepCopy());
        }
        return out;
    }
}
