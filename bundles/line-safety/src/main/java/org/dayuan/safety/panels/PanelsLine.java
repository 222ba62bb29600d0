package org.dayuan.safety.panels;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.dayuan.alarms.Alarms;
import org.dayuan.device.tcp.DeviceServer;
import org.dayuan.gbt26875.FrameSplitter;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinSubscriptions;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fire panel gateway: the kit's {@link DeviceServer} on {@code host:port}, splitting each connection into
 * GB/T 26875.3 frames and handing every piece to {@link PanelGateway}, whose answer goes back; a timer that raises {@code safety.link} for silent
 * links. Health {@code safety-panels} is ready once the server listens.
 */
@Component(immediate = true, service = {HealthIndicator.class, PanelsLine.class},
        configurationPid = "org.dayuan.safety.panels")
@Designate(ocd = PanelsConfig.class)
public final class PanelsLine implements HealthIndicator {
    static final String ROUTE = "safety-panels";
    private static final Logger LOG = LoggerFactory.getLogger(PanelsLine.class);

    private final PanelGateway gateway;
    private final DeviceServer<FrameSplitter.Piece> server;
    private final ScheduledExecutorService timer;

    @Activate
    public PanelsLine(BundleContext context, @Reference TwinRegistry registry, @Reference TwinSearch search,
                      @Reference TwinSubscriptions subscriptions, @Reference Alarms alarms, PanelsConfig config) {
        this(new OsgiDefaultCamelContext(context), registry, search, subscriptions, alarms, config, Clock.systemUTC());
    }

    PanelsLine(CamelContext camel, TwinRegistry registry, TwinSearch search, TwinSubscriptions subscriptions,
               Alarms alarms, PanelsConfig config, Clock clock) {
        this.gateway = new PanelGateway(registry, search, subscriptions, alarms, clock, ZoneId.of(config.timeZone()));
        if (!config.enabled()) {
            server = null;
            timer = null;
            return;
        }
        // no idle timeout: a silent link is the timer's to alarm, and a panel may stay connected while silent
        server = new DeviceServer<>(camel, new DeviceServer.Settings(ROUTE, config.host(), config.port(),
                config.maxConnections(), 0, 0), FrameSplitter.Piece.class, () -> new FrameSplitter()::feed,
                (peer, piece) -> gateway.receive(peer, piece).reply(), gateway::disconnected);
        Duration timeout = Duration.ofSeconds(config.linkTimeoutSeconds());
        long period = Math.max(1, Math.min(30, config.linkTimeoutSeconds() / 5));
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "safety-panels-links"));
        timer.scheduleWithFixedDelay(() -> {
            try {
                gateway.checkLinks(timeout);
            } catch (RuntimeException e) {
                LOG.warn("panel link check failed", e);
            }
        }, period, period, TimeUnit.SECONDS);
    }

    PanelGateway gateway() {
        return gateway;
    }

    @Override
    public String name() {
        return "safety-panels";
    }

    @Override
    public Optional<String> problem() {
        return server == null ? Optional.empty() : server.problem();
    }

    @Override
    public boolean ready() {
        return server == null || server.ready();
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
        gateway.close();
    }
}
