package org.dayuan.importer.osgi;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.importer.ImportFormat;
import org.dayuan.importer.ImportLine;
import org.dayuan.importer.ImportParser;
import org.dayuan.importer.ImportProgress;
import org.dayuan.importer.Importer;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.TwinRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs imports for the servlet and the console: parses, checks and writes a file through this bundle's view of the
 * registry as the caller, logs its progress, and keeps the latest imports with their counts and outcome so that an
 * import started with {@code Prefer: respond-async} can be followed. Asynchronous imports run one at a time, in the
 * order they came: each checks against the state the one before it left.
 */
@Component(service = ImportService.class, configurationPid = ImportService.PID)
@Designate(ocd = ImportConfig.class)
public final class ImportService {
    static final String PID = "org.dayuan.import";
    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);

    private final Importer importer;
    private final ImportParser parser;
    private final int maxBytes;
    private final int keepFinished;
    private final Clock clock;
    private final Map<String, ImportProgress> jobs = new LinkedHashMap<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dayuan-import");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ImportService(@Reference TwinRegistry registry, ImportConfig config) {
        this(registry, config.maxBytes(), config.maxLines(), config.maxErrors(), config.keepFinished(),
                Clock.systemUTC());
    }

    ImportService(TwinRegistry registry, int maxBytes, int maxLines, int maxErrors, int keepFinished, Clock clock) {
        this.importer = new Importer(registry, maxErrors);
        this.parser = new ImportParser(maxLines);
        this.maxBytes = maxBytes;
        this.keepFinished = keepFinished;
        this.clock = clock;
    }

    @Deactivate
    void deactivate() {
        // Imports already accepted still run: each either writes its whole file or nothing, so none is cut short.
        background.shutdown();
    }

    /** The largest file one import takes, in bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    /** A new import of {@code caller}'s, listed from now on. */
    public ImportProgress begin(Caller caller) {
        ImportProgress progress = new ImportProgress(UUID.randomUUID().toString(), caller.subject(), clock.instant());
        synchronized (jobs) {
            jobs.put(progress.id(), progress);
            forgetOld();
        }
        return progress;
    }

    /** Imports {@code body} now, on this thread; the answer is also left in {@code progress}. */
    public ObjectNode run(Caller caller, byte[] body, ImportFormat format, Importer.Mode mode, boolean dryRun,
            ImportProgress progress) {
        long start = System.nanoTime();
        try {
            List<ImportLine> lines = parser.parse(body, format, progress::read);
            LOG.info("Import {} by {}: {} lines read, checking", progress.id(), caller.subject(), lines.size());
            ObjectNode answer = importer.run(caller, lines, mode, dryRun, progress);
            LOG.info("Import {} by {} ({}): {} in {} ms", progress.id(), caller.subject(), caller.origin(),
                    Importer.isRefusal(answer) ? answer.path("message").asText()
                            : (dryRun ? "checked " : "written ") + lines.size() + " twins",
                    (System.nanoTime() - start) / 1_000_000);
            return answer;
        } catch (DayuanException e) {
            progress.finish(ImportProgress.State.REFUSED, e.toJson());
            LOG.info("Import {} by {} refused: {}", progress.id(), caller.subject(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            progress.finish(ImportProgress.State.FAILED, org.dayuan.twin.ErrorCode.INTERNAL
                    .exception("The import failed; the log has the cause. Nothing was imported.").toJson());
            throw e;
        }
    }

    /** Imports {@code body} on the import thread; follow it with {@link #job}. */
    public void start(Caller caller, byte[] body, ImportFormat format, Importer.Mode mode, boolean dryRun,
            ImportProgress progress) {
        background.execute(() -> {
            try {
                run(caller, body, format, mode, dryRun, progress);
            } catch (DayuanException e) {
                // left in progress by run
            } catch (RuntimeException e) {
                LOG.error("Import {} by {} failed; nothing was imported", progress.id(), caller.subject(), e);
            }
        });
    }

    /** The import {@code id} if {@code caller} may see it: its own, or any for an admin. */
    public Optional<ImportProgress> job(Caller caller, String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id)).filter(p -> visible(caller, p));
        }
    }

    /** The imports {@code caller} may see, newest first. */
    public List<ImportProgress> jobs(Caller caller) {
        List<ImportProgress> out = new ArrayList<>();
        synchronized (jobs) {
            jobs.values().stream().filter(p -> visible(caller, p)).forEach(p -> out.add(0, p));
        }
        return out;
    }

    private static boolean visible(Caller caller, ImportProgress p) {
        return caller.may(Caller.Access.ADMINISTER) || p.subject().equals(caller.subject());
    }

    private void forgetOld() {
        long finished = jobs.values().stream().filter(p -> p.outcome() != null).count();
        for (Iterator<ImportProgress> it = jobs.values().iterator(); it.hasNext() && finished > keepFinished; ) {
            if (it.next().outcome() != null) {
                it.remove();
                finished--;
            }
        }
    }
}
