package org.dayuan.alarms.core;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.alarms.AlarmAction;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.AlarmState;
import org.dayuan.alarms.AlarmStep;
import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.Severity;
import org.dayuan.alarms.Verification;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.NestingLimit;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
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
 * {@code /api/dayuan/alarms}: lists and reads alarm twins, takes lifecycle steps and raises manual alarms, always as
 * the logged-in user through this bundle's views (viewers read; a write of theirs is the registry's 403).
 * {@code /api/dayuan/alarms/stats} is the figures servlet's (an exact pattern, which the container prefers); should
 * it be missing, the path is a 404 here rather than a thingId.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-alarms")
@HttpWhiteboardServletPattern("/api/dayuan/alarms/*")
public final class AlarmServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 64 * 1024;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;
    private static final String MANUAL = "manual";
    private static final Pattern TYPE_PREFIX = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*");
    private static final String HOW = "Alarms: GET /api/dayuan/alarms[/{thingId}], POST /api/dayuan/alarms/{thingId}/"
            + "{acknowledge|shelve|unshelve|outOfService|returnToService|verify|close}, POST /api/dayuan/alarms.";

    private final transient Alarms alarms;
    private final transient TwinRegistry registry;
    private final transient TwinSearch search;
    private final transient Clock clock;

    @Activate
    public AlarmServlet(@Reference Alarms alarms, @Reference TwinRegistry registry, @Reference TwinSearch search) {
        this(alarms, registry, search, Clock.systemUTC());
    }

    /** The servlet over the service and this bundle's views; tests give them over a registry in memory. */
    AlarmServlet(Alarms alarms, TwinRegistry registry, TwinSearch search, Clock clock) {
        this.alarms = alarms;
        this.registry = registry;
        this.search = search;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        List<String> path = segments(req);
        if (path.isEmpty()) {
            list(caller, req, resp);
        } else if (path.size() == 1) {
            TwinId id = TwinId.of(path.get(0));
            Http.writeJson(resp, 200, AlarmTwins.requireAlarm(registry.get(caller, id), id).toJson());
        } else {
            throw notFound(req);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        List<String> path = segments(req);
        if (path.isEmpty()) {
            raise(caller, req, resp);
            return;
        }
        if (path.size() != 2) {
            throw notFound(req);
        }
        AlarmAction action;
        try {
            action = AlarmAction.of(path.get(1));
        } catch (IllegalArgumentException e) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("There is no alarm action '" + path.get(1) + "'.", HOW);
        }
        TwinId id = TwinId.of(path.get(0));
        JsonNode body = optionalBody(req);
        AlarmStep step = new AlarmStep(action, text(body, "comment", AlarmLifecycle.STEP_INVALID),
                value(body, "result", AlarmLifecycle.STEP_INVALID, Verification::of, "real, false or test"),
                value(body, "until", AlarmLifecycle.STEP_INVALID, AlarmServlet::instant, "an ISO 8601 instant"));
        Http.writeJson(resp, 200, alarms.act(caller, id, step).toJson());
    }

    /** The path below the servlet as segments; a 404 for the figures' path and for empty segments. */
    private static List<String> segments(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (info == null || info.equals("/")) {
            return List.of();
        }
        List<String> out = List.of(info.substring(1).split("/", -1));
        if (out.get(0).equals("stats") || out.stream().anyMatch(String::isEmpty)) {
            throw notFound(req);
        }
        return out;
    }

    private static DayuanException notFound(HttpServletRequest req) {
        return ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                HOW);
    }

    private void list(Caller caller, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<String> filters = new ArrayList<>();
        filters.add(AlarmTwins.ALARMS_FILTER);
        List<String> states = list(req, "state", s -> AlarmState.of(s).json(),
                "unacknowledged, acknowledged, verified, shelved, outOfService or closed");
        if (!states.isEmpty()) {
            filters.add(in("attributes/state", states));
        }
        List<String> severities = list(req, "severity", s -> Severity.of(s).json(), "info, warning, major or critical");
        if (!severities.isEmpty()) {
            filters.add(in("attributes/severity", severities));
        }
        String type = req.getParameter("type");
        if (type != null) {
            boolean prefix = type.endsWith(".*");
            String stem = prefix ? type.substring(0, type.length() - 2) : type;
            if (!TYPE_PREFIX.matcher(stem).matches()) {
                throw parameter("type", type, "a type such as safety.fire, or a prefix such as safety.*");
            }
            filters.add(prefix ? "like(attributes/type,\"" + stem + ".*\")" : "eq(attributes/type,\"" + stem + "\")");
        }
        List<String> organisations = list(req, "organisation", s -> {
            if (!TwinId.isValidNamespace(s) || s.isEmpty()) {
                throw new IllegalArgumentException(s);
            }
            return s;
        }, "an organisation's namespace such as cz.wujin");
        String since = req.getParameter("since");
        if (since != null) {
            Instant from;
            try {
                from = instant(since);
            } catch (DateTimeParseException e) {
                throw parameter("since", since, "an ISO 8601 instant such as 2026-12-06T00:00:00Z");
            }
            filters.add("ge(attributes/raisedAt,\"" + AlarmTwins.instant(from) + "\")");
        }
        int limit = DEFAULT_LIMIT;
        String limitText = req.getParameter("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw parameter("limit", limitText, "a whole number from 1 to " + MAX_LIMIT);
            }
        }
        String filter = filters.size() == 1 ? filters.get(0) : "and(" + String.join(",", filters) + ")";
        SearchResult result = search.search(caller, new SearchQuery(filter, organisations,
                "sort(-attributes/raisedAt,+thingId),size(" + limit + ")"));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("items");
        result.items().forEach(t -> items.add(t.toJson()));
        Http.writeJson(resp, 200, out);
    }

    private void raise(Caller caller, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JsonNode body = Http.readJson(req, MAX_BODY);
        if (!body.isObject()) {
            throw ErrorCode.JSON_INVALID.exception("A manual alarm is a JSON object {source, type, severity, name,"
                    + " message}.");
        }
        ErrorCode invalid = AlarmLifecycle.ALARM_INVALID;
        String source = required(body, "source");
        TwinId sourceId = TwinId.of(source);
        String type = required(body, "type");
        if (!type.startsWith(MANUAL + ".")) {
            throw invalid.exception("A manual alarm's type starts with 'manual.', e.g. manual.patrol; '" + type
                    + "' does not.");
        }
        AlarmLifecycle.checkType(type);
        Severity severity = value(body, "severity", invalid, Severity::of, "info, warning, major or critical");
        if (severity == null) {
            throw invalid.exception("A manual alarm needs a severity: info, warning, major or critical.");
        }
        JsonNode details = body.get("details");
        if (details != null && !details.isObject()) {
            throw invalid.exception("'details' is a JSON object.");
        }
        AlarmCondition condition = new AlarmCondition(sourceId, type, MANUAL, severity, required(body, "name"),
                text(body, "message", invalid), clock.instant(), (ObjectNode) details);
        Twin alarm = alarms.raise(caller, condition);
        boolean created = AlarmTwins.attribute(alarm, AlarmTwins.COUNT).asLong() == 1;
        if (created) {
            resp.setHeader("Location", "/api/dayuan/alarms/" + alarm.id());
        }
        Http.writeJson(resp, created ? 201 : 200, alarm.toJson());
    }

    /** A step's body: none, or a JSON object. */
    private static JsonNode optionalBody(HttpServletRequest req) throws IOException {
        byte[] bytes = Http.readBody(req, MAX_BODY);
        if (bytes.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        Http.requireMediaType(req, Http.JSON);
        JsonNode body = Http.parseJson(bytes);
        NestingLimit.check(JsonPointer.empty(), body);
        if (!body.isObject()) {
            throw ErrorCode.JSON_INVALID.exception("A step's body is a JSON object {comment, result, until}.");
        }
        return body;
    }

    private static String required(JsonNode body, String field) {
        String v = text(body, field, AlarmLifecycle.ALARM_INVALID);
        if (v == null || v.isBlank()) {
            throw AlarmLifecycle.ALARM_INVALID.exception("A manual alarm needs '" + field + "'.");
        }
        return v;
    }

    private static String text(JsonNode body, String field, ErrorCode invalid) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid.exception("'" + field + "' is a string, not " + v + ".");
        }
        return v.asText();
    }

    private static <T> T value(JsonNode body, String field, ErrorCode invalid, Function<String, T> parse,
                               String expected) {
        String text = text(body, field, invalid);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid.exception("'" + field + "' is " + expected + ", not '" + text + "'.");
        }
    }

    private static Instant instant(String text) {
        return OffsetDateTime.parse(text.strip()).toInstant();
    }

    /** The comma-separated values of {@code name}, each checked by {@code parse}; empty when absent. */
    private static List<String> list(HttpServletRequest req, String name, Function<String, String> parse,
                                     String expected) {
        String raw = req.getParameter(name);
        List<String> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        for (String part : raw.split(",", -1)) {
            try {
                out.add(parse.apply(part.strip()));
            } catch (IllegalArgumentException e) {
                throw parameter(name, raw, expected);
            }
        }
        return out;
    }

    private static DayuanException parameter(String name, String value, String expected) {
        return ErrorCode.PARAMETER_INVALID.exception("The parameter '" + name + "' is '" + value + "'; it takes "
                + expected + ".");
    }

    private static String in(String field, List<String> values) {
        StringBuilder b = new StringBuilder("in(").append(field);
        values.forEach(v -> b.append(",\"").append(v).append('"'));
        return b.append(')').toString();
    }
}
