package org.dayuan.twin.http;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;

/**
 * What one change stream wants and how it shows an event, as Ditto's SSE does: the changed part of the thing (at
 * the streamed resource), narrowed by {@code fields} and enriched by {@code extraFields} from the twin's state
 * after the change. Only twins the caller may see are streamed, live or replayed. Dayuan adds deletions of whole
 * twins as {@code {"thingId":…,"_deleted":true}}.
 */
record StreamSelection(Caller caller, Set<TwinId> ids, Set<String> namespaces, JsonPointer resource,
                       Optional<Predicate<Twin>> filter, Optional<FieldSelector> fields,
                       Optional<FieldSelector> extraFields) {

    /**
     * Whether the event may be for this stream, judged from the event alone (caller, ids, namespaces, resource):
     * cheap, so events for others are dropped before they are queued or a twin's state is looked up for them.
     */
    boolean concerns(TwinEvent e) {
        return caller.sees(e.thingId()) && (ids.isEmpty() || ids.contains(e.thingId()))
                && (namespaces.isEmpty() || namespaces.contains(e.thingId().namespace()))
                && (resource.isPrefixOf(e.path()) || e.path().isPrefixOf(resource));
    }

    /** The payload for this stream, or empty when the event is not for it. */
    Optional<ObjectNode> render(TwinEvent e, Optional<Twin> after) {
        if (!concerns(e)) {
            return Optional.empty();
        }
        if (filter.isPresent() && (after.isEmpty() || !filter.get().test(after.get()))) {
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
