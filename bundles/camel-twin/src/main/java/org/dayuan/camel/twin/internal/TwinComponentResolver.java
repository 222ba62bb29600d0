package org.dayuan.camel.twin.internal;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentResolver;
import org.dayuan.camel.twin.TwinComponent;
import org.dayuan.twin.TwinEventListener;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Reference;

/**
 * Makes {@code twin:} available to every Camel context in Karaf: camel-core-osgi asks the services registered as
 * {@link ComponentResolver} with {@code component=twin}. Each {@code twin:events} consumer becomes a
 * {@link TwinEventListener} service for its lifetime, the registry's own way of announcing events.
 */
@org.osgi.service.component.annotations.Component(service = ComponentResolver.class, property = "component=twin")
public final class TwinComponentResolver implements ComponentResolver {
    private final TwinRegistry registry;
    private final TwinSearch search;
    private final BundleContext context;

    @Activate
    public TwinComponentResolver(@Reference TwinRegistry registry, @Reference TwinSearch search,
                                 BundleContext context) {
        this.registry = registry;
        this.search = search;
        this.context = context;
    }

    @Override
    public Component resolveComponent(String name, CamelContext camelContext) {
        if (!"twin".equals(name)) {
            return null;
        }
        return new TwinComponent(registry, search, listener -> {
            ServiceRegistration<TwinEventListener> registration =
                    context.registerService(TwinEventListener.class, listener, null);
            return registration::unregister;
        });
    }
}
