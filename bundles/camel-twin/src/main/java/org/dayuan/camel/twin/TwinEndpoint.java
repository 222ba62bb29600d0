package org.dayuan.camel.twin;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;

/**
 * {@code twin:operation[?options]}: a producer for get, put, merge, setProperty, delete, search, count and children,
 * or the consumer {@code twin:events}. Options are checked when the endpoint is created, so a route with a bad URI
 * fails to start instead of failing on its first message.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "twin", title = "Dayuan twin", syntax = "twin:operation",
        category = {Category.IOT}, headersClass = TwinConstants.class)
public class TwinEndpoint extends DefaultEndpoint {
    @UriPath(description = "What to do: get, put, merge, setProperty, delete, search, count, children (producer)"
            + " or events (consumer).")
    @Metadata(required = true)
    private final TwinOperation operation;

    @UriParam(label = "producer", description = "The thingId to operate on when the DayuanTwinId header is absent.")
    private String thingId;
    @UriParam(label = "producer", description = "JSON pointer inside the twin (e.g. /attributes/status) when the"
            + " DayuanTwinPath header is absent; empty means the whole twin.")
    private String path = "";
    @UriParam(label = "producer", description = "setProperty: the feature id.")
    private String feature;
    @UriParam(label = "producer", description = "setProperty: the property path inside the feature's properties,"
            + " slash-separated for nested values.")
    private String property;
    @UriParam(label = "producer", defaultValue = "false", description = "delete: also delete the twin's descendants"
            + " (a twin with children is otherwise refused).")
    private boolean recursive;
    @UriParam(label = "producer", defaultValue = "false", description = "get: an unknown twin or path gives a null"
            + " body instead of an exception.")
    private boolean ignoreNotFound;
    @UriParam(description = "RQL filter: search and count match it; the events consumer delivers only events whose"
            + " twin matches it afterwards, and the deletion of a twin that matched it before.")
    private String filter;
    @UriParam(description = "Comma-separated namespaces to limit search, count and events to; empty: all.")
    private String namespaces;
    @UriParam(label = "producer", description = "search: Ditto's option string, e.g. sort(+thingId),size(50).")
    private String option;
    @UriParam(label = "producer", defaultValue = "false", description = "search: every page, one after the other,"
            + " instead of one page; option may still set sort and page size.")
    private boolean allPages;
    @UriParam(label = "consumer", description = "Comma-separated event types to deliver: created, modified, merged,"
            + " deleted; empty: all.")
    private String types;
    @UriParam(label = "consumer", defaultValue = "100000", description = "Events waiting for the route; beyond it"
            + " events are dropped and counted, so a slow route never stalls the registry.")
    private int queueSize = 100_000;
    private List<String> namespaceList = List.of();
    private Set<TwinEvent.Type> typeSet = Set.of();
    /** What the events consumer follows, the filter compiled once when the endpoint is created. */
    private EventSelection eventSelection = EventSelection.ALL;

    TwinEndpoint(String uri, TwinComponent component, TwinOperation operation) {
        super(uri, component);
        this.operation = operation;
    }

    void validate() {
        if (thingId != null) {
            TwinId.of(thingId);
        }
        JsonPointer.parse(path);
        namespaceList = split(namespaces);
        typeSet = split(types).stream().map(t -> TwinEvent.Type.valueOf(t.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toUnmodifiableSet());
        Optional<Predicate<Twin>> eventFilter = filter == null || filter.isBlank() ? Optional.empty()
                : Optional.of(getComponent().search().filter(getComponent().identity(), filter));
        eventSelection = new EventSelection(Set.of(), Set.copyOf(namespaceList), typeSet, eventFilter);
        if (operation == TwinOperation.setProperty && (feature == null || property == null)) {
            throw new IllegalArgumentException("twin:setProperty needs the options feature and property");
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be at least 1");
        }
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of()
                : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public TwinComponent getComponent() {
        return (TwinComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (operation == TwinOperation.events) {
            throw new IllegalArgumentException("twin:events is a consumer; use it in from(...)");
        }
        return new TwinProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation != TwinOperation.events) {
            throw new IllegalArgumentException("Only twin:events can be consumed; twin:" + operation
                    + " is a producer");
        }
        TwinConsumer consumer = new TwinConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** The route's identity, looked up per call so a changed identities file takes effect at once. */
    Caller caller(String routeId) {
        return getComponent().identity().from(routeId == null ? "camel" : "route " + routeId);
    }

    public TwinOperation getOperation() {
        return operation;
    }

    public String getThingId() {
        return thingId;
    }

    public void setThingId(String thingId) {
        this.thingId = thingId;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path == null ? "" : path;
    }

    public String getFeature() {
        return feature;
    }

    public void setFeature(String feature) {
        this.feature = feature;
    }

    public String getProperty() {
        return property;
    }

    public void setProperty(String property) {
        this.property = property;
    }

    public boolean isRecursive() {
        return recursive;
    }

    public void setRecursive(boolean recursive) {
        this.recursive = recursive;
    }

    public boolean isIgnoreNotFound() {
        return ignoreNotFound;
    }

    public void setIgnoreNotFound(boolean ignoreNotFound) {
        this.ignoreNotFound = ignoreNotFound;
    }

    public String getFilter() {
        return filter;
    }

    public void setFilter(String filter) {
        this.filter = filter;
    }

    public String getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(String namespaces) {
        this.namespaces = namespaces;
    }

    List<String> namespaceList() {
        return namespaceList;
    }

    public String getOption() {
        return option;
    }

    public void setOption(String option) {
        this.option = option;
    }

    public boolean isAllPages() {
        return allPages;
    }

    public void setAllPages(boolean allPages) {
        this.allPages = allPages;
    }

    public String getTypes() {
        return types;
    }

    public void setTypes(String types) {
        this.types = types;
    }

    EventSelection eventSelection() {
        return eventSelection;
    }

    public int getQueueSize() {
        return queueSize;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }
}
