package org.dayuan.demo;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the demo county into the registry at start-up, when enabled and only when the registry is empty, so a
 * restart or a registry holding real data is never touched. The load runs on its own thread so that start-up is
 * not held up; a twin the registry refuses is logged and skipped. Health says STARTING until the load is over.
 */
@Component(configurationPid = DemoLoader.PID, immediate = true, service = HealthIndicator.class)
@Designate(ocd = DemoLoader.Config.class)
public final class DemoLoader implements HealthIndicator {
    static final String PID = "org.dayuan.demo";

    @ObjectClassDefinition(name = "Dayuan demo county",
            description = "Loads the demo county 常州市武进区 (administrative centre campus, buildings, rooms, devices,"
                    + " organisations and vehicles, namespace cz.wujin) into the twin registry at start-up.")
    @interface Config {
        @AttributeDefinition(name = "Enabled",
                description = "Load the demo twins when the registry is empty. A registry that holds any twin is"
                        + " left alone, so this is safe to keep on across restarts.")
        boolean enabled() default false;

        @AttributeDefinition(name = "Demo users",
                description = "Create one demo user per role (listed in README) in Karaf's realm when missing.")
        boolean users() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DemoLoader.class);
    private static final int PROGRESS_EVERY = 100;
    /** How long deactivation waits for the write in progress; the loop stops at the next twin. */
    private static final long STOP_WAIT_MS = 10_000;
    private static final String THREAD_NAME = "dayuan-demo-loader";

    private final TwinRegistry registry;
    private final Supplier<List<ObjectNode>> twins;
    private volatile boolean stopping;
    private volatile Thread worker;

    @Activate
    public DemoLoader(@Reference(name = "registry") TwinRegistry registry) {
        this(registry, DemoCounty::twins);
    }

    DemoLoader(TwinRegistry registry, Supplier<List<ObjectNode>> twins) {
        this.registry = registry;
        this.twins = twins;
    }

    @Activate
    void activate(Config config) {
        if (!config.enabled()) {
            LOG.info("Demo county not loaded: set enabled=true in etc/{}.cfg to load it into an empty registry.", PID);
            return;
        }
        stopping = false;
        worker = new Thread(this::load, THREAD_NAME);
        worker.setDaemon(true);
        worker.start();
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        Thread w = worker;
        worker = null;
        if (w == null) {
            return;
        }
        // Not interrupted: an interrupt inside a journal write can close the store's file channel (H2 does that).
        try {
            w.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (w.isAlive()) {
            LOG.warn("The demo loader did not stop within {} ms; it stops after the twin it is writing.", STOP_WAIT_MS);
        }
    }

    @Override
    public String name() {
        return "demo-county";
    }

    @Override
    public Optional<String> problem() {
        return Optional.empty(); // a twin the registry refuses is logged and skipped, the rest of the county loads
    }

    @Override
    public boolean ready() {
        Thread w = worker;
        return w == null || !w.isAlive();
    }

    /** Waits until a load started by {@link #activate} has finished; true when it has (or none was started). */
    boolean awaitLoaded(long timeout, TimeUnit unit) throws InterruptedException {
        Thread w = worker;
        if (w != null) {
            w.join(unit.toMillis(timeout));
        }
        return w == null || !w.isAlive();
    }

    private void load() {
        try {
            int existing = registry.count(registry.identity());
            if (existing > 0) {
                LOG.info("Demo county not loaded: the registry already holds {} twins.", existing);
                return;
            }
            createAll(twins.get());
        } catch (RuntimeException e) {
            LOG.error("Loading the demo county failed.", e);
        }
    }

    private void createAll(List<ObjectNode> all) {
        long start = System.nanoTime();
        LOG.info("Loading the demo county: {} twins.", all.size());
        int created = 0;
        int failed = 0;
        for (ObjectNode twin : all) {
            if (stopping) {
                LOG.info("Demo county loading stopped after {} of {} twins.", created + failed, all.size());
                return;
            }
            String id = twin.path(Twin.THING_ID).asText();
            try {
                registry.create(registry.identity(), TwinId.of(id), twin);
                created++;
            } catch (DayuanException e) {
                failed++;
                LOG.warn("Demo twin {} not loaded: {} {}", id, e.errorCode().code(), e.getMessage());
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("Demo twin {} not loaded.", id, e);
            }
            if ((created + failed) % PROGRESS_EVERY == 0) {
                LOG.info("Demo county: {} of {} twins done.", created + failed, all.size());
            }
        }
        LOG.info("Demo county loaded: {} twins created, {} failed, in {} ms.", created, failed,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
