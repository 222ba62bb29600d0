package org.dayuan.twin.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Csv;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.HistoryParameters;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TimeSeries;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/dayuan/history/{thingId}?path=&from=&to=&step=}: one value of a twin over time, for charts, as
 * points per {@code step} (ISO-8601 duration) from {@code from} to {@code to} (ISO-8601 timestamps), each with the
 * minimum, maximum and mean of the numbers written in it, the last value written and how many were. JSON by
 * default, CSV for {@code Accept: text/csv}. At most {@link TimeSeries#MAX_POINTS} buckets per request.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-history")
@HttpWhiteboardServletPattern(HistoryServlet.BASE + "/*")
public final class HistoryServlet extends JsonServlet {
    static final String BASE = "/api/dayuan/history";
    private static final long serialVersionUID = 1L;

    private final transient TwinHistory history;

    @Activate
    public HistoryServlet(@Reference TwinHistory history) {
        this.history = history;
    }

    /** What a series request asks for. */
    record Query(TwinId id, JsonPointer path, Instant from, Instant to, Duration step) {

        /**
         * @param rawPath   the still percent-encoded path after {@link #BASE}: {@code /{thingId}}
         * @param parameter the query parameters, null when absent
         */
        static Query parse(String rawPath, UnaryOperator<String> parameter) {
            ThingResource r = ThingResource.parse(rawPath);
            if (r.kind() != ThingResource.Kind.THING || !r.path().isEmpty()) {
                throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + BASE + rawPath + "' does not exist.",
                        "Ask for one twin: " + BASE + "/{thingId}?path=...&from=...&to=...&step=...");
            }
            return new Query(r.id(), JsonPointer.parse(HistoryParameters.required("path", parameter.apply("path"))),
                    HistoryParameters.instant("from", HistoryParameters.required("from", parameter.apply("from"))),
                    HistoryParameters.instant("to", HistoryParameters.required("to", parameter.apply("to"))),
                    HistoryParameters.duration("step", HistoryParameters.required("step", parameter.apply("step"))));
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String uri = req.getRequestURI();
        int at = uri.indexOf(BASE);
        Query q = Query.parse(at < 0 ? "" : uri.substring(at + BASE.length()), req::getParameter);
        TimeSeries series = history.series(Http.caller(req), q.id(), q.path(), q.from(), q.to(), q.step());
        if (wantsCsv(req.getHeader("Accept"))) {
            Http.writeCsv(resp, csv(series));
        } else {
            Http.writeJson(resp, 200, json(series));
        }
    }

    static boolean wantsCsv(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(Http.CSV);
    }

    /** {@code {thingId, path, from, to, step, initial?, points: [{t, min, max, avg, last, count}]}}. */
    static ObjectNode json(TimeSeries s) {
        ObjectNode out = Http.MAPPER.createObjectNode();
        out.put("thingId", s.thingId().toString());
        out.put("path", s.path().toString());
        out.put("from", s.from().toString());
        out.put("to", s.to().toString());
        out.put("step", s.step().toString());
        s.initial().ifPresent(v -> out.set("initial", v));
        ArrayNode points = out.putArray("points");
        for (TimeSeries.Point p : s.points()) {
            ObjectNode point = points.addObject();
            point.put("t", p.t().toString());
            number(point, "min", p.min());
            number(point, "max", p.max());
            number(point, "avg", p.avg());
            point.set("last", p.last());
            point.put("count", p.count());
        }
        return out;
    }

    private static void number(ObjectNode node, String field, OptionalDouble value) {
        if (value.isPresent()) {
            node.put(field, value.getAsDouble());
        } else {
            node.putNull(field);
        }
    }

    /**
     * One row per point, written by {@link Csv}: numbers as numbers, a text {@code last} as its text made safe to
     * open in a spreadsheet (devices write these values), other values as JSON.
     */
    static Csv csv(TimeSeries s) {
        Csv out = new Csv("t", "min", "max", "avg", "last", "count");
        for (TimeSeries.Point p : s.points()) {
            out.row(p.t().toString(), number(p.min()), number(p.max()), number(p.avg()), p.last(), p.count());
        }
        return out;
    }

    private static Double number(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
