package org.dayuan.fleet.gateway;

import java.io.IOException;

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
 * {@code GET /api/dayuan/fleet/terminals}: the vehicles with a terminal ({@code terminalId}) the caller sees, searched
 * as the caller so a viewer sees only its organisations' vehicles, each with its terminal as the gateway knows it:
 * peer, connected, authenticated, last frame, frames ok and refused, the latest refusals; then totals over those
 * vehicles. A caller who sees every organisation also gets the refusals no vehicle can be held to and the counts by
 * reason.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-fleet-terminals")
@HttpWhiteboardServletPattern({"/api/dayuan/fleet/terminals", "/api/dayuan/fleet/terminals/*"})
public final class TerminalsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final transient TwinSearch search;
    private final transient FleetGateway gateway;

    @Activate
    public TerminalsServlet(@Reference TwinSearch search, @Reference GatewayLine line) {
        this(search, line.gateway());
    }

    TerminalsServlet(TwinSearch search, FleetGateway gateway) {
        this.search = search;
        this.gateway = gateway;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String path = req.getPathInfo();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                    "List the terminals with GET /api/dayuan/fleet/terminals.");
        }
        ObjectNode body = NODES.objectNode();
        ArrayNode terminals = body.putArray("terminals");
        long connected = 0;
        long authenticated = 0;
        long ok = 0;
        long refused = 0;
        for (Twin t : search.all(caller, TerminalDirectory.FILTER)) {
            ObjectNode row = terminal(t);
            terminals.add(row);
            connected += row.path("connected").asBoolean() ? 1 : 0;
            authenticated += row.path("authenticated").asBoolean() ? 1 : 0;
            ok += row.path("framesOk").asLong();
            refused += row.path("framesRefused").asLong();
        }
        body.putObject("totals").put("terminals", terminals.size()).put("connected", connected)
                .put("authenticated", authenticated).put("framesOk", ok).put("framesRefused", refused);
        if (caller.seesAll()) {
            ObjectNode other = body.putObject("unattributed");
            stats(other, gateway.unattributed());
            ObjectNode reasons = body.putObject("refusalsByReason");
            gateway.refusals().forEach(reasons::put);
        }
        Http.writeJson(resp, 200, body);
    }

    private ObjectNode terminal(Twin t) {
        ObjectNode p = NODES.objectNode().put("vehicle", t.id().toString());
        t.get(JsonPointer.of(Twin.ATTRIBUTES, "plate")).ifPresent(n -> p.set("plate", n));
        t.get(JsonPointer.of(Twin.ATTRIBUTES, "terminalId")).ifPresent(n -> p.set("terminalId", n));
        TerminalDirectory.terminalId(t).flatMap(gateway::stats).ifPresentOrElse(s -> stats(p, s), () -> {
            p.putNull("peer").put("connected", false).put("authenticated", false).putNull("lastFrame");
            p.put("framesOk", 0).put("framesRefused", 0).putArray("refusals");
        });
        return p;
    }

    private static void stats(ObjectNode p, TerminalStats s) {
        p.put("peer", s.peer().orElse(null));
        p.put("connected", s.connected()).put("authenticated", s.authenticated());
        p.put("lastFrame", s.lastFrame().map(Object::toString).orElse(null));
        p.put("framesOk", s.framesOk()).put("framesRefused", s.framesRefused());
        ArrayNode recent = p.putArray("refusals");
        for (TerminalStats.Refusal r : s.recent()) {
            recent.addObject().put("at", r.at().toString()).put("peer", r.peer()).put("reason", r.reason())
                    .put("message", r.message());
        }
    }
}
