package org.dayuan.twin;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of the audit trail: who changed what, when, from where, and the value before and after. It is written
 * in the same transaction as the change's {@link TwinEvent} and shares its {@code seq}. {@code before} and
 * {@code after} are the values at {@code path}; for a merge, only the parts the patch touched; {@code null} where
 * there was or is nothing.
 *
 * <p>{@code telemetry} marks a change made by a caller whose only role is {@link Caller#ROLE_DEVICE} (a device, or
 * MQTT ingestion on its behalf): a reading rather than a decision, which the store keeps for a retention of its own.
 */
public record AuditRecord(long seq, Instant timestamp, String subject, String origin, TwinId thingId,
                          TwinEvent.Type type, JsonPointer path, long revision, JsonNode before, JsonNode after,
                          boolean telemetry) {

    /** A record of a change that is not telemetry. */
    public AuditRecord(long seq, Instant timestamp, String subject, String origin, TwinId thingId, TwinEvent.Type type,
                       JsonPointer path, long revision, JsonNode before, JsonNode after) {
        this(seq, timestamp, subject, origin, thingId, type, path, revision, before, after, false);
    }

    /** Whether the changes of {@code caller} are telemetry: its only role is {@link Caller#ROLE_DEVICE}. */
    public static boolean telemetry(Caller caller) {
        return caller.roles().equals(Set.of(Caller.ROLE_DEVICE));
    }

    /** The same record at journal position {@code newSeq}. */
    public AuditRecord withSeq(long newSeq) {
        return new AuditRecord(newSeq, timestamp, subject, origin, thingId, type, path, revision, before, after,
                telemetry);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("seq", seq);
        json.put("timestamp", timestamp.toString());
        json.put("subject", subject);
        json.put("origin", origin);
        json.put(Twin.THING_ID, thingId.toString());
        json.put("type", type.jsonName());
        json.put("path", path.toString());
        json.put(Twin.REVISION, revision);
        json.set("before", before == null ? JsonNodeFactory.instance.nullNode() : before);
        json.set("after", after == null ? JsonNodeFactory.instance.nullNode() : after);
        json.put("telemetry", telemetry);
        return json;
    }

    public static AuditRecord fromJson(JsonNode json) {
        return new AuditRecord(json.path("seq").asLong(), Instant.parse(json.path("timestamp").asText()),
                text(json, "subject"), text(json, "origin"),
                TwinId.of(json.path(Twin.THING_ID).asText()),
                TwinEvent.Type.valueOf(json.path("type").asText().toUpperCase(java.util.Locale.ROOT)),
                JsonPointer.parse(json.path("path").asText()), json.path(Twin.REVISION).asLong(),
                nullToNull(json.get("before")), nullToNull(json.get("after")), json.path("telemetry").asBoolean(false));
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static JsonNode nullToNull(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }
}
