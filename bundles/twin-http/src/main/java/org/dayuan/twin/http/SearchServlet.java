package org.dayuan.twin.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** How many matches a search stream reads at a time unless the request sets {@code size}. */
    static final int STREAM_PAGE = 200;
    private static final Pattern SORT = Pattern.compile("sort\\(([^)]*)\\)");
    private static final Pattern SIZE = Pattern.compile("size\\(\\s*\\d+\\s*\\)");
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.UTF_8);

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
        if (ThingsServlet.acceptsEventStream(req)) {
            stream(req, resp);
        } else {
            search(req, resp);
        }
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

    /**
     * Ditto 3's search as Server-Sent Events: every match, in the query's order, one event each with the thing (its
     * {@code fields} if given) as {@code data} and its thingId as {@code id}; the stream ends after the last match.
     * Pages are read one after the other, each written before the next is asked for, so TCP holds back a slow
     * reader and nothing piles up. {@code Last-Event-ID} resumes after that thing, in the thingId order (the default
     * sort) only: another order gives no single next position for an id.
     */
    private void stream(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (isCount(req)) {
            throw ErrorCode.NOT_ACCEPTABLE.exception("The count has no event stream.", "Accept 'application/json'.");
        }
        Params p = params(req);
        Caller caller = Http.caller(req);
        String option = p.option() == null ? "" : p.option().strip();
        String filter = p.filter();
        String last = req.getHeader("Last-Event-ID");
        if (last != null && !last.isBlank()) {
            Matcher sort = SORT.matcher(option);
            if (sort.find() && !sort.group(1).strip().matches("\\+?thingId")) {
                throw ErrorCode.PARAMETER_INVALID.exception("Last-Event-ID resumes a search stream sorted by thingId,"
                        + " not one with sort(" + sort.group(1) + ").", "Resume with option=sort(+thingId), or"
                        + " start the stream anew.");
            }
            String after = "gt(thingId," + TwinSearch.literal(last.strip()) + ")";
            filter = filter == null || filter.isBlank() ? after : "and(" + filter + "," + after + ")";
        }
        Matcher size = SIZE.matcher(option);
        String pageSize = size.find() ? size.group() : "size(" + STREAM_PAGE + ")";
        String first = option.isEmpty() ? pageSize : size.find(0) ? option : option + "," + pageSize;
        SearchResult page = search.search(caller, new SearchQuery(filter, p.namespaces(), first));
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        OutputStream out = resp.getOutputStream();
        while (true) {
            for (Twin t : page.items()) {
                out.write(DATA);
                out.write(p.fields() == null ? t.jsonBytes() : Http.MAPPER.writeValueAsBytes(selected(t, p.fields())));
                out.write(("\nid:" + t.id() + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            if (page.cursor().isEmpty()) {
                return;
            }
            page = search.search(caller, new SearchQuery(filter, p.namespaces(),
                    pageSize + ",cursor(" + page.cursor().get() + ")"));
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
                items.add(selected(t, fields));
            }
        }
        result.cursor().ifPresent(c -> body.put("cursor", c));
        return body;
    }

    /** The fields of a twin a selector names, read-only ones and {@code _namespace} included, as GET shows them. */
    private static ObjectNode selected(Twin t, FieldSelector fields) {
        return fields.apply(t.toJsonWithMeta().put(Twin.NAMESPACE, t.id().namespace()));
    }
}
