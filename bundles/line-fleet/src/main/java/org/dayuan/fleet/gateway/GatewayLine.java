package org.dayuan.fleet.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

import io.netty.handler.codec.bytes.ByteArrayEncoder;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyComponent;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JT/T 808 gateway: a camel-netty TCP server on {@code host:port} whose route hands every piece of every
 * connection to {@link FleetGateway} and writes its answer back. Health {@code fleet-gateway} is ready once the server
 * listens (or when the gateway is disabled).
 */
@Component(immediate = true, service = {HealthIndicator.class, GatewayLine.class},
        configurationPid = "org.dayuan.fleet.gateway")
@Designate(ocd = GatewayConfig.class)
public final class GatewayLine implements HealthIndicator {
    static final String ROUTE = "fleet-gateway";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayLine.class);

    private final boolean enabled;
    private final FleetGateway gateway;
    private final CamelContext camel;
    private volatile String problem;

    @Activate
    public GatewayLine(BundleContext context, @Reference TwinRegistry registry, @Reference TwinSearch search,
                       @Reference TwinSubscriptions subscriptions, GatewayConfig config) {
        this(new OsgiDefaultCamelContext(context), registry, search, subscriptions, config, Clock.systemUTC());
    }

    GatewayLine(CamelContext camel, TwinRegistry registry, TwinSearch search, TwinSubscriptions subscriptions,
                GatewayConfig config, Clock clock) {
        this.enabled = config.enabled();
        this.camel = camel;
        this.gateway = new FleetGateway(registry, search, subscriptions, clock, ZoneId.of(config.timeZone()),
                new FleetGateway.Limits(config.maxPackets(), config.maxPacketBytes(),
                        Duration.ofSeconds(config.packetTimeoutSeconds())));
        if (!enabled) {
            return;
        }
        camel.getRegistry().bind("fleetLimit", new TerminalChannels.Limit(config.maxConnections(),
                gateway::disconnected));
        camel.getRegistry().bind("fleetIdle", new TerminalChannels.Idle(config.idleTimeoutSeconds()));
        camel.getRegistry().bind("fleetDecoders", new TerminalChannels.Decoders(config.maxFrameBytes()));
        camel.getRegistry().bind("fleetEncoder", new ByteArrayEncoder());
        // the pool's size is the component's, not an endpoint's: this context's own netty component
        NettyComponent netty = new NettyComponent();
        netty.setMaximumPoolSize(config.threads());
        camel.addComponent("netty", netty);
        try {
            camel.start();
            camel.addRoutes(routes(gateway, config.host(), config.port()));
        } catch (Exception e) {
            problem = "the JT/T 808 gateway cannot listen on " + config.host() + ":" + config.port() + ": " + e;
            LOG.error(problem, e);
        }
    }

    static RouteBuilder routes(FleetGateway gateway, String host, int port) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("netty:tcp://" + host + ":" + port + "?sync=true&disconnectOnNoReply=false"
                        + "&noReplyLogLevel=OFF&allowDefaultCodec=false&reuseAddress=true"
                        + "&decoders=#fleetLimit,#fleetIdle,#fleetDecoders&encoders=#fleetEncoder")
                        .routeId(ROUTE)
                        .process(e -> {
                            String peer = TerminalChannels.peer(e.getMessage()
                                    .getHeader(NettyConstants.NETTY_REMOTE_ADDRESS));
                            FleetGateway.Outcome out = gateway.receive(peer,
                                    e.getMessage().getBody(FrameSplitter.Piece.class));
                            e.getMessage().setBody(out.reply());
                        });
            }
        };
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
        return Optional.ofNullable(problem);
    }

    @Override
    public boolean ready() {
        return !enabled || camel.getRouteController().getRouteStatus(ROUTE) == ServiceStatus.Started;
    }

    @Deactivate
    void deactivate() {
        camel.stop();
        gateway.close();
    }
}
