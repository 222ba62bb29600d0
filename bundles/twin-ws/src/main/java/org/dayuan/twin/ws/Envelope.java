package org.dayuan.twin.ws;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.FieldSelector;
import org.dayuan.http.kit.Http;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.NestingLimit;
import org.dayuan.twin.TwinId;

/**
 * One Ditto Protocol message a client sent: {@code topic}, {@code headers}, {@code path}, {@code value} and, for
 * retrieves, {@code fields}. Parsed in two steps, so that a refusal still names the correlation id and the thing
 * when the frame got that far: {@link #read} takes what it can, {@link Read#envelope} checks the rest.
 */
record Envelope(Topic topic, ObjectNode headers, String correlationId, JsonPointer path, JsonNode value,
                Optional<FieldSelector> fields) {
    static final ErrorCode ENVELOPE_INVALID = new ErrorCode("things.protocol.adapter.envelope.invalid", 400,
            "Send one JSON object per text frame: {\"topic\":\"<namespace>/<name>/things/twin/commands/<action>\","
                    + " \"headers\":{\"correlation-id\":\"...\"}, \"path\":\"/...\", \"value\":...}.");

    /** What is known of a frame before its topic is checked: enough to address a refusal. */
    record Read(ObjectNode json, String correlationId, Optional<TwinId> thing) {
        Envelope envelope() {
            JsonNode topic = json.get("topic");
            if (topic == null || !topic.isTextual()) {
                throw ENVELOPE_INVALID.exception("The message has no 'topic' string.");
            }
            Topic t = Topic.parse(topic.asText());
            JsonNode headers = json.get("headers");
            JsonNode path = json.get("path");
            if (path != null && !path.isTextual()) {
                throw ENVELOPE_INVALID.exception("The 'path' must be a string, e.g. \"/attributes/name\".");
            }
            JsonNode fields = json.get("fields");
            if (fields != null && !fields.isTextual()) {
                throw ENVELOPE_INVALID.exception("The 'fields' must be a string, e.g. \"thingId,attributes\".");
            }
            JsonPointer pointer = path == null ? JsonPointer.empty() : JsonPointer.parse(path.asText());
            JsonNode value = json.get("value");
            if (value != null) {
                NestingLimit.check(pointer, value);
            }
            return new Envelope(t, headers == null ? Http.MAPPER.createObjectNode() : (ObjectNode) headers,
                    correlationId, pointer, value,
                    fields == null ? Optional.empty() : Optional.of(FieldSelector.parse(fields.asText())));
        }
    }

    /**
     * The frame as JSON with its correlation id (a new one when it names none, as Ditto does) and the thing its
     * topic names, if any; a 400 for anything but a JSON object with an object of headers, a 413 past
     * {@code maxBytes}.
     */
    static Read read(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw ErrorCode.TOO_LARGE.exception("The message of " + bytes.length + " bytes exceeds the limit of "
                    + maxBytes + " bytes.", "Send smaller messages: split a large twin into several modify commands"
                    + " of its parts.");
        }
        JsonNode json = Http.parseJson(bytes);
        if (!json.isObject()) {
            throw ENVELOPE_INVALID.exception("The message is JSON, but not an object.");
        }
        JsonNode headers = json.get("headers");
        if (headers != null && !headers.isObject()) {
            throw ENVELOPE_INVALID.exception("The 'headers' must be a JSON object.");
        }
        JsonNode cid = headers == null ? null : headers.get(Signals.CORRELATION_ID);
        String correlationId = cid != null && cid.isTextual() ? cid.asText() : UUID.randomUUID().toString();
        return new Read((ObjectNode) json, correlationId, thing(json.get("topic")));
    }

    /** An unreadable frame's refusal can name no correlation id: a fresh one, as Ditto gives. */
    static String newCorrelationId() {
        return UUID.randomUUID().toString();
    }

    private static Optional<TwinId> thing(JsonNode topic) {
        if (topic == null || !topic.isTextual()) {
            return Optional.empty();
        }
        String[] p = topic.asText().split("/", 3);
        if (p.length < 3 || Topic.NONE.equals(p[0]) || !TwinId.isValidNamespace(p[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(TwinId.of(p[0], p[1]));
        } catch (DayuanException e) {
            return Optional.empty();
        }
    }

    /** A header as text, or empty. */
    Optional<String> header(String name) {
        JsonNode h = headers.get(name);
        return h == null || h.isNull() ? Optional.empty() : Optional.of(h.isTextual() ? h.asText() : h.toString());
    }
}
