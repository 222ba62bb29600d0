package org.dayuan.office.workflow;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
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
 * The office workflows over HTTP, every read and write as the caller, under
 * {@code /api/dayuan/office/{reallocations|leases|disposals|inspections}}:
 * <ul>
 *   <li>{@code GET ...?state=&room=&organisation=}: {"items": [...]}, newest first, what the caller sees;</li>
 *   <li>{@code GET .../{thingId}}: one;</li>
 *   <li>{@code POST ...} (the request body of the workflow): 201 and the new twin;</li>
 *   <li>{@code POST .../{thingId}/{step}} {comment, what the step needs}: the twin after the step; 409
 *       {@code office:<kind>.illegalstep} when its state does not allow the step.</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-office-workflows")
@HttpWhiteboardServletPattern({"/api/dayuan/office/reallocations/*", "/api/dayuan/office/leases/*",
        "/api/dayuan/office/disposals/*", "/api/dayuan/office/inspections/*"})
public final class WorkflowServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 64 * 1024;
    public static final String BASE = "/api/dayuan/office/";
    /** Each workflow with the 400 its bodies are refused with. */
    private static final Map<Workflow, ErrorCode> INVALID = Map.of(new Reallocations(), Reallocations.INVALID,
            new Leases(), Leases.INVALID, new Disposals(), Disposals.INVALID, new Inspections(), Inspections.INVALID);
    private static final Map<String, Workflow> BY_COLLECTION = INVALID.keySet().stream()
            .collect(Collectors.toMap(Workflow::collection, Function.identity()));

    private final transient WorkflowStore store;
    private final transient Clock clock;

    @Activate
    public WorkflowServlet(@Reference TwinRegistry registry, @Reference TwinSearch search) {
        this(new WorkflowStore(registry, search), Clock.systemUTC());
    }

    WorkflowServlet(WorkflowStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        Workflow flow = flow(req);
        String path = path(req);
        if (!path.isEmpty()) {
            Http.writeJson(resp, 200, store.find(caller, flow, TwinId.of(path)).toJson());
            return;
        }
        Optional<String> state = parameter(req, "state");
        if (state.isPresent() && !flow.states().contains(state.get())) {
            throw ErrorCode.PARAMETER_INVALID.exception("The state '" + state.get() + "' is none of "
                    + String.join(", ", flow.states().stream().sorted().toList()) + ".");
        }
        Optional<TwinId> room = parameter(req, "room").map(TwinId::of);
        Optional<TwinId> organisation = parameter(req, "organisation").map(TwinId::of);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode items = body.putArray("items");
        List<Twin> found = store.list(caller, flow, state, room, organisation);
        found.forEach(t -> items.add(t.toJson()));
        Http.writeJson(resp, 200, body);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        Workflow flow = flow(req);
        String path = path(req);
        JsonNode json = req.getContentLengthLong() == 0 ? JsonNodeFactory.instance.objectNode()
                : Http.readJson(req, MAX_BODY);
        Body body = new Body(json, INVALID.get(flow));
        if (path.isEmpty()) {
            Twin created = store.create(caller, flow, body, clock.instant());
            resp.setHeader("Location", req.getRequestURI().replaceAll("/+$", "") + "/" + created.id());
            Http.writeJson(resp, 201, created.toJson());
            return;
        }
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                    "Create with POST " + BASE + flow.collection() + " and take a step with POST " + BASE
                            + flow.collection() + "/{thingId}/{" + String.join("|", flow.steps().names()) + "}.");
        }
        TwinId id = TwinId.of(path.substring(0, slash));
        Http.writeJson(resp, 200, store.step(caller, flow, id, path.substring(slash + 1), body, clock.instant())
                .toJson());
    }

    private static Workflow flow(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        Workflow flow = BY_COLLECTION.get(servletPath.substring(servletPath.lastIndexOf('/') + 1));
        if (flow == null) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.");
        }
        return flow;
    }

    private static Optional<String> parameter(HttpServletRequest req, String name) {
        return Optional.ofNullable(req.getParameter(name)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static String path(HttpServletRequest req) {
        String p = req.getPathInfo() == null ? "" : req.getPathInfo();
        return p.replaceAll("^/+", "").replaceAll("/+$", "");
    }
}
