package org.dayuan.camel.twin;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;

/**
 * Runs one registry operation per exchange. Writes return only once the change is durable, so a route that
 * continues after {@code to("twin:...")} knows its write is safe; a refused write throws the registry's
 * {@link DayuanException} (with Ditto's error code and status) into the route's error handling and changes nothing.
 */
final class TwinProducer extends DefaultProducer {
    private static final ObjectMapper JSON = new ObjectMapper();

    TwinProducer(TwinEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public TwinEndpoint getEndpoint() {
        return (TwinEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        TwinEndpoint endpoint = getEndpoint();
        TwinComponent component = endpoint.getComponent();
        Message in = exchange.getMessage();
        Caller caller = endpoint.caller(exchange.getFromRouteId());
        switch (endpoint.getOperation()) {
            case get -> get(in, caller);
            case put -> written(in, component.registry().put(caller, thingId(in), path(in), body(in),
                    WriteCondition.NONE));
            case merge -> written(in, component.registry().merge(caller, thingId(in), path(in), body(in),
                    WriteCondition.NONE));
            case setProperty -> written(in, component.registry().put(caller, thingId(in), propertyPath(),
                    body(in), WriteCondition.NONE));
            case delete -> written(in, component.registry().delete(caller, thingId(in), path(in),
                    WriteCondition.NONE, endpoint.isRecursive()));
            case search -> search(in, caller);
            case count -> in.setBody(component.search().count(caller, filter(in), endpoint.namespaceList()));
            case children -> in.setBody(component.registry().children(caller, thingId(in)).stream()
                    .map(TwinId::toString).toList());
            default -> throw new IllegalStateException("twin:" + endpoint.getOperation() + " is not a producer");
        }
    }

    private void get(Message in, Caller caller) {
        TwinId id = thingId(in);
        JsonPointer path = path(in);
        Optional<Twin> twin = getEndpoint().getComponent().registry().get(caller, id);
        Optional<JsonNode> value = twin.flatMap(t -> path.isEmpty() ? Optional.of(t.toJson()) : t.get(path));
        if (value.isEmpty() && !getEndpoint().isIgnoreNotFound()) {
            throw twin.isEmpty()
                    ? ErrorCode.THING_NOT_FOUND.exception("The twin '" + id + "' does not exist.")
                    : ErrorCode.RESOURCE_NOT_FOUND.exception("The twin '" + id + "' has nothing at '" + path + "'.");
        }
        in.setBody(value.orElse(null));
        twin.ifPresent(t -> in.setHeader(TwinConstants.REVISION, t.revision()));
    }

    private void search(Message in, Caller caller) {
        TwinSearch search = getEndpoint().getComponent().search();
        String option = getEndpoint().getOption();
        SearchResult result = search.search(caller, new SearchQuery(filter(in), getEndpoint().namespaceList(), option));
        List<ObjectNode> items = new ArrayList<>();
        result.items().forEach(t -> items.add(t.toJson()));
        while (getEndpoint().isAllPages() && result.cursor().isPresent()) {
            String next = "cursor(" + result.cursor().get() + ")" + (option == null || option.isBlank() ? ""
                    : "," + option);
            result = search.search(caller, new SearchQuery(filter(in), getEndpoint().namespaceList(), next));
            result.items().forEach(t -> items.add(t.toJson()));
        }
        in.setBody(items);
        in.removeHeader(TwinConstants.CURSOR);
        result.cursor().ifPresent(c -> in.setHeader(TwinConstants.CURSOR, c));
    }

    private static void written(Message in, WriteResult result) {
        in.setBody(result.twin().map(Twin::toJson).orElse(null));
        in.setHeader(TwinConstants.CREATED, result.created());
        result.twin().ifPresentOrElse(t -> in.setHeader(TwinConstants.REVISION, t.revision()),
                () -> in.removeHeader(TwinConstants.REVISION));
    }

    private TwinId thingId(Message in) {
        String id = in.getHeader(TwinConstants.THING_ID, String.class);
        if (id == null) {
            id = getEndpoint().getThingId();
        }
        if (id == null) {
            throw ErrorCode.PARAMETER_INVALID.exception("twin:" + getEndpoint().getOperation()
                    + " needs a thingId: set the header " + TwinConstants.THING_ID + " or the option thingId.");
        }
        return TwinId.of(id);
    }

    private JsonPointer path(Message in) {
        String path = in.getHeader(TwinConstants.PATH, String.class);
        return JsonPointer.parse(path != null ? path : getEndpoint().getPath());
    }

    private JsonPointer propertyPath() {
        JsonPointer path = JsonPointer.of(Twin.FEATURES, Twin.checkFeatureId(getEndpoint().getFeature()),
                Twin.PROPERTIES);
        for (String segment : getEndpoint().getProperty().split("/")) {
            if (!segment.isEmpty()) {
                path = path.append(segment);
            }
        }
        return path;
    }

    private String filter(Message in) {
        String filter = in.getHeader(TwinConstants.FILTER, String.class);
        return filter != null ? filter : getEndpoint().getFilter();
    }

    /** The body as JSON: a JsonNode as is, text, bytes or a stream parsed, other objects (maps, numbers) converted. */
    static JsonNode body(Message in) {
        JsonNode json = parse(in.getBody());
        if (json == null || json.isMissingNode()) {
            throw ErrorCode.JSON_INVALID.exception("The message body is empty, not JSON.");
        }
        return json;
    }

    private static JsonNode parse(Object body) {
        try {
            if (body instanceof JsonNode node) {
                return node;
            }
            if (body instanceof String text) {
                return JSON.readTree(text);
            }
            if (body instanceof byte[] bytes) {
                return JSON.readTree(bytes);
            }
            if (body instanceof InputStream stream) {
                return JSON.readTree(stream);
            }
            if (body == null) {
                throw ErrorCode.JSON_INVALID.exception("The message has no body to write.");
            }
            return JSON.valueToTree(body);
        } catch (IOException | IllegalArgumentException e) {
            throw ErrorCode.JSON_INVALID.exception("The message body is not valid JSON: " + e.getMessage());
        }
    }
}
