package org.dayuan.camel.twin;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;

/**
 * The Camel component {@code twin:} over Dayuan's twin registry. Routes read, write and watch twins through it
 * without knowing the registry's internals; every write takes the registry's one write path, so it is validated,
 * durable before the exchange continues, and streamed like an HTTP write.
 */
@org.apache.camel.spi.annotations.Component("twin")
public class TwinComponent extends DefaultComponent {
    private final Supplier<TwinRegistry> registry;
    private final Supplier<TwinSearch> search;
    private final TwinEventSource events;

    /**
     * @param registry the registry as the bundle whose routes use this component sees it: every call its routes
     *                 make acts as that bundle's {@link TwinRegistry#identity()}
     * @param search   search, as the same bundle sees it
     */
    public TwinComponent(TwinRegistry registry, TwinSearch search, TwinEventSource events) {
        this(() -> registry, () -> search, events);
    }

    /** Registry and search asked for when an endpoint first needs them, not when the component is made. */
    public TwinComponent(Supplier<TwinRegistry> registry, Supplier<TwinSearch> search, TwinEventSource events) {
        this.registry = registry;
        this.search = search;
        this.events = events;
    }

    /**
     * Who the routes of this component act as: the identity {@code etc/org.dayuan.identities.cfg} grants the bundle
     * whose CamelContext uses it, as it is now. A line that also calls a registry service directly (history, say)
     * acts as this same identity there.
     */
    public Caller identity() {
        return registry().identity();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        TwinOperation operation;
        try {
            operation = TwinOperation.valueOf(remaining);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown twin: operation '" + remaining + "' in " + uri
                    + "; use one of " + java.util.Arrays.toString(TwinOperation.values()), e);
        }
        if (parameters.containsKey("subject")) {
            throw new IllegalArgumentException("twin: option subject in " + uri + " is not supported: a route acts"
                    + " as its own bundle's identity, granted by a line 'bundle.<symbolic-name> = <role>,"
                    + " ns:<namespace>' in etc/org.dayuan.identities.cfg");
        }
        TwinEndpoint endpoint = new TwinEndpoint(uri, this, operation);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    TwinRegistry registry() {
        return registry.get();
    }

    TwinSearch search() {
        return search.get();
    }

    TwinEventSource events() {
        return events;
    }
}
