package org.dayuan.device.mqtt;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/dayuan/mqtt}: whether the broker is reached and grants the subscription ({@code connected}), what
 * was received, applied and refused, and why.
 * The refused messages are shown with their topics and payloads, whichever organisation they came from, so only
 * callers who see every organisation and may change twins (county administrators and integrators) get the page;
 * errors use Ditto's JSON shape.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-mqtt-status")
@HttpWhiteboardServletPattern("/api/dayuan/mqtt")
public final class StatusServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private final transient IngestStats stats;
    private final transient String brokerUrl;
    private final transient String subscription;
    private final transient DeadLetters deadLetters;

    @Activate
    public StatusServlet(@Reference MqttIngestion ingestion) {
        this(ingestion.stats, ingestion.brokerUrl(), ingestion.subscription(), ingestion.deadLetters());
    }

    /** What the page shows, without a broker connection behind it (tests). */
    StatusServlet(IngestStats stats, String brokerUrl, String subscription, DeadLetters deadLetters) {
        this.stats = stats;
        this.brokerUrl = brokerUrl;
        this.subscription = subscription;
        this.deadLetters = deadLetters;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        allow(req);
        Http.writeJson(resp, 200, status());
    }

    /** Fails closed: a request the authentication filter did not mark as let in gets nothing but the 401. */
    private static void allow(HttpServletRequest req) {
        Caller caller = Http.caller(req);
        if (!caller.seesAll() || !caller.may(Caller.Access.WRITE)) {
            throw ErrorCode.ACCESS_FORBIDDEN.exception("'" + caller.subject() + "' with role(s) " + caller.roles()
                    + " bound to " + caller.namespaces() + " may not read the MQTT status: it shows refused"
                    + " messages of every organisation.");
        }
    }

    private ObjectNode status() {
        ObjectNode body = Http.MAPPER.createObjectNode();
        body.put("broker", brokerUrl);
        body.put("subscription", subscription);
        body.put("connected", stats.connected);
        body.put("received", stats.received.get());
        body.put("applied", stats.applied.get());
        body.put("rejected", stats.rejected.get());
        body.put("failed", stats.failed.get());
        if (stats.lastError != null) {
            body.put("lastError", stats.lastError);
        }
        body.put("deadLetterDir", deadLetters.dir().toString());
        body.putArray("recentRejections").addAll(deadLetters.recent());
        return body;
    }
}
