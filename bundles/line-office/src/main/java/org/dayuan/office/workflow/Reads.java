package org.dayuan.office.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dayuan.office.OfficeRoom;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;

/**
 * The twins a step reads as the caller (so a room the user cannot see is not found), each remembered at the revision
 * it was read: the store writes a step only if every twin it read is still at that revision, so a step is never
 * judged on one state and written over another.
 */
public final class Reads {
    private final TwinRegistry registry;
    private final Caller caller;
    private final Map<TwinId, Long> revisions = new LinkedHashMap<>();

    public Reads(TwinRegistry registry, Caller caller) {
        this.registry = registry;
        this.caller = caller;
    }

    public Optional<Twin> find(TwinId id) {
        Optional<Twin> twin = registry.get(caller, id);
        twin.ifPresent(t -> revisions.put(t.id(), t.revision()));
        return twin;
    }

    /** The room {@code id}: 404 when there is none the caller sees. */
    public OfficeRoom room(TwinId id) {
        return find(id).filter(OfficeRoom::isRoom).map(OfficeRoom::of).orElseThrow(() ->
                ErrorCode.THING_NOT_FOUND.exception("There is no room " + id + "."));
    }

    /** The twin {@code id} of model {@code definition}: 404 naming {@code what} when there is none the caller sees. */
    public Twin twin(TwinId id, String definition, String what) {
        return find(id).filter(t -> t.definition().filter(definition::equals).isPresent()).orElseThrow(() ->
                ErrorCode.THING_NOT_FOUND.exception("There is no " + what + " " + id + "."));
    }

    public List<TwinId> children(TwinId id) {
        return new ArrayList<>(registry.children(caller, id));
    }

    /** The revision {@code id} was read at, if it was read. */
    public Optional<Long> revision(TwinId id) {
        return Optional.ofNullable(revisions.get(id));
    }
}
