package org.dayuan.twin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable RFC 6901 JSON pointer as Ditto uses it: the leading slash is optional, a trailing slash is ignored,
 * empty segments ({@code /a//b}) are rejected, {@code ~0} and {@code ~1} escape '~' and '/'. A parsed pointer has at
 * most {@link NestingLimit#MAX_DEPTH} segments, as no twin nests deeper.
 */
public final class JsonPointer {
    private static final JsonPointer EMPTY = new JsonPointer(List.of());

    private final List<String> segments;

    private JsonPointer(List<String> segments) {
        this.segments = segments;
    }

    /** The pointer to the whole document. */
    public static JsonPointer empty() {
        return EMPTY;
    }

    /** Parses a pointer; throws {@link ErrorCode#JSON_POINTER_INVALID} quoting the input. */
    public static JsonPointer parse(String text) {
        if (text == null) {
            throw ErrorCode.JSON_POINTER_INVALID.exception("The JSON pointer is missing.");
        }
        if (text.contains("//")) {
            throw ErrorCode.JSON_POINTER_INVALID.exception("The JSON pointer <" + text + "> has an empty segment.");
        }
        String s = text.startsWith("/") ? text.substring(1) : text;
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            return EMPTY;
        }
        String[] raws = s.split("/", -1);
        NestingLimit.checkPath(raws.length, "The JSON pointer", ErrorCode.JSON_POINTER_INVALID);
        List<String> out = new ArrayList<>(raws.length);
        for (String raw : raws) {
            if (raw.isEmpty()) {
                throw ErrorCode.JSON_POINTER_INVALID.exception("The JSON pointer <" + text + "> has an empty segment.");
            }
            out.add(unescape(raw, text));
        }
        return new JsonPointer(Collections.unmodifiableList(out));
    }

    /** A pointer made of the given (unescaped) segments. */
    public static JsonPointer of(String... segments) {
        NestingLimit.checkPath(segments.length, "The JSON pointer", ErrorCode.JSON_POINTER_INVALID);
        List<String> out = new ArrayList<>(segments.length);
        for (String seg : segments) {
            if (seg == null || seg.isEmpty()) {
                throw ErrorCode.JSON_POINTER_INVALID.exception("A JSON pointer segment must not be empty.");
            }
            out.add(seg);
        }
        return new JsonPointer(Collections.unmodifiableList(out));
    }

    private static String unescape(String raw, String whole) {
        if (raw.indexOf('~') < 0) {
            return raw;
        }
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                b.append(c);
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : ' ';
            if (next == '0') {
                b.append('~');
            } else if (next == '1') {
                b.append('/');
            } else {
                throw ErrorCode.JSON_POINTER_INVALID.exception(
                        "The JSON pointer <" + whole + "> has a '~' not followed by 0 or 1.");
            }
            i++;
        }
        return b.toString();
    }

    public List<String> segments() {
        return segments;
    }

    public int size() {
        return segments.size();
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    public String get(int index) {
        return segments.get(index);
    }

    /** The pointer with one more segment at the end. */
    public JsonPointer append(String segment) {
        return append(of(segment));
    }

    /** This pointer followed by {@code other}. */
    public JsonPointer append(JsonPointer other) {
        List<String> out = new ArrayList<>(segments);
        out.addAll(other.segments);
        return new JsonPointer(Collections.unmodifiableList(out));
    }

    /** The pointer without its first {@code n} segments. */
    public JsonPointer dropFirst(int n) {
        return new JsonPointer(segments.subList(Math.min(n, segments.size()), segments.size()));
    }

    /** The pointer without its last segment; the empty pointer stays empty. */
    public JsonPointer parent() {
        return segments.isEmpty() ? this : new JsonPointer(segments.subList(0, segments.size() - 1));
    }

    /** Whether {@code other} is this pointer or starts with it. */
    public boolean isPrefixOf(JsonPointer other) {
        return other.segments.size() >= segments.size()
                && other.segments.subList(0, segments.size()).equals(segments);
    }

    /** The escaped form, always with a leading slash, {@code "/"} for the empty pointer. */
    @Override
    public String toString() {
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder b = new StringBuilder();
        for (String seg : segments) {
            b.append('/').append(seg.replace("~", "~0").replace("/", "~1"));
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPointer other && segments.equals(other.segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
