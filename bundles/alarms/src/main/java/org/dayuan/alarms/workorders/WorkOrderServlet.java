package org.dayuan.alarms.workorders;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.alarms.workorders.WorkOrderRules.Action;
import org.dayuan.alarms.workorders.WorkOrderRules.State;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.NestingLimit;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/dayuan/workorders}: {@code GET} lists the orders the caller sees ({@code ?state=&organisation=
 * &overdue=&origin=}, newest first, at most {@value #LIST_LIMIT}), {@code GET /{thingId}} answers one, {@code POST}
 * opens one ({@code {subject, title, description, origin, slaHours}}: 201, or 200 with the order the origin already
 * has), {@code POST /{thingId}/{assign|done|confirm|reopen}} ({@code {comment, assignee}}) takes a step and answers
 * the order. Everything acts as the logged-in caller, so the registry decides who may read and who may act.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-workorders")
@HttpWhiteboardServletPattern("/api/dayuan/workorders/*")
public final class WorkOrderServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final int LIST_LIMIT = 1000;
    private static final int MAX_BODY = 64 * 1024;
    private static final Set<String> CREATE_FIELDS = Set.of("subject", "title", "description", "origin", "slaHours");
    private static final Set<String> STEP_FIELDS = Set.of("comment", "assignee");

    private final transient WorkOrderService orders;

    @Activate
    public WorkOrderServlet(@Reference WorkOrderService orders) {
        this.orders = orders;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String[] path = path(req);
        if (path.length == 0) {
            WorkOrderService.Filter filter = new WorkOrderService.Filter(state(req), organisation(req),
                    overdue(req), origin(req));
            Http.writeJson(resp, 200, WorkOrderService.items(orders.list(caller, filter, LIST_LIMIT)));
        } else if (path.length == 1) {
            TwinId id = TwinId.of(path[0]);
            Twin order = orders.get(caller, id).orElseThrow(() ->
                    ErrorCode.THING_NOT_FOUND.exception("There is no work order " + id + "."));
            Http.writeJson(resp, 200, order.toJson());
        } else {
            throw notFound(req);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String[] path = path(req);
        if (path.length == 0) {
            ObjectNode body = body(req, CREATE_FIELDS);
            TwinId subject = id(body, "subject", true);
            TwinId origin = id(body, "origin", false);
            Duration sla = null;
            JsonNode hours = body.get("slaHours");
            if (hours != null && !hours.isNull()) {
                if (!hours.isNumber() || !(hours.asDouble() > 0)) {
                    throw WorkOrderRules.ORDER_INVALID.exception("slaHours must be a number of hours above 0, not "
                            + hours + ".");
                }
                sla = Duration.ofSeconds(Math.round(Math.min(hours.asDouble(), 1e7) * 3600));
            }
            WorkOrderService.Opened opened = orders.openOrder(caller, subject, text(body, "title"),
                    text(body, "description"), origin, sla);
            Http.writeJson(resp, opened.created() ? 201 : 200, opened.order().toJson());
        } else if (path.length == 2) {
            TwinId id = TwinId.of(path[0]);
            Action action;
            try {
                action = Action.of(path[1]);
            } catch (IllegalArgumentException e) {
                throw notFound(req);
            }
            if (action == Action.OPEN) {
                throw notFound(req);
            }
            ObjectNode body = body(req, STEP_FIELDS);
            Twin order = orders.act(caller, id, action, text(body, "comment"), text(body, "assignee"));
            Http.writeJson(resp, 200, order.toJson());
        } else {
            throw notFound(req);
        }
    }

    /** The path info's segments: none for the collection. */
    private static String[] path(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (info == null || info.equals("/")) {
            return new String[0];
        }
        String[] parts = info.substring(1).split("/", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw notFound(req);
            }
        }
        return parts;
    }

    private static RuntimeException notFound(HttpServletRequest req) {
        return ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                "Use GET or POST /api/dayuan/workorders, GET /api/dayuan/workorders/{thingId} or POST"
                        + " /api/dayuan/workorders/{thingId}/{assign|done|confirm|reopen}.");
    }

    /** The JSON object of the body, only {@code fields} in it; no body at all reads as {@code {}}. */
    private static ObjectNode body(HttpServletRequest req, Set<String> fields) throws IOException {
        JsonNode json;
        if (req.getContentLengthLong() == 0) {
            json = JsonNodeFactory.instance.objectNode();
        } else {
            Http.requireMediaType(req, Http.JSON);
            byte[] bytes = Http.readBody(req, MAX_BODY);
            json = bytes.length == 0 ? JsonNodeFactory.instance.objectNode() : Http.parseJson(bytes);
            NestingLimit.check(JsonPointer.empty(), json);
        }
        if (!json.isObject()) {
            throw WorkOrderRules.ORDER_INVALID.exception("The body must be a JSON object.");
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!fields.contains(name)) {
                throw WorkOrderRules.ORDER_INVALID.exception("Unknown field '" + name + "'; the body takes "
                        + String.join(", ", fields.stream().sorted().toList()) + ".");
            }
        }
        return (ObjectNode) json;
    }

    /** The string {@code name}, or null when absent or null. */
    private static String text(ObjectNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw WorkOrderRules.ORDER_INVALID.exception("'" + name + "' must be a string, not " + v + ".");
        }
        return v.asText();
    }

    private static TwinId id(ObjectNode body, String name, boolean required) {
        String text = text(body, name);
        if (text == null || text.isBlank()) {
            if (required) {
                throw WorkOrderRules.ORDER_INVALID.exception("'" + name + "' is required: the thingId of the twin"
                        + " the work concerns.");
            }
            return null;
        }
        return TwinId.of(text);
    }

    private static String parameter(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static State state(HttpServletRequest req) {
        String v = parameter(req, "state");
        try {
            return v == null ? null : State.of(v);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.PARAMETER_INVALID.exception("The parameter 'state' must be open, assigned, done or"
                    + " confirmed, not '" + v + "'.");
        }
    }

    private static String organisation(HttpServletRequest req) {
        String v = parameter(req, "organisation");
        if (v != null && !TwinId.isValidNamespace(v)) {
            throw ErrorCode.PARAMETER_INVALID.exception("The parameter 'organisation' must be a namespace such as"
                    + " cz.wujin, not '" + v + "'.");
        }
        return v;
    }

    private static Boolean overdue(HttpServletRequest req) {
        String v = parameter(req, "overdue");
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ErrorCode.PARAMETER_INVALID.exception("The parameter 'overdue' must be true or false,"
                    + " not '" + v + "'.");
        };
    }

    private static TwinId origin(HttpServletRequest req) {
        String v = parameter(req, "origin");
        return v == null ? null : TwinId.of(v);
    }
}
