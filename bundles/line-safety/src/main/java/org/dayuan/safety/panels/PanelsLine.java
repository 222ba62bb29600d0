package org.dayuan.safety.panels;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.bytes.ByteArrayEncoder;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.dayuan.alarms.Alarms;
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
 * The fire panel gateway: a camel-netty TCP server on {@code host:port} whose route hands every piece of every
 * connection to {@link PanelGateway} and writes its answer back; a timer that raises {@code safety.link} for silent
 * links. Health {@code safety-panels} is ready once the server listens.
 */
@Component(immediate = true, service = {HealthIndicator.class, PanelsLine.class},
        configurationPid = "org.dayuan.safety.panels")
@Designate(ocd = PanelsConfig.class)
public final class PanelsLine implements HealthIndicator {
    static final String ROUTE = "safety-panels";
    private static final Logger LOG = LoggerFactory.getLogger(PanelsLine.class);

    private final boolean enabled;
    private final PanelGateway gateway;
    private final CamelContext camel;
    private final ScheduledExecutorService timer;
    private volatile String problem;

    @Activate
    public PanelsLine(BundleContext context, @Reference TwinRegistry registry, @Reference TwinSearch search,
                      @Reference TwinSubscriptions subscriptions, @Reference Alarms alarms, PanelsConfig config) {
        this(new OsgiDefaultCamelContext(context), registry, search, subscriptions, alarms, config, Clock.systemUTC());
    }

    PanelsLine(CamelContext camel, TwinRegistry registry, TwinSearch search, TwinSubscriptions subscriptions,
               Alarms alarms, PanelsConfig config, Clock clock) {
        this.enabled = config.enabled();
        this.camel = camel;
        this.gateway = new PanelGateway(registry, search, subscriptions, alarms, clock, ZoneId.of(config.timeZone()));
        if (!enabled) {
            timer = null;
            return;
        }
        PanelChannels.Limit limit = new PanelChannels.Limit(config.maxConnections(), gateway::disconnected);
        camel.getRegistry().bind("panelLimit", limit);
        camel.getRegistry().bind("panelDecoders", new PanelChannels.Decoders());
        camel.getRegistry().bind("panelEncoder", new ByteArrayEncoder());
        try {
            camel.start();
            camel.addRoutes(routes(gateway, config.host(), config.port()));
        } catch (Exception e) {
            problem = "the panel gateway cannot listen on " + config.host() + ":" + config.port() + ": " + e;
            LOG.error(problem, e);
        }
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

    static RouteBuilder routes(PanelGateway gateway, String host, int port) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("netty:tcp://" + host + ":" + port + "?sync=true&disconnectOnNoReply=false"
                        + "&noReplyLogLevel=OFF&allowDefaultCodec=false&reuseAddress=true"
                        + "&decoders=#panelLimit,#panelDecoders&encoders=#panelEncoder")
                        .routeId(ROUTE)
                        .process(e -> {
                            String peer = PanelChannels.peer(e.getMessage()
                                    .getHeader(NettyConstants.NETTY_REMOTE_ADDRESS));
                            PanelGateway.Outcome out = gateway.receive(peer,
                                    e.getMessage().getBody(FrameSplitter.Piece.class));
                            e.getMessage().setBody(out.reply());
                        });
            }
        };
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
        return Optional.ofNullable(problem);
    }

    @Override
    public boolean ready() {
        return !enabled || camel.getRouteController().getRouteStatus(ROUTE) == ServiceStatus.Started;
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
        camel.stop();
        gateway.close();
    }
}
