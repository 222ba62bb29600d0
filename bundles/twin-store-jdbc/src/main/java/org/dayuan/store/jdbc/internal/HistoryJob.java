package org.dayuan.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history upkeep of the journal, on a thread and a connection of its own so the writer never waits for it:
 * each run writes a checkpoint generation from the latest snapshot, then applies retention to history and to the
 * audit trail (telemetry and other records each by their own retention).
 */
final class HistoryJob {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryJob.class);
    /** Rows per delete transaction: short enough that nothing waits on them. */
    static final int CHUNK = 1000;
    /** The first run comes soon after start, so a restarted journal catches up without waiting a whole period. */
    private static final Duration FIRST_RUN = Duration.ofMinutes(1);

    private final JdbcTarget target;
    private final Checkpointer checkpointer;
    private final Retention retention;
    private final Duration keepTelemetryAudit;
    private final Duration keepOtherAudit;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dayuan-journal-history");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    /**
     * @param keep               how long history events are kept
     * @param keepTelemetryAudit how long audit records of telemetry are kept
     * @param keepOtherAudit     how long every other audit record is kept
     *                           (for each, zero keeps for ever)
     */
    HistoryJob(JdbcTarget target, JsonCodec codec, Duration keep, Duration keepTelemetryAudit, Duration keepOtherAudit,
               Clock clock) {
        this.target = target;
        this.checkpointer = new Checkpointer(codec);
        this.retention = new Retention(keep, CHUNK);
        this.keepTelemetryAudit = keepTelemetryAudit;
        this.keepOtherAudit = keepOtherAudit;
        this.clock = clock;
    }

    void start(Duration period) {
        thread.scheduleWithFixedDelay(this::runLogged, Math.min(FIRST_RUN.toMillis(), period.toMillis()),
                period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops between two transactions of a run in progress, waiting at most {@code timeout}. */
    void close(Duration timeout) {
        stopping = true;
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The history job on {} did not stop within {}", target, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("The history job on {} failed; it runs again at its next period", target, e);
        }
    }

    /** One run on the calling thread. */
    void runOnce() throws SQLException {
        try (Connection c = target.connect()) {
            try {
                run(c);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void run(Connection c) throws SQLException {
        long start = System.nanoTime();
        int rows = checkpointer.run(c, () -> stopping);
        if (rows >= 0) {
            LOG.info("History checkpoint on {}: {} twins changed since the previous one ({} ms)", target, rows,
                    (System.nanoTime() - start) / 1_000_000);
        }
        Retention.Result r = retention.run(c, clock.instant(), () -> stopping);
        if (r.events() > 0 || r.rows() > 0) {
            LOG.info("History retention on {}: history kept after seq {} ({}); removed {} events and {} checkpoint"
                    + " rows", target, r.horizon().seq(), r.horizon().timestamp(), r.events(), r.rows());
        }
        long telemetry = pruneAudit(c, true, keepTelemetryAudit);
        long other = pruneAudit(c, false, keepOtherAudit);
        if (telemetry > 0 || other > 0) {
            LOG.info("Audit retention on {}: removed {} telemetry records and {} other records", target, telemetry,
                    other);
        }
    }

    private long pruneAudit(Connection c, boolean telemetry, Duration keep) throws SQLException {
        if (keep.isZero()) {
            return 0;
        }
        c.setAutoCommit(false);
        return AuditTable.prune(c, telemetry, clock.instant().minus(keep), CHUNK, () -> stopping);
    }
}
