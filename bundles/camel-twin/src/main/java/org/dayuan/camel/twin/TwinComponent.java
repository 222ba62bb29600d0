package org.dayuan.camel.twin;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
    private final Function<String, Optional<Caller>> identities;

    /**
     * @param identities the service identities routes may act as, by name (the endpoint option {@code subject}):
     *                   their roles and organisation scopes, which the registry enforces as for any caller
     */
    public TwinComponent(TwinRegistry registry, TwinSearch search, TwinEventSource events,
                         Function<String, Optional<Caller>> identities) {
        this(() -> registry, () -> search, events, identities);
    }

    /** Registry and search asked for when an endpoint first needs them, not when the component is made. */
    public TwinComponent(Supplier<TwinRegistry> registry, Supplier<TwinSearch> search, TwinEventSource events,
                         Function<String, Optional<Caller>> identities) {
        this.registry = registry;
        this.search = search;
        this.events = events;
        this.identities = identities;
    }

    /**
     * The identity named {@code subject}; refused, naming where identities are configured, when there is none. A
     * line that also calls a registry service directly (history, say) acts as this same identity there.
     */
    public Caller identity(String subject) {
        return lookup(subject).orElseThrow(() -> new IllegalArgumentException("No service identity '"
                + subject + "' for twin: routes; add 'identity." + subject + " = <role>, ns:<namespace>' to"
                + " etc/org.dayuan.identities.cfg"));
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

    Optional<Caller> lookup(String subject) {
        return identities.apply(subject);
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
