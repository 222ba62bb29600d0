package org.dayuan.importer.osgi;

import java.io.IOException;
import java.util.Locale;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.importer.ImportErrors;
import org.dayuan.importer.ImportFormat;
import org.dayuan.importer.ImportProgress;
import org.dayuan.importer.Importer;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code POST /api/dayuan/import}: a file of twins, imported all or nothing as the caller, whose organisations and
 * roles apply line by line. {@code GET /api/dayuan/import} and {@code GET /api/dayuan/import/{id}}: the caller's
 * imports (an admin's: all) with their progress. The audit trail records the writes with origin
 * {@code import <client address>}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-import")
@HttpWhiteboardServletPattern({"/api/dayuan/import", "/api/dayuan/import/*"})
public final class ImportServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/api/dayuan/import";

    private final transient ImportService imports;

    @Activate
    public ImportServlet(@Reference ImportService imports) {
        this.imports = imports;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        if (req.getPathInfo() != null && !"/".equals(req.getPathInfo())) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("Imports are sent to POST " + PATH + ".");
        }
        caller.require(Caller.Access.WRITE, "import twins");
        ImportFormat format = ImportFormat.ofMediaType(req.getContentType()).orElseThrow(() ->
                ErrorCode.MEDIA_TYPE_UNSUPPORTED.exception("The Media-Type <" + req.getContentType() + "> is not"
                        + " supported for an import; use <application/x-ndjson> or <text/csv>."));
        Importer.Mode mode = mode(req.getParameter("mode"));
        boolean dryRun = flag(req.getParameter("dryRun"), "dryRun");
        boolean async = preferAsync(req);
        byte[] body = Http.readBody(req, imports.maxBytes());
        Caller importing = caller.from("import " + caller.origin());
        ImportProgress progress = imports.begin(importing);
        if (async) {
            imports.start(importing, body, format, mode, dryRun, progress);
            resp.setHeader("Location", PATH + "/" + progress.id());
            resp.setHeader("Preference-Applied", "respond-async");
            Http.writeJson(resp, 202, progress.toJson());
            return;
        }
        ObjectNode answer = imports.run(importing, body, format, mode, dryRun, progress);
        // the progress stays readable there afterwards, as for an asynchronous import
        resp.setHeader("Location", PATH + "/" + progress.id());
        Http.writeJson(resp, Importer.isRefusal(answer) ? answer.path("status").asInt(400) : 200, answer);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String info = req.getPathInfo();
        if (info == null || "/".equals(info)) {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            ArrayNode items = json.putArray("items");
            imports.jobs(caller).forEach(p -> items.add(p.toJson()));
            Http.writeJson(resp, 200, json);
            return;
        }
        String id = info.substring(1);
        ImportProgress progress = imports.job(caller, id).orElseThrow(() ->
                ImportErrors.JOB_NOT_FOUND.exception("There is no import '" + id + "' of yours."));
        Http.writeJson(resp, 200, progress.toJson());
    }

    static Importer.Mode mode(String value) {
        if (value == null) {
            return Importer.Mode.CREATE;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "create" -> Importer.Mode.CREATE;
            case "upsert" -> Importer.Mode.UPSERT;
            default -> throw ErrorCode.PARAMETER_INVALID.exception("The mode <" + value + "> is neither create nor"
                    + " upsert.");
        };
    }

    private static boolean flag(String value, String name) {
        if (value == null || "false".equals(value)) {
            return false;
        }
        if ("true".equals(value) || value.isEmpty()) {
            return true;
        }
        throw ErrorCode.PARAMETER_INVALID.exception("The parameter " + name + " <" + value + "> is neither true nor"
                + " false.");
    }

    /** RFC 7240: {@code Prefer: respond-async} asks for a 202 and a status resource instead of waiting. */
    private static boolean preferAsync(HttpServletRequest req) {
        String prefer = req.getHeader("Prefer");
        if (prefer != null) {
            for (String p : prefer.split(",")) {
                if ("respond-async".equalsIgnoreCase(p.split(";")[0].strip())) {
                    return true;
                }
            }
        }
        return false;
    }
}
