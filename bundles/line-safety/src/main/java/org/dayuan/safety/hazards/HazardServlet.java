package org.dayuan.safety.hazards;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.safety.SafetyConfig;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Hazards (隐患) over HTTP, every read and write as the caller (bounded by the line's grant, so viewers read and
 * integrators and managers act, within their organisations):
 * <ul>
 *   <li>{@code GET /api/dayuan/safety/hazards?state=&organisation=&overdue=}: {"items": [...]}, oldest first;</li>
 *   <li>{@code GET /api/dayuan/safety/hazards/{thingId}}: one hazard;</li>
 *   <li>{@code POST /api/dayuan/safety/hazards} {name, parent, description, category, assignee, dueAt, comment}:
 *       201 and the hazard;</li>
 *   <li>{@code POST /api/dayuan/safety/hazards/{thingId}/{assign|rectify|recheck|close}} {comment, assignee, dueAt,
 *       passed}: the hazard after the step, or 409 {@code safety:hazard.step} naming its state.</li>
 * </ul>
 */
@Component(service = Servlet.class, configurationPid = "org.dayuan.safety")
@HttpWhiteboardServletName("dayuan-safety-hazards")
@HttpWhiteboardServletPattern("/api/dayuan/safety/hazards/*")
public final class HazardServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 64 * 1024;
    private static final Set<String> STATES = Set.of(Hazards.FOUND, Hazards.ASSIGNED, Hazards.RECTIFIED,
            Hazards.RECHECKED, Hazards.CLOSED);

    private final transient HazardStore store;
    private final transient Clock clock;

    @Activate
    public HazardServlet(@Reference TwinRegistry registry, @Reference TwinSearch search, SafetyConfig config) {
        this(new HazardStore(registry, search, new Hazards(Duration.ofDays(config.hazard_dueDays()))),
                Clock.systemUTC());
    }

    HazardServlet(HazardStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String path = path(req);
        if (!path.isEmpty()) {
            Http.writeJson(resp, 200, store.find(caller, TwinId.of(path)).toJson());
            return;
        }
        Optional<String> state = Optional.ofNullable(req.getParameter("state")).filter(s -> !s.isBlank());
        if (state.isPresent() && !STATES.contains(state.get())) {
            throw ErrorCode.PARAMETER_INVALID.exception("The state '" + state.get() + "' is none of found, assigned,"
                    + " rectified, rechecked, closed.");
        }
        Optional<String> organisation = Optional.ofNullable(req.getParameter("organisation"))
                .filter(s -> !s.isBlank());
        Optional<Boolean> overdue = Optional.ofNullable(req.getParameter("overdue")).filter(s -> !s.isBlank())
                .map(s -> switch (s) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw ErrorCode.PARAMETER_INVALID.exception("The parameter overdue must be true or"
                            + " false, not '" + s + "'.");
                });
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode items = body.putArray("items");
        store.list(caller, state, organisation, overdue).forEach(h -> items.add(h.toJson()));
        Http.writeJson(resp, 200, body);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String path = path(req);
        if (path.isEmpty()) {
            Twin created = store.create(caller, Http.readJson(req, MAX_BODY), clock.instant());
            resp.setHeader("Location", req.getRequestURI().replaceAll("/+$", "") + "/" + created.id());
            Http.writeJson(resp, 201, created.toJson());
            return;
        }
        int slash = path.lastIndexOf('/');
        String action = slash < 0 ? "" : path.substring(slash + 1);
        if (slash <= 0 || !Hazards.ACTIONS.contains(action)) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                    "Report a hazard with POST /api/dayuan/safety/hazards and step it with POST"
                            + " /api/dayuan/safety/hazards/{thingId}/{assign|rectify|recheck|close}.");
        }
        TwinId id = TwinId.of(path.substring(0, slash));
        JsonNode body = req.getContentLengthLong() == 0 ? JsonNodeFactory.instance.objectNode()
                : Http.readJson(req, MAX_BODY);
        Http.writeJson(resp, 200, store.step(caller, id, action, body, clock.instant()).toJson());
    }

    private static String path(HttpServletRequest req) {
        String p = req.getPathInfo() == null ? "" : req.getPathInfo();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
