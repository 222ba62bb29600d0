package org.dayuan.alarms.stats;

import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.HistoryParameters;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.TwinSearch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/dayuan/alarms/stats?from=&to=&zone=}: the {@link AlarmFigures} of every Alarm twin the logged-in
 * caller sees, for all of them ({@code county}) and per organisation. {@code from} and {@code to} are ISO-8601
 * instants with zone ({@code 2026-12-01T08:00:00Z}) or dates ({@code 2026-12-01}: that day's start in {@code zone},
 * default {@value #DEFAULT_ZONE}); {@code to} defaults to now, {@code from} to 24 hours before {@code to}.
 * {@code to} must be after {@code from} and the range at most {@value #MAX_DAYS} days; anything else is a 400
 * {@code things:parameter.invalid} and reads nothing.
 *
 * <p>The exact pattern wins over the lifecycle servlet's {@code /api/dayuan/alarms/*}, so {@code stats} is never
 * taken for an alarm id. Reads go through the bundle's search as the caller, so a caller bound to one organisation
 * gets the figures of what it sees, its own county figure included.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-alarm-stats")
@HttpWhiteboardServletPattern("/api/dayuan/alarms/stats")
public final class AlarmStatsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String DEFAULT_ZONE = "Asia/Shanghai";
    static final long MAX_DAYS = 400;
    static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    static final String FILTER = "eq(definition,\"" + AlarmFigures.ALARM + "\")";
    private static final String PAGE = "size(200)";

    private final transient TwinSearch search;
    private final transient Clock clock;

    @Activate
    public AlarmStatsServlet(@Reference TwinSearch search) {
        this(search, Clock.systemUTC());
    }

    /** Over {@code search}, the bundle's view; tests give one over a registry in memory and a fixed clock. */
    AlarmStatsServlet(TwinSearch search, Clock clock) {
        this.search = search;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String path = req.getPathInfo();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("There is nothing under " + req.getRequestURI() + ".");
        }
        ZoneId zone = zone(req.getParameter("zone"));
        Instant now = clock.instant();
        Optional<Instant> to = bound("to", req.getParameter("to"), zone);
        Optional<Instant> from = bound("from", req.getParameter("from"), zone);
        Instant end = to.orElse(now);
        Instant start = from.orElse(end.minus(DEFAULT_RANGE));
        if (!end.isAfter(start)) {
            throw ErrorCode.PARAMETER_INVALID.exception("The parameter 'to' (" + end + ") must be after 'from' ("
                    + start + ").");
        }
        if (Duration.between(start, end).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw ErrorCode.PARAMETER_INVALID.exception("The range from " + start + " to " + end + " is longer than "
                    + MAX_DAYS + " days; ask for at most " + MAX_DAYS + " days at a time.");
        }
        List<AlarmFigures.Alarm> alarms = new ArrayList<>();
        SearchResult page = search.search(caller, new SearchQuery(FILTER, List.of(), PAGE));
        page.items().forEach(t -> alarms.add(AlarmFigures.alarm(t)));
        while (page.cursor().isPresent()) {
            page = search.search(caller, new SearchQuery(FILTER, List.of(),
                    "cursor(" + page.cursor().get() + ")," + PAGE));
            page.items().forEach(t -> alarms.add(AlarmFigures.alarm(t)));
        }
        Http.writeJson(resp, 200, AlarmFigures.reportOf(alarms, start, end));
    }

    private static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return ZoneId.of(DEFAULT_ZONE);
        }
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw ErrorCode.PARAMETER_INVALID.exception("The parameter 'zone' must be a time zone such as "
                    + DEFAULT_ZONE + " or +08:00, not <" + shorten(value) + ">.");
        }
    }

    /** An instant with zone, or a date taken as the start of that day in {@code zone}; empty when not given. */
    private static Optional<Instant> bound(String name, String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.contains("T")) {
            return Optional.of(HistoryParameters.instant(name, value));
        }
        try {
            LocalDate date = LocalDate.parse(value.trim());
            HistoryParameters.requireYear(name, value, date.getYear());
            return Optional.of(date.atStartOfDay(zone).toInstant());
        } catch (DateTimeParseException e) {
            throw ErrorCode.PARAMETER_INVALID.exception("The parameter '" + name + "' must be an ISO-8601 instant"
                    + " with zone (2026-12-01T08:00:00Z) or a date (2026-12-01), not <" + shorten(value) + ">.");
        }
    }

    private static String shorten(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "..." : value;
    }
}
