package org.dayuan.twin.core;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinEventListener;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;
import org.dayuan.twin.spi.TwinJournal;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@link Registry} as the OSGi {@link TwinRegistry} service: recovers it from the journal on
 * activation, delivers events to every registered {@link TwinEventListener} on one thread, and snapshots it.
 */
@Component(service = TwinRegistry.class, configurationPid = "org.dayuan.registry", immediate = true)
// The Registry object is registered by hand for this bundle's own components; declared so the resolver knows.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.dayuan.twin.core.Registry")
@Designate(ocd = RegistryConfig.class)
public final class RegistryComponent implements TwinRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryComponent.class);

    private final List<TwinEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> new Thread(r, "dayuan-events"));
    private final ScheduledExecutorService snapshots =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dayuan-snapshots"));
    private final Registry registry;

    private final ServiceRegistration<Registry> internal;

    @Activate
    public RegistryComponent(@Reference TwinJournal journal, RegistryConfig config, BundleContext context) {
        long start = System.nanoTime();
        this.registry = new Registry(journal, (e, after) -> delivery.execute(() -> deliver(e, after)),
                config.maxThingBytes(), Duration.ofSeconds(config.commitTimeoutSeconds()));
        long replayed = registry.recover();
        LOG.info("Twin registry recovered {} twins from {} ({} journal events after the snapshot) in {} ms",
                registry.count(Caller.SYSTEM), journal.describe(), replayed, (System.nanoTime() - start) / 1_000_000);
        snapshots.scheduleWithFixedDelay(() -> {
            if (registry.eventsSinceSnapshot() >= config.snapshotEvery()) {
                snapshotNow();
            }
        }, 5, 5, TimeUnit.SECONDS);
        // Components of this bundle (search, history, validation) attach to the registry itself, not to the API.
        internal = context.registerService(Registry.class, registry, null);
    }

    @Deactivate
    void deactivate() {
        internal.unregister();
        registry.close();
        snapshots.shutdownNow();
        if (registry.eventsSinceSnapshot() > 0) {
            snapshotNow();
        }
        delivery.shutdown();
        try {
            delivery.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void snapshotNow() {
        try {
            registry.snapshot().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Snapshot failed; the journal still holds every event, so nothing is lost", e);
        }
    }

    private void deliver(TwinEvent event, Optional<Twin> after) {
        for (TwinEventListener l : listeners) {
            try {
                l.onEvent(event, after);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} failed on event {} of {}", l, event.seq(), event.thingId(), e);
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(TwinEventListener listener) {
        listeners.add(listener);
    }

    void removeListener(TwinEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Optional<Twin> get(Caller caller, TwinId id) {
        return registry.get(caller, id);
    }

    @Override
    public List<Twin> getAll(Caller caller, Collection<TwinId> ids) {
        return registry.getAll(caller, ids);
    }

    @Override
    public List<Twin> list(Caller caller) {
        return registry.list(caller);
    }

    @Override
    public Twin create(Caller caller, TwinId id, ObjectNode thing) {
        return registry.create(caller, id, thing);
    }

    @Override
    public WriteResult put(Caller caller, TwinId id, JsonPointer path, JsonNode value, WriteCondition condition) {
        return registry.put(caller, id, path, value, condition);
    }

    @Override
    public WriteResult merge(Caller caller, TwinId id, JsonPointer path, JsonNode patch, WriteCondition condition) {
        return registry.merge(caller, id, path, patch, condition);
    }

    @Override
    public WriteResult delete(Caller caller, TwinId id, JsonPointer path, WriteCondition condition,
                              boolean recursive) {
        return registry.delete(caller, id, path, condition, recursive);
    }

    @Override
    public List<TwinId> children(Caller caller, TwinId id) {
        return registry.children(caller, id);
    }

    @Override
    public int count(Caller caller) {
        return registry.count(caller);
    }
}
