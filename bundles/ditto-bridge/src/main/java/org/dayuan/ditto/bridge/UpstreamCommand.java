package org.dayuan.ditto.bridge;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;

/**
 * What the upstream is told for one county event: put the twin's whole state, or delete the twin. Sending the state
 * rather than the event's delta makes every command idempotent: sent twice, or after a newer one was lost, it leaves
 * the upstream copy equal to the county's state at {@code revision}. The state carries attribute
 * {@value #SOURCE_ATTRIBUTE} ({@code {"instance": <source>, "revision": <county revision>}}) so that anyone, the bridge
 * included, can tell which county revision an upstream copy holds. {@code seq} is the journal position the command
 * acknowledges, or {@link #NO_SEQ} for a put of a full resync, which acknowledges no single event.
 */
public record UpstreamCommand(Kind kind, TwinId id, long revision, long seq, ObjectNode thing) {
    /** The attribute recording which county instance and revision an upstream copy holds. */
    public static final String SOURCE_ATTRIBUTE = "dayuanSource";
    public static final String SOURCE_INSTANCE = "instance";
    public static final String SOURCE_REVISION = "revision";
    public static final long NO_SEQ = -1;

    public enum Kind { PUT, DELETE }

    public UpstreamCommand {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if ((kind == Kind.PUT) != (thing != null)) {
            throw new IllegalArgumentException("A " + kind + (thing == null ? " needs" : " takes no") + " thing.");
        }
    }

    /**
     * The command for {@code event} with the twin's state {@code after} it: a deletion of the whole twin, or an event
     * replayed after the twin was deleted, deletes it upstream; anything else puts the state.
     */
    public static UpstreamCommand of(TwinEvent event, Optional<Twin> after, String source) {
        if (event.deletesTwin() || after.isEmpty()) {
            return new UpstreamCommand(Kind.DELETE, event.thingId(), event.revision(), event.seq(), null);
        }
        return put(after.get(), event.seq(), source);
    }

    /** Deletes the upstream copy of {@code id} as a full resync does, acknowledging no single event. */
    public static UpstreamCommand delete(TwinId id) {
        return new UpstreamCommand(Kind.DELETE, id, 0, NO_SEQ, null);
    }

    /** Puts {@code twin}'s state, acknowledging journal position {@code seq} once done. */
    public static UpstreamCommand put(Twin twin, long seq, String source) {
        ObjectNode thing = twin.toJson();
        // the county's policy does not exist upstream: the upstream applies its own (Ditto creates a default one)
        thing.remove(Twin.POLICY_ID);
        ObjectNode attributes = thing.with(Twin.ATTRIBUTES);
        attributes.putObject(SOURCE_ATTRIBUTE).put(SOURCE_INSTANCE, source).put(SOURCE_REVISION, twin.revision());
        return new UpstreamCommand(Kind.PUT, twin.id(), twin.revision(), seq, thing);
    }
}
