package org.dayuan.camel.twin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.dayuan.camel.twin.TwinComponent;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.core.grants.BundleGrants;
import org.dayuan.testing.InMemoryTwins;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleReference;
import org.osgi.framework.ServiceReference;

/**
 * {@code twin:} acts as the bundle whose CamelContext uses it: the resolver gets the registry and search through
 * that bundle's own context, as the framework hands each bundle its own view. The framework is played here by
 * fakes that do just that.
 */
class TwinComponentResolverTest {
    private final InMemoryTwins twins = new InMemoryTwins();
    private final BundleGrants grants = InMemoryTwins.grants(
            "bundle.org.dayuan.line-a", "integrator, ns:cz.wujin, name:line-a",
            "bundle.org.dayuan.line-b", "viewer, ns:cz.xinbei");
    private final TwinComponentResolver resolver = new TwinComponentResolver(null, null, null);

    /** A bundle whose context hands out the registry and search as the views of that bundle. */
    private Bundle fakeBundle(String bsn) {
        InMemoryTwins.Views views = twins.of(bsn, grants);
        ServiceReference<?> registryRef = proxy(ServiceReference.class, (p, m, a) -> null);
        ServiceReference<?> searchRef = proxy(ServiceReference.class, (p, m, a) -> null);
        ServiceReference<?> subscriptionsRef = proxy(ServiceReference.class, (p, m, a) -> null);
        Bundle[] bundle = new Bundle[1];
        BundleContext context = proxy(BundleContext.class, (p, m, a) -> switch (m.getName()) {
            case "getServiceReference" -> a[0] == TwinRegistry.class ? registryRef
                    : a[0] == TwinSearch.class ? searchRef : a[0] == TwinSubscriptions.class ? subscriptionsRef : null;
            case "getService" -> a[0] == registryRef ? views.registry() : a[0] == searchRef ? views.search()
                    : a[0] == subscriptionsRef ? views.subscriptions() : null;
            case "getBundle" -> bundle[0];
            default -> throw new UnsupportedOperationException(m.getName());
        });
        bundle[0] = proxy(Bundle.class, (p, m, a) -> switch (m.getName()) {
            case "getSymbolicName" -> bsn;
            case "getBundleContext" -> context;
            default -> throw new UnsupportedOperationException(m.getName());
        });
        return bundle[0];
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(TwinComponentResolverTest.class.getClassLoader(), new Class<?>[] {type},
                handler);
    }

    /** A CamelContext of {@code bundle}, as {@code OsgiDefaultCamelContext} makes one: its loader names the bundle. */
    private static CamelContext camelOf(Bundle bundle) {
        CamelContext camel = new DefaultCamelContext();
        camel.setApplicationContextClassLoader(new BundleLoader(bundle));
        return camel;
    }

    /** Stands in for camel-core-osgi's BundleDelegatingClassLoader, which has {@code getBundle()} too. */
    public static final class BundleLoader extends ClassLoader {
        private final Bundle bundle;

        BundleLoader(Bundle bundle) {
            super(null);
            this.bundle = bundle;
        }

        public Bundle getBundle() {
            return bundle;
        }
    }

    /** A bundle's own class loader. */
    private static final class OwnLoader extends ClassLoader implements BundleReference {
        private final Bundle bundle;

        OwnLoader(Bundle bundle) {
            super(null);
            this.bundle = bundle;
        }

        @Override
        public Bundle getBundle() {
            return bundle;
        }
    }

    @Test
    void eachCamelContextActsAsItsOwnBundle() throws Exception {
        TwinComponent a = (TwinComponent) resolver.resolveComponent("twin", camelOf(fakeBundle("org.dayuan.line-a")));
        CamelContext ofB = new DefaultCamelContext();
        ofB.setApplicationContextClassLoader(new OwnLoader(fakeBundle("org.dayuan.line-b")));
        TwinComponent b = (TwinComponent) resolver.resolveComponent("twin", ofB);

        assertEquals(Caller.fromGrants("line-a", List.of("integrator", "ns:cz.wujin"), "bundle org.dayuan.line-a"),
                a.identity());
        assertEquals(Caller.fromGrants("org.dayuan.line-b", List.of("viewer", "ns:cz.xinbei"),
                "bundle org.dayuan.line-b"), b.identity());
    }

    @Test
    void aBundleNotGrantedGetsNothingThroughTwin() throws Exception {
        TwinComponent c = (TwinComponent) resolver.resolveComponent("twin", camelOf(fakeBundle("org.dayuan.c")));

        assertEquals(new Caller("org.dayuan.c", java.util.Set.of(), java.util.Set.of(), "bundle org.dayuan.c"),
                c.identity());
    }

    @Test
    void aCamelContextOfNoBundleIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> resolver.resolveComponent("twin", new DefaultCamelContext()));
        assertTrue(refused.getMessage().contains("OsgiDefaultCamelContext"), refused.getMessage());
    }

    @Test
    void otherComponentsAreNotResolvedHere() throws Exception {
        assertEquals(null, resolver.resolveComponent("file", camelOf(fakeBundle("org.dayuan.line-a"))));
    }
}
