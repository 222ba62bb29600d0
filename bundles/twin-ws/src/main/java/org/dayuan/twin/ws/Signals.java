package org.dayuan.twin.ws;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.FieldSelector;
import org.dayuan.http.kit.Http;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;

/** The envelopes Dayuan sends, shaped as Eclipse Ditto sends them over its WebSocket. */
final class Signals {
    static final String CONTENT_TYPE = "content-type";
    static final String CORRELATION_ID = "correlation-id";
    static final String JSON = "application/json";
    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private Signals() {
    }

    /** A command response or search message: the request's correlation id, {@code status}, a value if any. */
    static ObjectNode response(String topic, String correlationId, JsonPointer path, int status, JsonNode value) {
        ObjectNode out = envelope(topic, correlationId, path);
        if (value != null) {
            out.set("value", value);
        }
        out.put("status", status);
        return out;
    }

    /**
     * Ditto's error envelope: the thing's {@code errors} topic ({@code _/_} when none is known), path {@code /}, the
     * error JSON as value and its status.
     */
    static ObjectNode error(Optional<TwinId> thing, String correlationId, DayuanException e) {
        String topic = Topic.of(thing.map(TwinId::namespace).orElse(Topic.NONE),
                thing.map(TwinId::name).orElse(Topic.NONE), Topic.Criterion.ERRORS, "");
        return response(topic, correlationId, JsonPointer.empty(), e.status(), e.toJson());
    }

    /**
     * A twin event as Ditto's {@code things/twin/events/<type>}: path and value as in the event, its revision and
     * timestamp, and {@code extra} fields read from the twin after it when asked.
     */
    static ObjectNode event(TwinEvent event, Optional<Twin> after, Optional<FieldSelector> extraFields) {
        TwinId id = event.thingId();
        ObjectNode out = Http.MAPPER.createObjectNode();
        out.put("topic", Topic.of(id.namespace(), id.name(), Topic.Criterion.EVENTS, event.type().jsonName()));
        ObjectNode headers = out.putObject("headers");
        headers.put(CONTENT_TYPE, event.type() == TwinEvent.Type.MERGED ? MERGE_PATCH_JSON : JSON);
        out.put("path", path(event.path()));
        if (event.value() != null) {
            out.set("value", wholeThing(event) ? withThingId(id, (ObjectNode) event.value()) : event.value());
        }
        if (extraFields.isPresent() && after.isPresent()) {
            out.set("extra", extraFields.get().apply(withNamespace(after.get())));
        }
        out.put("revision", event.revision());
        out.put("timestamp", event.timestamp().toString());
        return out;
    }

    /** A write of the whole thing: Ditto's event carries the thing with its id, which Ditto's client reads. */
    private static boolean wholeThing(TwinEvent event) {
        return event.path().isEmpty() && event.value().isObject() && !event.value().has(Twin.THING_ID);
    }

    private static ObjectNode withThingId(TwinId id, ObjectNode thing) {
        ObjectNode out = Http.MAPPER.createObjectNode();
        out.put(Twin.THING_ID, id.toString());
        out.setAll(thing);
        return out;
    }

    /** The twin with its read-only fields, as a {@code fields} selection sees it. */
    static ObjectNode withNamespace(Twin twin) {
        ObjectNode all = twin.toJsonWithMeta();
        all.put(Twin.NAMESPACE, twin.id().namespace());
        return all;
    }

    /** Ditto writes the root path as {@code /}. */
    static String path(JsonPointer pointer) {
        return pointer.isEmpty() ? "/" : pointer.toString();
    }

    private static ObjectNode envelope(String topic, String correlationId, JsonPointer path) {
        ObjectNode out = Http.MAPPER.createObjectNode();
        out.put("topic", topic);
        ObjectNode headers = out.putObject("headers");
        headers.put(CORRELATION_ID, correlationId);
        headers.put(CONTENT_TYPE, JSON);
        out.put("path", path(path));
        return out;
    }
}
