package org.dayuan.twin.ws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.FieldSelector;
import org.dayuan.http.kit.Http;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.ThingPaths;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection speaking the Ditto Protocol as one caller: twin commands onto the registry, the event
 * stream, and search subscriptions. Every text frame gets at most one answer per request (a response, an
 * acknowledgement or exactly one error envelope), and a refused frame changes nothing; the connection stays open.
 * Organisation scoping is the registry's, by the caller every call carries. Frames go out through the
 * {@link Outbox}; nothing here blocks on the client.
 */
final class WsSession {
    static final String START_EVENTS = "START-SEND-EVENTS";
    static final String STOP_EVENTS = "STOP-SEND-EVENTS";
    /** What Ditto's clients send for the live channel and messages, which Dayuan does not have: acknowledged only. */
    static final Set<String> LIVE_CONTROLS = Set.of("START-SEND-MESSAGES", "STOP-SEND-MESSAGES",
            "START-SEND-LIVE-COMMANDS", "STOP-SEND-LIVE-COMMANDS", "START-SEND-LIVE-EVENTS", "STOP-SEND-LIVE-EVENTS");
    static final String ACK_SUFFIX = ":ACK";
    static final String TWIN_PERSISTED = "twin-persisted";
    static final String SEARCH_PERSISTED = "search-persisted";
    private static final Set<String> FULFILLED = Set.of(TWIN_PERSISTED, SEARCH_PERSISTED);
    static final ErrorCode ACK_UNSUPPORTED = new ErrorCode("acknowledgement:label.unsupported", 400,
            "Dayuan acknowledges 'twin-persisted' (the write is durable) and 'search-persisted' (search sees it),"
                    + " nothing else: request only those labels, or none.");
    static final ErrorCode SEARCH_UNKNOWN = new ErrorCode("thing-search:subscription.notfound", 404,
            "Use the subscriptionId the 'created' message named, before 'complete', 'failed' or 'cancel' ended it.");
    static final ErrorCode TOO_MANY_SEARCHES = new ErrorCode("thing-search:subscriptions.toomany", 429,
            "Cancel or finish a search subscription before starting another on this connection.");
    private static final int DEFAULT_PAGE = 25;
    private static final Logger LOG = LoggerFactory.getLogger(WsSession.class);

    private final Caller caller;
    private final TwinRegistry registry;
    private final TwinSearch search;
    private final TwinSubscriptions subscriptions;
    private final WsSettings settings;
    private final Outbox out;
    private final Map<String, SearchCursor> searches = new LinkedHashMap<>();
    /** Also ended from the registry's event thread (a client too slow), which must not wait for this session's lock. */
    private final AtomicReference<Subscription> events = new AtomicReference<>();
    private volatile boolean closed;

    /** A search subscription: its query, and the page fetched but not yet requested. */
    private static final class SearchCursor {
        final String filter;
        final List<String> namespaces;
        final String options;
        final Optional<FieldSelector> fields;
        SearchResult page;

        SearchCursor(String filter, List<String> namespaces, String options, Optional<FieldSelector> fields) {
            this.filter = filter;
            this.namespaces = namespaces;
            this.options = options;
            this.fields = fields;
        }
    }

    WsSession(Caller caller, TwinRegistry registry, TwinSearch search, TwinSubscriptions subscriptions,
              WsSettings settings, Outbox out) {
        this.caller = caller;
        this.registry = registry;
        this.search = search;
        this.subscriptions = subscriptions;
        this.settings = settings;
        this.out = out;
    }

    /** One text frame from the client; frames arrive one at a time, in order. */
    synchronized void onText(String text) {
        if (text.startsWith("START-SEND-") || text.startsWith("STOP-SEND-")) {
            control(text);
            return;
        }
        Envelope.Read read;
        try {
            read = Envelope.read(text, settings.maxFrameBytes());
        } catch (DayuanException e) {
            send(Signals.error(Optional.empty(), Envelope.newCorrelationId(), e));
            return;
        }
        try {
            Envelope env = read.envelope();
            switch (env.topic().criterion()) {
                case COMMANDS -> command(env);
                case SEARCH -> search(env);
                default -> throw Topic.UNKNOWN.exception("The topic '" + env.topic() + "' is not one a client sends.");
            }
        } catch (DayuanException e) {
            send(Signals.error(read.thing(), read.correlationId(), e));
        } catch (RuntimeException e) {
            String id = UUID.randomUUID().toString();
            LOG.error("WebSocket message of '{}' failed, error id {}", caller.subject(), id, e);
            send(Signals.error(read.thing(), read.correlationId(), ErrorCode.INTERNAL.exception(
                    "An unexpected error occurred (error id " + id + ").")));
        }
    }

    /** Ends the event subscription; the connection has gone. Takes no lock: see {@link #events}. */
    void close() {
        closed = true;
        stopEvents();
    }

    // ---- twin commands ------------------------------------------------------------------------------------------

    private void command(Envelope env) {
        Topic.Command command = env.topic().command();
        TwinId id = env.topic().thingId();
        JsonPointer path = env.path();
        checkResource(path);
        boolean responseRequired = env.header("response-required").map(Boolean::parseBoolean).orElse(true);
        List<String> acks = requestedAcks(env, command, responseRequired);
        String topic = env.topic().toString();
        switch (command) {
            case RETRIEVE -> {
                Twin twin = registry.get(caller, id).orElseThrow(() -> ThingPaths.notFound(id, JsonPointer.empty()));
                JsonNode value;
                if (path.isEmpty()) {
                    value = env.fields().isEmpty() ? twin.toJson() : env.fields().get().apply(Signals.withNamespace(twin));
                } else {
                    value = twin.get(path).orElseThrow(() -> ThingPaths.notFound(id, path));
                    if (env.fields().isPresent() && value.isObject()) {
                        value = env.fields().get().apply(value);
                    }
                }
                if (responseRequired) {
                    ObjectNode response = Signals.response(topic, env.correlationId(), path, 200, value);
                    etag(response, twin, path, value);
                    send(response);
                }
            }
            case CREATE -> {
                if (!path.isEmpty()) {
                    throw Envelope.ENVELOPE_INVALID.exception("A create command's path is '/', not '" + path + "'.",
                            "Create the whole thing with path '/'; set its parts with 'modify'.");
                }
                Twin twin = registry.create(caller, id, thing(env.value()));
                answer(env, topic, responseRequired, acks, 201, twin.toJson(), twin, path);
            }
            case MODIFY -> {
                WriteResult result = registry.put(caller, id, path, required(env), WriteCondition.NONE);
                Twin twin = result.twin().orElseThrow();
                JsonNode written = path.isEmpty() ? twin.toJson() : twin.get(path).orElseThrow();
                answer(env, topic, responseRequired, acks, result.created() ? 201 : 204,
                        result.created() ? written : null, twin, path);
            }
            case MERGE -> {
                WriteResult result = registry.merge(caller, id, path, required(env), WriteCondition.NONE);
                answer(env, topic, responseRequired, acks, 204, null, result.twin().orElse(null), path);
            }
            case DELETE -> {
                registry.delete(caller, id, path, WriteCondition.NONE, false);
                answer(env, topic, responseRequired, acks, 204, null, null, path);
            }
        }
    }

    /**
     * A write's answer: the response when one is required; otherwise, when {@code twin-persisted} was requested,
     * that acknowledgement (the registry returned, so the write is durable), as Ditto sends it; otherwise nothing.
     */
    private void answer(Envelope env, String topic, boolean responseRequired, List<String> acks, int status,
                        JsonNode value, Twin twin, JsonPointer path) {
        if (responseRequired) {
            ObjectNode response = Signals.response(topic, env.correlationId(), path, status, value);
            if (twin != null) {
                twin.get(path).ifPresent(v -> etag(response, twin, path, v));
            }
            send(response);
        } else {
            TwinId id = env.topic().thingId();
            for (String label : acks) {
                send(Signals.response(id.namespace() + "/" + id.name() + "/things/twin/acks/" + label,
                        env.correlationId(), path, status, null));
            }
        }
    }

    private static void etag(ObjectNode response, Twin twin, JsonPointer path, JsonNode value) {
        ((ObjectNode) response.get("headers")).put("etag",
                path.isEmpty() ? twin.etag() : ThingPaths.etag(twin, path, value));
    }

    /**
     * Ditto's {@code requested-acks}: by default {@code twin-persisted} for a write whose response is required and
     * none otherwise. Dayuan fulfils {@code twin-persisted} when the registry returns (the write is durable) and
     * {@code search-persisted} at the same moment (search reads every acknowledged write); a retrieve changes
     * nothing, so both are moot there. Any other label is refused before anything changes.
     */
    private static List<String> requestedAcks(Envelope env, Topic.Command command, boolean responseRequired) {
        JsonNode acks = env.headers().get("requested-acks");
        if (acks == null) {
            return command.modifies() && responseRequired ? List.of(TWIN_PERSISTED) : List.of();
        }
        if (!acks.isArray()) {
            throw ACK_UNSUPPORTED.exception("The header 'requested-acks' must be a JSON array of labels.");
        }
        List<String> labels = new java.util.ArrayList<>();
        for (JsonNode label : acks) {
            if (!label.isTextual() || !FULFILLED.contains(label.asText())) {
                throw ACK_UNSUPPORTED.exception("The acknowledgement " + label + " cannot be given: Dayuan has"
                        + " neither connections nor a live channel to give it.");
            }
            if (command.modifies()) {
                labels.add(label.asText());
            }
        }
        return labels;
    }

    private static JsonNode required(Envelope env) {
        if (env.value() == null) {
            throw Envelope.ENVELOPE_INVALID.exception("A '" + env.topic().action() + "' command needs a 'value'.");
        }
        return env.value();
    }

    private static ObjectNode thing(JsonNode value) {
        if (value == null || !value.isObject()) {
            throw ErrorCode.THING_INVALID.exception("The thing to create must be a JSON object.");
        }
        return (ObjectNode) value;
    }

    /** The resources of a thing Ditto has: policyId, definition, attributes[/..], features[/id[/definition|...]]. */
    static void checkResource(JsonPointer path) {
        boolean known = path.isEmpty() || switch (path.get(0)) {
            case Twin.POLICY_ID, Twin.DEFINITION -> path.size() == 1;
            case Twin.ATTRIBUTES -> true;
            case Twin.FEATURES -> path.size() <= 2 || switch (path.get(2)) {
                case Twin.DEFINITION -> path.size() == 3;
                case Twin.PROPERTIES, Twin.DESIRED_PROPERTIES -> true;
                default -> false;
            };
            default -> false;
        };
        if (!known) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + path + "' of a Thing does not exist.",
                    "Thing resources are /, /policyId, /definition, /attributes[/path],"
                            + " /features[/id[/definition|/properties[/path]|/desiredProperties[/path]]].");
        }
    }

    // ---- events -------------------------------------------------------------------------------------------------

    private void control(String text) {
        int q = text.indexOf('?');
        String command = q < 0 ? text.strip() : text.substring(0, q);
        Map<String, String> parameters = new LinkedHashMap<>();
        try {
            parameters.putAll(parameters(q < 0 ? "" : text.substring(q + 1)));
            if (command.equals(START_EVENTS)) {
                startEvents(parameters);
            } else if (command.equals(STOP_EVENTS)) {
                stopEvents();
            } else if (!LIVE_CONTROLS.contains(command)) {
                throw Topic.UNKNOWN.exception("The control message '" + (command.length() > 100
                        ? command.substring(0, 100) + "..." : command) + "' is not supported.",
                        "Dayuan knows START-SEND-EVENTS and STOP-SEND-EVENTS; START/STOP-SEND-MESSAGES,"
                                + " -LIVE-COMMANDS and -LIVE-EVENTS are acknowledged, but Dayuan has no live channel.");
            }
        } catch (DayuanException e) {
            send(Signals.error(Optional.empty(), parameters.getOrDefault(Signals.CORRELATION_ID,
                    Envelope.newCorrelationId()), e));
            return;
        }
        String ack = command + ACK_SUFFIX;
        out.offer(() -> ack);
    }

    /** A control message's URL-encoded parameters; the correlation id Ditto's client adds is kept first. */
    private static Map<String, String> parameters(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                out.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    /**
     * {@code namespaces=a,b&filter=<RQL>&extraFields=<fields>} (and Ditto's client's {@code correlation-id});
     * replaces any earlier subscription.
     */
    private void startEvents(Map<String, String> parameters) {
        Set<String> namespaces = new HashSet<>();
        String filter = null;
        Optional<FieldSelector> extra = Optional.empty();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String value = p.getValue();
            switch (p.getKey()) {
                case "namespaces" -> {
                    for (String ns : value.split(",")) {
                        if (!ns.isBlank()) {
                            namespaces.add(ns.strip());
                        }
                    }
                }
                case "filter" -> filter = value;
                case "extraFields" -> extra = Optional.of(FieldSelector.parse(value));
                case Signals.CORRELATION_ID -> { }
                default -> throw ErrorCode.PARAMETER_INVALID.exception("The parameter '" + p.getKey() + "' of "
                        + START_EVENTS + " is not supported.", "Use namespaces, filter and extraFields.");
            }
        }
        Optional<Predicate<Twin>> test = filter == null || filter.isBlank() ? Optional.empty()
                : Optional.of(search.filter(caller, filter));
        Optional<FieldSelector> extraFields = extra;
        stopEvents();
        Subscription started = subscriptions.subscribe(caller, new EventSelection(Set.of(), namespaces, Set.of(), test), -1,
                new SubscriptionListener() {
                    @Override
                    public void onEvent(TwinEvent event, Optional<Twin> after) {
                        // On the registry's event thread: only queued here, rendered by the writer.
                        out.offer(() -> Signals.event(event, after, extraFields).toString());
                    }

                    @Override
                    public void reset(String reason) {
                        // Only a resumed subscription is reset; this one follows live events from now.
                        LOG.warn("Event stream of '{}' reset: {}", caller.subject(), reason);
                    }
                });
        Subscription before = events.getAndSet(started);
        if (before != null) {
            before.close();
        }
        if (closed) {
            stopEvents();
        }
    }

    private void stopEvents() {
        Subscription s = events.getAndSet(null);
        if (s != null) {
            s.close();
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.PARAMETER_INVALID.exception("The value <" + text + "> has a malformed percent-escape.");
        }
    }

    // ---- search -------------------------------------------------------------------------------------------------

    private void search(Envelope env) {
        JsonNode value = env.value();
        if (value == null || !value.isObject()) {
            throw Envelope.ENVELOPE_INVALID.exception("A search message needs an object as 'value'.");
        }
        switch (env.topic().action()) {
            case "subscribe" -> subscribe(env, value);
            case "request" -> {
                String id = subscriptionId(value);
                SearchCursor cursor = searches.get(id);
                if (cursor == null) {
                    throw SEARCH_UNKNOWN.exception("There is no search subscription '" + id + "'.");
                }
                JsonNode demand = value.get("demand");
                if (demand == null || !demand.canConvertToLong() || demand.asLong() < 1) {
                    throw ErrorCode.PARAMETER_INVALID.exception("The 'demand' must be a positive number of pages.");
                }
                request(env, id, cursor, demand.asLong());
            }
            case "cancel" -> searches.remove(subscriptionId(value));
            default -> throw Topic.UNKNOWN.exception("Search action '" + env.topic().action() + "' is unknown.");
        }
    }

    private void subscribe(Envelope env, JsonNode value) {
        if (searches.size() >= settings.maxSearchesPerConnection()) {
            throw TOO_MANY_SEARCHES.exception("This connection has " + searches.size()
                    + " search subscriptions open, the most allowed.");
        }
        String filter = text(value, "filter");
        String options = text(value, "options");
        String fields = text(value, "fields");
        List<String> namespaces = new java.util.ArrayList<>();
        JsonNode ns = value.get("namespaces");
        if (ns != null && !ns.isNull()) {
            if (!ns.isArray()) {
                throw ErrorCode.PARAMETER_INVALID.exception("The search's 'namespaces' must be an array of strings.");
            }
            ns.forEach(n -> namespaces.add(n.asText()));
        }
        String id = UUID.randomUUID().toString();
        SearchCursor cursor = new SearchCursor(filter, namespaces, options,
                fields == null ? Optional.empty() : Optional.of(FieldSelector.parse(fields)));
        try {
            // The first page now, so a bad filter or option fails the subscription at once, as in Ditto.
            cursor.page = search.search(caller, new SearchQuery(filter, namespaces, option(options, null)));
        } catch (DayuanException e) {
            send(failed(env, id, e));
            return;
        }
        searches.put(id, cursor);
        send(searchMessage(env, "created", id));
    }

    private void request(Envelope env, String id, SearchCursor cursor, long demand) {
        for (long sent = 0; sent < demand; sent++) {
            SearchResult page = cursor.page;
            if (!page.items().isEmpty()) {
                ArrayNode items = Http.MAPPER.createArrayNode();
                for (Twin t : page.items()) {
                    items.add(cursor.fields.isEmpty() ? t.toJson() : cursor.fields.get().apply(Signals.withNamespace(t)));
                }
                ObjectNode next = searchMessage(env, "next", id);
                ((ObjectNode) next.get("value")).set("items", items);
                send(next);
            }
            if (page.cursor().isEmpty()) {
                searches.remove(id);
                send(searchMessage(env, "complete", id));
                return;
            }
            try {
                cursor.page = search.search(caller, new SearchQuery(cursor.filter, cursor.namespaces,
                        option(cursor.options, page.cursor().get())));
            } catch (DayuanException e) {
                searches.remove(id);
                send(failed(env, id, e));
                return;
            }
        }
    }

    private ObjectNode failed(Envelope env, String id, DayuanException e) {
        ObjectNode failed = searchMessage(env, "failed", id);
        ((ObjectNode) failed.get("value")).set("error", e.toJson());
        return failed;
    }

    /** The options with the page size Ditto defaults to, and the cursor of the page to fetch. */
    private static String option(String options, String cursor) {
        String o = options == null || options.isBlank() ? "" : options.strip();
        if (!o.contains("size(")) {
            o = o.isEmpty() ? "size(" + DEFAULT_PAGE + ")" : o + ",size(" + DEFAULT_PAGE + ")";
        }
        return cursor == null ? o : o + ",cursor(" + cursor + ")";
    }

    /** A search message with value {@code {subscriptionId}}, to which next and failed add items or error. */
    private static ObjectNode searchMessage(Envelope env, String action, String id) {
        ObjectNode value = Http.MAPPER.createObjectNode();
        value.put("subscriptionId", id);
        ObjectNode message = Signals.response(Topic.of(Topic.NONE, Topic.NONE, Topic.Criterion.SEARCH, action),
                env.correlationId(), JsonPointer.empty(), 200, value);
        message.remove("status");
        return message;
    }

    private static String subscriptionId(JsonNode value) {
        String id = text(value, "subscriptionId");
        if (id == null) {
            throw ErrorCode.PARAMETER_INVALID.exception("The search message names no 'subscriptionId'.");
        }
        return id;
    }

    private static String text(JsonNode value, String field) {
        JsonNode v = value.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ErrorCode.PARAMETER_INVALID.exception("The search's '" + field + "' must be a string.");
        }
        return v.asText();
    }

    /** Rendered here, on the client's own thread, so that nothing changes it while it waits in the queue. */
    private void send(ObjectNode envelope) {
        String frame = envelope.toString();
        out.offer(() -> frame);
    }
}
