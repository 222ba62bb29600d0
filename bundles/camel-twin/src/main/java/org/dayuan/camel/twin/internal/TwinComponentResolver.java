package org.dayuan.camel.twin.internal;

import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentResolver;
import org.dayuan.camel.twin.TwinComponent;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinSubscriptions;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleReference;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Reference;

/**
 * Makes {@code twin:} available to every Camel context in Karaf: camel-core-osgi asks the services registered as
 * {@link ComponentResolver} with {@code component=twin}. Each {@code twin:events} consumer is a subscription of the
 * {@link TwinSubscriptions} service for its lifetime, as the route's identity.
 *
 * <p>A route acts as the bundle whose CamelContext uses {@code twin:} (a line creates it as
 * {@code new OsgiDefaultCamelContext(bundleContext)}): the registry and search are got through that bundle's own
 * context, so they are that bundle's views, bounded by what {@code etc/org.dayuan.identities.cfg} grants it. A
 * route cannot name another identity.
 *
 * <p>The registry and search are got only when a route first uses them, never while a line builds its routes: the
 * lines are activated on whatever thread registered the services they wait for, and at a restart from Karaf's
 * cache that was once the registry's own activation, where asking for the registry was a cycle that left the
 * lines failed for good. The references below only tie this resolver's life, and so the routes built on it, to
 * those services; the resolver never uses them itself.
 */
@org.osgi.service.component.annotations.Component(service = ComponentResolver.class, property = "component=twin")
public final class TwinComponentResolver implements ComponentResolver {
    @Activate
    public TwinComponentResolver(@Reference(service = TwinRegistry.class) ServiceReference<TwinRegistry> registry,
                                 @Reference(service = TwinSearch.class) ServiceReference<TwinSearch> search,
                                 @Reference(service = TwinSubscriptions.class)
                                 ServiceReference<TwinSubscriptions> subscriptions) {
        // only tie this resolver's life to the services
    }

    @Override
    public Component resolveComponent(String name, CamelContext camelContext) {
        if (!"twin".equals(name)) {
            return null;
        }
        BundleContext routes = bundleOf(camelContext).getBundleContext();
        if (routes == null) {
            throw new IllegalStateException("twin: used by a CamelContext of a bundle that is not started");
        }
        Supplier<TwinSubscriptions> subscriptions = once(routes, TwinSubscriptions.class);
        return new TwinComponent(once(routes, TwinRegistry.class), once(routes, TwinSearch.class),
                (caller, selection, afterSeq, listener) -> subscriptions.get().subscribe(caller, selection, afterSeq,
                        listener));
    }

    /**
     * The bundle a CamelContext belongs to. {@code OsgiDefaultCamelContext(bundleContext)} gives it a class loader
     * delegating to that bundle, whose {@code getBundle()} is called reflectively since camel-core-osgi does not
     * export its class; a context that uses a bundle's own class loader is that bundle's.
     */
    static Bundle bundleOf(CamelContext camelContext) {
        ClassLoader loader = camelContext.getApplicationContextClassLoader();
        if (loader instanceof BundleReference reference) {
            return reference.getBundle();
        }
        if (loader != null) {
            try {
                if (loader.getClass().getMethod("getBundle").invoke(loader) instanceof Bundle bundle) {
                    return bundle;
                }
            } catch (ReflectiveOperationException | RuntimeException notABundleLoader) {
                // refused below
            }
        }
        throw new IllegalArgumentException("twin: acts as the bundle whose routes use it, and CamelContext '"
                + camelContext.getName() + "' belongs to no bundle; create it as new OsgiDefaultCamelContext("
                + "bundleContext)");
    }

    /**
     * {@code type} as {@code bundle} sees it, got at first use and kept: the framework releases it when that bundle
     * stops, and a service scoped per bundle is one object for the bundle however often it is got.
     */
    private static <S> Supplier<S> once(BundleContext bundle, Class<S> type) {
        return new Supplier<>() {
            private volatile S service;

            @Override
            public S get() {
                S s = service;
                if (s == null) {
                    ServiceReference<S> ref = bundle.getServiceReference(type);
                    s = ref == null ? null : bundle.getService(ref);
                    if (s == null) {
                        throw new IllegalStateException("No " + type.getSimpleName() + " service for bundle "
                                + bundle.getBundle().getSymbolicName() + " yet");
                    }
                    service = s;
                }
                return s;
            }
        };
    }
}
