package org.dayuan.twin;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one nesting limit of twin JSON, counted from the twin's root: a twin nests at most {@link #MAX_DEPTH} levels
 * of objects and arrays, so a value written at a JSON pointer adds the pointer's length to its own depth. It is
 * far inside Jackson's own limits (1,000 levels when reading and writing), so every later step (serialising, the
 * journal, the audit trail, search, change streams, which wrap a twin in a few more levels) can always handle a
 * twin that was accepted. Requests are checked against it at the door and writes again in the registry.
 */
public final class NestingLimit {
    /** The most levels of objects and arrays a twin may nest, its own root object included. */
    public static final int MAX_DEPTH = 64;

    private NestingLimit() {
    }

    /**
     * Refuses, with {@link ErrorCode#JSON_INVALID}, {@code value} written at {@code path} when the twin would then
     * nest deeper than {@link #MAX_DEPTH}. A scalar adds nothing, an object or array one level plus its deepest
     * member; so a whole twin ({@code path} empty) is checked on its own depth.
     */
    public static void check(JsonPointer path, JsonNode value) {
        if (value != null && deeperThan(value, MAX_DEPTH - path.size())) {
            throw ErrorCode.JSON_INVALID.exception("The JSON value " + (path.isEmpty() ? "" : "at <" + path + "> ")
                    + "nests too deep: a twin may nest at most " + MAX_DEPTH + " levels of objects and arrays,"
                    + " counted from its root" + (path.isEmpty() ? "" : ", where the path's " + path.size()
                    + " segments count too") + ".");
        }
    }

    /** Refuses, with {@code code}, a path of more segments than any accepted twin can have. */
    static void checkPath(int segments, String what, ErrorCode code) {
        if (segments > MAX_DEPTH) {
            throw code.exception(what + " is " + segments + " levels deep; at most " + MAX_DEPTH + " are allowed, as"
                    + " a twin nests at most " + MAX_DEPTH + " levels of objects and arrays.");
        }
    }

    /** Whether {@code value} nests more than {@code levels} levels; walks without recursion and stops early. */
    static boolean deeperThan(JsonNode value, int levels) {
        if (levels < 0) {
            return true;
        }
        Deque<Iterator<JsonNode>> open = new ArrayDeque<>();
        if (value.isContainerNode()) {
            open.push(value.elements());
        }
        while (!open.isEmpty()) {
            if (open.size() > levels) {
                return true;
            }
            Iterator<JsonNode> members = open.peek();
            if (!members.hasNext()) {
                open.pop();
                continue;
            }
            JsonNode next = members.next();
            if (next.isContainerNode()) {
                open.push(next.elements());
            }
        }
        return false;
    }
}
