package org.dayuan.fleet.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.dayuan.device.tcp.DeviceServer;
import org.dayuan.jtt808.FrameSplitter;
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

/**
 * The JT/T 808 gateway: the kit's {@link DeviceServer} on {@code host:port}, splitting each connection at 0x7E and
 * handing every piece to {@link FleetGateway}, whose answer goes back; a terminal silent for {@code
 * idleTimeoutSeconds} is disconnected, which takes its vehicle offline. Health {@code fleet-gateway} is ready once the
 * server listens (or when the gateway is disabled).
 */
@Component(immediate = true, service = {HealthIndicator.class, GatewayLine.class},
        configurationPid = "org.dayuan.fleet.gateway")
@Designate(ocd = GatewayConfig.class)
public final class GatewayLine implements HealthIndicator {
    static final String ROUTE = "fleet-gateway";

    private final FleetGateway gateway;
    private final DeviceServer<FrameSplitter.Piece> server;

    @Activate
    public GatewayLine(BundleContext context, @Reference TwinRegistry registry, @Reference TwinSearch search,
                       @Reference TwinSubscriptions subscriptions, GatewayConfig config) {
        this(new OsgiDefaultCamelContext(context), registry, search, subscriptions, config, Clock.systemUTC());
    }

    GatewayLine(CamelContext camel, TwinRegistry registry, TwinSearch search, TwinSubscriptions subscriptions,
                GatewayConfig config, Clock clock) {
        this.gateway = new FleetGateway(registry, search, subscriptions, clock, ZoneId.of(config.timeZone()),
                new FleetGateway.Limits(config.maxPackets(), config.maxPacketBytes(),
                        Duration.ofSeconds(config.packetTimeoutSeconds())));
        // a bigger Netty pool than camel-netty's default: more reports in flight share a journal commit
        this.server = !config.enabled() ? null : new DeviceServer<>(camel, new DeviceServer.Settings(ROUTE,
                config.host(), config.port(), config.maxConnections(), config.idleTimeoutSeconds(), config.threads()),
                FrameSplitter.Piece.class, () -> new FrameSplitter(config.maxFrameBytes())::feed,
                (peer, piece) -> gateway.receive(peer, piece).reply(), gateway::disconnected);
    }

    FleetGateway gateway() {
        return gateway;
    }

    @Override
    public String name() {
        return "fleet-gateway";
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
        if (server != null) {
            server.close();
        }
        gateway.close();
    }
}
