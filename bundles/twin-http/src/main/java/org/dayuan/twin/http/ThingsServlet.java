package org.dayuan.twin.http;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.FieldSelector;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.NestingLimit;
import org.dayuan.twin.ThingPaths;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.HistoryParameters;
import org.dayuan.twin.HistoryRange;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.WriteResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Eclipse Ditto's HTTP API v2 for things: {@code /api/2/things} and every sub-resource of a thing, with Ditto's
 * status codes, {@code ETag}/{@code Location} headers, conditional requests, {@code fields} and
 * {@code response-required}; plus Dayuan's {@code /api/2/things/{id}/children}. The collection answers only the
 * things its {@code ids} name, as in Ditto (search pages through the rest); no body, path or {@code fields} may nest
 * deeper than {@link NestingLimit#MAX_DEPTH}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-things")
@HttpWhiteboardServletAsyncSupported
@HttpWhiteboardServletPattern({"/api/2/things", "/api/2/things/*"})
public final class ThingsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final String BASE = "/api/2/things";
    static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    /** The most things one {@code ids} parameter may name: one search page (Ditto's largest is 200). */
    static final int MAX_IDS = 200;

    private final transient TwinRegistry registry;
    private final transient ChangeStreams streams;
    private final transient HttpSettings settings;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TwinSearch search;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TwinHistory history;

    @Activate
    public ThingsServlet(@Reference TwinRegistry registry, @Reference ChangeStreams streams,
                         @Reference HttpSettings settings) {
        this.registry = registry;
        this.streams = streams;
        this.settings = settings;
    }

    /** The methods of each kind of resource: writes go to one thing, creation to the collection. */
    private static final Map<ThingResource.Kind, Set<String>> METHODS = Map.of(
            ThingResource.Kind.COLLECTION, Set.of("GET", "HEAD", "POST"),
            ThingResource.Kind.THING, Set.of("GET", "HEAD", "PUT", "PATCH", "DELETE"),
            ThingResource.Kind.CHILDREN, Set.of("GET", "HEAD"),
            ThingResource.Kind.DESCENDANTS, Set.of("GET", "HEAD"));

    @Override
    protected Set<String> allowedMethods(HttpServletRequest req) {
        return METHODS.get(resource(req).kind());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ThingResource r = resource(req);
        if ("GET".equals(req.getMethod()) && acceptsEventStream(req)) {
            stream(req, resp, r);
        } else {
            get(req, resp, r, Http.caller(req));
        }
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        put(req, resp, resource(req), Http.caller(req));
    }

    @Override
    protected void doPatch(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        patch(req, resp, resource(req), Http.caller(req));
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) {
        delete(req, resp, resource(req), Http.caller(req));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        post(req, resp, resource(req), Http.caller(req));
    }

    private static ThingResource resource(HttpServletRequest req) {
        String uri = req.getRequestURI();
        int at = uri.indexOf(BASE);
        return ThingResource.parse(at < 0 ? "" : uri.substring(at + BASE.length()));
    }

    // ---- GET ----------------------------------------------------------------------------------------------------

    private void get(HttpServletRequest req, HttpServletResponse resp, ThingResource r, Caller caller)
            throws IOException {
        Optional<FieldSelector> fields = fields(req);
        switch (r.kind()) {
            case COLLECTION -> {
                String ids = req.getParameter("ids");
                if (ids == null) {
                    // As in Ditto: the whole registry in one answer is no request anyone should be able to make.
                    throw ErrorCode.PARAMETER_INVALID.exception("The query parameter 'ids' is required: name up to "
                            + MAX_IDS + " thingIds, comma-separated.", "To go through many things, use the search API,"
                            + " which answers page by page: GET /api/2/search/things?option=size(200) and then"
                            + " option=cursor(...) with the cursor of each answer.");
                }
                Http.writeJson(resp, 200, array(registry.getAll(caller, List.copyOf(ids(ids))), fields));
            }
            case CHILDREN -> {
                List<TwinId> ids = registry.children(caller, r.id());
                Http.writeJson(resp, 200, array(registry.getAll(caller, ids), fields));
            }
            case DESCENDANTS -> {
                TwinSearch s = search;
                if (s == null) {
                    throw ErrorCode.RESOURCE_NOT_FOUND.exception("Search is not installed.");
                }
                int depth = integer(req, "depth", 0);
                String filter = req.getParameter("filter");
                String at = req.getParameter("at");
                List<Twin> found;
                if (at == null) {
                    found = s.descendants(caller, r.id(), filter, depth);
                } else {
                    Instant instant = HistoryParameters.instant("at", at);
                    Predicate<Twin> test = filter == null || filter.isBlank() ? t -> true : s.filter(caller, filter);
                    found = history().subtreeAt(caller, r.id(), instant, depth).descendants().stream()
                            .filter(test).toList();
                }
                Http.writeJson(resp, 200, array(found, fields));
            }
            case THING -> {
                Twin twin = historical(req, caller, r.id()).orElseGet(() -> registry.get(caller, r.id())
                        .orElseThrow(() -> ThingPaths.notFound(r.id(), JsonPointer.empty())));
                if (r.path().isEmpty()) {
                    // The most common read: the whole twin, written from its cached bytes when not narrowed.
                    resp.setHeader("ETag", twin.etag());
                    if (preconditions(req).notModified(twin.etag())) {
                        resp.setStatus(304);
                    } else if (fields.isEmpty()) {
                        Http.writeBytes(resp, 200, twin.jsonBytes());
                    } else {
                        Http.writeJson(resp, 200, select(twin, fields));
                    }
                    return;
                }
                JsonNode value = twin.get(r.path()).orElseThrow(() -> ThingPaths.notFound(r.id(), r.path()));
                String etag = ThingPaths.etag(twin, r.path(), value);
                resp.setHeader("ETag", etag);
                if (preconditions(req).notModified(etag)) {
                    resp.setStatus(304);
                    return;
                }
                Http.writeJson(resp, 200, fields.isPresent() && value.isObject() ? fields.get().apply(value) : value);
            }
        }
    }

    /** The twin at Ditto's {@code at-historical-revision} / {@code -timestamp} (header or parameter), if asked. */
    private Optional<Twin> historical(HttpServletRequest req, Caller caller, TwinId id) {
        String revision = headerOrParameter(req, HistoryParameters.AT_HISTORICAL_REVISION);
        String timestamp = headerOrParameter(req, HistoryParameters.AT_HISTORICAL_TIMESTAMP);
        if (revision != null && timestamp != null) {
            throw ErrorCode.PARAMETER_INVALID.exception("Give either at-historical-revision or"
                    + " at-historical-timestamp, not both.");
        }
        if (revision != null) {
            return Optional.of(history().atRevision(caller, id,
                    HistoryParameters.revision(HistoryParameters.AT_HISTORICAL_REVISION, revision)));
        }
        if (timestamp != null) {
            return Optional.of(history().atInstant(caller, id,
                    HistoryParameters.instant(HistoryParameters.AT_HISTORICAL_TIMESTAMP, timestamp)));
        }
        return Optional.empty();
    }

    /** Ditto takes its headers as query parameters too. */
    private static String headerOrParameter(HttpServletRequest req, String name) {
        String header = req.getHeader(name);
        return header != null ? header : req.getParameter(name);
    }

    private TwinHistory history() {
        TwinHistory h = history;
        if (h == null) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("History is not installed.");
        }
        return h;
    }

    /**
     * The thingIds of an {@code ids} parameter, each once, in the order first named; a 400 for more than
     * {@link #MAX_IDS} distinct ones.
     */
    static Set<TwinId> ids(String list) {
        Set<TwinId> out = new LinkedHashSet<>();
        for (String id : list.split(",")) {
            if (!id.isBlank() && out.add(TwinId.of(id.trim())) && out.size() > MAX_IDS) {
                throw ErrorCode.PARAMETER_INVALID.exception("The query parameter 'ids' names more than " + MAX_IDS
                        + " things; ask for at most " + MAX_IDS + " at a time.", "To go through many things, use"
                        + " the search API, which answers page by page, e.g. GET /api/2/search/things?filter="
                        + "in(thingId,...)&option=size(200).");
            }
        }
        return out;
    }

    private static ArrayNode array(List<Twin> twins, Optional<FieldSelector> fields) {
        ArrayNode out = Http.MAPPER.createArrayNode();
        twins.forEach(t -> out.add(select(t, fields)));
        return out;
    }

    /** The thing as Ditto shows it: its regular fields, or exactly the selected ones, read-only ones included. */
    private static JsonNode select(Twin twin, Optional<FieldSelector> fields) {
        if (fields.isEmpty()) {
            return twin.toJson();
        }
        ObjectNode all = twin.toJsonWithMeta();
        all.put(Twin.NAMESPACE, twin.id().namespace());
        return fields.get().apply(all);
    }

    private static Optional<FieldSelector> fields(HttpServletRequest req) {
        String f = req.getParameter("fields");
        return f == null ? Optional.empty() : Optional.of(FieldSelector.parse(f));
    }

    private static Preconditions preconditions(HttpServletRequest req) {
        return new Preconditions(req.getHeader("If-Match"), req.getHeader("If-None-Match"));
    }

    // ---- change streams ---------------------------------------------------------------------------------------

    private static boolean acceptsEventStream(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return accept != null && accept.toLowerCase().contains("text/event-stream");
    }

    /** Ditto's SSE on the things collection ({@code ids}, {@code namespaces}, {@code filter}) or on one thing. */
    private void stream(HttpServletRequest req, HttpServletResponse resp, ThingResource r) throws IOException {
        Set<TwinId> ids = new HashSet<>();
        JsonPointer resource = JsonPointer.empty();
        switch (r.kind()) {
            case COLLECTION -> {
                String list = req.getParameter("ids");
                if (list != null) {
                    ids.addAll(ids(list));
                }
            }
            case THING -> {
                ids.add(r.id());
                resource = r.path();
            }
            default -> throw ErrorCode.NOT_ACCEPTABLE.exception("This resource has no change stream.");
        }
        Set<String> namespaces = new HashSet<>();
        String ns = req.getParameter("namespaces");
        if (ns != null) {
            for (String n : ns.split(",")) {
                if (!n.isBlank()) {
                    namespaces.add(n.trim());
                }
            }
        }
        String rql = req.getParameter("filter");
        Optional<Predicate<Twin>> filter = Optional.empty();
        if (rql != null) {
            TwinSearch s = search;
            if (s == null) {
                throw ErrorCode.PARAMETER_INVALID.exception("Filtering needs search, which is not installed.");
            }
            filter = Optional.of(s.filter(Http.caller(req), rql));
        }
        String extra = req.getParameter("extraFields");
        StreamSelection selection = new StreamSelection(Http.caller(req), new EventSelection(ids, namespaces, Set.of(),
                filter), resource, fields(req), extra == null ? Optional.empty() : Optional.of(FieldSelector.parse(extra)));
        Optional<HistoryRange> range = HistoryParameters.range(name -> headerOrParameter(req, name));
        if (range.isEmpty()) {
            streams.open(req, resp, selection, streams.resumeFrom(req));
            return;
        }
        if (r.kind() != ThingResource.Kind.THING) {
            throw ErrorCode.PARAMETER_INVALID.exception("Historical streams are for one thing:"
                    + " /api/2/things/{thingId} with from-historical-revision or from-historical-timestamp.");
        }
        TwinHistory h = history();
        Caller caller = Http.caller(req);
        boolean open = range.get() instanceof HistoryRange.Revisions rev ? rev.to() == Long.MAX_VALUE
                : ((HistoryRange.Instants) range.get()).to().equals(Instant.MAX);
        streams.open(req, resp, selection, s -> {
            if (open) {
                s.follow(-1); // live events from now, queued until the past ones are sent (repeats skipped)
            }
            h.changes(caller, r.id(), range.get(), change -> !selection.selectsPast(change.event(), change.twin())
                    || s.sendReplayedUnchecked(change.event(), change.twin()));
            return open;
        });
    }

    // ---- writes -------------------------------------------------------------------------------------------------

    private void put(HttpServletRequest req, HttpServletResponse resp, ThingResource r, Caller caller)
            throws IOException {
        JsonNode body = Http.readJson(req, Http.JSON, settings.maxBodyBytes());
        NestingLimit.check(r.path(), body);
        boolean responseRequired = responseRequired(req);
        WriteResult result = registry.put(caller, r.id(), r.path(), body, preconditions(req).forWrite(r.path()));
        Twin twin = result.twin().orElseThrow();
        // The whole twin's ETag is its revision: no copy of the twin is needed unless it is sent back.
        JsonNode written = r.path().isEmpty() ? null : twin.get(r.path()).orElseThrow();
        resp.setHeader("ETag", written == null ? twin.etag() : ThingPaths.etag(twin, r.path(), written));
        if (!responseRequired) {
            resp.setStatus(202);
        } else if (result.created()) {
            resp.setHeader("Location", req.getRequestURI());
            Http.writeJson(resp, 201, written == null ? twin.toJson() : written);
        } else {
            resp.setStatus(204);
        }
    }

    private void post(HttpServletRequest req, HttpServletResponse resp, ThingResource r, Caller caller)
            throws IOException {
        JsonNode body = Http.readJson(req, Http.JSON, settings.maxBodyBytes());
        if (!body.isObject()) {
            throw ErrorCode.THING_INVALID.exception("The thing must be a JSON object.");
        }
        NestingLimit.check(JsonPointer.empty(), body);
        if (body.hasNonNull(Twin.THING_ID)) {
            throw ErrorCode.THING_ID_NOT_SETTABLE.exception("The thingId must not be set in the body of a POST;"
                    + " use PUT /api/2/things/{thingId} to choose the id.");
        }
        String ns = req.getParameter("namespace");
        if (ns == null) {
            ns = settings.defaultNamespace();
        } else if (!TwinId.isValidNamespace(ns)) {
            throw ErrorCode.PARAMETER_INVALID.exception("The namespace <" + ns + "> is invalid.");
        }
        boolean responseRequired = responseRequired(req);
        TwinId id = TwinId.of(ns, UUID.randomUUID().toString());
        Twin twin = registry.create(caller, id, (ObjectNode) body);
        resp.setHeader("ETag", twin.etag());
        resp.setHeader("Location", req.getRequestURI().replaceAll("/+$", "") + "/" + id);
        if (responseRequired) {
            Http.writeJson(resp, 201, twin.toJson());
        } else {
            resp.setStatus(202);
        }
    }

    private void patch(HttpServletRequest req, HttpServletResponse resp, ThingResource r, Caller caller)
            throws IOException {
        JsonNode body = Http.readJson(req, MERGE_PATCH_JSON, settings.maxBodyBytes());
        NestingLimit.check(r.path(), body);
        boolean responseRequired = responseRequired(req);
        WriteResult result = registry.merge(caller, r.id(), r.path(), body, preconditions(req).forWrite(r.path()));
        Twin twin = result.twin().orElseThrow();
        twin.get(r.path()).ifPresent(v -> resp.setHeader("ETag", ThingPaths.etag(twin, r.path(), v)));
        resp.setStatus(responseRequired ? 204 : 202);
    }

    private void delete(HttpServletRequest req, HttpServletResponse resp, ThingResource r, Caller caller) {
        boolean recursive = bool(req, "recursive", false);
        boolean responseRequired = responseRequired(req);
        registry.delete(caller, r.id(), r.path(), preconditions(req).forWrite(r.path()), recursive);
        resp.setStatus(responseRequired ? 204 : 202);
    }

    /** Ditto's {@code response-required}; {@code timeout=0} means fire and forget too. */
    private static boolean responseRequired(HttpServletRequest req) {
        String timeout = req.getParameter("timeout");
        if (timeout != null && timeout.trim().matches("0+(ms|s|m)?")) {
            return false;
        }
        String header = req.getHeader("response-required");
        return bool(req, "response-required", header == null || Boolean.parseBoolean(header));
    }

    private static int integer(HttpServletRequest req, String name, int dflt) {
        String v = req.getParameter(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ErrorCode.PARAMETER_INVALID.exception("The parameter '" + name + "' must be an integer, not <"
                    + v + ">.");
        }
    }

    private static boolean bool(HttpServletRequest req, String name, boolean dflt) {
        String v = req.getParameter(name);
        if (v == null) {
            return dflt;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw ErrorCode.PARAMETER_INVALID.exception("The parameter '" + name + "' must be true or false, not <"
                + v + ">.");
    }
}
