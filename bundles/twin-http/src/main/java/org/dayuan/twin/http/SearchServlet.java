package org.dayuan.twin.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import org.dayuan.http.kit.FieldSelector;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinSearch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Eclipse Ditto's search API: {@code GET} or {@code POST} (an {@code application/x-www-form-urlencoded} body with
 * the same parameters) on {@code /api/2/search/things} answers {@code {"items":[...],"cursor":"..."}} (the cursor
 * only when more results follow), on {@code /api/2/search/things/count} a bare number. Parameters: {@code filter}
 * (RQL), {@code namespaces} (comma-separated), {@code option} ({@code sort}, {@code size}, {@code cursor}) and, for
 * results, {@code fields}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-search")
@HttpWhiteboardServletPattern({"/api/2/search/things", "/api/2/search/things/*"})
public final class SearchServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String BASE = "/api/2/search/things";
    private static final String FORM = "application/x-www-form-urlencoded";

    /** The request parameters, read once: filter and option may be null, namespaces empty. */
    record Params(String filter, List<String> namespaces, String option, FieldSelector fields) {
    }

    private final transient TwinSearch search;

    @Activate
    public SearchServlet(@Reference TwinSearch search) {
        this.search = search;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        search(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        search(req, resp);
    }

    private void search(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean count = isCount(req);
        Params p = params(req);
        Caller caller = Http.caller(req);
        if (count) {
            Http.writeJson(resp, 200, LongNode.valueOf(search.count(caller, p.filter(), p.namespaces())));
        } else {
            SearchResult result = search.search(caller, new SearchQuery(p.filter(), p.namespaces(), p.option()));
            Http.writeJson(resp, 200, body(result, p.fields()));
        }
    }

    /** Whether the request is for {@code /count}; any other path below the base is a 404. */
    private static boolean isCount(HttpServletRequest req) {
        String uri = req.getRequestURI();
        int at = uri.indexOf(BASE);
        String rest = at < 0 ? "" : uri.substring(at + BASE.length()).replaceAll("/+$", "");
        if (rest.isEmpty()) {
            return false;
        }
        if (rest.equals("/count")) {
            return true;
        }
        throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + uri + "' does not exist.",
                "Search is " + BASE + " and " + BASE + "/count.");
    }

    /**
     * The parameters from the query string and, for POST, the form body. Options may also come as several
     * {@code option} parameters or lines (as Ditto's Swagger UI sends them); a parameter the container cannot decode
     * is a 400, and Ditto's {@code condition} is refused because search here always reads the current state.
     */
    static Params params(HttpServletRequest req) {
        if (req.getMethod().equals("POST")) {
            String type = req.getContentType();
            String base = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (!base.isEmpty() && !base.equals(FORM)) {
                throw ErrorCode.MEDIA_TYPE_UNSUPPORTED.exception("The Media-Type <" + type + "> is not supported for"
                        + " a search; send the parameters as <" + FORM + ">.");
            }
        }
        try {
            if (req.getParameter("condition") != null) {
                throw ErrorCode.PARAMETER_INVALID.exception("The parameter 'condition' is not supported.",
                        "Search always reads the current state of every twin; put the condition into 'filter'.");
            }
            String fields = req.getParameter("fields");
            return new Params(req.getParameter("filter"), list(req.getParameterValues("namespaces")),
                    joined(req.getParameterValues("option")), fields == null ? null : FieldSelector.parse(fields));
        } catch (DayuanException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ErrorCode.PARAMETER_INVALID.exception("The request parameters could not be read: " + e.getMessage());
        }
    }

    private static List<String> list(String[] values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String item : v.split(",")) {
                    if (!item.isBlank()) {
                        out.add(item.trim());
                    }
                }
            }
        }
        return out;
    }

    private static String joined(String[] values) {
        return values == null ? null : String.join(",", values).strip().replaceAll("\\s*[\\r\\n]+\\s*", ",");
    }

    /** Ditto's search result: the things as GET would show them, and the cursor when more results follow. */
    static ObjectNode body(SearchResult result, FieldSelector fields) {
        ObjectNode body = Http.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (Twin t : result.items()) {
            if (fields == null) {
                // The twin's bytes serialized once per state: no copy of its tree, no walk over it.
                items.addRawValue(new RawValue(new String(t.jsonBytes(), StandardCharsets.UTF_8)));
            } else {
                items.add(fields.apply(t.toJsonWithMeta().put(Twin.NAMESPACE, t.id().namespace())));
            }
        }
        result.cursor().ifPresent(c -> body.put("cursor", c));
        return body;
    }
}
