package org.dayuan.ditto.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.spi.TwinJournal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Bridge} as this bundle's own identity ({@code bundle.org.dayuan.ditto.bridge} in
 * {@code etc/org.dayuan.identities.cfg}) when configured enabled, and answers its status either way. A changed
 * configuration restarts it from its durable position.
 */
@Component(service = BridgeComponent.class, configurationPid = BridgeSettings.PID, immediate = true)
@Designate(ocd = BridgeConfig.class)
public final class BridgeComponent {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeComponent.class);

    private final BridgeSettings settings;
    private final TwinJournal journal;
    private final Bridge bridge;

    @Activate
    public BridgeComponent(@Reference TwinRegistry registry, @Reference TwinSubscriptions subscriptions,
                           @Reference TwinJournal journal, BridgeConfig config) throws IOException {
        this.settings = BridgeSettings.of(config, Path.of(System.getProperty("karaf.data", "data")));
        this.journal = journal;
        if (!settings.enabled()) {
            bridge = null;
            LOG.info("Ditto bridge disabled ({} enabled=false)", BridgeSettings.PID);
            return;
        }
        bridge = new Bridge(subscriptions, registry::identity, () -> registry.list(registry.identity()),
                journal::lastSeq, new PositionFile(settings.positionFile()), DittoUpstream.connector(settings),
                settings.options()).start();
        LOG.info("Ditto bridge started: {}", settings);
    }

    @Deactivate
    void deactivate() {
        if (bridge != null) {
            bridge.close();
        }
    }

    public BridgeStatus status() {
        if (bridge != null) {
            return bridge.status();
        }
        long position;
        try {
            position = new PositionFile(settings.positionFile()).read();
        } catch (IOException e) {
            position = 0;
        }
        return BridgeStatus.disabled(settings.endpoint(), position, journal.lastSeq());
    }

    List<String> namespaces() {
        return List.copyOf(settings.namespaces());
    }
}
