package org.dayuan.camel.twin;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;

/**
 * The Camel component {@code twin:} over Dayuan's twin registry. Routes read, write and watch twins through it
 * without knowing the registry's internals; every write takes the registry's one write path, so it is validated,
 * durable before the exchange continues, and streamed like an HTTP write.
 */
@org.apache.camel.spi.annotations.Component("twin")
public class TwinComponent extends DefaultComponent {
    private final TwinRegistry registry;
    private final TwinSearch search;
    private final TwinEventSource events;

    public TwinComponent(TwinRegistry registry, TwinSearch search, TwinEventSource events) {
        this.registry = registry;
        this.search = search;
        this.events = events;
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
        TwinEndpoint endpoint = new TwinEndpoint(uri, this, operation);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    TwinRegistry registry() {
        return registry;
    }

    TwinSearch search() {
        return search;
    }

    TwinEventSource events() {
        return events;
    }
}
