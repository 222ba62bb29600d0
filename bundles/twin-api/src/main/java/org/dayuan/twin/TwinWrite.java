package org.dayuan.twin;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One write of a batch that {@link TwinRegistry#writeAll} applies as a whole: what {@code put}, {@code merge} or
 * {@code delete} take, with the condition checked against the state the batch's earlier writes left.
 */
public record TwinWrite(Op op, TwinId id, JsonPointer path, JsonNode value, WriteCondition condition) {
    public enum Op { PUT, MERGE, DELETE }

    public TwinWrite {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        if ((op == Op.DELETE) != (value == null)) {
            throw new IllegalArgumentException("A " + op + " " + (value == null ? "needs" : "takes no") + " value.");
        }
        condition = condition == null ? WriteCondition.NONE : condition;
    }

    /** Creates the twin; refused with {@link ErrorCode#THING_CONFLICT} when the id is taken. */
    public static TwinWrite create(TwinId id, ObjectNode thing) {
        return new TwinWrite(Op.PUT, id, JsonPointer.empty(), thing, (twin, value) -> {
            if (twin.isPresent()) {
                throw ErrorCode.THING_CONFLICT.exception("The Thing with ID '" + id + "' already exists.");
            }
        });
    }

    public static TwinWrite put(TwinId id, JsonPointer path, JsonNode value) {
        return new TwinWrite(Op.PUT, id, path, value, WriteCondition.NONE);
    }

    /** An RFC 7396 merge patch at {@code path}; the twin must exist (or be created earlier in the batch). */
    public static TwinWrite merge(TwinId id, JsonPointer path, JsonNode patch) {
        return new TwinWrite(Op.MERGE, id, path, patch, WriteCondition.NONE);
    }

    /** Deletes what is at {@code path}; a whole twin only when it has no children (a batch never recurses). */
    public static TwinWrite delete(TwinId id, JsonPointer path) {
        return new TwinWrite(Op.DELETE, id, path, null, WriteCondition.NONE);
    }

    /** This write, refused unless {@code check} passes against the twin as the batch has left it so far. */
    public TwinWrite when(WriteCondition check) {
        return new TwinWrite(op, id, path, value, check);
    }
}
