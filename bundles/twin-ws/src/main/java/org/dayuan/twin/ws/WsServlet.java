package org.dayuan.twin.ws;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.servlet.Servlet;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.metrics.MetricSink;
import org.dayuan.twin.metrics.MetricSource;
import org.eclipse.jetty.websocket.server.WebSocketServerFactory;
import org.eclipse.jetty.websocket.servlet.ServletUpgradeRequest;
import org.eclipse.jetty.websocket.servlet.ServletUpgradeResponse;
import org.eclipse.jetty.websocket.servlet.WebSocketServlet;
import org.eclipse.jetty.websocket.servlet.WebSocketServletFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Eclipse Ditto's WebSocket endpoint {@code /ws/2} on Karaf's Jetty. The authentication filter has already set the
 * caller (or answered 401); each connection then speaks the Ditto Protocol as that caller through a
 * {@link WsSession}. Connection limits are checked at the upgrade, with a 503 as the change streams give.
 */
@Component(service = {Servlet.class, MetricSource.class}, configurationPid = WsServlet.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = WsConfig.class)
@HttpWhiteboardServletName("dayuan-ws")
@HttpWhiteboardServletPattern("/ws/2")
public final class WsServlet extends WebSocketServlet implements MetricSource {
    static final String PID = "org.dayuan.ws";
    private static final long serialVersionUID = 1L;

    /**
     * Never set: naming the type makes bnd import its package, where Jetty's factory loader looks for the
     * implementation through this bundle's class loader.
     */
    @SuppressWarnings("unused")
    private transient WebSocketServerFactory importNeeded;

    private final transient TwinRegistry registry;
    private final transient TwinSearch search;
    private final transient TwinSubscriptions subscriptions;
    private final transient WsSettings settings;
    private final transient ExecutorService writers;
    private final transient Connections connections;

    @Activate
    public WsServlet(@Reference TwinRegistry registry, @Reference TwinSearch search,
                     @Reference TwinSubscriptions subscriptions, WsConfig config) {
        this.registry = registry;
        this.search = search;
        this.subscriptions = subscriptions;
        this.settings = WsSettings.of(config);
        this.connections = new Connections(settings.maxConnections(), settings.maxConnectionsPerUser());
        // Writers only hand frames to Jetty's asynchronous send, so a few threads serve every connection.
        this.writers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dayuan-ws-writer");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        writers.shutdownNow();
        writers.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void configure(WebSocketServletFactory factory) {
        // Jetty's own limit is a backstop well above ours: up to it, a large message gets an error envelope.
        factory.getPolicy().setMaxTextMessageSize(settings.maxFrameBytes() * 4);
        factory.getPolicy().setMaxBinaryMessageSize(settings.maxFrameBytes() * 4);
        factory.getPolicy().setIdleTimeout(settings.idleTimeoutSeconds() * 1000L);
        factory.setCreator(this::create);
    }

    private Object create(ServletUpgradeRequest req, ServletUpgradeResponse resp) {
        Caller caller;
        try {
            caller = org.dayuan.http.kit.Http.caller(req.getHttpServletRequest());
        } catch (DayuanException e) {
            refuse(resp, e.status(), e.getMessage());
            return null;
        }
        String user = caller.subject();
        Optional<String> refused = connections.open(user);
        if (refused.isPresent()) {
            refuse(resp, 503, refused.get());
            return null;
        }
        WsSocket[] self = new WsSocket[1];
        WsSocket socket = new WsSocket(settings.queueMessages(), writers, user,
                () -> connections.close(user, self[0].droppedTooSlow()));
        self[0] = socket;
        socket.bind(new WsSession(caller, registry, search, subscriptions, settings, socket));
        return socket;
    }

    @Override
    public void collect(MetricSink sink) {
        Connections.Counts counts = connections.counts();
        sink.gauge("dayuan_ws_clients", "WebSocket connections (/ws/2) open now.", counts.open());
        sink.counter("dayuan_ws_clients_opened_total", "WebSocket connections opened.", counts.opened());
        sink.counter("dayuan_ws_clients_dropped_total", "WebSocket connections closed because the client fell too far"
                + " behind (1013).", counts.dropped());
        sink.counter("dayuan_ws_clients_refused_total", "WebSocket connections refused because maxConnections or"
                + " maxConnectionsPerUser were reached.", counts.refused());
    }

    private static void refuse(ServletUpgradeResponse resp, int status, String message) {
        try {
            resp.sendError(status, message);
        } catch (java.io.IOException e) {
            // The client has gone; nothing to tell it.
        }
    }
}
