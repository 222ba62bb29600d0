package org.dayuan.camel.twin.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentResolver;
import org.dayuan.camel.twin.TwinComponent;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinSubscriptions;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code twin:} available to every Camel context in Karaf: camel-core-osgi asks the services registered as
 * {@link ComponentResolver} with {@code component=twin}. Each {@code twin:events} consumer is a subscription of the
 * {@link TwinSubscriptions} service for its lifetime, as the route's identity.
 *
 * <p>Routes act as service identities from {@code etc/org.dayuan.identities.cfg}, one line each:
 * {@code identity.<name> = <role>[, <role>], ns:<namespace>[, ns:<namespace>]}. An identity not listed there cannot
 * be used, so a route never has more rights than its line was given.
 *
 * <p>The resolver waits for that file. Activated without it (Configuration Admin may deliver it after the bundle has
 * started), every route built in between (ingestion, the energy line, the simulator) would fail for want of its
 * identity and stay failed once the identities arrived, as the resolver is then only modified, not replaced.
 *
 * <p>It takes the registry and search only when a route first uses them. While the registry is being constructed
 * it registers services of its own, which can satisfy this resolver and, on the same thread, the lines that use it;
 * asking for the registry then was a cycle, SCR answered null and the resolver, the MQTT ingestion, the energy line
 * and the simulator failed to start for good (seen after a restart from Karaf's cache, where bundles start in a
 * different order than at installation).
 */
@org.osgi.service.component.annotations.Component(service = ComponentResolver.class, property = "component=twin",
        configurationPid = TwinComponentResolver.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class TwinComponentResolver implements ComponentResolver {
    static final String PID = "org.dayuan.identities";
    static final String PREFIX = "identity.";
    private static final Logger LOG = LoggerFactory.getLogger(TwinComponentResolver.class);

    private final Supplier<TwinRegistry> registry;
    private final Supplier<TwinSearch> search;
    private final Supplier<TwinSubscriptions> subscriptions;
    private final Map<String, Caller> identities = new ConcurrentHashMap<>();

    @Activate
    public TwinComponentResolver(@Reference ComponentServiceObjects<TwinRegistry> registry,
                                 @Reference ComponentServiceObjects<TwinSearch> search,
                                 @Reference ComponentServiceObjects<TwinSubscriptions> subscriptions,
                                 Map<String, Object> config) {
        this.registry = once(registry);
        this.search = once(search);
        this.subscriptions = once(subscriptions);
        modified(config);
    }

    /** The service, got at first use and kept; SCR releases it when this component is deactivated. */
    private static <S> Supplier<S> once(ComponentServiceObjects<S> objects) {
        return new Supplier<>() {
            private volatile S service;

            @Override
            public S get() {
                S s = service;
                if (s == null) {
                    s = objects.getService();
                    service = s;
                }
                return s;
            }
        };
    }

    @Modified
    void modified(Map<String, Object> config) {
        Map<String, Caller> read = identities(config);
        identities.keySet().retainAll(read.keySet());
        identities.putAll(read);
        LOG.info("twin: service identities {}", read.values());
    }

    static Map<String, Caller> identities(Map<String, Object> config) {
        Map<String, Caller> out = new ConcurrentHashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
                String name = key.substring(PREFIX.length());
                out.put(name, Caller.fromGrants(name, Arrays.asList(String.valueOf(value).split(",")), "camel"));
            }
        });
        return out;
    }

    @Override
    public Component resolveComponent(String name, CamelContext camelContext) {
        if (!"twin".equals(name)) {
            return null;
        }
        return new TwinComponent(registry, search,
                (caller, selection, afterSeq, listener) -> subscriptions.get().subscribe(caller, selection, afterSeq,
                        listener),
                subject -> Optional.ofNullable(identities.get(subject)));
    }
}
