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
 * What one change stream wants and how it shows an event, exactly as Ditto's SSE does. On the things collection or
 * one thing, an event is the changed part of the thing with its {@code thingId}, enriched by {@code extraFields} from
 * the twin's state after the change and then narrowed by {@code fields}; a removal shows as {@code {"thingId":…}}
 * alone (Ditto drops removed members). On a sub-resource an event is the changed value at that resource, as the
 * resource's GET would show it, and removals are not sent. Dayuan's extras come only when {@code fields} names them:
 * {@code _revision}, {@code _modified}, {@code _namespace} as Ditto allows for special fields, and {@code _deleted},
 * which shows removals as {@code null} (a JSON merge patch) and a deleted twin as {@code {"thingId":…,"_deleted":true}},
 * also to filtered streams that showed the twin. Ditto ignores {@code fields} on a sub-resource; Dayuan reads it
 * there as a selection from {@code {thingId, path, value, _revision, _modified, _namespace, _deleted}}.
 * Which events reach the stream ({@code caller}'s scope, ids, namespaces, filter) the twin subscriptions decide.
 */
record StreamSelection(Caller caller, EventSelection events, JsonPointer resource, Optional<FieldSelector> fields,
                       Optional<FieldSelector> extraFields) {

    /** The field naming Dayuan's deletion notices: not a member of any thing, so Ditto clients never ask for it. */
    static final String DELETED = "_deleted";

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

    /** The payload for this stream, or empty when the event is not for it or shows nothing of it. */
    Optional<JsonNode> render(TwinEvent e, Optional<Twin> after) {
        if (!concerns(e)) {
            return Optional.empty();
        }
        boolean removals = wantsDeletions();
        ObjectNode thing = JsonNodeFactory.instance.objectNode();
        thing.put(Twin.THING_ID, e.thingId().toString());
        if (!e.deletesTwin()) {
            // as Ditto: a deletion shows nothing of the thing, a merge patch without its nulls
            if (removals) {
                mergeInto(thing, atRoot(e));
            } else if (e.type() != TwinEvent.Type.DELETED) {
                mergeInto(thing, ThingsServlet.withoutNulls(atRoot(e)));
            }
            if (extraFields.isPresent() && after.isPresent()) {
                mergeInto(thing, extraFields.get().apply(full(after.get())));
            }
        }
        if (resource.isEmpty()) {
            if (fields.isEmpty()) {
                return Optional.of(thing);
            }
            return nonEmpty(fields.get().apply(withMeta(thing, e, removals)));
        }
        JsonNode value = valueAt(thing);
        if (fields.isEmpty()) {
            return Optional.ofNullable(value);
        }
        ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
        wrapper.put(Twin.THING_ID, e.thingId().toString());
        wrapper.put("path", resource.toString());
        if (value != null) {
            wrapper.set("value", value);
        } else if (!removals) {
            return Optional.empty();
        } else if (!e.deletesTwin() && e.type() != TwinEvent.Type.MERGED) {
            wrapper.set("value", NullNode.getInstance()); // replaced or deleted from above the resource
        } else if (!e.deletesTwin()) {
            return Optional.empty(); // a merge beside the resource
        }
        return nonEmpty(fields.get().apply(withMeta(wrapper, e, removals)));
    }

    /** Whether {@code fields} names {@code _deleted}: the client wants removals and deleted twins shown. */
    boolean wantsDeletions() {
        return fields.map(f -> f.pointers().stream().anyMatch(p -> p.size() == 1 && DELETED.equals(p.get(0))))
                .orElse(false);
    }

    private static Optional<JsonNode> nonEmpty(ObjectNode selected) {
        return selected.isEmpty() ? Optional.empty() : Optional.of(selected);
    }

    /** The thing's members at the streamed resource, or {@code null} when the change shows nothing there. */
    private JsonNode valueAt(ObjectNode thing) {
        JsonNode inside = thing;
        for (int i = 0; i < resource.size() && inside != null; i++) {
            inside = inside.isObject() ? inside.get(resource.get(i)) : null;
        }
        return inside;
    }

    /** The change as members of the thing; {@code null} stands for "removed", as in a merge patch. */
    private static ObjectNode atRoot(TwinEvent e) {
        JsonNode wrapped = switch (e.type()) {
            case DELETED -> NullNode.getInstance();
            case CREATED -> stripId(e.value());
            default -> e.value();
        };
        for (int i = e.path().size() - 1; i >= 0; i--) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.set(e.path().get(i), wrapped);
            wrapped = o;
        }
        return (ObjectNode) wrapped; // a change at the root is a whole thing or a merge patch of one
    }

    private static JsonNode stripId(JsonNode created) {
        ObjectNode copy = ((ObjectNode) created).deepCopy();
        copy.remove(Twin.THING_ID);
        return copy;
    }

    private static ObjectNode withMeta(ObjectNode partial, TwinEvent e, boolean removals) {
        ObjectNode all = partial.deepCopy();
        all.put(Twin.REVISION, e.revision());
        all.put(Twin.MODIFIED, e.timestamp().toString());
        all.put(Twin.NAMESPACE, e.thingId().namespace());
        if (removals && e.deletesTwin()) {
            all.put(DELETED, true);
        }
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
