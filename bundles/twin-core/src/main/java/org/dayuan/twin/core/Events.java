package org.dayuan.twin.core;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;

/**
 * Applies one event to a twin. The live write path and recovery both go through here, so a twin rebuilt from the
 * journal is exactly the twin that was acknowledged.
 */
final class Events {
    private Events() {
    }

    /** The twin after {@code e}; {@code null} when {@code e} deletes it. {@code before} is null for a creation. */
    static Twin apply(Twin before, TwinEvent e) {
        if (e.type() == TwinEvent.Type.CREATED) {
            return Twin.of(e.thingId(), e.value(), e.revision(), e.timestamp(), e.timestamp());
        }
        if (before == null) {
            throw ErrorCode.INTERNAL.exception("Event " + e.seq() + " changes the missing twin " + e.thingId());
        }
        if (e.deletesTwin()) {
            return null;
        }
        Optional<Twin> shared = inPlace(before, e);
        return shared.isPresent() ? shared.get() : whole(before, e);
    }

    /**
     * A put, or a merge of an object, inside attributes or properties, made by {@link Twin#with}: the twin's other
     * parts are shared, not copied and checked again. What {@link #whole} would make, to the byte.
     */
    private static Optional<Twin> inPlace(Twin before, TwinEvent e) {
        if (e.path().isEmpty() || e.value() == null) {
            return Optional.empty();
        }
        JsonNode value = switch (e.type()) {
            case MODIFIED -> e.value();
            // RFC 7396 at the path is the merge of the patch into what is there, set there: unless the patch is null,
            // which removes what is there
            case MERGED -> e.value().isNull() ? null
                    : ThingJson.mergePatch(before.get(e.path()).orElse(null), e.value());
            default -> null;
        };
        return value == null ? Optional.empty() : before.with(e.path(), value, e.revision(), e.timestamp());
    }

    /** The twin after {@code e}, by editing a copy of the whole Thing JSON and checking all of it. */
    static Twin whole(Twin before, TwinEvent e) {
        var json = before.toJson();
        JsonNode after = switch (e.type()) {
            case MODIFIED -> e.path().isEmpty() ? e.value() : ThingJson.put(json, e.path(), e.value());
            case MERGED -> ThingJson.merge(json, e.path(), e.value());
            case DELETED -> ThingJson.remove(json, e.path());
            case CREATED -> throw new IllegalStateException();
        };
        return Twin.of(e.thingId(), after, e.revision(), before.created(), e.timestamp());
    }
}
