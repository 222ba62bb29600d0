package org.dayuan.ditto.bridge;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSubscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors the twins of some namespaces to an upstream, on a thread of its own.
 *
 * <p>It subscribes as the bridge's identity from its durable position, so a restart or a new connection resumes
 * without loss. Live events come on the registry's event thread and only go into a bounded queue; when the queue is
 * full the bridge drops the subscription (writers are never slowed), drains what it holds, and subscribes again from
 * its position, so the dropped events come again from the journal. Events replayed while subscribing go the same
 * way, since the journal may hold a lock its writers need while it replays: a replay longer than the queue proceeds
 * in steps of a queue each. At most {@code window} commands
 * are in flight; commands for one twin are chained, so the upstream applies them in the county's order. A failed
 * command or a lost connection closes everything and starts again from the position after a backoff. When the
 * position is too far behind for the journal ({@link SubscriptionListener#reset}), every twin of the namespaces is put
 * again and the upstream copies of this source the county no longer has are deleted, then the live events follow.
 *
 * <p>Duplicates (commands in flight at a crash or a reconnect, which are sent again) are harmless since a command
 * carries the twin's state at a revision; the bridge also skips a put whose revision the upstream already
 * acknowledged for that twin during this run.
 */
public final class Bridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
    private static final long POLL_MILLIS = 100;
    /** How often at most the position is written while events flow; also written on every stop. */
    private static final long PERSIST_MILLIS = 200;
    /** Characters of an error's message kept for the status and the log. */
    private static final int MAX_ERROR = 300;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Bridge settings that the engine needs. */
    public record Options(String endpoint, String source, Set<String> namespaces, int queueSize, int window,
                          Duration retryInitial, Duration retryMax) {
        public Options {
            namespaces = Set.copyOf(namespaces);
            if (queueSize < 1 || window < 1) {
                throw new IllegalArgumentException("queueSize and window must be at least 1.");
            }
        }
    }

    /** One event as received; an event of a namespace not mirrored only moves the position past it. */
    private record Item(TwinEvent event, Optional<Twin> after, Instant receivedAt, boolean mirrored) {
    }

    private final TwinSubscriptions subscriptions;
    private final Supplier<Caller> identity;
    private final Supplier<List<Twin>> twins;
    private final LongSupplier journalHead;
    private final PositionFile positionFile;
    private final Upstream.Connector connector;
    private final Options options;
    private final EventSelection selection;

    private final BlockingQueue<Item> queue;
    private final Progress progress;
    private final AtomicInteger generation = new AtomicInteger();
    private final Map<TwinId, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    /** Per twin, the newest revision the upstream acknowledged in this run: what a duplicate put is told by. */
    private final Map<TwinId, Long> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final Thread worker;

    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile boolean overflow;
    private volatile Throwable failure;
    private volatile Semaphore window;
    private volatile Upstream upstream;
    private volatile long resyncMark = -1;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private long persisted;
    private long persistedAt;

    public Bridge(TwinSubscriptions subscriptions, Supplier<Caller> identity, Supplier<List<Twin>> twins,
                  LongSupplier journalHead, PositionFile positionFile, Upstream.Connector connector,
                  Options options) throws IOException {
        this.subscriptions = subscriptions;
        this.identity = identity;
        this.twins = twins;
        this.journalHead = journalHead;
        this.positionFile = positionFile;
        this.connector = connector;
        this.options = options;
        // every event the identity sees, not only the mirrored namespaces': the position then follows the journal's
        // head even while only other organisations change, so a restart resumes close to it instead of resyncing
        this.selection = EventSelection.ALL;
        this.queue = new ArrayBlockingQueue<>(options.queueSize());
        this.persisted = positionFile.read();
        this.progress = new Progress(persisted);
        this.worker = new Thread(this::run, "dayuan-ditto-bridge");
        this.worker.setDaemon(true);
    }

    public Bridge start() {
        worker.start();
        return this;
    }

    /** Stops the bridge: no new command is sent, and the position reached is written. */
    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeUpstream();
        persist(true);
    }

    public BridgeStatus status() {
        Optional<Instant> oldest = progress.oldestPending();
        Item head = queue.peek();
        if (head != null && (oldest.isEmpty() || head.receivedAt().isBefore(oldest.get()))) {
            oldest = Optional.of(head.receivedAt());
        }
        double lagSeconds = oldest.map(t -> Math.max(0, Duration.between(t, Instant.now()).toMillis() / 1000.0))
                .orElse(0.0);
        return new BridgeStatus(true, connected, options.endpoint(), progress.position(), journalHead.getAsLong(),
                lagSeconds, sent.get(), skipped.get(), resyncs.get(), queue.size(), progress.pendingCount(),
                Optional.ofNullable(lastError), Optional.ofNullable(lastErrorAt));
    }

    private void run() {
        int failures = 0;
        while (running) {
            try {
                Upstream up = connector.connect();
                upstream = up;
                connected = true;
                LOG.info("Ditto bridge connected to {}, mirroring {} from journal position {}", options.endpoint(),
                        options.namespaces(), progress.position());
                long sentBefore = sent.get();
                while (running) {
                    follow(up);
                    if (sent.get() > sentBefore) {
                        failures = 0;
                    }
                }
            } catch (InterruptedException e) {
                break;
            } catch (Exception | Error e) {
                if (!running) {
                    break;
                }
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                lastError = describe(cause);
                lastErrorAt = Instant.now();
                long delay = backoff(failures++);
                LOG.warn("Ditto bridge to {}: {}; trying again in {} ms from journal position {}", options.endpoint(),
                        lastError, delay, progress.position());
                closeUpstream();
                persist(true);
                if (!sleep(delay)) {
                    break;
                }
            }
        }
        connected = false;
    }

    /**
     * One subscription: subscribes from the position, resynchronises when told to, and sends what comes until the
     * queue overflowed (then returns, after the commands in flight are acknowledged, to subscribe again) or a command
     * failed (then throws).
     */
    private void follow(Upstream up) throws Exception {
        int gen = generation.incrementAndGet();
        window = new Semaphore(options.window());
        queue.clear();
        overflow = false;
        failure = null;
        resyncMark = -1;
        progress.restart();
        tails.clear();
        Subscription subscription = subscriptions.subscribe(identity.get(), selection, progress.position(),
                new Listener(gen, up));
        try {
            if (resyncMark >= 0) {
                resync(gen, up, resyncMark);
            }
            while (running) {
                check(up);
                if (overflow && queue.isEmpty()) {
                    awaitInFlight(up);
                    persist(true);
                    LOG.info("Ditto bridge fell {} events behind its queue; subscribing again from journal position"
                            + " {}", options.queueSize(), progress.position());
                    return;
                }
                Item item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (item != null) {
                    dispatch(item, gen, up);
                }
                persist(false);
            }
        } finally {
            subscription.close();
        }
    }

    private void dispatch(Item item, int gen, Upstream up) throws Exception {
        progress.take(item.event().seq(), item.receivedAt());
        if (!item.mirrored()) {
            progress.ack(item.event().seq());
            return;
        }
        send(UpstreamCommand.of(item.event(), item.after(), options.source()), gen, up);
    }

    private CompletableFuture<Void> send(UpstreamCommand command, int gen, Upstream up) throws Exception {
        Long known = acknowledged.get(command.id());
        if (command.kind() == UpstreamCommand.Kind.PUT && known != null && known >= command.revision()) {
            skipped.incrementAndGet();
            ack(command, gen);
            return DONE;
        }
        Semaphore permits = window;
        while (!permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            check(up);
        }
        TwinId id = command.id();
        CompletableFuture<Void> tail = tails.getOrDefault(id, DONE);
        CompletableFuture<Void> done = tail.thenCompose(v -> up.send(command).toCompletableFuture());
        tails.put(id, done);
        done.whenComplete((v, e) -> {
            permits.release();
            tails.remove(id, done);
            if (gen != generation.get()) {
                return;
            }
            if (e != null) {
                failure = e;
                return;
            }
            sent.incrementAndGet();
            if (command.kind() == UpstreamCommand.Kind.PUT) {
                acknowledged.merge(id, command.revision(), Math::max);
            } else {
                acknowledged.remove(id);
            }
            ack(command, gen);
        });
        return done;
    }

    private void ack(UpstreamCommand command, int gen) {
        if (command.seq() != UpstreamCommand.NO_SEQ && gen == generation.get()) {
            progress.ack(command.seq());
        }
    }

    /**
     * Puts every twin of the namespaces as it is now and deletes the upstream copies of twins the county no longer
     * has; the position may pass {@code mark} (the journal's head when the reset came) once all are acknowledged,
     * since the states read after it include every event up to it.
     */
    private void resync(int gen, Upstream up, long mark) throws Exception {
        resyncs.incrementAndGet();
        List<Twin> all = twins.get().stream().filter(t -> options.namespaces().contains(t.id().namespace()))
                .toList();
        // Copies of twins deleted while the journal no longer told of it: what the county no longer has goes.
        Set<TwinId> stale = new HashSet<>(up.mirrored(options.source(), options.namespaces()));
        all.forEach(t -> stale.remove(t.id()));
        LOG.info("Ditto bridge resynchronising {} twins of {} up to journal position {}, removing {} copies the"
                + " county no longer has", all.size(), options.namespaces(), mark, stale.size());
        List<CompletableFuture<Void>> puts = new ArrayList<>(all.size() + stale.size());
        for (TwinId id : stale) {
            puts.add(send(UpstreamCommand.delete(id), gen, up));
        }
        for (Twin twin : all) {
            puts.add(send(UpstreamCommand.put(twin, UpstreamCommand.NO_SEQ, options.source()), gen, up));
            // the live events queued meanwhile must not wait for the whole resync
            Item item;
            while ((item = queue.poll()) != null) {
                dispatch(item, gen, up);
            }
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).thenRun(() -> {
            if (gen == generation.get()) {
                progress.ack(mark);
                LOG.info("Ditto bridge resynchronised {} twins", all.size());
            }
        });
    }

    private void awaitInFlight(Upstream up) throws Exception {
        Semaphore permits = window;
        while (!permits.tryAcquire(options.window(), POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            check(up);
        }
        permits.release(options.window());
    }

    private void check(Upstream up) throws Exception {
        if (!running) {
            throw new InterruptedException("stopping");
        }
        Throwable failed = failure;
        if (failed != null) {
            throw failed instanceof Exception ex ? ex : new IllegalStateException(failed);
        }
        if (!up.isOpen()) {
            throw new IllegalStateException("the connection was lost");
        }
    }

    private void persist(boolean now) {
        long position = progress.position();
        long time = System.currentTimeMillis();
        if (position == persisted || !now && time - persistedAt < PERSIST_MILLIS) {
            return;
        }
        try {
            positionFile.write(position);
            persisted = position;
            persistedAt = time;
        } catch (IOException e) {
            lastError = "cannot write the position to " + positionFile.path() + ": " + e.getMessage();
            lastErrorAt = Instant.now();
            LOG.warn("Ditto bridge: {}", lastError);
        }
    }

    long backoff(int failures) {
        long initial = options.retryInitial().toMillis();
        long max = options.retryMax().toMillis();
        return Math.min(max, initial << Math.min(failures, 20));
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void closeUpstream() {
        connected = false;
        Upstream up = upstream;
        upstream = null;
        if (up != null) {
            try {
                up.close();
            } catch (RuntimeException e) {
                LOG.debug("Ditto bridge: closing the connection failed", e);
            }
        }
    }

    static String describe(Throwable t) {
        Throwable root = t;
        while ((root instanceof CompletionException || root instanceof java.util.concurrent.ExecutionException)
                && root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        // an upstream's refusal may carry a whole HTML page: one line, short, is what the status and the log need
        message = message.replaceAll("\\s+", " ").strip();
        return message.length() > MAX_ERROR ? message.substring(0, MAX_ERROR) + "…" : message;
    }

    /** Takes events, live or replayed, into the queue and never waits. */
    private final class Listener implements SubscriptionListener {
        private final int gen;
        private final Upstream up;

        Listener(int gen, Upstream up) {
            this.gen = gen;
            this.up = up;
        }

        @Override
        public void onEvent(TwinEvent event, Optional<Twin> after) {
            if (gen != generation.get() || overflow) {
                return;
            }
            Item item = new Item(event, after, Instant.now(),
                    options.namespaces().contains(event.thingId().namespace()));
            // never blocks, not even while replaying on the bridge's own thread: the journal may hold a lock its
            // writers need meanwhile. A replay longer than the queue overflows it and resumes in steps.
            if (!queue.offer(item)) {
                overflow = true;
            }
        }

        @Override
        public void reset(String reason) {
            if (gen != generation.get()) {
                return;
            }
            long mark = journalHead.getAsLong();
            LOG.warn("Ditto bridge cannot resume from journal position {} ({}): resynchronising every twin",
                    progress.position(), reason);
            progress.take(mark, Instant.now());
            resyncMark = mark;
        }
    }
}
