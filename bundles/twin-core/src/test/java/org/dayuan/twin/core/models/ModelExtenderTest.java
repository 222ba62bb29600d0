package org.dayuan.twin.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dayuan.models.Models;
import org.dayuan.twin.ThingModel;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/**
 * The extender over a framework faked just enough for a bundle tracker: bundles that carry models bring them when
 * they start and take them away when they stop; bundles without models are not tracked.
 */
class ModelExtenderTest {
    private final List<BundleListener> listeners = new ArrayList<>();
    private final Map<Long, Bundle> bundles = new TreeMap<>();
    private final Map<Long, Integer> states = new TreeMap<>();

    private Bundle bundle(long id, String name, List<URL> models) {
        Bundle b = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> name;
                    case "getState" -> states.get(id);
                    case "findEntries" -> {
                        assertEquals("OSGI-INF/dayuan/models", args[0]);
                        assertEquals("*.tm.jsonld", args[1]);
                        yield models.isEmpty() ? null : Collections.enumeration(models);
                    }
                    case "hashCode" -> Long.hashCode(id);
                    case "equals" -> proxy == args[0];
                    case "toString" -> name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        bundles.put(id, b);
        states.put(id, Bundle.RESOLVED);
        return b;
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "addBundleListener" -> listeners.add((BundleListener) args[0]);
                    case "removeBundleListener" -> listeners.remove(args[0]);
                    case "getBundles" -> bundles.values().toArray(Bundle[]::new);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void move(Bundle b, int state, int event) {
        states.put(b.getBundleId(), state);
        List.copyOf(listeners).forEach(l -> l.bundleChanged(new BundleEvent(event, b)));
    }

    private static List<String> bundlesOf(ModelExtender extender) {
        return extender.installed().stream().map(ThingModel::bundle).distinct().toList();
    }

    @Test
    void modelsArriveWithTheirBundleAndLeaveWithIt() {
        Bundle core = bundle(1, "org.dayuan.twin-models",
                ModelCatalog.filesIn(Models.class.getResource(Models.RESOURCE_DIR)));
        Bundle plain = bundle(2, "org.acme.nomodels", List.of());
        states.put(1L, Bundle.ACTIVE);
        ModelExtender extender = new ModelExtender(context());
        assertEquals(22, extender.installed().size(), "a bundle active before the extender is found");
        assertEquals(List.of("org.dayuan.twin-models"), bundlesOf(extender));

        move(plain, Bundle.ACTIVE, BundleEvent.STARTED);
        assertEquals(22, extender.installed().size());

        move(core, Bundle.STOPPING, BundleEvent.STOPPING);
        assertEquals(0, extender.installed().size(), "gone as soon as the bundle stops");
        assertTrue(extender.find("dayuan:Room:1.0.0").isEmpty());
        assertEquals("org.dayuan.twin-models", extender.catalog().removedWith("dayuan:Room:1.0.0").orElseThrow());

        move(core, Bundle.STARTING, BundleEvent.STARTING);
        assertEquals(22, extender.installed().size(), "back while it starts");
        assertEquals("org.dayuan.twin-models", extender.find("dayuan:Room:1.0.0").orElseThrow().bundle());

        extender.close();
        assertTrue(listeners.isEmpty(), "closing stops following the bundles");
    }
}
