package org.dayuan.twin.http;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.FieldSelector;
import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;

/**
 * What one change stream wants and how it shows an event, as Ditto's SSE does: the changed part of the thing (at
 * the streamed resource), narrowed by {@code fields} and enriched by {@code extraFields} from the twin's state
 * after the change. Which events reach the stream ({@code caller}'s scope, ids, namespaces, filter) the twin
 * subscriptions decide; the stream narrows them to its resource. Dayuan adds deletions of whole twins as
 * {@code {"thingId":…,"_deleted":true}}, also to filtered streams that showed the twin.
 */
record StreamSelection(Caller caller, EventSelection events, JsonPointer resource, Optional<FieldSelector> fields,
                       Optional<FieldSelector> extraFields) {

    /** Whether the event touches the streamed resource: cheap, so others are dropped before they are queued. */
    boolean concerns(TwinEvent e) {
        return resource.isPrefixOf(e.path()) || e.path().isPrefixOf(resource);
    }

    /**
     * Whether a past change (a historical stream's) is selected: the ids, namespaces and types, and the filter on the
     * twin after it, or, for a deletion of the whole twin, whatever the filter.
     */
    boolean selectsPast(TwinEvent e, Optional<Twin> after) {
        return events.selects(e) && (e.deletesTwin() || events.filter().isEmpty()
                || after.map(events.filter().get()::test).orElse(false));
    }

    /** The payload for this stream, or empty when the event is not for it. */
    Optional<ObjectNode> render(TwinEvent e, Optional<Twin> after) {
        if (!concerns(e)) {
            return Optional.empty();
        }
        ObjectNode partial = JsonNodeFactory.instance.objectNode();
        partial.put(Twin.THING_ID, e.thingId().toString());
        if (e.deletesTwin()) {
            partial.put("_deleted", true);
            return Optional.of(partial);
        }
        JsonNode changed = changedAtResource(e);
        if (resource.isEmpty()) {
            changed.fields().forEachRemaining(f -> partial.set(f.getKey(), f.getValue()));
        } else {
            partial.set("value", changed);
            partial.put("path", resource.toString());
        }
        partial.put(Twin.REVISION, e.revision());
        partial.put(Twin.MODIFIED, e.timestamp().toString());
        ObjectNode out = fields.map(f -> f.apply(withMeta(partial, e))).orElse(partial);
        if (extraFields.isPresent() && after.isPresent()) {
            ObjectNode extra = extraFields.get().apply(full(after.get()));
            mergeInto(out, extra);
        }
        return Optional.of(out);
    }

    /** The change as it looks from the streamed resource; {@code null} stands for "removed", as in a merge patch. */
    private JsonNode changedAtResource(TwinEvent e) {
        JsonNode value = switch (e.type()) {
            case DELETED -> NullNode.getInstance();
            case CREATED -> stripId(e.value());
            default -> e.value();
        };
        if (e.path().size() >= resource.size()) {
            JsonNode wrapped = value;
            for (int i = e.path().size() - 1; i >= resource.size(); i--) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.set(e.path().get(i), wrapped);
                wrapped = o;
            }
            return wrapped;
        }
        JsonNode inside = value;
        for (int i = e.path().size(); i < resource.size() && inside != null; i++) {
            inside = inside.isObject() ? inside.get(resource.get(i)) : null;
        }
        return inside == null ? NullNode.getInstance() : inside;
    }

    private static JsonNode stripId(JsonNode created) {
        ObjectNode copy = ((ObjectNode) created).deepCopy();
        copy.remove(Twin.THING_ID);
        return copy;
    }

    private static ObjectNode withMeta(ObjectNode partial, TwinEvent e) {
        ObjectNode all = partial.deepCopy();
        all.put(Twin.NAMESPACE, e.thingId().namespace());
        return all;
    }

    private static ObjectNode full(Twin twin) {
        ObjectNode all = twin.toJsonWithMeta();
        all.put(Twin.NAMESPACE, twin.id().namespace());
        return all;
    }

    /** Adds what {@code extra} has that {@code out} lacks, without replacing the changed values. */
    private static void mergeInto(ObjectNode out, ObjectNode extra) {
        extra.fields().forEachRemaining(f -> {
            JsonNode mine = out.get(f.getKey());
            if (mine == null) {
                out.set(f.getKey(), f.getValue());
            } else if (mine.isObject() && f.getValue().isObject()) {
                mergeInto((ObjectNode) mine, (ObjectNode) f.getValue());
            }
        });
    }
}
