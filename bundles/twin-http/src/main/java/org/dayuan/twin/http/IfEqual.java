package org.dayuan.twin.http;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.WriteCondition;

/**
 * Ditto's {@code if-equal} header: what a PUT or PATCH does when it would leave the resource as it is.
 * {@code update} (the default) writes anyway, a new revision and an event; {@code skip} and
 * {@code skip-minimizing-merge} refuse it with Ditto's 412, so nothing is written and no event is sent. The test runs
 * inside the registry's write lock ({@link #forPut}, {@link #forMerge}), so it sees the state the write would change.
 * Dayuan applies a merge that changes something as sent, also under {@code skip-minimizing-merge}: the state after
 * it is the same as after Ditto's minimised merge, only the event carries the whole patch.
 */
enum IfEqual {
    UPDATE, SKIP, SKIP_MINIMIZING_MERGE;

    static final String HEADER = "if-equal";
    static final ErrorCode HEADER_INVALID = new ErrorCode("header.invalid", 400,
            "Verify that the header has the correct syntax and try again.");

    /** The header's value; {@link #UPDATE} when absent, Ditto's 400 for another value. */
    static IfEqual parse(String value) {
        if (value == null) {
            return UPDATE;
        }
        for (IfEqual e : values()) {
            if (e.option().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw HEADER_INVALID.exception("The value '" + value + "' of the header '" + HEADER + "' is not a valid"
                + " if-equal option.", "Verify that the value of the header '" + HEADER + "' is one of 'update',"
                + " 'skip' or 'skip-minimizing-merge' and try again.");
    }

    String option() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Refuses a PUT of {@code value} at {@code path} that would change nothing. */
    WriteCondition forPut(JsonPointer path, JsonNode value) {
        if (this == UPDATE) {
            return WriteCondition.NONE;
        }
        return (twin, current) -> {
            if (twin.isPresent() && current.isPresent() && current.get().equals(asWritten(twin.get(), path, value))) {
                throw equal();
            }
        };
    }

    /** Refuses a merge {@code patch} at {@code path} that would change nothing. */
    WriteCondition forMerge(JsonNode patch) {
        if (this == UPDATE) {
            return WriteCondition.NONE;
        }
        return (twin, current) -> {
            if (current.isPresent() && unchangedBy(current.get(), patch)) {
                throw equal();
            }
        };
    }

    /**
     * The value as the twin would hold it: a whole thing's PUT may leave out the thingId, which the path gives, and
     * is compared with the thing's regular fields (the current value at the empty path has no {@code _} fields).
     */
    private static JsonNode asWritten(Twin twin, JsonPointer path, JsonNode value) {
        if (!path.isEmpty() || !value.isObject() || value.has(Twin.THING_ID)) {
            return value;
        }
        ObjectNode withId = ((ObjectNode) value).deepCopy();
        withId.put(Twin.THING_ID, twin.id().toString());
        return withId;
    }

    /** Whether RFC 7396 merging {@code patch} into {@code target} gives {@code target} back. */
    static boolean unchangedBy(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.equals(target);
        }
        if (target == null || !target.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode now = target.get(e.getKey());
            boolean same = e.getValue().isNull() ? now == null : now != null && unchangedBy(now, e.getValue());
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static RuntimeException equal() {
        return ErrorCode.PRECONDITION_FAILED.exception("The previous value was equal to the new value and the"
                + " 'if-equal' header was set to 'skip'.", "Your changes were not applied, which is probably the"
                + " expected outcome.");
    }
}
