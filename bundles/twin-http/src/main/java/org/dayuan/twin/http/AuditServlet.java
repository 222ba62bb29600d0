package org.dayuan.twin.http;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.HistoryParameters;
import org.dayuan.twin.TwinAudit;
import org.dayuan.twin.TwinId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The audit trail, read-only: {@code GET /api/dayuan/audit?thingId=&subject=&from=&to=&limit=&cursor=}, newest
 * first. Entries are written only by the registry's write path, so every other method is refused.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-audit")
@HttpWhiteboardServletPattern({AuditServlet.BASE, AuditServlet.BASE + "/*"})
public final class AuditServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String BASE = "/api/dayuan/audit";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final transient TwinAudit audit;

    @Activate
    public AuditServlet(@Reference TwinAudit audit) {
        this.audit = audit;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String rest = req.getRequestURI().substring(req.getRequestURI().indexOf(BASE) + BASE.length());
        if (!rest.isEmpty() && !rest.equals("/")) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI()
                    + "' does not exist.", "The audit trail is " + BASE + ".");
        }
        int limit = (int) number(req, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long before = number(req, "cursor", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        String thing = req.getParameter("thingId");
        String subject = req.getParameter("subject");
        AuditQuery query = new AuditQuery(thing == null || thing.isBlank() ? null : TwinId.of(thing.trim()),
                subject == null || subject.isBlank() ? null : subject.trim(), instant(req, "from"),
                instant(req, "to"), before, limit + 1, Set.of());
        List<AuditRecord> found = audit.query(Http.caller(req), query);
        ObjectNode body = Http.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        found.stream().limit(limit).forEach(r -> items.add(r.toJson()));
        if (found.size() > limit) {
            body.put("cursor", String.valueOf(found.get(limit - 1).seq()));
        }
        Http.writeJson(resp, 200, body);
    }

    private static long number(HttpServletRequest req, String name, long absent, long min, long max) {
        String raw = req.getParameter(name);
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        try {
            long n = Long.parseLong(raw.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ErrorCode.PARAMETER_INVALID.exception("The parameter '" + name + "' must be a whole number from " + min
                + " to " + max + ", not <" + raw + ">.");
    }

    /** Read as the history parameters are, so both take the same timestamps. */
    private static Instant instant(HttpServletRequest req, String name) {
        String raw = req.getParameter(name);
        return raw == null || raw.isBlank() ? null : HistoryParameters.instant(name, raw);
    }
}
