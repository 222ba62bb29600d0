package org.dayuan.twin.core;

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
