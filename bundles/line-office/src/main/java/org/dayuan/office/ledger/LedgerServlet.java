package org.dayuan.office.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Csv;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.office.OfficeRoom;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The room ledger (房间台账) over HTTP, as the caller (bounded by the line's grant):
 * <ul>
 *   <li>{@code POST /api/dayuan/office/ledger?organisation=<thingId>[&wait=true]} with a {@code text/csv} or
 *       {@code .xlsx} body: 202 and {@code Location: .../imports/{id}}; with {@code wait=true} 200 and the report
 *       once done, or 422 {@code office:ledger.invalid} with every problem and nothing written. 413 past
 *       {@code maxBytes} (declared or sent), 415 for another media type, 403 for a role that may not write
 *       (viewers), 404 for an organisation the caller does not see;</li>
 *   <li>{@code GET .../imports/{id}[?wait=true]}: the import's report {@code {state, rowsRead, rowsTotal, changed,
 *       unchanged, errors}};</li>
 *   <li>{@code GET .../template.csv?organisation=<thingId>}: the header and the organisation's rooms as they are,
 *       a file that imports back unchanged.</li>
 * </ul>
 */
@Component(service = Servlet.class, configurationPid = "org.dayuan.office.ledger")
@Designate(ocd = LedgerConfig.class)
@HttpWhiteboardServletName("dayuan-office-ledger")
@HttpWhiteboardServletPattern("/api/dayuan/office/ledger/*")
public final class LedgerServlet extends JsonServlet {
    static final String PATH = "/api/dayuan/office/ledger";
    private static final long serialVersionUID = 1L;

    private final transient TwinRegistry registry;
    private final transient TwinSearch search;
    private final transient LedgerImports imports;
    private final int maxBytes;
    private final int waitSeconds;

    @Activate
    public LedgerServlet(@Reference TwinRegistry registry, @Reference TwinSearch search, LedgerConfig config) {
        this(registry, search, config, Clock.systemUTC());
    }

    LedgerServlet(TwinRegistry registry, TwinSearch search, LedgerConfig config, Clock clock) {
        this.registry = registry;
        this.search = search;
        this.imports = new LedgerImports(registry, search, clock, config.maxRows(), config.xlsx_maxUnpackedBytes(),
                config.jobs_kept());
        this.maxBytes = config.maxBytes();
        this.waitSeconds = config.wait_seconds();
    }

    @Deactivate
    void deactivate() {
        imports.close();
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!rest(req).isEmpty()) {
            throw ErrorCode.METHOD_NOT_ALLOWED.exception("Only " + PATH + " takes a POST.");
        }
        Caller caller = Http.caller(req);
        Twin organisation = organisation(req, caller);
        caller.require(Caller.Access.WRITE, "import a room ledger (a manager's or an integrator's task)");
        String type = mediaType(req);
        if (!type.equals(Http.CSV) && !type.equals(LedgerImports.XLSX)) {
            throw ErrorCode.MEDIA_TYPE_UNSUPPORTED.exception("The Media-Type <" + req.getContentType() + "> is not"
                    + " a ledger; send <" + Http.CSV + "> or <" + LedgerImports.XLSX + ">.");
        }
        byte[] body = Http.readBody(req, maxBytes);
        LedgerJob job = imports.submit(caller, organisation, type, body);
        resp.setHeader("Location", PATH + "/imports/" + job.id);
        if (Boolean.parseBoolean(req.getParameter("wait"))) {
            answer(resp, job);
        } else {
            Http.writeJson(resp, 202, job.toJson());
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String rest = rest(req);
        if (rest.equals("/template.csv")) {
            template(resp, caller, organisation(req, caller));
        } else if (rest.startsWith("/imports/")) {
            LedgerJob job = imports.job(rest.substring("/imports/".length()))
                    .filter(j -> registry.get(caller, j.organisation).isPresent())
                    .orElseThrow(() -> ErrorCode.RESOURCE_NOT_FOUND.exception("There is no ledger import '"
                            + rest.substring("/imports/".length()) + "' (imports are kept in memory, the last few"
                            + " only)."));
            if (Boolean.parseBoolean(req.getParameter("wait"))) {
                answer(resp, job);
            } else {
                Http.writeJson(resp, 200, job.toJson());
            }
        } else {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("There is no '" + req.getRequestURI() + "'; see "
                    + PATH + "/template.csv and " + PATH + "/imports/{id}.");
        }
    }

    /** Waits for the import: 200 with its report, or its error (422 with every problem) with the report inside. */
    private void answer(HttpServletResponse resp, LedgerJob job) throws IOException {
        try {
            if (!job.await(waitSeconds)) {
                Http.writeJson(resp, 202, job.toJson());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Http.writeJson(resp, 202, job.toJson());
            return;
        }
        DayuanException failure = job.failure();
        if (failure == null) {
            Http.writeJson(resp, 200, job.toJson());
        } else {
            ObjectNode error = failure.toJson();
            error.set("import", job.toJson());
            Http.writeJson(resp, failure.status(), error);
        }
    }

    private void template(HttpServletResponse resp, Caller caller, Twin organisation) throws IOException {
        LedgerColumn[] columns = LedgerColumn.values();
        Csv csv = new Csv(Arrays.stream(columns).map(LedgerColumn::title).toArray(String[]::new));
        List<Twin> rooms = search.all(caller, "and(eq(definition," + TwinSearch.literal(OfficeRoom.DEFINITION)
                + "),eq(attributes/organisation," + TwinSearch.literal(organisation.id().toString()) + "))");
        rooms.stream().map(t -> new Object[] {OfficeRoom.of(t), t.toJson().path(Twin.ATTRIBUTES)})
                .sorted(Comparator.comparing(r -> ((OfficeRoom) r[0]).code().orElse("")))
                .forEach(r -> csv.row(Arrays.stream(columns)
                        .map(c -> c.export((OfficeRoom) r[0], (JsonNode) r[1]))
                        .map(cell -> "".equals(cell) ? null : cell).toArray()));
        byte[] bytes = csv.toBytes();
        byte[] withBom = new byte[bytes.length + 3];
        // Excel opens a UTF-8 CSV without a BOM as GBK on a Chinese Windows: the BOM keeps the names readable
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(bytes, 0, withBom, 3, bytes.length);
        resp.setStatus(200);
        resp.setContentType(Http.CSV);
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Content-Disposition", "attachment; filename=\"ledger-" + organisation.id().toString()
                .replace(':', '_') + ".csv\"");
        resp.setContentLength(withBom.length);
        resp.getOutputStream().write(withBom);
    }

    /** The organisation named by {@code ?organisation=}, as the caller sees it; 404 when it does not. */
    private Twin organisation(HttpServletRequest req, Caller caller) {
        String text = req.getParameter("organisation");
        if (text == null || text.isBlank()) {
            throw ErrorCode.PARAMETER_INVALID.exception("The parameter organisation (a thingId such as"
                    + " cz.wujin:org-fgj) is required: a ledger is one organisation's rooms.");
        }
        TwinId id = TwinId.of(text.strip());
        return registry.get(caller, id).filter(t -> t.definition().filter(OfficeRoom.ORGANISATION::equals)
                .isPresent()).orElseThrow(() -> ErrorCode.THING_NOT_FOUND.exception("There is no organisation '"
                + id + "'."));
    }

    private static String mediaType(HttpServletRequest req) {
        String type = req.getContentType();
        return type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    private static String rest(HttpServletRequest req) {
        String info = req.getPathInfo();
        return info == null || info.equals("/") ? "" : info;
    }
}
