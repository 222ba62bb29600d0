package org.dayuan.twin.core;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;

/** Builds the audit record of one planned event from the twin before and after it. */
final class Audits {
    private Audits() {
    }

    static AuditRecord record(Caller caller, TwinEvent e, Twin prior, Twin next) {
        JsonPointer path = e.path();
        JsonNode before = at(prior, path);
        JsonNode after = at(next, path);
        if (e.type() == TwinEvent.Type.MERGED && e.value() != null) {
            // A merge of one reading into a large feature should record the reading, not the whole feature twice.
            before = touched(before, e.value());
            after = touched(after, e.value());
        }
        return new AuditRecord(0, e.timestamp(), caller.subject(), caller.origin(), e.thingId(), e.type(), path,
                e.revision(), before, after, AuditRecord.telemetry(caller));
    }

    private static JsonNode at(Twin twin, JsonPointer path) {
        return twin == null ? null : twin.get(path).orElse(null);
    }

    /** The parts of {@code value} that {@code patch} (RFC 7396) names; null where {@code value} has nothing. */
    static JsonNode touched(JsonNode value, JsonNode patch) {
        if (value == null || !patch.isObject() || !value.isObject()) {
            return value;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode part = touched(value.get(f.getKey()), f.getValue());
            if (part != null) {
                out.set(f.getKey(), part);
            }
        }
        return out;
    }
}
