package org.dayuan.twin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One twin: an Eclipse Ditto Thing ({@code thingId}, {@code policyId}, {@code definition}, {@code attributes},
 * {@code features}) with its revision and timestamps. Immutable: the JSON it holds is validated on the way in, kept
 * in read-only nodes ({@link CompactJson}: a twin lives long, and Jackson's own objects take several times the
 * memory) and only ever handed out as copies.
 */
public final class Twin {
    public static final String THING_ID = "thingId";
    public static final String POLICY_ID = "policyId";
    public static final String DEFINITION = "definition";
    public static final String ATTRIBUTES = "attributes";
    public static final String FEATURES = "features";
    public static final String PROPERTIES = "properties";
    public static final String DESIRED_PROPERTIES = "desiredProperties";
    public static final String REVISION = "_revision";
    public static final String CREATED = "_created";
    public static final String MODIFIED = "_modified";
    public static final String NAMESPACE = "_namespace";
    /** Dayuan's containment attribute: the thingId of the twin this one is part of. */
    public static final String PARENT = "parent";

    private static final Pattern DEFINITION_PATTERN =
            Pattern.compile("[_a-zA-Z0-9\\-.]+:[_a-zA-Z0-9\\-.]+:[_a-zA-Z0-9\\-.]+|https?://\\S+");
    private static final ObjectMapper WRITER = new ObjectMapper();
    private static final Pattern KEY_PATTERN = Pattern.compile("[^\\x00-\\x1F\\x7F/]+");

    private final TwinId id;
    private final ObjectNode json;
    private final long revision;
    private final Instant created;
    private final Instant modified;
    /** {@link #jsonBytes()}, made on first use: a twin read often and changed rarely is serialized once. */
    private volatile byte[] serialized;
    /**
     * At least {@link #jsonLength()}, known without serializing: the length once counted, or the bound {@link #with}
     * carried over from the twin this one was made from; -1 while neither is known.
     */
    private volatile long lengthAtMost = -1;
    private static final ObjectNode EMPTY = CompactJson.wrap(JsonNodeFactory.instance.objectNode());
    /** The top-level fields {@link #of} keeps, in the order it keeps them. */
    private static final List<String> TOP_LEVEL = List.of(THING_ID, POLICY_ID, DEFINITION, ATTRIBUTES, FEATURES);

    private Twin(TwinId id, ObjectNode json, long revision, Instant created, Instant modified) {
        this.id = id;
        this.json = json;
        this.revision = revision;
        this.created = created;
        this.modified = modified;
    }

    /**
     * Validates a Thing JSON and makes a twin of it. A {@code thingId} in the JSON must equal {@code id}; unknown
     * top-level fields and read-only fields ({@code _revision}, ...) are dropped, as Ditto drops them.
     */
    public static Twin of(TwinId id, JsonNode thing, long revision, Instant created, Instant modified) {
        if (thing == null || !thing.isObject()) {
            throw ErrorCode.THING_INVALID.exception("The thing must be a JSON object.");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put(THING_ID, id.toString());
        JsonNode bodyId = thing.get(THING_ID);
        if (bodyId != null && !bodyId.isNull() && !(bodyId.isTextual() && bodyId.asText().equals(id.toString()))) {
            throw ErrorCode.THING_ID_NOT_SETTABLE.exception(
                    "The thingId <" + bodyId.asText() + "> in the body does not match <" + id + ">.");
        }
        JsonNode policyId = thing.get(POLICY_ID);
        if (policyId != null && !policyId.isNull()) {
            if (!policyId.isTextual()) {
                throw ErrorCode.POLICY_ID_INVALID.exception("The policyId must be a string.");
            }
            try {
                TwinId.of(policyId.asText());
            } catch (DayuanException e) {
                throw ErrorCode.POLICY_ID_INVALID.exception("The policyId <" + policyId.asText() + "> is invalid.");
            }
            out.set(POLICY_ID, CompactJson.copy(policyId));
        }
        JsonNode definition = thing.get(DEFINITION);
        if (definition != null) {
            if (!definition.isNull()) {
                checkDefinition(definition, "definition");
            }
            out.set(DEFINITION, CompactJson.copy(definition));
        }
        JsonNode attributes = thing.get(ATTRIBUTES);
        if (attributes != null && !attributes.isNull()) {
            requireObject(attributes, "attributes");
            checkKeys(attributes, "attributes");
            out.set(ATTRIBUTES, CompactJson.copy(attributes));
        }
        JsonNode features = thing.get(FEATURES);
        if (features != null && !features.isNull()) {
            requireObject(features, "features");
            ObjectNode fs = out.putObject(FEATURES);
            for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                fs.set(checkFeatureId(f.getKey()), feature(f.getKey(), f.getValue()));
            }
            out.set(FEATURES, CompactJson.wrap(fs));
        }
        return new Twin(id, CompactJson.wrap(out), revision, created, modified);
    }

    /**
     * This twin with {@code value} at {@code path}, missing or non-object values along the path becoming objects: what
     * {@link #of} makes of this twin's JSON so edited, but sharing every part of it the edit leaves alone. A reading
     * that changes one property so copies and checks that property instead of the whole twin. Only for paths inside
     * {@code attributes} or inside a feature's {@code properties} or {@code desiredProperties} (or, with an object,
     * one of those itself): there the checks of {@link #of} come down to the keys along the path and the value's
     * own keys and numbers. Empty for any other path or value, which the caller then edits and checks whole.
     */
    public Optional<Twin> with(JsonPointer path, JsonNode value, long revision, Instant modified) {
        List<String> segments = path.segments();
        int keysFrom;
        if (segments.size() >= 1 && ATTRIBUTES.equals(segments.get(0))) {
            keysFrom = 1;
        } else if (segments.size() >= 3 && FEATURES.equals(segments.get(0))
                && (PROPERTIES.equals(segments.get(2)) || DESIRED_PROPERTIES.equals(segments.get(2)))) {
            keysFrom = 3;
        } else {
            return Optional.empty();
        }
        if (value == null || segments.size() == keysFrom && !value.isObject()) {
            return Optional.empty(); // a container set to null is dropped, to anything else refused: of() says which
        }
        if (keysFrom == 3) {
            checkFeatureId(segments.get(1));
        }
        String where = String.join("/", segments.subList(0, keysFrom));
        for (int i = keysFrom; i < segments.size(); i++) {
            if (!KEY_PATTERN.matcher(segments.get(i)).matches()) {
                throw invalidKey(segments.get(i), where);
            }
            where += "/" + segments.get(i);
        }
        checkKeys(value, where);
        Twin edited = new Twin(id, (ObjectNode) with(json, segments, 0, CompactJson.copy(value)), revision, created,
                modified);
        long before = lengthAtMost;
        if (before >= 0) {
            edited.lengthAtMost = before + lengthOf(value) + added(segments);
        }
        return Optional.of(edited);
    }

    /** {@code node} (read-only, or null) with {@code value} at {@code segments} from {@code i}, as a read-only copy. */
    private static JsonNode with(JsonNode node, List<String> segments, int i, JsonNode value) {
        String key = segments.get(i);
        ObjectNode object = node != null && node.isObject() ? (ObjectNode) node : EMPTY;
        JsonNode child = i == segments.size() - 1 ? value : with(object.get(key), segments, i + 1, value);
        if (i > 0) {
            return CompactJson.with(object, key, child);
        }
        // The top level in the order of(): a new attributes object goes before the features, not after them.
        ObjectNode top = JsonNodeFactory.instance.objectNode();
        for (String field : TOP_LEVEL) {
            JsonNode v = field.equals(key) ? child : object.get(field);
            if (v != null) {
                top.set(field, v);
            }
        }
        return CompactJson.wrap(top);
    }

    /** Bytes the edit adds to the JSON at most, beside the value: each key along the path, quoted and escaped. */
    private static long added(List<String> segments) {
        long n = 0;
        for (String s : segments) {
            // a key escaped is at most twice its UTF-8 bytes (no control characters); quotes, colon, comma, braces
            n += 2L * s.getBytes(StandardCharsets.UTF_8).length + 6;
        }
        return n;
    }

    /** Validates one feature and returns a read-only copy; {@code null} stands for an empty feature as in Ditto. */
    private static ObjectNode feature(String featureId, JsonNode feature) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (feature == null || feature.isNull()) {
            return CompactJson.wrap(out);
        }
        String where = "features/" + featureId;
        requireObject(feature, where);
        for (Iterator<Map.Entry<String, JsonNode>> it = feature.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case DEFINITION -> {
                    JsonNode d = e.getValue();
                    if (!d.isArray()) {
                        throw ErrorCode.DEFINITION_INVALID.exception(
                                "The definition of feature <" + featureId + "> must be an array of identifiers.");
                    }
                    for (JsonNode item : d) {
                        checkDefinition(item, where + "/definition");
                    }
                    out.set(DEFINITION, CompactJson.copy(d));
                }
                case PROPERTIES, DESIRED_PROPERTIES -> {
                    if (!e.getValue().isNull()) {
                        requireObject(e.getValue(), where + "/" + e.getKey());
                        checkKeys(e.getValue(), where + "/" + e.getKey());
                        out.set(e.getKey(), CompactJson.copy(e.getValue()));
                    }
                }
                default -> { /* Ditto ignores unknown feature fields */ }
            }
        }
        return CompactJson.wrap(out);
    }

    /** Checks a feature id; returns it. */
    public static String checkFeatureId(String featureId) {
        if (featureId == null || !KEY_PATTERN.matcher(featureId).matches()) {
            throw ErrorCode.FEATURE_ID_INVALID.exception("The feature id <" + featureId + "> is invalid.");
        }
        return featureId;
    }

    private static void checkDefinition(JsonNode d, String where) {
        if (!d.isTextual() || !DEFINITION_PATTERN.matcher(d.asText()).matches()) {
            throw ErrorCode.DEFINITION_INVALID.exception("The value <" + d + "> at <" + where
                    + "> is not a definition identifier.");
        }
    }

    private static void requireObject(JsonNode node, String where) {
        if (!node.isObject()) {
            throw ErrorCode.THING_INVALID.exception("The value at <" + where + "> must be a JSON object, not "
                    + node.getNodeType().toString().toLowerCase() + ".");
        }
    }

    /**
     * Keys of attributes and properties become JSON pointer segments, so they must be usable as such; numbers must
     * be finite, or the twin could not be written back as JSON.
     */
    private static void checkKeys(JsonNode node, String where) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            throw ErrorCode.THING_INVALID.exception("The number at <" + where + "> is out of range.");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!KEY_PATTERN.matcher(e.getKey()).matches()) {
                    throw invalidKey(e.getKey(), where);
                }
                checkKeys(e.getValue(), where + "/" + e.getKey());
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                checkKeys(item, where);
            }
        }
    }

    private static DayuanException invalidKey(String key, String where) {
        return ErrorCode.THING_INVALID.exception("The key <" + key + "> under <" + where
                + "> is invalid: keys must not be empty or contain '/' or control characters.");
    }

    public TwinId id() {
        return id;
    }

    public long revision() {
        return revision;
    }

    public Instant created() {
        return created;
    }

    public Instant modified() {
        return modified;
    }

    public Optional<String> policyId() {
        JsonNode p = json.get(POLICY_ID);
        return p == null ? Optional.empty() : Optional.of(p.asText());
    }

    public Optional<String> definition() {
        JsonNode d = json.get(DEFINITION);
        return d == null || d.isNull() ? Optional.empty() : Optional.of(d.asText());
    }

    /** The {@code parent} attribute when it is a string; the registry guarantees it names an existing twin. */
    public Optional<String> parent() {
        JsonNode a = json.get(ATTRIBUTES);
        JsonNode p = a == null ? null : a.get(PARENT);
        return p != null && p.isTextual() ? Optional.of(p.asText()) : Optional.empty();
    }

    /** Whether something is at {@code pointer} (the empty pointer is the whole thing). */
    public boolean has(JsonPointer pointer) {
        return node(pointer) != null;
    }

    /** A copy of the value at {@code pointer}, or empty. */
    public Optional<JsonNode> get(JsonPointer pointer) {
        JsonNode n = node(pointer);
        return n == null ? Optional.empty() : Optional.of(n.deepCopy());
    }

    private JsonNode node(JsonPointer pointer) {
        JsonNode n = json;
        for (String seg : pointer.segments()) {
            n = n.isObject() ? n.get(seg) : null;
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    /** A copy of the Thing JSON without the read-only fields. */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    /**
     * The Thing JSON without the read-only fields as UTF-8 bytes, the same as {@link #toJson()} serialized. Made
     * once per twin state and shared: callers must not modify the array.
     */
    public byte[] jsonBytes() {
        byte[] bytes = serialized;
        if (bytes == null) {
            try {
                bytes = WRITER.writeValueAsBytes(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A validated twin is always serializable", e);
            }
            serialized = bytes;
        }
        return bytes;
    }

    /**
     * How many bytes {@link #jsonBytes()} has, counted while serializing without copying the twin or keeping the
     * bytes: the size check every write makes.
     */
    public long jsonLength() {
        byte[] bytes = serialized;
        long length = bytes != null ? bytes.length : lengthOf(json);
        lengthAtMost = length;
        return length;
    }

    /**
     * At least {@link #jsonLength()}, and cheaper: a twin made by {@link #with} from one whose length was known
     * answers from that length and what the edit added, without serializing. The size check every write makes.
     */
    public long jsonLengthAtMost() {
        long known = lengthAtMost;
        return known >= 0 ? known : jsonLength();
    }

    /** The bytes of {@code node} serialized, counted without keeping them. */
    private static long lengthOf(JsonNode node) {
        long[] count = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        try {
            WRITER.writeValue(counter, node);
        } catch (IOException e) {
            throw new IllegalStateException("A validated twin is always serializable", e);
        }
        return count[0];
    }

    /** A copy of the Thing JSON with {@code _revision}, {@code _created} and {@code _modified}. */
    public ObjectNode toJsonWithMeta() {
        ObjectNode out = json.deepCopy();
        out.put(REVISION, revision);
        out.put(CREATED, created.toString());
        out.put(MODIFIED, modified.toString());
        return out;
    }

    /** Reads back what {@link #toJsonWithMeta()} wrote. */
    public static Twin fromJsonWithMeta(JsonNode json) {
        if (json == null || !json.isObject() || !json.path(THING_ID).isTextual()) {
            throw ErrorCode.THING_INVALID.exception("A stored twin must be an object with a thingId.");
        }
        return of(TwinId.of(json.get(THING_ID).asText()), json, json.path(REVISION).asLong(),
                Instant.parse(json.path(CREATED).asText()), Instant.parse(json.path(MODIFIED).asText()));
    }

    /** The ETag of the whole thing, as Ditto writes it. */
    public String etag() {
        return "\"rev:" + revision + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Twin t && id.equals(t.id) && revision == t.revision && json.equals(t.json)
                && created.equals(t.created) && modified.equals(t.modified);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Long.hashCode(revision);
    }

    @Override
    public String toString() {
        return id + "@" + revision;
    }
}
