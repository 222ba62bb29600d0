package org.dayuan.twin;

import java.util.regex.Pattern;

/**
 * A thingId, {@code <namespace>:<name>}, validated exactly as Eclipse Ditto validates namespaced entity ids:
 * the namespace is empty or dot/dash-separated segments that each start with a letter and go on with word
 * characters; the name is not empty and has no slash, no control character and no character in U+007F..U+00FF
 * (CJK names are fine); the whole id is at most 256 characters.
 */
public final class TwinId implements Comparable<TwinId> {
    /** Ditto's limit on the length of an entity id. */
    public static final int MAX_LENGTH = 256;

    private static final String NAMESPACE = "(?:|[a-zA-Z]\\w*+(?:[.\\-][a-zA-Z]\\w*+)*+)";
    private static final String NAME = "[^\\x00-\\x1F\\x7F-\\xFF/]++";
    private static final Pattern NAMESPACE_PATTERN = Pattern.compile(NAMESPACE);
    private static final Pattern ID_PATTERN = Pattern.compile("(" + NAMESPACE + "):(" + NAME + ")");

    /** Shared by the ids of a namespace; the name is cut from {@link #value} when asked for, which is seldom. */
    private final String namespace;
    private final String value;

    private TwinId(String namespace, String value) {
        this.namespace = CompactJson.shared(namespace);
        this.value = value;
    }

    /** Parses and validates a thingId; throws {@link ErrorCode#THING_ID_INVALID} naming the input. */
    public static TwinId of(String id) {
        if (id == null || id.length() > MAX_LENGTH) {
            throw invalid(id);
        }
        var m = ID_PATTERN.matcher(id);
        if (!m.matches()) {
            throw invalid(id);
        }
        return new TwinId(m.group(1), id);
    }

    /** A thingId from a namespace and a name, validated as a whole. */
    public static TwinId of(String namespace, String name) {
        return of(namespace + ":" + name);
    }

    /** Whether {@code namespace} is a valid Ditto namespace. */
    public static boolean isValidNamespace(String namespace) {
        return namespace != null && namespace.length() < MAX_LENGTH && NAMESPACE_PATTERN.matcher(namespace).matches();
    }

    private static DayuanException invalid(String id) {
        String shown = id == null ? "null" : id.length() > 300 ? id.substring(0, 300) + "..." : id;
        return ErrorCode.THING_ID_INVALID.exception("The thingId <" + shown + "> is invalid.");
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return value.substring(namespace.length() + 1);
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TwinId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(TwinId o) {
        return value.compareTo(o.value);
    }
}
