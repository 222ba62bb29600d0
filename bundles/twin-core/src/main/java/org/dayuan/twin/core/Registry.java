package org.dayuan.twin.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collection;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

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
import org.dayuan.twin.TwinWrite;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;
import org.dayuan.twin.spi.TwinJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry proper, free of OSGi: twins in memory, every write validated, journalled and only then applied and
 * announced.
 *
 * <p>Locking: a write holds the shared side of {@code cut} (so a snapshot sees a consistent state), the lock of its
 * twin, and, when it can change the containment tree (creation, deletion, anything that may touch
 * {@code attributes/parent}), the tree lock first: its shared side for the creation of a new twin, which can
 * neither close a cycle nor orphan anything and only needs its parent to stay, its exclusive side for every other
 * such write (deletions, parent changes, whole-twin replacements, batches), which are the only ones that could
 * remove that parent. Locks are held until the journal has committed, so a second write to the same twin always
 * sees the first one; writes to different twins, creations included, are committed together.
 *
 * <p>Unknown outcomes: when the journal does not confirm a commit within the commit timeout, or fails in a way that
 * may come after the database stored it, nobody knows yet whether the write is durable. Its planned revision must
 * then not be planned again, and the change must become visible if and only if it is durable. So the write's twins
 * are fenced (and, for a write holding either side of the tree lock, the containment tree: a late parent change
 * could otherwise close a cycle, and a late creation or parent change orphan a twin, that a write in between checked
 * against the old tree): writes to them get 503
 * {@code dayuan:store.unavailable} until the outcome is settled, while reads keep serving the last confirmed state.
 * It is settled once the journal's future completes: with the stored events when it succeeded late; otherwise by
 * reading the twins' events after the write's starting position back from the journal, which holds the truth
 * whichever way the commit went (nothing found: nothing is applied). The settled events are applied and announced
 * under the write's locks, then the fence lifts; a settle whose read fails is retried until the journal answers. The
 * journal's own commit callback applies nothing once the writer has given up, so exactly one of the two applies a
 * write. No snapshot is taken while a write is unsettled: its position could cover an event memory does not hold.
 * A write settled late is announced when settled, so after events with higher positions. The JDBC journal's unique
 * key on (twin, life of the twin, revision) backs this up: it refuses any event planned against a stale state.
 */
public final class Registry implements TwinRegistry {
    private static final int STRIPES = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    /** How long a write waits for the journal's commit unless told otherwise. */
    public static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);
    /** The longest pause between attempts to settle a write whose outcome is unknown. */
    private static final long MAX_SETTLE_RETRY_MILLIS = 60_000;
    private static final JsonPointer PARENT = JsonPointer.of(Twin.ATTRIBUTES, Twin.PARENT);

    private final TwinJournal journal;
    private final BiConsumer<TwinEvent, Optional<Twin>> announcer;
    private final int maxThingBytes;
    private final Duration commitTimeout;
    private final Map<TwinId, Twin> twins = new ConcurrentHashMap<>();
    private final Map<TwinId, Set<TwinId>> children = new ConcurrentHashMap<>();
    private final Lock[] stripes = new Lock[STRIPES];
    /** Shared by creations of new twins, exclusive for every other write that may change the tree. */
    private final ReentrantReadWriteLock treeLock = new ReentrantReadWriteLock();
    private final ReentrantReadWriteLock cut = new ReentrantReadWriteLock();
    private final AtomicLong lastSeq = new AtomicLong();
    private final AtomicLong eventsSinceSnapshot = new AtomicLong();
    private final List<StateListener> stateListeners = new CopyOnWriteArrayList<>();
    private final List<TwinValidator> validators = new CopyOnWriteArrayList<>();
    /** Twins of writes whose outcome is not settled yet; changed under the twins' locks. */
    private final Set<TwinId> fenced = ConcurrentHashMap.newKeySet();
    /**
     * Writes holding the tree lock (either side) whose outcome is not settled yet: the tree is fenced while this is
     * above 0. A count, as creations holding the shared side may be unsettled several at once.
     */
    private final AtomicInteger treeUnsettled = new AtomicInteger();
    private volatile boolean closed;

    /**
     * The registry's own identity: every twin, every right. Only twin-core holds the registry itself (other bundles
     * get a view bounded by their grant), so this never leaves it.
     */
    public static final Caller SELF = Caller.fromGrants("registry",
            List.of(Caller.ROLE_ADMIN, Caller.SCOPE_PREFIX + Caller.ALL_NAMESPACES), "internal");
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
        this(journal, announcer, maxThingBytes, COMMIT_TIMEOUT);
    }

    /**
     * @param commitTimeout how long a write waits for the journal's commit before its outcome counts as unknown
     */
    public Registry(TwinJournal journal, BiConsumer<TwinEvent, Optional<Twin>> announcer, int maxThingBytes,
                    Duration commitTimeout) {
        this.journal = journal;
        this.announcer = announcer;
        this.maxThingBytes = maxThingBytes;
        this.commitTimeout = commitTimeout;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** {@link #SELF}. */
    @Override
    public Caller identity() {
        return SELF;
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
     * thread that runs the journal's commit callbacks: it must hand the work to its own thread at once.
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
        return writeAll(caller, List.of(TwinWrite.create(id, thing))).get(0).twin().orElseThrow();
    }

    @Override
    public WriteResult put(Caller caller, TwinId id, JsonPointer path, JsonNode value, WriteCondition condition) {
        return writeAll(caller, List.of(TwinWrite.put(id, path, value).when(condition))).get(0);
    }

    @Override
    public WriteResult merge(Caller caller, TwinId id, JsonPointer path, JsonNode patch, WriteCondition condition) {
        return writeAll(caller, List.of(TwinWrite.merge(id, path, patch).when(condition))).get(0);
    }

    @Override
    public WriteResult delete(Caller caller, TwinId id, JsonPointer path, WriteCondition condition, boolean recursive) {
        caller.checkWrite(id, path);
        return write(caller, isStructural(path) ? Tree.EXCLUSIVE : Tree.NONE, List.of(new Step(id, deletion(caller,
                id, path, condition, recursive)))).get(0);
    }

    @Override
    public List<WriteResult> writeAll(Caller caller, List<TwinWrite> writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        List<Step> steps = steps(caller, writes);
        if (!isStructural(writes)) {
            return write(caller, Tree.NONE, steps);
        }
        TwinWrite only = writes.get(0);
        if (writes.size() == 1 && only.op() == TwinWrite.Op.PUT && only.path().isEmpty()
                && !twins.containsKey(only.id())) {
            // Most likely the creation of a new twin: tried on the shared side, and again on the exclusive side
            // should the twin exist by the time its lock is held (see write).
            try {
                return write(caller, Tree.SHARED, steps);
            } catch (NotACreation e) {
                // Nothing was planned into the journal; the twin exists now, so this replaces it.
            }
        }
        return write(caller, Tree.EXCLUSIVE, steps);
    }

    @Override
    public List<WriteResult> checkAll(Caller caller, List<TwinWrite> writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        return write(caller, isStructural(writes) ? Tree.EXCLUSIVE : Tree.NONE, steps(caller, writes), true);
    }

    private List<Step> steps(Caller caller, List<TwinWrite> writes) {
        List<Step> steps = new ArrayList<>(writes.size());
        for (TwinWrite w : writes) {
            caller.checkWrite(w.id(), w.path());
            steps.add(new Step(w.id(), switch (w.op()) {
                case PUT -> putting(caller, w.id(), w.path(), w.value(), w.condition());
                case MERGE -> merging(caller, w.id(), w.path(), w.value(), w.condition());
                case DELETE -> deletion(caller, w.id(), w.path(), w.condition(), false);
            }));
        }
        return steps;
    }

    /**
     * A batch counts as structural: batches then run one at a time under the tree lock, so two of them cannot take
     * the same twins' locks in opposite orders, and a single write holds one twin's lock at most.
     */
    private static boolean isStructural(List<TwinWrite> writes) {
        return writes.size() > 1 || isStructural(writes.get(0).path());
    }

    private Planner putting(Caller caller, TwinId id, JsonPointer path, JsonNode value, WriteCondition condition) {
        return before -> {
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
        };
    }

    private Planner merging(Caller caller, TwinId id, JsonPointer path, JsonNode patch, WriteCondition condition) {
        return existing(id, before -> {
            if (path.isEmpty() && !patch.isObject()) {
                throw ErrorCode.THING_INVALID.exception("A merge patch of a whole thing must be a JSON object.");
            }
            if (!caller.may(Caller.Access.WRITE)) {
                // Telemetry writes into features that exist; only a full writer's merge may create one.
                requireFeatureFor(before, path);
            }
            condition.check(Optional.of(before), before.get(path));
            return List.of(event(TwinEvent.Type.MERGED, id, path, patch, before.revision() + 1, caller));
        });
    }

    private Planner deletion(Caller caller, TwinId id, JsonPointer path, WriteCondition condition, boolean recursive) {
        return existing(id, before -> {
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
            List<TwinEvent> events = new ArrayList<>(doomed.size() + 1);
            for (TwinId d : doomed) {
                events.add(event(TwinEvent.Type.DELETED, d, path, null, twins.get(d).revision() + 1, caller));
            }
            events.add(event(TwinEvent.Type.DELETED, id, path, null, before.revision() + 1, caller));
            return events;
        });
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

    /** Plans the events of one write against the twin as the writes before it in the same change left it. */
    private interface Planner {
        List<TwinEvent> plan(Twin before);
    }

    /** One write of a change: its twin and its planner. */
    private record Step(TwinId id, Planner planner) {
    }

    /** One planned event with its twin before and after it. */
    private record Applied(TwinEvent event, Twin prior, Twin next) {
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

    /** A twin as the change planned so far leaves it: its planned state if the change touches it, else its own. */
    private Twin state(Map<TwinId, Twin> planned, TwinId id) {
        return planned.containsKey(id) ? planned.get(id) : twins.get(id);
    }

    /**
     * The one write path: under the locks, plan each step's events against the state the steps before it left,
     * apply them to copies (which validates them), check containment and size, journal all of them in one append,
     * and only after the commit make them visible.
     */
    private List<WriteResult> write(Caller caller, Tree tree, List<Step> steps) {
        return write(caller, tree, steps, false);
    }

    /** With {@code dryRun}, plans and checks everything but appends nothing: {@link #checkAll}. */
    private List<WriteResult> write(Caller caller, Tree tree, List<Step> steps, boolean dryRun) {
        cut.readLock().lock();
        lockTree(tree);
        List<Lock> held = new ArrayList<>();
        try {
            if (tree != Tree.NONE && treeUnsettled.get() > 0) {
                throw unsettled("the containment tree");
            }
            // Each twin as this change leaves it (null: deleted), in the order first touched.
            Map<TwinId, Twin> after = new LinkedHashMap<>();
            List<TwinEvent> planned = new ArrayList<>();
            List<Applied> applied = new ArrayList<>();
            List<AuditRecord> audit = new ArrayList<>();
            int[] eventsPerStep = new int[steps.size()];
            boolean[] created = new boolean[steps.size()];
            for (int s = 0; s < steps.size(); s++) {
                Step step = steps.get(s);
                lock(step.id(), held);
                checkSettled(step.id());
                Twin before = state(after, step.id());
                if (tree == Tree.SHARED && before != null) {
                    // Existence only changes under the twin's lock, which is held: this is not a creation.
                    throw NotACreation.INSTANCE;
                }
                List<TwinEvent> events = step.planner().plan(before);
                for (TwinEvent e : events) {
                    if (!e.thingId().equals(step.id())) {
                        lock(e.thingId(), held);
                        checkSettled(e.thingId());
                    }
                }
                for (TwinEvent e : events) {
                    // Before applying: a value nested too deep fails while being copied or serialised, not as a 400.
                    NestingLimit.check(e.path(), e.value());
                    Twin prior = state(after, e.thingId());
                    Twin next = Events.apply(prior, e);
                    if (next != null) {
                        checkSize(next);
                        checkParent(caller, next, prior, id -> state(after, id));
                        for (TwinValidator v : validators) {
                            v.validate(next);
                        }
                    }
                    after.put(e.thingId(), next);
                    applied.add(new Applied(e, prior, next));
                    if (!dryRun) {
                        audit.add(Audits.record(caller, e, prior, next));
                    }
                }
                TwinEvent first = events.get(0);
                created[s] = first.type() == TwinEvent.Type.CREATED
                        || first.type() == TwinEvent.Type.MODIFIED && !before.has(first.path());
                eventsPerStep[s] = events.size();
                planned.addAll(events);
            }
            checkNoOrphans(after);
            if (dryRun) {
                return results(steps, after, created, eventsPerStep, planned);
            }
            // Every earlier event of these twins is visible, so at or below this position; this write's are above.
            Pending pending = new Pending(planned, after.keySet(), tree, lastSeq.get());
            // Made visible and announced by the journal's commit callback, which runs one transaction at a time in
            // commit order, so in exactly the order the events were stored,
            // unless this thread gave up waiting: then settling does it (see the class comment).
            CompletableFuture<List<TwinEvent>> future = journal.append(planned, audit, committed -> {
                if (pending.commit(committed)) {
                    for (int i = 0; i < committed.size(); i++) {
                        publish(applied.get(i).prior(), applied.get(i).next(), committed.get(i));
                    }
                    for (int i = 0; i < committed.size(); i++) {
                        announce(committed.get(i), applied.get(i).prior(), applied.get(i).next());
                    }
                }
            });
            return results(steps, after, created, eventsPerStep, await(future, pending));
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            unlockTree(tree);
            cut.readLock().unlock();
        }
    }

    /** One result per step: its twin as the whole change leaves it, and its share of {@code events}. */
    private static List<WriteResult> results(List<Step> steps, Map<TwinId, Twin> after, boolean[] created,
                                             int[] eventsPerStep, List<TwinEvent> events) {
        List<WriteResult> results = new ArrayList<>(steps.size());
        int from = 0;
        for (int s = 0; s < steps.size(); s++) {
            results.add(new WriteResult(Optional.ofNullable(after.get(steps.get(s).id())), created[s],
                    events.subList(from, from + eventsPerStep[s])));
            from += eventsPerStep[s];
        }
        return results;
    }

    /**
     * How a write holds the tree lock. A creation of a new twin takes the shared side only: the new twin has no
     * descendants, so it cannot close a cycle, and the one tree fact it depends on, that its parent exists, can only
     * be undone by a deletion or a parent change, which take the exclusive side. Its own id's lock orders it with
     * any other write to the same id, so creations of different twins, even under one parent, commit together
     * instead of one commit each. Every other write that may change the tree takes the exclusive side, as all of
     * them did before.
     */
    private enum Tree { NONE, SHARED, EXCLUSIVE }

    /** Thrown, stackless, by a write on the shared side that finds its twin exists: it is retried exclusively. */
    private static final class NotACreation extends RuntimeException {
        static final NotACreation INSTANCE = new NotACreation();

        private NotACreation() {
            super(null, null, false, false);
        }
    }

    private void lockTree(Tree tree) {
        switch (tree) {
            case SHARED -> treeLock.readLock().lock();
            case EXCLUSIVE -> treeLock.writeLock().lock();
            case NONE -> { }
        }
    }

    private void unlockTree(Tree tree) {
        switch (tree) {
            case SHARED -> treeLock.readLock().unlock();
            case EXCLUSIVE -> treeLock.writeLock().unlock();
            case NONE -> { }
        }
    }

    /** No twin a change leaves in place may name, as its parent, a twin the same change deletes. */
    private static void checkNoOrphans(Map<TwinId, Twin> after) {
        for (Twin t : after.values()) {
            if (t != null) {
                t.parent().map(TwinId::of).filter(p -> after.containsKey(p) && after.get(p) == null).ifPresent(p -> {
                    throw ErrorCode.HAS_CHILDREN.exception("The Thing with ID '" + p + "' cannot be deleted: '"
                            + t.id() + "' would still name it as its parent.");
                });
            }
        }
    }

    private void lock(TwinId id, List<Lock> held) {
        Lock l = stripes[Math.floorMod(id.hashCode(), STRIPES)];
        if (!held.contains(l)) {
            l.lock();
            held.add(l);
        }
    }

    /** Refuses to plan against a twin whose last confirmed state may not be its state in the journal. */
    private void checkSettled(TwinId id) {
        if (fenced.contains(id)) {
            throw unsettled("'" + id + "'");
        }
    }

    private static DayuanException unsettled(String what) {
        return new DayuanException(ErrorCode.STORE_UNAVAILABLE, "The outcome of an earlier write to " + what
                + " is being settled with the store; nothing was changed.", "Try again in a few seconds; reads show"
                + " the last confirmed state meanwhile.", null);
    }

    /**
     * One journalled write on its way: which of the write's own thread (through the journal's commit callback) and
     * settling applies it. The callback applies it only while the thread still waits; once the thread gave up, the
     * callback does nothing and settling applies what the journal holds.
     */
    private static final class Pending {
        private static final Object WAITING = new Object();
        private static final Object GAVE_UP = new Object();

        final List<TwinEvent> planned;
        final Set<TwinId> twins;
        final Tree tree;
        /** Every event of {@link #twins} before this write is at or below this journal position. */
        final long base;
        private final AtomicReference<Object> state = new AtomicReference<>(WAITING);

        Pending(List<TwinEvent> planned, Set<TwinId> twins, Tree tree, long base) {
            this.planned = planned;
            this.twins = Set.copyOf(twins);
            this.tree = tree;
            this.base = base;
        }

        /** From the commit callback: whether the caller of {@code commit} is to apply the events. */
        boolean commit(List<TwinEvent> committed) {
            return state.compareAndSet(WAITING, committed);
        }

        /** From the writing thread: true when it gave up first, else the events its callback already applied. */
        boolean giveUp() {
            return state.compareAndSet(WAITING, GAVE_UP);
        }

        @SuppressWarnings("unchecked")
        List<TwinEvent> applied() {
            return (List<TwinEvent>) state.get();
        }
    }

    /**
     * Waits for the commit. When its outcome is unknown (no answer in time, or a failure that may have followed the
     * database storing it), fences the write's twins and settles it: at once when the journal has answered, else
     * once it does. Runs under the write's locks.
     */
    private List<TwinEvent> await(CompletableFuture<List<TwinEvent>> future, Pending pending) {
        String outcome;
        Throwable cause = null;
        try {
            return future.get(commitTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "was interrupted while waiting for the store";
        } catch (ExecutionException e) {
            cause = e.getCause();
            outcome = "failed: " + cause.getMessage();
        } catch (TimeoutException e) {
            outcome = "was not confirmed within " + commitTimeout.toMillis() + " ms";
        }
        if (!pending.giveUp()) {
            // The commit callback ran first: the events are durable and applied.
            return pending.applied();
        }
        fenced.addAll(pending.twins);
        if (pending.tree != Tree.NONE) {
            treeUnsettled.incrementAndGet();
        }
        if (future.isDone()) {
            List<TwinEvent> applied = settleOrRetry(pending, future.isCompletedExceptionally() ? null : future.join(),
                    0);
            if (applied != null) {
                List<TwinEvent> mine = applied.stream().filter(e -> pending.planned.contains(e.withSeq(0))).toList();
                if (mine.size() == pending.planned.size()) {
                    // Settled on the spot, and the journal holds the write: it is durable and now visible.
                    return mine;
                }
                // What the journal holds instead (another writer's events, or nothing) is what is visible now.
                throw new DayuanException(ErrorCode.STORE_UNAVAILABLE, "The store did not store the write; it "
                        + outcome + ". The twin now shows what the store holds.",
                        ErrorCode.STORE_UNAVAILABLE.description(), cause);
            }
        } else {
            future.whenCompleteAsync((stored, failure) -> settleOrRetry(pending, stored, 0));
        }
        throw new DayuanException(ErrorCode.STORE_UNAVAILABLE, "The write " + outcome + "; whether it was stored"
                + " is being settled, and until then further writes to its twins are refused.",
                "Read the twin in a few seconds to see whether the write was applied; nothing is visible unless it"
                        + " is durable.", cause);
    }

    /**
     * Settles {@code pending}; {@code stored} is what the journal reported committed, null when it failed. Returns
     * the events applied, or null when the journal could not be read: then it tries again later, the fence staying
     * up meanwhile.
     */
    private List<TwinEvent> settleOrRetry(Pending pending, List<TwinEvent> stored, int attempt) {
        try {
            return settle(pending, stored);
        } catch (RuntimeException e) {
            if (closed) {
                return null;
            }
            long delay = Math.min(MAX_SETTLE_RETRY_MILLIS, 500L << Math.min(attempt, 7));
            LOG.warn("Cannot settle a write to {} yet; they stay refused, trying again in {} ms", pending.twins, delay,
                    e);
            CompletableFuture.runAsync(() -> settleOrRetry(pending, stored, attempt + 1),
                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
            return null;
        }
    }

    /**
     * Applies and announces what the journal holds of {@code pending} (the stored events, or, when its commit
     * failed, the twins' events after its starting position read back), then lifts the fence. Takes the write's
     * locks, which are re-entrant for the writing thread settling on the spot.
     */
    private List<TwinEvent> settle(Pending pending, List<TwinEvent> stored) {
        List<TwinEvent> events = stored != null ? stored : readBack(pending);
        cut.readLock().lock();
        // The side the write took: re-entrant for the writing thread settling on the spot, and while the tree is
        // fenced no other write on either side plans against it anyway.
        lockTree(pending.tree);
        List<Lock> held = new ArrayList<>();
        try {
            pending.twins.forEach(id -> lock(id, held));
            Map<TwinId, Twin> next = new LinkedHashMap<>();
            List<Twin> priors = new ArrayList<>(events.size());
            List<Twin> afters = new ArrayList<>(events.size());
            for (TwinEvent e : events) {
                Twin prior = next.containsKey(e.thingId()) ? next.get(e.thingId()) : twins.get(e.thingId());
                Twin after = Events.apply(prior, e);
                next.put(e.thingId(), after);
                priors.add(prior);
                afters.add(after);
            }
            // Everything above may fail and be tried again; from here on the state changes, so no retry may follow.
            try {
                for (int i = 0; i < events.size(); i++) {
                    publish(priors.get(i), afters.get(i), events.get(i));
                }
                for (int i = 0; i < events.size(); i++) {
                    announce(events.get(i), priors.get(i), afters.get(i));
                }
            } catch (RuntimeException e) {
                LOG.error("A listener failed on the settled events of {}; they are durable and applied",
                        pending.twins, e);
            }
            fenced.removeAll(pending.twins);
            if (pending.tree != Tree.NONE) {
                treeUnsettled.decrementAndGet();
            }
            if (stored == null) {
                LOG.info("Settled a write to {} whose commit failed: the journal holds {} of its events",
                        pending.twins, events.size());
            }
            return events;
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            unlockTree(pending.tree);
            cut.readLock().unlock();
        }
    }

    /** The events of {@code pending}'s twins after its starting position, in journal order. */
    private List<TwinEvent> readBack(Pending pending) {
        List<TwinEvent> out = new ArrayList<>();
        for (TwinId id : pending.twins) {
            out.addAll(journal.twinEvents(id, pending.base, Integer.MAX_VALUE));
        }
        out.sort(Comparator.comparingLong(TwinEvent::seq));
        return out;
    }

    /** Stops retrying to settle writes; the journal is going away and recovery starts from it anyway. */
    public void close() {
        closed = true;
    }

    /** Tells the followers (with the twin before) and the announcer of a change made visible. */
    private void announce(TwinEvent e, Twin prior, Twin next) {
        Optional<Twin> was = Optional.ofNullable(prior);
        Optional<Twin> is = Optional.ofNullable(next);
        followers.forEach(f -> f.announce(e, was, is));
        announcer.accept(e, is);
    }

    /**
     * Makes a durable change visible: the twin map, the children index, state listeners and the snapshot counters.
     * Runs on the thread that runs the journal's commit callbacks, one at a time in journal order, while the writing
     * thread still holds the twin's locks.
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
        if (t.jsonLengthAtMost() <= maxThingBytes) {
            return;
        }
        long size = t.jsonLength();
        if (size > maxThingBytes) {
            throw ErrorCode.TOO_LARGE.exception("The Thing with ID '" + t.id() + "' would be " + size
                    + " bytes, more than the limit of " + maxThingBytes + " bytes.");
        }
    }

    /** The parent attribute must be a thingId of an existing twin that is not this twin or below it. */
    private void checkParent(Caller caller, Twin next, Twin prior, Function<TwinId, Twin> lookup) {
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
            Twin t = lookup.apply(up);
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
            if (!fenced.isEmpty() || treeUnsettled.get() > 0) {
                return CompletableFuture.failedFuture(ErrorCode.STORE_UNAVAILABLE.exception("The snapshot is"
                        + " postponed: the outcome of a write to " + fenced + " is being settled."));
            }
            state = new ArrayList<>(twins.values());
            seq = lastSeq.get();
            eventsSinceSnapshot.set(0);
        } finally {
            cut.writeLock().unlock();
        }
        return journal.snapshot(seq, state);
    }
}
