package org.dayuan.energy.osgi;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.energy.Carrier;
import org.dayuan.energy.EnergyState;
import org.dayuan.energy.Indicators;
import org.dayuan.energy.MeterInfo;
import org.dayuan.energy.Metric;
import org.dayuan.energy.Resolution;
import org.dayuan.energy.Subject;
import org.dayuan.energy.rules.Finding;
import org.dayuan.http.kit.Csv;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.HistoryParameters;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Read-only views of the energy line under {@code /api/dayuan/energy}: {@code indicators} (per organisation and
 * building, a month {@code period=2026-11} or a year {@code period=2026}), {@code consumption} of a meter or
 * subject as a series, {@code alarms} (the findings of the last evaluation and the line's open alarms),
 * {@code factors}, and {@code status} (meters, reading quality, bill imports). JSON by default, CSV with {@code format=csv} or {@code Accept: text/csv} for the
 * tabular ones. Errors use Ditto's JSON shape.
 *
 * <p>The line computes all this under its own service identity, so the registry's scoping does not reach it: each
 * view applies the caller's scope itself. A twin outside it is left out of lists and answers exactly as an unknown
 * id does, so a caller cannot tell it exists; {@code status} counts the whole county and is for callers who see all.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-energy")
@HttpWhiteboardServletPattern("/api/dayuan/energy/*")
public final class EnergyServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private final transient EnergyState state;
    private final transient Supplier<List<Finding>> findings;
    private final transient AlarmWriter alarms;
    private final transient BillImport bills;

    @Activate
    public EnergyServlet(@Reference EnergyLine line) {
        this(line.state, line::findings, line.alarms, line.bills);
    }

    /** The parts of the line the views read; tests give them without a Camel context behind them. */
    EnergyServlet(EnergyState state, Supplier<List<Finding>> findings, AlarmWriter alarms, BillImport bills) {
        this.state = state;
        this.findings = findings;
        this.alarms = alarms;
        this.bills = bills;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        Caller caller = Http.caller(req);
        switch (path) {
            case "/indicators" -> indicators(caller, req, resp);
            case "/consumption" -> consumption(caller, req, resp);
            case "/alarms" -> alarms(caller, req, resp);
            case "/factors" -> factors(req, resp);
            case "/status" -> status(caller, resp);
            default -> throw ErrorCode.RESOURCE_NOT_FOUND.exception("No energy view '" + path + "'",
                    "Use /api/dayuan/energy/indicators, consumption, alarms, factors or status.");
        }
    }

    private static DayuanException badRequest(String message) {
        return ErrorCode.PARAMETER_INVALID.exception(message);
    }

    /**
     * Whether {@code caller} may read twin {@code id}. An id that is not a valid thingId names no twin, so it is
     * simply not seen: refusing it with another error would answer differently from an unknown valid id.
     */
    private static boolean sees(Caller caller, String id) {
        try {
            return caller.sees(TwinId.of(id));
        } catch (DayuanException e) {
            return false;
        }
    }

    private void indicators(Caller caller, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String period = req.getParameter("period");
        if (period == null) {
            period = YearMonth.now(state.zone()).toString();
        }
        List<Subject> subjects = new ArrayList<>();
        String one = req.getParameter("subject");
        if (one != null) {
            subjects.add(state.subject(one).filter(s -> sees(caller, s.id())).orElseThrow(() -> badRequest(
                    "Unknown subject '" + one + "': give the thingId of an organisation or building")));
        } else {
            state.subjects().stream().filter(s -> sees(caller, s.id())).forEach(subjects::add);
        }
        List<Indicators> rows = new ArrayList<>();
        for (Subject s : subjects) {
            rows.add(compute(s, period));
        }
        if (csv(req)) {
            csvIndicators(resp, subjects, rows);
        } else {
            Http.writeJson(resp, 200, Http.MAPPER.valueToTree(one != null ? rows.get(0) : rows));
        }
    }

    private Indicators compute(Subject subject, String period) {
        Year year;
        YearMonth month = null;
        try {
            if (period.matches("\\d{4}")) {
                year = Year.parse(period);
            } else {
                month = YearMonth.parse(period);
                year = Year.of(month.getYear());
            }
        } catch (DateTimeException e) {
            throw badRequest("period '" + period + "' is not a year (2026) or a month (2026-11) that has begun");
        }
        HistoryParameters.requireYear("period", period, year.getValue());
        try {
            return month == null ? state.indicators(subject, year, Instant.now()) : state.indicators(subject, month);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw badRequest("period '" + period + "' is not a year (2026) or a month (2026-11) that has begun");
        }
    }

    private static void csvIndicators(HttpServletResponse resp, List<Subject> subjects, List<Indicators> rows)
            throws IOException {
        Csv csv = new Csv("subject", "name", "period", "kgce", "kgco2", "water_m3", "kgce_per_person", "kgce_per_m2",
                "water_m3_per_person", "kgco2_per_m2", "kgce_per_m2_vs_baseline_pct",
                "kgce_per_person_vs_baseline_pct", "quota_kgce", "quota_used", "factors");
        for (int i = 0; i < rows.size(); i++) {
            Indicators r = rows.get(i);
            var v = r.values();
            var kgcePerM2 = r.comparisons().get(Metric.KGCE_PER_M2);
            var kgcePerPerson = r.comparisons().get(Metric.KGCE_PER_PERSON);
            csv.row(r.subjectId(), subjects.get(i).name(), r.period(), num(v.kgce()), num(v.kgco2()),
                    num(v.waterM3()), num(v.kgcePerPerson()), num(v.kgcePerM2()), num(v.waterM3PerPerson()),
                    num(v.kgco2PerM2()), kgcePerM2 == null ? null : num(kgcePerM2.percentVsBaseline()),
                    kgcePerPerson == null ? null : num(kgcePerPerson.percentVsBaseline()), num(r.quotaKgce()),
                    num(r.quotaUsed()), String.join("; ", r.factorVersions()));
        }
        Http.writeCsv(resp, csv);
    }

    private void consumption(Caller caller, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String meter = req.getParameter("meter");
        String subject = req.getParameter("subject");
        if ((meter == null) == (subject == null)) {
            throw badRequest("Give exactly one of meter or subject");
        }
        Resolution resolution;
        LocalDate fromDate;
        LocalDate toDate;
        try {
            resolution = Resolution.valueOf(param(req, "resolution", "hour").toUpperCase(Locale.ROOT)
                    .replace('-', '_'));
            LocalDate today = LocalDate.now(state.zone());
            fromDate = LocalDate.parse(param(req, "from", today.minusDays(1).toString()));
            toDate = LocalDate.parse(param(req, "to", today.plusDays(1).toString()));
        } catch (DateTimeException | IllegalArgumentException e) {
            throw badRequest("from and to are dates (2026-11-01), resolution is quarter_hour, hour, day or month:"
                    + " " + e.getMessage());
        }
        // Every limit is checked here, before the ledger is read: a range is walked under each meter's lock.
        HistoryParameters.requireYear("from", req.getParameter("from"), fromDate.getYear());
        HistoryParameters.requireYear("to", req.getParameter("to"), toDate.getYear());
        if (!toDate.isAfter(fromDate)) {
            throw badRequest("to must be after from");
        }
        Instant from = fromDate.atStartOfDay(state.zone()).toInstant();
        Instant to = toDate.atStartOfDay(state.zone()).toInstant();
        // A hidden subject or meter yields no meters, so it fails below exactly as an unknown one does.
        List<MeterInfo> named = meter != null ? state.meters().stream().filter(m -> m.id().equals(meter)).toList()
                : sees(caller, subject) ? state.metersOf(subject) : List.of();
        List<MeterInfo> meters = named.stream().filter(m -> sees(caller, m.id())).toList();
        if (meters.isEmpty()) {
            throw badRequest("No meter " + (meter != null ? meter : "feeds " + subject));
        }
        String name = resolution.name().toLowerCase(Locale.ROOT);
        HistoryParameters.requirePoints("From " + fromDate + " to " + toDate + " at " + name + " resolution for "
                + meters.size() + " meter(s)", resolution.buckets(from, to, state.zone()) * meters.size(),
                "Choose a coarser resolution (quarter_hour, hour, day, month), a shorter range or one meter.");
        ObjectNode body = Http.MAPPER.createObjectNode();
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("resolution", name);
        ArrayNode series = body.putArray("meters");
        Csv csv = new Csv("meter", "carrier", "unit", "bucket", "quantity");
        for (MeterInfo m : meters) {
            double[] values = state.ledger().series(m.id(), from, to, resolution);
            ObjectNode s = series.addObject();
            s.put("meter", m.id());
            s.put("carrier", m.carrier().name().toLowerCase(Locale.ROOT));
            s.put("unit", m.carrier().unit());
            ArrayNode q = s.putArray("quantities");
            for (int i = 0; i < values.length; i++) {
                if (Double.isNaN(values[i])) {
                    q.addNull();
                } else {
                    q.add(values[i]);
                }
                csv.row(m.id(), m.carrier().name().toLowerCase(Locale.ROOT), m.carrier().unit(), i, num(values[i]));
            }
        }
        if (csv(req)) {
            Http.writeCsv(resp, csv);
        } else {
            Http.writeJson(resp, 200, body);
        }
    }

    /**
     * The findings of the last evaluation the caller may see, each with the open alarm it raised (if the caller sees
     * one), and the open energy alarms at the alarm service as the caller sees them there (its {@code Alarm} twins:
     * lifecycle state, whether the condition is still present).
     */
    private void alarms(Caller caller, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<Finding> found = findings.get().stream().filter(f -> sees(caller, f.subject())).toList();
        if (csv(req)) {
            Csv csv = new Csv("rule", "subject", "severity", "at", "value", "threshold", "unit", "message");
            found.forEach(f -> csv.row(f.ruleId(), f.subject(), f.severity(), f.at().toString(), num(f.value()),
                    num(f.threshold()), f.unit(), f.message()));
            Http.writeCsv(resp, csv);
            return;
        }
        Map<AlarmWriter.Key, Twin> open = new HashMap<>();
        List<Twin> openAlarms = alarms.open(caller);
        openAlarms.forEach(t -> {
            JsonNode a = t.toJson().path(Twin.ATTRIBUTES);
            open.putIfAbsent(new AlarmWriter.Key(a.path("source").asText(), a.path("type").asText()), t);
        });
        ObjectNode body = Http.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("findings");
        found.forEach(f -> {
            ObjectNode o = Http.MAPPER.valueToTree(Map.of("rule", f.ruleId(), "subject", f.subject(), "severity",
                    f.severity(), "at", f.at().toString(), "unit", f.unit(), "message", f.message()));
            o.put("value", f.value());
            o.put("threshold", f.threshold());
            Twin alarm = open.get(AlarmWriter.Key.of(f));
            if (alarm == null) {
                o.putNull("alarm");
            } else {
                o.put("alarm", alarm.id().toString());
            }
            list.add(o);
        });
        ArrayNode alarmList = body.putArray("openAlarms");
        for (Twin t : openAlarms) {
            JsonNode a = t.toJson().path(Twin.ATTRIBUTES);
            ObjectNode o = alarmList.addObject();
            o.put("alarm", t.id().toString());
            for (String key : List.of("source", "type", "name", "severity", "state", "active", "raisedAt", "count")) {
                if (a.has(key)) {
                    o.set(key, a.get(key));
                }
            }
        }
        Http.writeJson(resp, 200, body);
    }

    /** The factors that apply to a year in the configured region, each with the version it is recorded under. */
    private void factors(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int year;
        try {
            year = Integer.parseInt(param(req, "year", String.valueOf(Year.now(state.zone()).getValue())));
        } catch (NumberFormatException e) {
            throw badRequest("year must be a number like 2026");
        }
        HistoryParameters.requireYear("year", req.getParameter("year"), year);
        ObjectNode body = Http.MAPPER.createObjectNode();
        body.put("year", year);
        body.put("region", state.region());
        ArrayNode list = body.putArray("factors");
        for (Carrier c : Carrier.values()) {
            if (c.isEnergy()) {
                list.add(Http.MAPPER.valueToTree(state.factors().lookup(c, state.region(), year)));
            }
        }
        Http.writeJson(resp, 200, body);
    }

    private void status(Caller caller, HttpServletResponse resp) throws IOException {
        // Counts over every organisation would tell a scoped caller how much lies outside its scope.
        if (!caller.seesAll()) {
            throw ErrorCode.ACCESS_FORBIDDEN.exception("'" + caller.subject() + "' does not see every organisation,"
                    + " and the energy status counts them all.");
        }
        ObjectNode body = Http.MAPPER.createObjectNode();
        body.put("meters", state.meters().size());
        body.put("subjects", state.subjects().size());
        body.set("readingQuality", Http.MAPPER.valueToTree(state.qualityCounts()));
        body.put("intervalsOverMaxIntervalHours", state.gaps());
        ArrayNode imports = body.putArray("billImports");
        bills.reports().forEach(r -> {
            ObjectNode o = imports.addObject();
            o.put("file", r.file());
            o.put("at", r.at().toString());
            o.put("imported", r.imported());
            o.put("bills", r.bills());
            o.set("errors", Http.MAPPER.valueToTree(r.errors()));
        });
        Http.writeJson(resp, 200, body);
    }

    private static boolean csv(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return "csv".equals(req.getParameter("format")) || accept != null && accept.startsWith("text/csv");
    }

    private static String param(HttpServletRequest req, String name, String def) {
        String v = req.getParameter(name);
        return v == null || v.isBlank() ? def : v;
    }

    /** A figure to four decimals, as every export shows it; null (an empty cell) when there is none. */
    private static BigDecimal num(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? null : BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP);
    }
}
