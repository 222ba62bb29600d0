package org.dayuan.bench;

import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The container side of the bench: the twin services and the HTTP whiteboard, reached by reflection. The itests
 * module compiles against neither twin-api nor the servlet API (and the bench may only add a profile to its pom),
 * so these classes are loaded at run time through the probe bundle, whose {@code DynamicImport-Package: *} wires
 * them to the same bundles the distribution uses. Reflection costs well under a microsecond per call, against
 * tens of microseconds for a write.
 */
final class InContainer {
    private InContainer() {
    }

    static BundleContext context() {
        Bundle bundle = FrameworkUtil.getBundle(InContainer.class);
        if (bundle == null) {
            throw new IllegalStateException("Not running inside the OSGi container");
        }
        return bundle.getBundleContext();
    }

    static Class<?> load(String name) {
        try {
            return InContainer.class.getClassLoader().loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Class " + name + " is not visible in the container: " + e, e);
        }
    }

    /** The service registered under {@code className}, waiting for it up to {@code timeout}. */
    static Object awaitService(String className, Duration timeout) throws InterruptedException {
        load(className); // wires the package first, so the reference found is compatible with this bundle
        BundleContext bc = context();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ServiceReference<?> ref = bc.getServiceReference(className);
            if (ref != null) {
                Object service = bc.getService(ref);
                if (service != null) {
                    return service;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No " + className + " service within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    static Object call(Method m, Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the probe is going away
            }
        }
    }

    /**
     * {@code org.dayuan.twin.TwinRegistry}: the calls the bench makes, as the probe bundle's own identity (granted
     * every twin by {@link BenchDist}).
     */
    static final class Registry {
        private final Object target;
        private final Object caller;
        private final Object noCondition;
        private final Method put;
        private final Method create;
        private final Method count;
        private final Method twinId;
        private final Method pointer;
        private final Method writeAll;
        private final Method createWrite;

        Registry(Duration timeout) throws Exception {
            Class<?> api = load("org.dayuan.twin.TwinRegistry");
            Class<?> callerType = load("org.dayuan.twin.Caller");
            Class<?> idType = load("org.dayuan.twin.TwinId");
            Class<?> pointerType = load("org.dayuan.twin.JsonPointer");
            Class<?> conditionType = load("org.dayuan.twin.WriteCondition");
            target = awaitService(api.getName(), timeout);
            caller = identity(timeout);
            noCondition = conditionType.getField("NONE").get(null);
            // NoSuchMethodException here would mean the probe sees another Jackson than twin-api does.
            put = api.getMethod("put", callerType, idType, pointerType, JsonNode.class, conditionType);
            create = api.getMethod("create", callerType, idType, ObjectNode.class);
            count = api.getMethod("count", callerType);
            twinId = idType.getMethod("of", String.class);
            pointer = pointerType.getMethod("parse", String.class);
            writeAll = api.getMethod("writeAll", callerType, List.class);
            createWrite = load("org.dayuan.twin.TwinWrite").getMethod("create", idType, ObjectNode.class);
        }

        /** A parsed {@code TwinId}, to be reused across calls. */
        Object id(String thingId) {
            return call(twinId, null, thingId);
        }

        /** A parsed {@code JsonPointer}, to be reused across calls. */
        Object pointer(String path) {
            return call(pointer, null, path);
        }

        /** TwinRegistry.put without a condition; returns after the write is durable. */
        void put(Object id, Object path, JsonNode value) {
            call(put, target, caller, id, path, value, noCondition);
        }

        void create(Object id, ObjectNode thing) {
            call(create, target, caller, id, thing);
        }

        int count() {
            return (Integer) call(count, target, caller);
        }

        /** TwinRegistry.writeAll of one creation per twin (the bulk import's path): one journal commit for all. */
        void createAll(List<Object> ids, List<ObjectNode> things) {
            List<Object> writes = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                writes.add(call(createWrite, null, ids.get(i), things.get(i)));
            }
            call(writeAll, target, caller, writes);
        }
    }

    /** The probe bundle's identity, {@code TwinRegistry.identity()}. */
    static Object identity(Duration timeout) throws Exception {
        Object registry = awaitService("org.dayuan.twin.TwinRegistry", timeout);
        return call(load("org.dayuan.twin.TwinRegistry").getMethod("identity"), registry);
    }

    /** {@code org.dayuan.twin.TwinSearch#search}: how many twins one page holds. */
    static final class Search {
        private final Object target;
        private final Object caller;
        private final Method search;
        private final Method items;
        private final Constructor<?> query;

        Search(Duration timeout) throws Exception {
            Class<?> api = load("org.dayuan.twin.TwinSearch");
            Class<?> callerType = load("org.dayuan.twin.Caller");
            Class<?> queryType = load("org.dayuan.twin.SearchQuery");
            Class<?> resultType = load("org.dayuan.twin.SearchResult");
            target = awaitService(api.getName(), timeout);
            caller = identity(timeout);
            search = api.getMethod("search", callerType, queryType);
            items = resultType.getMethod("items");
            query = queryType.getConstructor(String.class, List.class, String.class);
        }

        int search(String filter, String option) throws Exception {
            Object q = query.newInstance(filter, List.of(), option);
            return ((List<?>) call(items, call(search, target, caller, q))).size();
        }
    }

    /** Receives the twin events the registry announces: when, which twin, and the written value. */
    @FunctionalInterface
    interface EventSink {
        void accept(long receivedNanos, String thingId, JsonNode value);
    }

    /**
     * Subscribes {@code sink} to every live event through the probe's {@code TwinSubscriptions}, as the probe's own
     * identity (granted every twin by {@link BenchDist}): the in-process subscriber a line would be. Closing the
     * result ends the subscription.
     */
    static AutoCloseable subscribe(EventSink sink, Duration timeout) throws Exception {
        Class<?> subscriptionsType = load("org.dayuan.twin.TwinSubscriptions");
        Class<?> listenerType = load("org.dayuan.twin.SubscriptionListener");
        Class<?> selectionType = load("org.dayuan.twin.EventSelection");
        Class<?> eventType = load("org.dayuan.twin.TwinEvent");
        Method subscribe = subscriptionsType.getMethod("subscribe", load("org.dayuan.twin.Caller"), selectionType,
                long.class, listenerType);
        Method close = load("org.dayuan.twin.Subscription").getMethod("close");
        Method thingId = eventType.getMethod("thingId");
        Method value = eventType.getMethod("value");
        Object subscriptions = awaitService(subscriptionsType.getName(), timeout);
        Object caller = identity(timeout);
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "onEvent" -> {
                long now = System.nanoTime();
                Object event = args[0];
                Object v = value.invoke(event);
                sink.accept(now, String.valueOf(thingId.invoke(event)), v instanceof JsonNode j ? j : null);
                yield null;
            }
            case "reset" -> null; // live events only: nothing is resumed, so nothing can be missed
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "dayuan bench subscriber";
            default -> null;
        };
        Object listener = Proxy.newProxyInstance(InContainer.class.getClassLoader(), new Class<?>[] {listenerType},
                handler);
        Object subscription = call(subscribe, subscriptions, caller, selectionType.getField("ALL").get(null), -1L,
                listener);
        return () -> call(close, subscription);
    }

    /**
     * Registers an HTTP Whiteboard servlet at {@code pattern} that answers every request with {@code body} as
     * {@code application/json}: the plain servlet the read figures are compared with.
     */
    static ServiceRegistration<?> registerFixedServlet(String name, String pattern, byte[] body) {
        Class<?> servletType = load("javax.servlet.Servlet");
        Class<?> responseType = load("javax.servlet.ServletResponse");
        Method setContentType;
        Method setContentLength;
        Method getOutputStream;
        try {
            setContentType = responseType.getMethod("setContentType", String.class);
            setContentLength = responseType.getMethod("setContentLength", int.class);
            getOutputStream = responseType.getMethod("getOutputStream");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        Object[] config = {null};
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "service" -> {
                Object response = args[1];
                setContentType.invoke(response, "application/json");
                setContentLength.invoke(response, body.length);
                ((OutputStream) getOutputStream.invoke(response)).write(body);
                yield null;
            }
            case "init" -> {
                config[0] = args[0];
                yield null;
            }
            case "getServletConfig" -> config[0];
            case "getServletInfo" -> name;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "dayuan bench servlet " + name;
            default -> null;
        };
        Object servlet = Proxy.newProxyInstance(InContainer.class.getClassLoader(), new Class<?>[] {servletType},
                handler);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", pattern);
        props.put("osgi.http.whiteboard.servlet.name", name);
        return context().registerService(servletType.getName(), servlet, props);
    }
}
