package org.dayuan.energy.osgi;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.energy.Carrier;
import org.dayuan.energy.Indicators;
import org.dayuan.energy.MeterInfo;
import org.dayuan.energy.Metric;
import org.dayuan.energy.Resolution;
import org.dayuan.energy.Subject;
import org.dayuan.energy.rules.Finding;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Read-only views of the energy line under {@code /api/dayuan/energy}: {@code indicators} (per organisation and
 * building, a month {@code period=2026-11} or a year {@code period=2026}), {@code consumption} of a meter or
 * subject as a series, {@code alarms} found by the last evaluation, {@code factors}, and {@code status} (meters,
 * reading quality, bill imports). JSON by default, CSV with {@code format=csv} or {@code Accept: text/csv} for the
 * tabular ones. Errors use Ditto's JSON shape.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-energy")
@HttpWhiteboardServletPattern("/api/dayuan/energy/*")
public final class EnergyServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final transient EnergyLine line;

    @Activate
    public EnergyServlet(@Reference EnergyLine line) {
        this.line = line;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            switch (path) {
                case "/indicators" -> indicators(req, resp);
                case "/consumption" -> consumption(req, resp);
                case "/alarms" -> alarms(req, resp);
                case "/factors" -> factors(req, resp);
                case "/status" -> status(resp);
                default -> throw ErrorCode.RESOURCE_NOT_FOUND.exception("No energy view '" + path + "'",
                        "Use /api/dayuan/energy/indicators, consumption, alarms, factors or status.");
            }
        } catch (DayuanException e) {
            resp.setStatus(e.status());
            json(resp, e.toJson());
        }
    }

    private static DayuanException badRequest(String message) {
        return ErrorCode.PARAMETER_INVALID.exception(message);
    }

    private void indicators(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String period = req.getParameter("period");
        if (period == null) {
            period = YearMonth.now(line.state.zone()).toString();
        }
        List<Subject> subjects = new ArrayList<>();
        String one = req.getParameter("subject");
        if (one != null) {
            subjects.add(line.state.subject(one).orElseThrow(() -> badRequest("Unknown subject '" + one
                    + "': give the thingId of an organisation or building")));
        } else {
            subjects.addAll(line.state.subjects());
        }
        List<Indicators> rows = new ArrayList<>();
        for (Subject s : subjects) {
            rows.add(compute(s, period));
        }
        if (csv(req)) {
            csvIndicators(resp, subjects, rows);
        } else {
            json(resp, one != null ? JSON.valueToTree(rows.get(0)) : JSON.valueToTree(rows));
        }
    }

    private Indicators compute(Subject subject, String period) {
        try {
            if (period.matches("\\d{4}")) {
                Year year = Year.parse(period);
                return line.state.indicators(subject, year, Instant.now());
            }
            return line.state.indicators(subject, YearMonth.parse(period));
        } catch (DateTimeException | IllegalArgumentException e) {
            throw badRequest("period '" + period + "' is not a year (2026) or a month (2026-11) that has begun");
        }
    }

    private static void csvIndicators(HttpServletResponse resp, List<Subject> subjects, List<Indicators> rows)
            throws IOException {
        resp.setContentType("text/csv");
        resp.setCharacterEncoding("UTF-8");
        PrintWriter out = resp.getWriter();
        out.println("subject,name,period,kgce,kgco2,water_m3,kgce_per_person,kgce_per_m2,water_m3_per_person,"
                + "kgco2_per_m2,kgce_per_m2_vs_baseline_pct,kgce_per_person_vs_baseline_pct,quota_kgce,quota_used,"
                + "factors");
        for (int i = 0; i < rows.size(); i++) {
            Indicators r = rows.get(i);
            var v = r.values();
            var kgcePerM2 = r.comparisons().get(Metric.KGCE_PER_M2);
            var kgcePerPerson = r.comparisons().get(Metric.KGCE_PER_PERSON);
            out.println(String.join(",", r.subjectId(), quote(subjects.get(i).name()), r.period(), num(v.kgce()),
                    num(v.kgco2()), num(v.waterM3()), num(v.kgcePerPerson()), num(v.kgcePerM2()),
                    num(v.waterM3PerPerson()), num(v.kgco2PerM2()),
                    kgcePerM2 == null ? "" : num(kgcePerM2.percentVsBaseline()),
                    kgcePerPerson == null ? "" : num(kgcePerPerson.percentVsBaseline()), num(r.quotaKgce()),
                    num(r.quotaUsed()), quote(String.join("; ", r.factorVersions()))));
        }
    }

    private void consumption(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String meter = req.getParameter("meter");
        String subject = req.getParameter("subject");
        if ((meter == null) == (subject == null)) {
            throw badRequest("Give exactly one of meter or subject");
        }
        Resolution resolution;
        Instant from;
        Instant to;
        try {
            resolution = Resolution.valueOf(param(req, "resolution", "hour").toUpperCase(Locale.ROOT)
                    .replace('-', '_'));
            LocalDate today = LocalDate.now(line.state.zone());
            from = LocalDate.parse(param(req, "from", today.minusDays(1).toString())).atStartOfDay(line.state.zone())
                    .toInstant();
            to = LocalDate.parse(param(req, "to", today.plusDays(1).toString())).atStartOfDay(line.state.zone())
                    .toInstant();
        } catch (DateTimeException | IllegalArgumentException e) {
            throw badRequest("from and to are dates (2026-11-01), resolution is quarter_hour, hour, day or month:"
                    + " " + e.getMessage());
        }
        if (!to.isAfter(from)) {
            throw badRequest("to must be after from");
        }
        List<MeterInfo> meters = meter != null
                ? line.state.meters().stream().filter(m -> m.id().equals(meter)).toList()
                : line.state.metersOf(subject);
        if (meters.isEmpty()) {
            throw badRequest("No meter " + (meter != null ? meter : "feeds " + subject));
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("resolution", resolution.name().toLowerCase(Locale.ROOT));
        ArrayNode series = body.putArray("meters");
        StringBuilder csv = new StringBuilder("meter,carrier,unit,bucket,quantity\n");
        for (MeterInfo m : meters) {
            double[] values = line.state.ledger().series(m.id(), from, to, resolution);
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
                csv.append(m.id()).append(',').append(m.carrier().name().toLowerCase(Locale.ROOT)).append(',')
                        .append(m.carrier().unit()).append(',').append(i).append(',')
                        .append(Double.isNaN(values[i]) ? "" : num(values[i])).append('\n');
            }
        }
        if (csv(req)) {
            resp.setContentType("text/csv");
            resp.setCharacterEncoding("UTF-8");
            resp.getWriter().write(csv.toString());
        } else {
            json(resp, body);
        }
    }

    private void alarms(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<Finding> found = line.findings();
        if (csv(req)) {
            resp.setContentType("text/csv");
            resp.setCharacterEncoding("UTF-8");
            PrintWriter out = resp.getWriter();
            out.println("rule,subject,severity,at,value,threshold,message");
            found.forEach(f -> out.println(String.join(",", f.ruleId(), f.subject(), f.severity(),
                    f.at().toString(), num(f.value()), num(f.threshold()), quote(f.message()))));
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("findings");
        found.forEach(f -> {
            ObjectNode o = JSON.valueToTree(Map.of("rule", f.ruleId(), "subject", f.subject(), "severity",
                    f.severity(), "at", f.at().toString(), "message", f.message()));
            o.put("value", f.value());
            o.put("threshold", f.threshold());
            o.put("alarm", AlarmWriter.alarmId(f));
            list.add(o);
        });
        body.putPOJO("raisedAlarms", line.alarms.raised());
        json(resp, body);
    }

    /** The factors that apply to a year in the configured region, each with the version it is recorded under. */
    private void factors(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int year;
        try {
            year = Integer.parseInt(param(req, "year", String.valueOf(Year.now(line.state.zone()).getValue())));
        } catch (NumberFormatException e) {
            throw badRequest("year must be a number like 2026");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("year", year);
        body.put("region", line.state.region());
        ArrayNode list = body.putArray("factors");
        for (Carrier c : Carrier.values()) {
            if (c.isEnergy()) {
                list.add(JSON.valueToTree(line.state.factors().lookup(c, line.state.region(), year)));
            }
        }
        json(resp, body);
    }

    private void status(HttpServletResponse resp) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("meters", line.state.meters().size());
        body.put("subjects", line.state.subjects().size());
        body.set("readingQuality", JSON.valueToTree(line.state.qualityCounts()));
        body.put("intervalsOverMaxIntervalHours", line.state.gaps());
        ArrayNode imports = body.putArray("billImports");
        line.bills.reports().forEach(r -> {
            ObjectNode o = imports.addObject();
            o.put("file", r.file());
            o.put("at", r.at().toString());
            o.put("imported", r.imported());
            o.put("bills", r.bills());
            o.set("errors", JSON.valueToTree(r.errors()));
        });
        json(resp, body);
    }

    private static boolean csv(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return "csv".equals(req.getParameter("format")) || accept != null && accept.startsWith("text/csv");
    }

    private static String param(HttpServletRequest req, String name, String def) {
        String v = req.getParameter(name);
        return v == null || v.isBlank() ? def : v;
    }

    private static String num(Double v) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String num(double v) {
        return num(Double.valueOf(v));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static void json(HttpServletResponse resp, Object body) throws IOException {
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        JSON.writeValue(resp.getOutputStream(), body);
    }
}
