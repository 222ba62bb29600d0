package org.dayuan.twin.core.history;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinEvent;

/**
 * Which events write a value: an event writes the value at a pointer when it replaces, removes or changes something
 * at or below it. A write elsewhere in the twin, or a merge patch that leaves the pointer out, does not; so a time
 * series counts each reading a device sent, not each change of the twin.
 */
final class Writes {
    private Writes() {
    }

    static boolean touches(TwinEvent e, JsonPointer pointer) {
        JsonPointer at = e.path();
        if (pointer.isPrefixOf(at)) {
            return true;
        }
        if (!at.isPrefixOf(pointer)) {
            return false;
        }
        return e.type() != TwinEvent.Type.MERGED || reaches(e.value(), pointer.dropFirst(at.size()));
    }

    /** Whether an RFC 7396 patch applied above {@code rest} changes what is at {@code rest}. */
    private static boolean reaches(JsonNode patch, JsonPointer rest) {
        JsonNode node = patch;
        for (String segment : rest.segments()) {
            if (node == null) {
                return false;
            }
            if (!node.isObject()) {
                return true;
            }
            node = node.get(segment);
        }
        return node != null;
    }
}
