package org.dayuan.store.jdbc.internal;

import static org.dayuan.store.jdbc.internal.GroupCommitWriter.unavailable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.metrics.MetricSink;
import org.dayuan.twin.metrics.MetricSource;
import org.dayuan.twin.spi.BackupArchive;
import org.dayuan.twin.spi.TwinJournal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal over JDBC: appends go through one group-commit writer, snapshots through their own thread and
 * connection so appends continue meanwhile, and reads borrow a connection from the store's pool
 * ({@link StoreDataSource}), which they share with other bundles on the same database. A background job keeps
 * history checkpoints and applies retention ({@link HistoryJob}), also on its own thread and connection. The audit
 * trail is written by the same writer, in the transaction of its events, and has retentions of its own.
 */
@Component(service = {TwinJournal.class, MetricSource.class}, configurationPid = StoreConfig.PID)
@Designate(ocd = StoreConfig.class)
public final class JdbcTwinJournal implements TwinJournal, MetricSource {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcTwinJournal.class);
    static final int MAX_BATCH_LIMIT = 100_000;
    static final int MAX_CHECK_MINUTES = 10_080;
    /** The most events one history page, or audit records one audit page, returns, whatever the caller asks. */
    static final int MAX_PAGE = 10_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final JdbcTarget target;
    private final DataSource reads;
    /** The pool this journal made itself and closes (outside OSGi); null when it is the DataSource service's. */
    private final StoreDataSource ownPool;
    private final JsonCodec codec = new JsonCodec();
    private final GroupCommitWriter writer;
    private final SnapshotTable snapshots;
    private final CheckpointTable checkpoints;
    private final HistoryJob history;
    private final ExecutorService snapshotThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dayuan-journal-snapshot");
        t.setDaemon(true);
        return t;
    });
    /** A connection of its own, so a health probe never waits for the writer. */
    private final Object healthLock = new Object();
    private Connection healthConnection;
    private volatile boolean closed;
    private final Clock clock;
    /** The newest complete snapshot: its journal position and when its state was cut; null while there is none. */
    private volatile SnapshotMark lastSnapshot;

    private record SnapshotMark(long seq, Instant at) {
    }

    @Activate
    public JdbcTwinJournal(StoreConfig config,
                           @Reference(target = "(" + StoreDataSource.PROPERTY + "=" + StoreDataSource.JOURNAL + ")")
                           DataSource reads) {
        this(checked(config), reads, null, Clock.systemUTC(), BackupArchive.restoreFile());
    }

    /** With a pool of its own, closed at deactivate, as outside OSGi. */
    JdbcTwinJournal(StoreConfig config) {
        this(config, Clock.systemUTC());
    }

    /** With the clock retention measures age by, so tests can move time; with a pool of its own. */
    JdbcTwinJournal(StoreConfig config, Clock clock) {
        this(config, clock, BackupArchive.restoreFile());
    }

    /** Restoring the backup at {@code restoreFile} when there is one, as at start in Karaf; for tests. */
    JdbcTwinJournal(StoreConfig config, Clock clock, Path restoreFile) {
        this(checked(config), clock, new StoreDataSource(config), restoreFile);
    }

    private JdbcTwinJournal(StoreConfig config, Clock clock, StoreDataSource ownPool, Path restoreFile) {
        this(config, ownPool, ownPool, clock, restoreFile);
    }

    /** Checked before a pool is made, so a bad configuration leaves nothing open. */
    private static StoreConfig checked(StoreConfig config) {
        int maxBatch = config.maxBatch();
        if (maxBatch < 1 || maxBatch > MAX_BATCH_LIMIT) {
            throw ConfigError.invalid("maxBatch", maxBatch + " is out of range; use 1 to " + MAX_BATCH_LIMIT + ".");
        }
        if (config.retentionDays() < 0) {
            throw ConfigError.invalid("retentionDays", config.retentionDays() + " is negative; use 0 to keep every"
                    + " event, or the number of days to keep.");
        }
        for (String key : new String[] {"auditTelemetryDays", "auditDays"}) {
            int days = key.equals("auditDays") ? config.auditDays() : config.auditTelemetryDays();
            if (days < 0) {
                throw ConfigError.invalid(key, days + " is negative; use 0 to keep those audit records for ever,"
                        + " or the number of days to keep.");
            }
        }
        int checkMinutes = config.retentionCheckMinutes();
        if (checkMinutes < 1 || checkMinutes > MAX_CHECK_MINUTES) {
            throw ConfigError.invalid("retentionCheckMinutes", checkMinutes + " is out of range; use 1 to "
                    + MAX_CHECK_MINUTES + ".");
        }
        return config;
    }

    private JdbcTwinJournal(StoreConfig config, DataSource reads, StoreDataSource ownPool, Clock clock,
                            Path restoreFile) {
        this.reads = reads;
        this.ownPool = ownPool;
        this.clock = clock;
        try {
            target = JdbcTarget.of(config.url(), config.user(), config.password());
        } catch (RuntimeException e) {
            closePool(ownPool);
            throw e;
        }
        int maxBatch = config.maxBatch();
        int schemaVersion;
        long lastSeq;
        Connection connection = null;
        try {
            connection = target.connect();
            JournalBackup.restoreIfPresent(connection, restoreFile, target.toString());
            schemaVersion = Schema.migrate(connection);
            lastSeq = EventTable.maxSeq(connection);
            SnapshotTable.Header snapshot = SnapshotTable.latestHeader(connection);
            lastSnapshot = snapshot == null ? null : new SnapshotMark(snapshot.seq(), snapshot.created());
        } catch (SQLException e) {
            closeQuietly(connection);
            closePool(ownPool);
            throw new IllegalStateException("Cannot open the twin journal (" + StoreConfig.PID + " 'url') at "
                    + target + ": " + e.getMessage(), e);
        }
        writer = new GroupCommitWriter(target, codec, maxBatch, lastSeq, connection);
        snapshots = new SnapshotTable(codec, maxBatch);
        checkpoints = new CheckpointTable(codec);
        history = new HistoryJob(target, codec, Duration.ofDays(config.retentionDays()),
                Duration.ofDays(config.auditTelemetryDays()), Duration.ofDays(config.auditDays()), clock);
        history.start(Duration.ofMinutes(config.retentionCheckMinutes()));
        LOG.info("Twin journal opened on {}: schema version {}, last seq {}, up to {} events per transaction,"
                + " history kept {}, audit of telemetry kept {}, other audit kept {}", target, schemaVersion, lastSeq,
                maxBatch, kept(config.retentionDays()), kept(config.auditTelemetryDays()), kept(config.auditDays()));
    }

    private static String kept(int days) {
        return days == 0 ? "for ever" : days + " days";
    }

    @Deactivate
    void deactivate() {
        closed = true;
        history.close(CLOSE_TIMEOUT);
        writer.close(CLOSE_TIMEOUT);
        snapshotThread.shutdown();
        try {
            if (!snapshotThread.awaitTermination(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("A snapshot on {} is still being written; it stays incomplete if the JVM stops", target);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (healthLock) {
            closeQuietly(healthConnection);
            healthConnection = null;
        }
        closePool(ownPool);
        LOG.info("Twin journal on {} closed", target);
    }

    @Override
    public CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events,
                                                     Consumer<List<TwinEvent>> onCommit) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return writer.append(events, onCommit);
    }

    @Override
    public CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, List<AuditRecord> audit,
                                                     Consumer<List<TwinEvent>> onCommit) {
        AuditTable.check(events, audit);
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return writer.append(events, audit, onCommit);
    }

    @Override
    public List<AuditRecord> audit(AuditQuery query) {
        return withConnection("read the audit trail",
                c -> AuditTable.query(c, query, Math.min(query.limit(), MAX_PAGE), codec));
    }

    @Override
    public CompletableFuture<Void> snapshot(long seq, Collection<Twin> twins) {
        List<Twin> copy = List.copyOf(twins);
        Instant cut = clock.instant();
        try {
            // A snapshot still queued at deactivate fails fast in withConnection instead of delaying it.
            return CompletableFuture.runAsync(() -> withConnection("write the snapshot at seq " + seq, c -> {
                snapshots.write(c, seq, copy);
                lastSnapshot = new SnapshotMark(seq, cut);
                return null;
            }), snapshotThread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(unavailable("The journal on " + target + " is closed.", e));
        }
    }

    @Override
    public Snapshot latestSnapshot() {
        return withConnection("read the latest snapshot", snapshots::latest);
    }

    @Override
    public void replay(long afterSeq, Consumer<TwinEvent> sink) {
        withConnection("replay the journal after seq " + afterSeq, c -> {
            EventTable.replay(c, afterSeq, codec, sink);
            return null;
        });
    }

    @Override
    public long lastSeq() {
        return withConnection("read the last seq", EventTable::maxSeq);
    }

    @Override
    public String describe() {
        return target.toString();
    }

    @Override
    public boolean isHealthy() {
        synchronized (healthLock) {
            // Checked under the lock so no probe connects after deactivate closed the probe connection.
            if (closed || !writer.isRunning()) {
                return false;
            }
            try {
                if (!JdbcTarget.isValid(healthConnection)) {
                    closeQuietly(healthConnection);
                    healthConnection = null;
                    healthConnection = target.connect();
                }
                return JdbcTarget.isValid(healthConnection);
            } catch (SQLException e) {
                LOG.debug("Health check of {} failed", target, e);
                return false;
            }
        }
    }

    @Override
    public Checkpoint checkpointAt(TwinId id, long seq) {
        return withConnection("read a checkpoint of " + id, c -> checkpoints.twinAt(c, id, seq));
    }

    @Override
    public Checkpoint checkpointBefore(TwinId id, Instant instant) {
        return withConnection("read a checkpoint of " + id, c -> checkpoints.twinBefore(c, id, instant));
    }

    @Override
    public Checkpoint checkpointBefore(Instant instant) {
        return withConnection("read the checkpoint before " + instant, c -> checkpoints.allBefore(c, instant));
    }

    @Override
    public List<TwinEvent> twinEvents(TwinId id, long afterSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return withConnection("read the events of " + id,
                c -> EventTable.twinPage(c, id, afterSeq, Math.min(limit, MAX_PAGE), codec));
    }

    @Override
    public List<TwinEvent> events(long afterSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return withConnection("read the events after seq " + afterSeq,
                c -> EventTable.page(c, afterSeq, Math.min(limit, MAX_PAGE), codec));
    }

    @Override
    public OptionalLong seqOfRevision(TwinId id, long revision) {
        return withConnection("find revision " + revision + " of " + id, c -> {
            OptionalLong event = EventTable.seqOfRevision(c, id, revision);
            OptionalLong stored = checkpoints.seqOfRevision(c, id, revision);
            if (event.isPresent() && stored.isPresent()) {
                return OptionalLong.of(Math.max(event.getAsLong(), stored.getAsLong()));
            }
            return event.isPresent() ? event : stored;
        });
    }

    @Override
    public HistoryHorizon historyHorizon() {
        return withConnection("read the history horizon", CheckpointTable::horizon);
    }

    @Override
    public Map<String, Number> figures() {
        Map<String, Number> out = new LinkedHashMap<>();
        long committed = writer.committedSeq();
        SnapshotMark snapshot = lastSnapshot;
        out.put("queuedAppends", writer.queued());
        out.put("lastSeq", committed);
        out.put("eventsSinceSnapshot", Math.max(0, committed - (snapshot == null ? 0 : snapshot.seq())));
        if (snapshot != null) {
            out.put("snapshotAgeSeconds", Math.max(0, Duration.between(snapshot.at(), clock.instant()).toSeconds()));
        }
        return out;
    }

    /**
     * The writer's figures and the snapshot's, all read without waiting: counters, a queue length and volatile
     * fields the writer sets once per transaction.
     */
    @Override
    public void collect(MetricSink sink) {
        sink.counter("dayuan_journal_events_total", "Events committed to the journal (every accepted write of a twin"
                + " is one event).", writer.eventsCommitted());
        sink.counter("dayuan_journal_transactions_total", "Journal transactions committed (group commits).",
                writer.transactions());
        sink.counter("dayuan_journal_failed_transactions_total", "Journal transactions that failed; their writes"
                + " were refused.", writer.failedTransactions());
        sink.histogram("dayuan_journal_commit_seconds", "Time of one journal transaction, from its first insert to"
                + " the return of its commit.", writer.commitSeconds());
        sink.histogram("dayuan_journal_batch_events", "Events per journal transaction.", writer.batchEvents());
        sink.gauge("dayuan_journal_queued_appends", "Appends waiting for the journal writer.", writer.queued());
        long committed = writer.committedSeq();
        sink.gauge("dayuan_journal_last_seq", "Journal position of the last committed event.", committed);
        SnapshotMark snapshot = lastSnapshot;
        if (snapshot != null) {
            sink.gauge("dayuan_snapshot_age_seconds", "Seconds since the state of the newest complete snapshot was"
                    + " taken.", Math.max(0, Duration.between(snapshot.at(), clock.instant()).toMillis() / 1000.0));
        }
        sink.gauge("dayuan_snapshot_events_since", "Journal positions after the newest complete snapshot: what a"
                + " start now would replay.", Math.max(0, committed - (snapshot == null ? 0 : snapshot.seq())));
    }

    /** One run of the history job on the calling thread, for tests. */
    void runHistoryJob() throws SQLException {
        history.runOnce();
    }

    /** Transactions the writer committed so far. */
    long committedTransactions() {
        return writer.transactions();
    }

    private <T> T withConnection(String what, Work<T> work) {
        if (closed) {
            throw unavailable("The journal on " + target + " is closed; cannot " + what + ".", null);
        }
        try (Connection c = reads.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw unavailable("Could not " + what + " on " + target + ": " + e.getMessage(), e);
        }
    }

    private static void closePool(StoreDataSource pool) {
        if (pool != null) {
            pool.close();
        }
    }

    /** The pool reads borrow from when this journal made it itself, for tests; otherwise null. */
    StoreDataSource ownPool() {
        return ownPool;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("Closing a connection failed", e);
            }
        }
    }
}
