package org.dayuan.office.indicators;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.office.OfficeRoom;
import org.dayuan.office.rules.OfficeRules;
import org.dayuan.office.rules.RulesConfig;
import org.dayuan.office.standards.StandardsSource;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinSearch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/dayuan/office/indicators[?date=yyyy-MM-dd][&format=csv]}: the office indicators ({@link Figures})
 * of every room the caller sees, as of today (the rules' time zone) or {@code date}: all of them, per county and
 * per organisation; CSV with {@code format=csv} or {@code Accept: text/csv}. Lease and arrears figures use the rules'
 * settings (PID {@code org.dayuan.office.rules}), so they count what the alarms say. A bad date or format is a 400
 * {@code things:parameter.invalid}.
 */
@Component(service = Servlet.class, configurationPid = "org.dayuan.office.rules")
@HttpWhiteboardServletName("dayuan-office-indicators")
@HttpWhiteboardServletPattern("/api/dayuan/office/indicators")
public final class IndicatorsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final String ORGANISATIONS = "eq(definition," + TwinSearch.literal(OfficeRoom.ORGANISATION) + ")";
    private static final String ROOMS = "eq(definition," + TwinSearch.literal(OfficeRoom.DEFINITION) + ")";

    private final transient TwinSearch search;
    private final transient StandardsSource standards;
    private final transient OfficeRules rules;
    private final transient Clock clock;

    @Activate
    public IndicatorsServlet(@Reference TwinSearch search, @Reference StandardsSource standards,
                             RulesConfig config) {
        this(search, standards, OfficeRules.Settings.of(config), Clock.systemUTC());
    }

    IndicatorsServlet(TwinSearch search, StandardsSource standards, OfficeRules.Settings settings, Clock clock) {
        this.search = search;
        this.standards = standards;
        this.rules = new OfficeRules(settings);
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String format = req.getParameter("format");
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            throw ErrorCode.PARAMETER_INVALID.exception("format must be csv or json, not '" + format + "'.");
        }
        LocalDate day = day(req.getParameter("date"));
        Map<String, String> names = new LinkedHashMap<>();
        for (Twin o : search.all(caller, ORGANISATIONS)) {
            names.put(o.id().toString(), o.toJson().path(Twin.ATTRIBUTES).path("name").asText(o.id().toString()));
        }
        List<OfficeRoom> rooms = search.all(caller, ROOMS).stream().map(OfficeRoom::of).toList();
        OfficeReport report = OfficeReport.compute(rooms, names, standards.get(), rules, day);
        String accept = req.getHeader("Accept");
        if ("csv".equals(format) || format == null && accept != null && accept.startsWith(Http.CSV)) {
            Http.writeCsv(resp, report.toCsv());
        } else {
            Http.writeJson(resp, 200, report.toJson());
        }
    }

    private LocalDate day(String text) {
        if (text == null || text.isBlank()) {
            return clock.instant().atZone(rules.settings().zone()).toLocalDate();
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ErrorCode.PARAMETER_INVALID.exception("date must be yyyy-MM-dd, not '" + text + "'.");
        }
    }
}
