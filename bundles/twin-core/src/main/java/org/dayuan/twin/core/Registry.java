package org.dayuan.twin.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.NestingLimit;
import org.dayuan.twin.ThingPaths;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;
import org.dayuan.twin.spi.TwinJournal;

/**
 * The registry proper, free of OSGi: twins in memory, every write validated, journalled and only then applied and
 * announced.
 *
 * <p>Locking: a write holds the shared side of {@code cut} (so a snapshot sees a consistent state), the lock of its
 * twin, and, when it can change the containment tree (creation, deletion, anything that may touch
 * {@code attributes/parent}), the tree lock first. Locks are held until the journal has committed, so a second
 * write to the same twin always sees the first one; writes to different twins are committed together.
 */
public final class Registry implements TwinRegistry {
    private static final int STRIPES = 1024;
    private static final long COMMIT_TIMEOUT_SECONDS = 30;
    private static final JsonPointer PARENT = JsonPointer.of(Twin.ATTRIBUTES, Twin.PARENT);

    private final TwinJournal journal;
    private final BiConsumer<TwinEvent, Optional<Twin>> announcer;
    private final int maxThingBytes;
    private final Map<TwinId, Twin> twins = new ConcurrentHashMap<>();
    private final Map<TwinId, Set<TwinId>> children = new ConcurrentHashMap<>();
    private final Lock[] stripes = new Lock[STRIPES];
    private final Lock treeLock = new ReentrantLock();
    private final ReentrantReadWriteLock cut = new ReentrantReadWriteLock();
    private final AtomicLong lastSeq = new AtomicLong();
    private final AtomicLong eventsSinceSnapshot = new AtomicLong();
    private final List<StateListener> stateListeners = new CopyOnWriteArrayList<>();
    private final List<TwinValidator> validators = new CopyOnWriteArrayList<>();
    private final List<Announcer> followers = new CopyOnWriteArrayList<>();

    /**
     * @param journal       where events are made durable
     * @param announcer     called with each event after it is durable and applied
     * @param maxThingBytes the largest a twin may grow, as serialized JSON
     */
    public Registry(TwinJournal journal, Consumer<TwinEvent> announcer, int maxThingBytes) {
        this(journal, (event, after) -> announcer.accept(event), maxThingBytes);
    }

    /**
     * @param announcer     called with each event and the twin right after it, once durable and applied
     * @param maxThingBytes the largest a twin may grow, as serialized JSON
     */
    public Registry(TwinJournal journal, BiConsumer<TwinEvent, Optional<Twin>> announcer, int maxThingBytes) {
        this.journal = journal;
        this.announcer = announcer;
        this.maxThingBytes = maxThingBytes;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Rebuilds the state from the latest snapshot and the journal after it; returns the number of events replayed. */
    public long recover() {
        TwinJournal.Snapshot snapshot = journal.latestSnapshot();
        for (Twin t : snapshot.twins()) {
            twins.put(t.id(), t);
        }
        lastSeq.set(snapshot.seq());
        long[] replayed = {0};
        journal.replay(snapshot.seq(), e -> {
            Twin after = Events.apply(twins.get(e.thingId()), e);
            if (after == null) {
                twins.remove(e.thingId());
            } else {
                twins.put(e.thingId(), after);
            }
            lastSeq.set(e.seq());
            replayed[0]++;
        });
        twins.values().forEach(t -> t.parent().ifPresent(p -> childrenOf(TwinId.of(p)).add(t.id())));
        eventsSinceSnapshot.set(replayed[0]);
        return replayed[0];
    }

    /** Adds a listener, first handing it the current state; no change is missed or seen twice. */
    public void addStateListener(StateListener listener) {
        cut.writeLock().lock();
        try {
            listener.reset(List.copyOf(twins.values()));
            stateListeners.add(listener);
        } finally {
            cut.writeLock().unlock();
        }
    }

    public void removeStateListener(StateListener listener) {
        stateListeners.remove(listener);
    }

    /** Adds a check every later write must pass. */
    public void addValidator(TwinValidator validator) {
        validators.add(validator);
    }

    public void removeValidator(TwinValidator validator) {
        validators.remove(validator);
    }

    /**
     * Adds a follower of every durable change, told with the twin before and after it, in journal order, on the
     * journal's writer thread: it must hand the work to its own thread at once.
     */
    public void addFollower(Announcer follower) {
        followers.add(follower);
    }

    public void removeFollower(Announcer follower) {
        followers.remove(follower);
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    @Override
    public Optional<Twin> get(Caller caller, TwinId id) {
        return caller.sees(id) ? Optional.ofNullable(twins.get(id)) : Optional.empty();
    }

    @Override
    public List<Twin> getAll(Caller caller, Collection<TwinId> ids) {
        List<Twin> out = new ArrayList<>(ids.size());
        for (TwinId id : ids) {
            Twin t = twins.get(id);
            if (t != null && caller.sees(id)) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public List<Twin> list(Caller caller) {
        List<Twin> out = new ArrayList<>(twins.size());
        for (Twin t : twins.values()) {
            if (caller.sees(t.id())) {
                out.add(t);
            }
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    @Override
    public List<TwinId> children(Caller caller, TwinId id) {
        if (!twins.containsKey(id) || !caller.sees(id)) {
            throw ThingPaths.notFound(id, JsonPointer.empty());
        }
        Set<TwinId> c = children.get(id);
        return c == null ? List.of() : c.stream().filter(caller::sees).toList();
    }

    @Override
    public int count(Caller caller) {
        if (caller.seesAll()) {
            return twins.size();
        }
        int n = 0;
        for (TwinId id : twins.keySet()) {
            if (caller.sees(id)) {
                n++;
            }
        }
        return n;
    }

    // ---- writes -----------------------------------------------------------------------------------------------

    @Override
    public Twin create(Caller caller, TwinId id, ObjectNode thing) {
        WriteResult r = put(caller, id, JsonPointer.empty(), thing, (twin, value) -> {
            if (twin.isPresent()) {
                throw ErrorCode.THING_CONFLICT.exception("The Thing with ID '" + id + "' already exists.");
            }
        });
        return r.twin().orElseThrow();
    }

    @Override
    public WriteResult put(Caller caller, TwinId id, JsonPointer path, JsonNode value, WriteCondition condition) {
        caller.checkWrite(id, path);
        return write(caller, id, isStructural(path), before -> {
            Optional<JsonNode> current = before == null ? Optional.empty() : before.get(path);
            condition.check(Optional.ofNullable(before), current);
            if (before == null) {
                if (!path.isEmpty()) {
                    throw ThingPaths.notFound(id, JsonPointer.empty());
                }
                return List.of(event(TwinEvent.Type.CREATED, id, path,
                        Twin.of(id, value, 1, Instant.EPOCH, Instant.EPOCH).toJson(), 1, caller));
            }
            requireFeatureFor(before, path);
            return List.of(event(TwinEvent.Type.MODIFIED, id, path, value, before.revision() + 1, caller));
        });
    }

    @Override
    public WriteResult merge(Caller caller, TwinId id, JsonPointer path, JsonNode patch, WriteCondition condition) {
        caller.checkWrite(id, path);
        return write(caller, id, isStructural(path), existing(id, before -> {
            if (path.isEmpty() && !patch.isObject()) {
                throw ErrorCode.THING_INVALID.exception("A merge patch of a whole thing must be a JSON object.");
            }
            if (!caller.may(Caller.Access.WRITE)) {
                // Telemetry writes into features that exist; only a full writer's merge may create one.
                requireFeatureFor(before, path);
            }
            condition.check(Optional.of(before), before.get(path));
            return List.of(event(TwinEvent.Type.MERGED, id, path, patch, before.revision() + 1, caller));
        }));
    }

    @Override
    public WriteResult delete(Caller caller, TwinId id, JsonPointer path, WriteCondition condition, boolean recursive) {
        caller.checkWrite(id, path);
        return write(caller, id, isStructural(path), existing(id, before -> {
            Optional<JsonNode> current = before.get(path);
            if (current.isEmpty()) {
                throw ThingPaths.notFound(id, path);
            }
            condition.check(Optional.of(before), current);
            if (!path.isEmpty()) {
                return List.of(event(TwinEvent.Type.DELETED, id, path, null, before.revision() + 1, caller));
            }
            List<TwinId> doomed = new ArrayList<>();
            collectDescendants(id, doomed);
            // The answers name no twin and no namespace the caller may not see, and count only what it sees.
            boolean hidden = doomed.stream().anyMatch(d -> !caller.sees(d));
            if (!doomed.isEmpty() && !recursive) {
                long visible = doomed.stream().filter(caller::sees).count();
                String example = doomed.stream().filter(caller::sees).reduce((a, b) -> b)
                        .map(d -> ", e.g. '" + d + "'").orElse("");
                throw ErrorCode.HAS_CHILDREN.exception("The Thing with ID '" + id + "' has "
                        + (hidden ? "descendants you cannot see" + (visible > 0 ? " and " + visible
                        + " you can" + example : "") : doomed.size() + " descendant(s)" + example) + ".");
            }
            if (hidden) {
                throw ErrorCode.THING_NOT_MODIFIABLE.exception("The Thing with ID '" + id + "' has descendants you"
                        + " cannot see; '" + caller.subject() + "' may not delete them.");
            }
            for (TwinId d : doomed) {
                caller.checkWrite(d, JsonPointer.empty());
            }
            doomed.add(id);
            List<TwinEvent> events = new ArrayList<>(doomed.size());
            for (TwinId d : doomed) {
                events.add(event(TwinEvent.Type.DELETED, d, path, null, twins.get(d).revision() + 1, caller));
            }
            return events;
        }));
    }

    /** Descendants of {@code id}, deepest first, so deleting them in this order never orphans a twin. */
    private void collectDescendants(TwinId id, List<TwinId> out) {
        Set<TwinId> c = children.get(id);
        if (c != null) {
            for (TwinId child : c) {
                collectDescendants(child, out);
                out.add(child);
            }
        }
    }

    private interface Planner {
        List<TwinEvent> plan(Twin before);
    }

    /**
     * A planner for writes that need the twin to exist: 404 otherwise. The caller sees it: checkWrite let it write in
     * this namespace, and every role that may write may read.
     */
    private static Planner existing(TwinId id, Planner planner) {
        return before -> {
            if (before == null) {
                throw ThingPaths.notFound(id, JsonPointer.empty());
            }
            return planner.plan(before);
        };
    }

    /**
     * The one write path: under the locks, plan the events against the current state, apply them to copies (which
     * validates them), check containment and size, journal them, and only after the commit make them visible.
     */
    private WriteResult write(Caller caller, TwinId id, boolean structural, Planner planner) {
        cut.readLock().lock();
        if (structural) {
            treeLock.lock();
        }
        List<Lock> held = new ArrayList<>();
        try {
            lock(id, held);
            Twin before = twins.get(id);
            List<TwinEvent> planned = planner.plan(before);
            for (TwinEvent e : planned) {
                if (!e.thingId().equals(id)) {
                    lock(e.thingId(), held);
                }
            }
            Map<TwinId, Twin> after = new LinkedHashMap<>();
            // Each twin as it was before this write, for followers (a deleted twin's last state).
            Map<TwinId, Twin> priors = new HashMap<>();
            List<AuditRecord> audit = new ArrayList<>(planned.size());
            for (TwinEvent e : planned) {
                // Before applying: a value nested too deep fails while being copied or serialised, not as a 400.
                NestingLimit.check(e.path(), e.value());
                Twin prior = after.containsKey(e.thingId()) ? after.get(e.thingId()) : twins.get(e.thingId());
                if (!after.containsKey(e.thingId())) {
                    priors.put(e.thingId(), prior);
                }
                Twin next = Events.apply(prior, e);
                if (next != null) {
                    checkSize(next);
                    checkParent(caller, next, prior);
                    for (TwinValidator v : validators) {
                        v.validate(next);
                    }
                }
                after.put(e.thingId(), next);
                audit.add(Audits.record(caller, e, prior, next));
            }
            TwinEvent first = planned.get(0);
            boolean created = first.type() == TwinEvent.Type.CREATED
                    || first.type() == TwinEvent.Type.MODIFIED && !before.has(first.path());
            // Made visible and announced by the journal's writer, so in exactly the order the events were stored.
            List<TwinEvent> durable = commit(planned, audit, committed -> {
                for (TwinEvent e : committed) {
                    publish(twins.get(e.thingId()), after.get(e.thingId()), e);
                }
                for (TwinEvent e : committed) {
                    Optional<Twin> was = Optional.ofNullable(priors.get(e.thingId()));
                    Optional<Twin> is = Optional.ofNullable(after.get(e.thingId()));
                    followers.forEach(f -> f.announce(e, was, is));
                    announcer.accept(e, is);
                }
            });
            return new WriteResult(Optional.ofNullable(after.get(id)), created, durable);
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            if (structural) {
                treeLock.unlock();
            }
            cut.readLock().unlock();
        }
    }

    private void lock(TwinId id, List<Lock> held) {
        Lock l = stripes[Math.floorMod(id.hashCode(), STRIPES)];
        if (!held.contains(l)) {
            l.lock();
            held.add(l);
        }
    }

    private List<TwinEvent> commit(List<TwinEvent> planned, List<AuditRecord> audit,
                                   Consumer<List<TwinEvent>> onCommit) {
        try {
            return journal.append(planned, audit, onCommit).get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorCode.STORE_UNAVAILABLE.exception("Interrupted while waiting for the store.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DayuanException de) {
                throw de;
            }
            throw new DayuanException(ErrorCode.STORE_UNAVAILABLE, "The store did not commit the write.",
                    ErrorCode.STORE_UNAVAILABLE.description(), e.getCause());
        } catch (TimeoutException e) {
            throw ErrorCode.STORE_UNAVAILABLE.exception("The store did not confirm the write within "
                    + COMMIT_TIMEOUT_SECONDS + " s; it may or may not have been stored.");
        }
    }

    /**
     * Makes a durable change visible: the twin map, the children index, state listeners and the snapshot counters.
     * Runs on the journal's writer thread while the writing thread still holds the twin's locks.
     */
    private void publish(Twin prior, Twin next, TwinEvent e) {
        Optional<String> oldParent = prior == null ? Optional.empty() : prior.parent();
        Optional<String> newParent = next == null ? Optional.empty() : next.parent();
        if (next == null) {
            twins.remove(e.thingId());
            children.remove(e.thingId());
        } else {
            twins.put(e.thingId(), next);
        }
        if (!oldParent.equals(newParent)) {
            oldParent.ifPresent(p -> childrenOf(TwinId.of(p)).remove(e.thingId()));
            newParent.ifPresent(p -> childrenOf(TwinId.of(p)).add(e.thingId()));
        }
        for (StateListener l : stateListeners) {
            l.changed(prior, next);
        }
        lastSeq.accumulateAndGet(e.seq(), Math::max);
        eventsSinceSnapshot.incrementAndGet();
    }

    private Set<TwinId> childrenOf(TwinId parent) {
        return children.computeIfAbsent(parent, k -> new ConcurrentSkipListSet<>());
    }

    private void checkSize(Twin t) {
        long size = t.jsonLength();
        if (size > maxThingBytes) {
            throw ErrorCode.TOO_LARGE.exception("The Thing with ID '" + t.id() + "' would be " + size
                    + " bytes, more than the limit of " + maxThingBytes + " bytes.");
        }
    }

    /** The parent attribute must be a thingId of an existing twin that is not this twin or below it. */
    private void checkParent(Caller caller, Twin next, Twin prior) {
        Optional<JsonNode> raw = next.get(PARENT);
        if (raw.isEmpty()) {
            return;
        }
        if (!raw.get().isTextual()) {
            throw ErrorCode.PARENT_INVALID.exception("The attribute 'parent' of '" + next.id()
                    + "' must be a thingId string, not " + raw.get());
        }
        if (prior != null && prior.parent().equals(next.parent())) {
            return;
        }
        TwinId parent;
        try {
            parent = TwinId.of(raw.get().asText());
        } catch (DayuanException e) {
            throw ErrorCode.PARENT_INVALID.exception("The attribute 'parent' of '" + next.id() + "' is not a valid"
                    + " thingId: " + raw.get().asText());
        }
        for (TwinId up = parent; up != null; ) {
            if (up.equals(next.id())) {
                throw ErrorCode.PARENT_CYCLE.exception("'" + parent + "' cannot become the parent of '" + next.id()
                        + "': it is '" + next.id() + "' itself or one of its descendants.");
            }
            Twin t = twins.get(up);
            // A parent the caller may not see is, to the caller, one that does not exist.
            if (t == null || up.equals(parent) && !caller.sees(parent)) {
                if (up.equals(parent)) {
                    throw ErrorCode.PARENT_NOT_FOUND.exception("The parent '" + parent + "' of '" + next.id()
                            + "' does not exist.");
                }
                break;
            }
            up = t.parent().map(TwinId::of).orElse(null);
        }
    }

    /** Below {@code /features/<id>} the feature must exist; Ditto refuses to create it implicitly on PUT. */
    private static void requireFeatureFor(Twin before, JsonPointer path) {
        if (path.size() > 2 && Twin.FEATURES.equals(path.get(0))
                && !before.has(JsonPointer.of(Twin.FEATURES, path.get(1)))) {
            throw ThingPaths.notFound(before.id(), JsonPointer.of(Twin.FEATURES, path.get(1)));
        }
    }

    /** Whether a write at {@code path} may change the containment tree. */
    private static boolean isStructural(JsonPointer path) {
        if (path.isEmpty()) {
            return true;
        }
        if (!Twin.ATTRIBUTES.equals(path.get(0))) {
            return false;
        }
        return path.size() == 1 || Twin.PARENT.equals(path.get(1));
    }

    private static TwinEvent event(TwinEvent.Type type, TwinId id, JsonPointer path, JsonNode value, long revision,
                                   Caller caller) {
        return new TwinEvent(0, type, id, path, value == null ? null : value.deepCopy(), revision, Instant.now(),
                caller.subject());
    }

    // ---- snapshots --------------------------------------------------------------------------------------------

    /** The journal position of the last change made visible (and handed to the followers). */
    public long lastSeq() {
        return lastSeq.get();
    }

    /** Events applied since the last snapshot was taken. */
    public long eventsSinceSnapshot() {
        return eventsSinceSnapshot.get();
    }

    /**
     * Takes a consistent cut (waiting for writes in flight to finish) and hands it to the journal to store in the
     * background.
     */
    public CompletableFuture<Void> snapshot() {
        List<Twin> state;
        long seq;
        cut.writeLock().lock();
        try {
            state = new ArrayList<>(twins.values());
            seq = lastSeq.get();
            eventsSinceSnapshot.set(0);
        } finally {
            cut.writeLock().unlock();
        }
        return journal.snapshot(seq, state);
    }
}
