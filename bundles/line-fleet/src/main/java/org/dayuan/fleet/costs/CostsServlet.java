package org.dayuan.fleet.costs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Csv;
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
import org.osgi.service.metatype.annotations.Designate;

/**
 * The cost ledger over HTTP, as the caller (bounded by the line's grant):
 * <ul>
 *   <li>{@code POST /api/dayuan/fleet/costs} with a {@code text/csv} body ({@link CostCsvParser} names the columns):
 *       200 {@code {"records", "added", "replaced", "moved", "ledgers"}}, or 400 {@code fleet:costs.invalid} listing
 *       every bad row, nothing imported; 413 past {@code import.maxBytes}; 403 for a viewer;</li>
 *   <li>{@code GET /api/dayuan/fleet/costs?vehicle=&from=&to=}: the costs the caller sees, oldest first, as
 *       {@code {"items": [...], "count", "total"}} or, with {@code format=csv} or {@code Accept: text/csv}, as a file
 *       in the import's columns (so an export imports again). {@code from} and {@code to} are dates or date-times
 *       (Asia/Shanghai without an offset); {@code to} is exclusive, except that a bare date includes its day.</li>
 * </ul>
 */
@Component(service = Servlet.class, configurationPid = "org.dayuan.fleet.costs")
@Designate(ocd = CostsConfig.class)
@HttpWhiteboardServletName("dayuan-fleet-costs")
@HttpWhiteboardServletPattern("/api/dayuan/fleet/costs")
public final class CostsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient VehicleLedgers ledgers;
    private final transient CostCsvParser parser;
    private final transient TwinSearch search;
    private final transient Clock clock;
    private final int maxBytes;

    @Activate
    public CostsServlet(@Reference TwinRegistry registry, @Reference TwinSearch search, CostsConfig config) {
        this(registry, search, config.import_maxBytes(), config.import_maxRows(), Clock.systemUTC());
    }

    CostsServlet(TwinRegistry registry, TwinSearch search, int maxBytes, int maxRows, Clock clock) {
        this.ledgers = new VehicleLedgers(registry, search);
        this.parser = new CostCsvParser(maxRows, clock);
        this.search = search;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        Http.requireMediaType(req, Http.CSV);
        String text = utf8(Http.readBody(req, maxBytes));
        Instant now = clock.instant();
        VehicleLedgers.Imported done = ledgers.importCosts(caller, parser.parse(text), now);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("records", done.records());
        body.put("added", done.added());
        body.put("replaced", done.replaced());
        body.put("moved", done.moved());
        ArrayNode written = body.putArray("ledgers");
        done.ledgers().forEach(written::add);
        Http.writeJson(resp, 200, body);
    }

    /** Strict UTF-8: a file saved as GBK is refused naming the line, never imported as mojibake. */
    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += body[i] == '\n' ? 1 : 0;
            }
            throw new CostImportException(List.of(new RowError(line, "the file is not UTF-8 (save it as CSV UTF-8;"
                    + " a GBK file would be read wrongly)")));
        }
        return out.flip().toString();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        Optional<TwinId> vehicle = Optional.ofNullable(req.getParameter("vehicle")).filter(v -> !v.isBlank())
                .map(v -> Vehicles.visibleTo(search, caller).find(v).map(Twin::id).orElseThrow(() ->
                        ErrorCode.THING_NOT_FOUND.exception("There is no vehicle '" + v + "'.")));
        Instant from = bound(req, "from", false).orElse(Instant.parse("2000-01-01T00:00:00Z"));
        Instant to = bound(req, "to", true).orElse(clock.instant().plusSeconds(1));
        if (!to.isAfter(from)) {
            throw ErrorCode.PARAMETER_INVALID.exception("'from' " + from + " is not before 'to' " + to + ".");
        }
        List<LedgerEntry> found = ledgers.entries(caller, vehicle, YearMonth.from(from.atZone(CostCsvParser.ZONE)),
                        YearMonth.from(to.minusNanos(1).atZone(CostCsvParser.ZONE))).stream()
                .filter(e -> !e.at().toInstant().isBefore(from) && e.at().toInstant().isBefore(to)).toList();
        if (csv(req)) {
            Csv csv = new Csv(CostCsvParser.COLUMNS.toArray(String[]::new));
            found.forEach(e -> csv.row(e.vehicle(), e.stamp(), e.kind().id(), e.amount(), e.quantity(),
                    e.unit(), e.vendor(), e.reference(), e.note()));
            Http.writeCsv(resp, csv);
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode items = body.putArray("items");
        double total = 0;
        for (LedgerEntry e : found) {
            ObjectNode o = items.addObject();
            o.put("vehicle", e.vehicle());
            o.setAll(e.toJson());
            total += e.amount();
        }
        body.put("count", found.size());
        body.put("total", Math.round(total * 100) / 100.0);
        Http.writeJson(resp, 200, body);
    }

    private static Optional<Instant> bound(HttpServletRequest req, String name, boolean end) {
        String text = req.getParameter(name);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        OffsetDateTime t = CostCsvParser.parseTime(text.strip());
        if (t == null) {
            throw ErrorCode.PARAMETER_INVALID.exception("The parameter " + name + " '" + text + "' is not a date like"
                    + " 2026-11-01 or a date-time like 2026-11-01T08:00:00+08:00.");
        }
        if (end && text.strip().length() == 10) {
            return Optional.of(LocalDate.parse(text.strip()).plusDays(1).atStartOfDay(CostCsvParser.ZONE).toInstant());
        }
        return Optional.of(t.toInstant());
    }

    static boolean csv(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return "csv".equals(req.getParameter("format")) || accept != null && accept.startsWith(Http.CSV);
    }
}
