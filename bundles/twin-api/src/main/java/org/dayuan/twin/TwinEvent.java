package org.dayuan.twin;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One accepted change to one twin. {@code path} is where the change happened inside the Thing JSON (empty for the
 * whole thing) and {@code value} what was written there: the new value for {@link Type#MODIFIED}, the RFC 7396
 * patch for {@link Type#MERGED}, the whole thing for {@link Type#CREATED}, nothing for {@link Type#DELETED}.
 * Replaying a twin's events in order rebuilds it exactly. {@code seq} is the journal's position, unique and
 * increasing over all twins; {@code subject} is who made the change.
 */
public record TwinEvent(long seq, Type type, TwinId thingId, JsonPointer path, JsonNode value, long revision,
                        Instant timestamp, String subject) {

    public enum Type {
        CREATED, MODIFIED, MERGED, DELETED;

        /** Lower-case name as it appears in JSON. */
        public String jsonName() {
            return name().toLowerCase();
        }
    }

    /** The same event at journal position {@code newSeq}. */
    public TwinEvent withSeq(long newSeq) {
        return new TwinEvent(newSeq, type, thingId, path, value, revision, timestamp, subject);
    }

    /** Whether this event removes the whole twin. */
    public boolean deletesTwin() {
        return type == Type.DELETED && path.isEmpty();
    }

    /**
     * Whether this event changed nothing but features (live state): a path under {@code /features}, or a merge at
     * the root whose patch holds only {@code features}. A line that caches what it derives from attributes (which
     * twin is a device's, where it sits) can skip such events, which are nearly all of them.
     */
    public boolean featuresOnly() {
        if (deletesTwin() || type == Type.CREATED) {
            return false;
        }
        if (!path.isEmpty()) {
            return Twin.FEATURES.equals(path.get(0));
        }
        if (type != Type.MERGED || value == null || !value.isObject()) {
            return false;
        }
        for (var names = value.fieldNames(); names.hasNext(); ) {
            if (!Twin.FEATURES.equals(names.next())) {
                return false;
            }
        }
        return true;
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("seq", seq);
        json.put("type", type.jsonName());
        json.put(Twin.THING_ID, thingId.toString());
        json.put("path", path.toString());
        if (value != null) {
            json.set("value", value);
        }
        json.put(Twin.REVISION, revision);
        json.put("timestamp", timestamp.toString());
        if (subject != null) {
            json.put("subject", subject);
        }
        return json;
    }

    public static TwinEvent fromJson(JsonNode json) {
        return new TwinEvent(json.path("seq").asLong(), Type.valueOf(json.path("type").asText().toUpperCase()),
                TwinId.of(json.path(Twin.THING_ID).asText()), JsonPointer.parse(json.path("path").asText()),
                json.get("value"), json.path(Twin.REVISION).asLong(), Instant.parse(json.path("timestamp").asText()),
                json.hasNonNull("subject") ? json.get("subject").asText() : null);
    }
}
