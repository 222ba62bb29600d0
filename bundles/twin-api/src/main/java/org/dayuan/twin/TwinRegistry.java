package org.dayuan.twin;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The registry of twins: the one path through which every read and write goes, whatever its source. Reads are
 * served from memory; a write returns only after it is durable, and emits exactly one event per changed twin.
 * Paths are JSON pointers into the Thing JSON ({@code /attributes/area}, {@code /features/power/properties/kw}).
 */
@ProviderType
public interface TwinRegistry {

    /**
     * Who the bundle holding this registry is: the roles and organisation scopes {@code etc/org.dayuan.identities.cfg}
     * grants it ({@code bundle.<symbolic-name> = ...}), its symbolic name as subject unless the file names one, origin
     * {@code bundle <symbolic-name>}. Looked up at every call, so an edit of that file takes effect at once; a bundle
     * not listed there is a caller with no role and no scope, which sees and changes nothing.
     *
     * <p>Every call through the registry's services is bounded by that grant ({@link Caller#within}), whatever Caller
     * it passes: a bundle acting for logged-in users passes theirs, a bundle acting for itself passes this one.
     */
    Caller identity();

    Optional<Twin> get(Caller caller, TwinId id);

    /** The twins among {@code ids} that exist, in the order asked. */
    List<Twin> getAll(Caller caller, Collection<TwinId> ids);

    /** Every twin, sorted by thingId. */
    List<Twin> list(Caller caller);

    /** Creates a twin; {@link ErrorCode#THING_CONFLICT} when the id is taken. */
    Twin create(Caller caller, TwinId id, ObjectNode thing);

    /** Puts {@code value} at {@code path}; the empty path creates or replaces the whole twin. */
    WriteResult put(Caller caller, TwinId id, JsonPointer path, JsonNode value, WriteCondition condition);

    /** Applies an RFC 7396 merge patch at {@code path}; the twin must exist. */
    WriteResult merge(Caller caller, TwinId id, JsonPointer path, JsonNode patch, WriteCondition condition);

    /**
     * Deletes what is at {@code path}; the empty path deletes the twin, which is refused with
     * {@link ErrorCode#HAS_CHILDREN} when it has children unless {@code recursive}.
     */
    WriteResult delete(Caller caller, TwinId id, JsonPointer path, WriteCondition condition, boolean recursive);

    /**
     * Applies {@code writes} in order as one change: each is checked and planned as {@code put}, {@code merge} or
     * {@code delete} would be, against the state the writes before it left (its condition included). If any is
     * refused, nothing changes and the refusal is thrown; otherwise every event is journalled in one commit and
     * becomes visible at once, so no reader ever sees half of it, also across a crash. Returns one result per write;
     * each result's twin is that twin after the whole batch.
     */
    List<WriteResult> writeAll(Caller caller, List<TwinWrite> writes);

    /**
     * Checks {@code writes} exactly as {@link #writeAll} would, and writes nothing: the refusal {@code writeAll} would
     * throw now is thrown, otherwise each result holds the twin as the batch would leave it and the events it would
     * journal, without journal positions. A batch that passes may still be refused by a later {@code writeAll} if
     * another writer changed its twins in between.
     */
    List<WriteResult> checkAll(Caller caller, List<TwinWrite> writes);

    /** Ids of the twins whose {@code parent} attribute is {@code id}, sorted. */
    List<TwinId> children(Caller caller, TwinId id);

    /** How many twins there are. */
    int count(Caller caller);
}
