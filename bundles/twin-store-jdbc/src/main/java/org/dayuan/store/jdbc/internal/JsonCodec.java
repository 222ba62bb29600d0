package org.dayuan.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;

/** How events and twins are stored: their own JSON forms as text, so a row reads back exactly as written. */
final class JsonCodec {
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * The event without its seq, which lives in its own column: so events can be encoded on the callers' threads,
     * before the writer numbers them, and the writer only binds strings.
     */
    String event(TwinEvent event) {
        return withoutSeq(event.toJson());
    }

    TwinEvent event(String json, long seq) {
        return TwinEvent.fromJson(read(json, "event " + seq)).withSeq(seq);
    }

    /** The audit record without its seq, which is its event's and assigned by the writer as well. */
    String audit(AuditRecord record) {
        return withoutSeq(record.toJson());
    }

    AuditRecord audit(String json, long seq) {
        return AuditRecord.fromJson(read(json, "audit record " + seq)).withSeq(seq);
    }

    String twin(Twin twin) {
        return write(twin.toJsonWithMeta());
    }

    Twin twin(String json, String thingId) {
        return Twin.fromJsonWithMeta(read(json, "snapshot of " + thingId));
    }

    private String withoutSeq(ObjectNode json) {
        json.remove("seq");
        return write(json);
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }

    private JsonNode read(String json, String what) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The stored " + what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
