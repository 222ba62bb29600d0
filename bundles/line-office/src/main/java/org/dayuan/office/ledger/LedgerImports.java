package org.dayuan.office.ledger;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.dayuan.office.OfficeRoom;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ledger imports one at a time on a thread of their own, as the caller who sent the file (so the registry's
 * rules and the line's grant apply), and keeps the last {@code kept} imports' reports in memory: parsing, then
 * validating every row against the rooms the caller sees, then one {@link TwinRegistry#writeAll} of every changed
 * room, which lands whole or not at all.
 */
final class LedgerImports implements AutoCloseable {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static final Logger LOG = LoggerFactory.getLogger(LedgerImports.class);
    private static final String ROOMS = "eq(definition," + TwinSearch.literal(OfficeRoom.DEFINITION) + ")";

    private final TwinRegistry registry;
    private final TwinSearch search;
    private final Clock clock;
    private final int maxRows;
    private final long maxUnpacked;
    private final int kept;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dayuan-office-ledger");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, LedgerJob> jobs = new LinkedHashMap<>();

    LedgerImports(TwinRegistry registry, TwinSearch search, Clock clock, int maxRows, long maxUnpacked, int kept) {
        this.registry = registry;
        this.search = search;
        this.clock = clock;
        this.maxRows = maxRows;
        this.maxUnpacked = maxUnpacked;
        this.kept = kept;
    }

    /** Queues the import of {@code body} ({@code text/csv} or {@link #XLSX}) into {@code organisation}'s rooms. */
    LedgerJob submit(Caller caller, Twin organisation, String mediaType, byte[] body) {
        LedgerJob job = new LedgerJob(UUID.randomUUID().toString(), organisation.id(), caller.subject(),
                XLSX.equals(mediaType) ? "xlsx" : "csv", clock.instant());
        synchronized (jobs) {
            jobs.put(job.id, job);
            // forget the oldest finished imports beyond the bound; running ones stay until they finish
            Iterator<LedgerJob> oldest = jobs.values().iterator();
            while (jobs.size() > kept && oldest.hasNext()) {
                LedgerJob j = oldest.next();
                if (j.state() == LedgerJob.State.done || j.state() == LedgerJob.State.failed) {
                    oldest.remove();
                }
            }
        }
        worker.execute(() -> run(job, caller, organisation, body));
        return job;
    }

    Optional<LedgerJob> job(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    private void run(LedgerJob job, Caller caller, Twin organisation, byte[] body) {
        try {
            List<SheetRow> rows = job.format.equals("xlsx") ? XlsxSheet.read(body, maxUnpacked, maxRows, job::rowRead)
                    : CsvSheet.read(body, maxRows, job::rowRead);
            job.total((int) Math.max(0, rows.stream().filter(r -> !r.blank()).count() - 1));
            job.state(LedgerJob.State.validating);
            LocalDate today = LocalDate.now(clock.withZone(OfficeRoom.ZONE));
            RoomLedger.Plan plan = new RoomLedger(organisation, today).plan(rows, search.all(caller, ROOMS),
                    job::rowChecked);
            job.state(LedgerJob.State.writing);
            if (!plan.writes().isEmpty()) {
                registry.writeAll(caller, plan.writes());
            }
            job.done(plan.changed(), plan.unchanged(), clock.instant());
            LOG.info("Room ledger {} of {} by {}: {} rooms changed, {} unchanged", job.id, job.organisation,
                    job.subject, plan.changed(), plan.unchanged());
        } catch (DayuanException e) {
            job.failed(e, clock.instant());
        } catch (RuntimeException | Error e) {
            LOG.error("Room ledger {} of {} failed", job.id, job.organisation, e);
            job.failed(ErrorCode.INTERNAL.exception("The import failed unexpectedly; it was logged as ledger "
                    + job.id + ". Nothing was written."), clock.instant());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
