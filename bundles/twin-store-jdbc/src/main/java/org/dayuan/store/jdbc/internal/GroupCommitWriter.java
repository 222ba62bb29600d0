package org.dayuan.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.metrics.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes the journal. While a commit is in flight new appends queue up; the next transaction
 * takes all of them (up to {@code maxBatch} events), so concurrent writers share the cost of a commit. One thread
 * also makes seq assignment and insertion order the same thing. Audit records go into the transaction of their
 * events, as a second batch, so a commit stores both or neither.
 *
 * <p>What follows a commit (the commit callbacks, which make the events visible, and completing the futures, which
 * wakes their writers) runs on a second thread, the publisher, which takes committed transactions in the order
 * they committed: callbacks still run one at a time in journal order, and nothing is completed before its commit
 * returned, but the writer is already binding and committing the next transaction meanwhile. The database's commit
 * is the cost every acknowledged write waits for, so the writer does nothing else. Failed transactions are handed
 * over the same way, so every append completes in the order it was written. Futures complete on the publisher:
 * dependent stages must not block.
 */
final class GroupCommitWriter {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** After this long unused, a connection is checked before use: servers and firewalls drop idle ones. */
    private static final long IDLE_CHECK_NANOS = Duration.ofSeconds(10).toNanos();

    /**
     * One append: its events, their JSON, its audit records (one per event, or none) and theirs, and its future.
     * The caller's thread encodes, which keeps that work off the writer and makes a malformed event fail its own
     * caller, not everyone sharing its transaction.
     */
    private record Pending(List<TwinEvent> events, List<String> json, List<AuditRecord> audit,
                           List<String> auditJson, Consumer<List<TwinEvent>> onCommit,
                           CompletableFuture<List<TwinEvent>> future) {
    }

    /** One transaction's appends with their stored events, or the failure all of them share, in commit order. */
    private record Outcome(List<Pending> batch, List<List<TwinEvent>> stored, DayuanException failure) {
    }

    /** Handed to the publisher last, once the writer stopped: everything before it is still published. */
    private static final Outcome DONE = new Outcome(List.of(), List.of(), null);

    /** Queued last by {@link #close}: everything before it is still written. */
    private static final Pending STOP = new Pending(List.of(), List.of(), List.of(), List.of(), e -> { },
            new CompletableFuture<>());

    private final JdbcTarget target;
    private final JsonCodec codec;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final Thread publisher;
    private final AtomicLong transactions = new AtomicLong();
    /** What the metrics read: written by the writer thread once per transaction, never waited for. */
    private final LongAdder eventsCommitted = new LongAdder();
    private final LongAdder failedTransactions = new LongAdder();
    private final Histogram commitSeconds = Histogram.seconds();
    private final Histogram batchEvents = new Histogram(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000);
    private volatile long committedSeq;
    /** Guards {@link #closed} together with enqueueing, so nothing is queued behind {@link #STOP}. */
    private final Object enqueueLock = new Object();
    private boolean closed;

    // Used by the writer thread only.
    private long lastSeq;
    private Connection connection;
    private PreparedStatement insert;
    private PreparedStatement auditInsert;
    private long lastUsed = System.nanoTime();

    /**
     * Starts writing on {@code connection}, which the writer owns from now on. Keeping the connection that opened
     * the journal also keeps an embedded H2 database open, instead of closing and reopening it right away.
     */
    GroupCommitWriter(JdbcTarget target, JsonCodec codec, int maxBatch, long lastSeq, Connection connection) {
        this.target = target;
        this.codec = codec;
        this.maxBatch = maxBatch;
        this.lastSeq = lastSeq;
        this.committedSeq = lastSeq;
        this.connection = connection;
        this.thread = new Thread(this::run, "dayuan-journal-writer");
        thread.setDaemon(true);
        this.publisher = new Thread(this::publish, "dayuan-journal-publisher");
        publisher.setDaemon(true);
        publisher.start();
        thread.start();
    }

    CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, Consumer<List<TwinEvent>> onCommit) {
        return append(events, List.of(), onCommit);
    }

    /** Appends {@code events} and, in the same transaction, {@code audit}: one record per event, or none. */
    CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, List<AuditRecord> audit,
                                              Consumer<List<TwinEvent>> onCommit) {
        List<TwinEvent> copy = List.copyOf(events);
        List<AuditRecord> auditCopy = List.copyOf(audit);
        Pending pending = new Pending(copy, copy.stream().map(codec::event).toList(), auditCopy,
                auditCopy.stream().map(codec::audit).toList(), onCommit, new CompletableFuture<>());
        synchronized (enqueueLock) {
            if (closed) {
                return CompletableFuture.failedFuture(unavailable("The journal on " + target + " is closed.", null));
            }
            queue.add(pending);
        }
        return pending.future();
    }

    /**
     * Writes what is queued, then stops, waiting at most {@code timeout}. A writer stuck in the database is left to
     * finish on its own (it is a daemon thread); failing its futures from here could report a stored event as lost.
     */
    void close(Duration timeout) {
        synchronized (enqueueLock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            thread.join(timeout.toMillis());
            publisher.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive() || publisher.isAlive()) {
            LOG.warn("The journal writer on {} did not finish within {}; its appends complete when it does", target,
                    timeout);
        }
    }

    boolean isRunning() {
        synchronized (enqueueLock) {
            return !closed && thread.isAlive();
        }
    }

    /** How many transactions committed; tests use it to see that commits are shared. */
    long transactions() {
        return transactions.get();
    }

    /** Events committed since the writer started. */
    long eventsCommitted() {
        return eventsCommitted.sum();
    }

    /** Transactions that failed (each failing all its appends). */
    long failedTransactions() {
        return failedTransactions.sum();
    }

    /** The journal position of the last committed event. */
    long committedSeq() {
        return committedSeq;
    }

    /** Appends waiting for the writer: how far the journal is behind its writers right now. */
    int queued() {
        return queue.size();
    }

    /** Seconds from a transaction's first statement to its commit's return. */
    Histogram.Snapshot commitSeconds() {
        return commitSeconds.snapshot();
    }

    /** Events per committed transaction. */
    Histogram.Snapshot batchEvents() {
        return batchEvents.snapshot();
    }

    private void run() {
        try {
            List<Pending> batch = new ArrayList<>();
            while (true) {
                Pending first = queue.take();
                if (first == STOP) {
                    return;
                }
                batch.add(first);
                int events = first.events().size();
                // Only this thread removes from the queue, so what peek() saw is what poll() takes.
                for (Pending next = queue.peek(); next != null && next != STOP
                        && events + next.events().size() <= maxBatch; next = queue.peek()) {
                    batch.add(queue.poll());
                    events += next.events().size();
                }
                write(batch, events);
                batch.clear();
            }
        } catch (InterruptedException e) {
            LOG.warn("The journal writer on {} was interrupted; appends fail from now on", target);
        } finally {
            synchronized (enqueueLock) {
                closed = true;
            }
            failQueued();
            disconnect();
            outcomes.add(DONE);
        }
    }

    /** The publisher's loop: runs the callbacks and completes the futures of each transaction, in commit order. */
    private void publish() {
        while (true) {
            Outcome outcome;
            try {
                outcome = outcomes.take();
            } catch (InterruptedException e) {
                LOG.warn("The journal publisher on {} was interrupted; stored appends may stay unacknowledged",
                        target);
                return;
            }
            if (outcome == DONE) {
                return;
            }
            for (int i = 0; i < outcome.batch().size(); i++) {
                Pending p = outcome.batch().get(i);
                if (outcome.failure() != null) {
                    p.future().completeExceptionally(outcome.failure());
                    continue;
                }
                try {
                    p.onCommit().accept(outcome.stored().get(i));
                } catch (RuntimeException e) {
                    LOG.error("The commit callback of a stored append failed; the events are durable", e);
                }
                p.future().complete(outcome.stored().get(i));
            }
        }
    }

    private void write(List<Pending> batch, int events) {
        List<List<TwinEvent>> stamped = new ArrayList<>(batch.size());
        long started = System.nanoTime();
        long seq = lastSeq;
        boolean audited = false;
        try {
            connectIfNeeded();
            for (Pending pending : batch) {
                List<TwinEvent> out = new ArrayList<>(pending.events().size());
                for (int i = 0; i < pending.events().size(); i++) {
                    TwinEvent event = pending.events().get(i);
                    EventTable.bind(insert, ++seq, event, pending.json().get(i));
                    insert.addBatch();
                    if (!pending.audit().isEmpty()) {
                        AuditTable.bind(auditInsert, seq, pending.audit().get(i), pending.auditJson().get(i));
                        auditInsert.addBatch();
                        audited = true;
                    }
                    out.add(event.withSeq(seq));
                }
                stamped.add(List.copyOf(out));
            }
            insert.executeBatch();
            if (audited) {
                auditInsert.executeBatch();
            }
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            // The numbers are skipped, not reused: after a failed commit they may be in the database after all.
            lastSeq = seq;
            failedTransactions.increment();
            disconnect();
            boolean refused = e instanceof SQLException sql && isConstraintViolation(sql);
            if (refused && batch.size() > 1) {
                // One append planned against a stale state must not fail the others sharing its transaction.
                LOG.warn("The database refused a journal transaction of {} appends on {}; writing them one by one",
                        batch.size(), target, e);
                batch.forEach(p -> write(List.of(p), p.events().size()));
                return;
            }
            LOG.warn("A journal transaction of {} events failed on {}; reconnecting for the next one", events, target,
                    e);
            DayuanException failure = unavailable(refused
                    ? "The journal on " + target + " refused " + events + " events: an event of the same twin, life"
                            + " and revision is stored already (" + e.getMessage() + ")"
                    : "The journal on " + target + " did not store " + events + " events: " + e.getMessage(), e);
            outcomes.add(new Outcome(List.copyOf(batch), List.of(), failure));
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        lastSeq = seq;
        commitSeconds.observe((System.nanoTime() - started) / 1e9);
        batchEvents.observe(events);
        eventsCommitted.add(events);
        committedSeq = seq;
        transactions.incrementAndGet();
        outcomes.add(new Outcome(List.copyOf(batch), stamped, null));
    }

    /** An integrity constraint refused a row (SQLSTATE class 23), so the transaction certainly stored nothing. */
    private static boolean isConstraintViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (next.getSQLState() != null && next.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private void connectIfNeeded() throws SQLException {
        long now = System.nanoTime();
        if (connection != null && now - lastUsed > IDLE_CHECK_NANOS && !JdbcTarget.isValid(connection)) {
            disconnect();
        }
        lastUsed = now;
        if (connection == null) {
            connection = target.connect();
        }
        if (insert == null) {
            connection.setAutoCommit(false);
            insert = connection.prepareStatement(EventTable.INSERT);
            auditInsert = connection.prepareStatement(AuditTable.INSERT);
        }
    }

    /** Rolls back whatever a failed transaction left, then drops the connection so the next batch reconnects. */
    private void disconnect() {
        if (connection == null) {
            return;
        }
        try (Connection c = connection) {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("Rolling back and closing the journal connection to {} failed", target, e);
        }
        connection = null;
        insert = null;
        auditInsert = null;
    }

    private void failQueued() {
        List<Pending> unwritten = new ArrayList<>();
        for (Pending p; (p = queue.poll()) != null; ) {
            unwritten.add(p);
        }
        if (!unwritten.isEmpty()) {
            outcomes.add(new Outcome(unwritten, List.of(), unavailable("The journal on " + target
                    + " closed before writing.", null)));
        }
    }

    static DayuanException unavailable(String message, Throwable cause) {
        return new DayuanException(ErrorCode.STORE_UNAVAILABLE, message, ErrorCode.STORE_UNAVAILABLE.description(),
                cause);
    }
}
