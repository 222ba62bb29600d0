package org.dayuan.safety.panels;

import java.io.IOException;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinSearch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/dayuan/safety/panels}: the registered panels (FireAlarmPanel twins with a transmitter) the caller
 * sees, each with its link as the gateway knows it: connected peer, last good frame, frames ok and rejected, the
 * latest rejections with their reasons; for a caller who sees every organisation also the rejections no registered
 * transmitter can be held to and the counts by reason.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-safety-panels")
@HttpWhiteboardServletPattern({"/api/dayuan/safety/panels", "/api/dayuan/safety/panels/*"})
public final class PanelsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final transient TwinSearch search;
    private final transient PanelGateway gateway;

    @Activate
    public PanelsServlet(@Reference TwinSearch search, @Reference PanelsLine line) {
        this(search, line.gateway());
    }

    PanelsServlet(TwinSearch search, PanelGateway gateway) {
        this.search = search;
        this.gateway = gateway;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String path = req.getPathInfo();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                    "List the panels with GET /api/dayuan/safety/panels.");
        }
        ObjectNode body = NODES.objectNode();
        ArrayNode panels = body.putArray("panels");
        String filter = "and(eq(definition,\"" + PanelGateway.PANEL_MODEL + "\"),exists(attributes/transmitter))";
        search.all(caller, filter).forEach(t -> panels.add(panel(t)));
        if (caller.seesAll()) {
            ObjectNode other = body.putObject("unattributed");
            link(other, gateway.unattributed());
            ObjectNode reasons = body.putObject("rejectionsByReason");
            gateway.rejections().forEach(reasons::put);
        }
        Http.writeJson(resp, 200, body);
    }

    private ObjectNode panel(Twin t) {
        ObjectNode p = NODES.objectNode().put("thingId", t.id().toString());
        t.get(JsonPointer.of(Twin.ATTRIBUTES, "name")).ifPresent(n -> p.set("name", n));
        t.get(JsonPointer.of(Twin.ATTRIBUTES, "transmitter")).ifPresent(n -> p.set("transmitter", n));
        t.get(JsonPointer.of(Twin.ATTRIBUTES, "panelNumber")).ifPresent(n -> p.set("panelNumber", n));
        PanelGateway.transmitter(t).flatMap(gateway::link).ifPresentOrElse(l -> link(p, l), () -> {
            p.put("connected", false).putNull("peer");
            p.putNull("lastFrame");
            p.put("framesOk", 0).put("framesRejected", 0).putArray("rejections");
        });
        return p;
    }

    private static void link(ObjectNode p, PanelGateway.Link l) {
        p.put("connected", l.connected());
        p.put("peer", l.peer().orElse(null));
        p.put("lastFrame", l.lastFrame().map(Object::toString).orElse(null));
        p.put("framesOk", l.framesOk()).put("framesRejected", l.framesRejected());
        ArrayNode recent = p.putArray("rejections");
        for (PanelGateway.Rejection r : l.recent()) {
            recent.addObject().put("at", r.at().toString()).put("peer", r.peer()).put("reason", r.reason())
                    .put("message", r.message());
        }
    }

}
