package org.dayuan.twin.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dayuan.twin.spi.TwinJournal;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@link Registry}: recovers it from the journal on activation, snapshots it, and registers it, built and
 * recovered, as a service for this bundle's own components (search, history, validation, subscriptions, and the
 * per-bundle views that publish {@link org.dayuan.twin.TwinRegistry}). Publishing no service of its own, it is never asked for while it activates:
 * when the registry was also the public service, a line woken on this thread by the services registered here asked
 * for it mid-construction, and SCR answered with a cycle.
 */
@Component(service = {}, configurationPid = "org.dayuan.registry", immediate = true)
// The Registry object is registered by hand for this bundle's own components; declared so the resolver knows.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.dayuan.twin.core.Registry")
@Designate(ocd = RegistryConfig.class)
public final class RegistryComponent {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryComponent.class);

    private final ScheduledExecutorService snapshots =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dayuan-snapshots"));
    private final Registry registry;
    private final Snapshotter snapshotter;

    private final ServiceRegistration<Registry> internal;

    @Activate
    public RegistryComponent(@Reference TwinJournal journal, RegistryConfig config, BundleContext context) {
        long start = System.nanoTime();
        // Events reach other bundles only through TwinSubscriptions, which follows the registry and scopes them.
        this.registry = new Registry(journal, (e, after) -> { }, config.maxThingBytes(),
                Duration.ofSeconds(config.commitTimeoutSeconds()));
        long replayed = registry.recover();
        LOG.info("Twin registry recovered {} twins from {} ({} journal events after the snapshot) in {} ms",
                registry.count(Registry.SELF), journal.describe(), replayed, (System.nanoTime() - start) / 1_000_000);
        snapshotter = new Snapshotter(registry, config.snapshotEvery());
        snapshots.scheduleWithFixedDelay(snapshotter::tick, 5, 5, TimeUnit.SECONDS);
        // Components of this bundle (search, history, validation) attach to the registry itself, not to the API.
        internal = context.registerService(Registry.class, registry, null);
    }

    @Deactivate
    void deactivate() {
        internal.unregister();
        registry.close();
        snapshots.shutdownNow();
        snapshotter.stop();
    }
}
