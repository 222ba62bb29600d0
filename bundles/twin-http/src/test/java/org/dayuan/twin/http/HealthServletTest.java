package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.StoreHealth;
import org.dayuan.twin.TwinRegistry;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

class HealthServletTest {
    private final List<Bundle> bundles = new ArrayList<>();
    private final List<ComponentDescriptionDTO> components = new ArrayList<>();
    private final Map<ComponentDescriptionDTO, ComponentConfigurationDTO> configurations = new java.util.HashMap<>();
    private boolean storeHealthy = true;
    private long now;

    @Test
    void aVerdictStandsForHalfASecondSoPollingUnderLoadJudgesOncePerInterval() throws Exception {
        HealthServlet health = servlet();
        long[] t = {0};
        health.clock = () -> t[0];
        assertEquals("UP", send(health).json().path("status").asText());
        storeHealthy = false;
        t[0] = HealthServlet.FRESH_NANOS - 1;
        assertEquals("UP", send(health).json().path("status").asText(), "judged less than 500 ms ago");
        t[0] = HealthServlet.FRESH_NANOS;
        assertEquals("DOWN", send(health).json().path("status").asText(), "judged again once the verdict is old");
    }

    @Test
    void upOnlyWhenEveryPartIsActiveSatisfiedAndReady() throws Exception {
        HealthServlet health = servlet();
        bundle("org.dayuan.twin-http", Bundle.ACTIVE, false);
        bundle("org.apache.felix.webconsole", Bundle.RESOLVED, false); // not ours: ignored
        bundle("org.dayuan.fragment", Bundle.RESOLVED, true); // a fragment is never active
        component("org.dayuan.energy.osgi.EnergyLine", ComponentConfigurationDTO.ACTIVE);
        Part mqtt = new Part("mqtt-ingestion");
        health.indicators = List.of(mqtt);
        assertEquals(200, anonymous(health).status);
        assertEquals("{\"status\":\"UP\"}", anonymous(health).body.toString());

        mqtt.ready = false;
        FakeHttp starting = anonymous(health);
        assertEquals(503, starting.status);
        assertEquals("{\"status\":\"STARTING\"}", starting.body.toString(), "a monitor learns nothing more");
        JsonNode detail = send(health).json();
        assertEquals("STARTING", detail.path("status").asText());
        assertEquals("starting", detail.path("starting").path("mqtt-ingestion").asText());
        assertEquals(0, detail.path("down").size());

        mqtt.problem = "not connected to tcp://127.0.0.1:1883";
        FakeHttp down = send(health);
        assertEquals(503, down.status);
        assertEquals("DOWN", down.json().path("status").asText(), "a failed part outweighs a starting one");
        assertEquals(mqtt.problem, down.json().path("down").path("mqtt-ingestion").asText());
    }

    @Test
    void aBundleNotYetActiveOrAComponentWaitingIsStartingAndAFailedComponentIsDown() throws Exception {
        HealthServlet health = servlet();
        bundle("org.dayuan.line-energy", Bundle.RESOLVED, false);
        assertEquals("bundle not started", send(health).json().path("starting").path("org.dayuan.line-energy")
                .asText());
        bundles.clear();
        bundle("org.dayuan.line-energy", Bundle.ACTIVE, false);
        ComponentConfigurationDTO waiting = component("org.dayuan.auth.osgi.AuthFilter",
                ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        UnsatisfiedReferenceDTO admin = new UnsatisfiedReferenceDTO();
        admin.name = "admin";
        waiting.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {admin};
        component("org.dayuan.energy.osgi.EnergyLine", ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION);
        JsonNode starting = send(health).json();
        assertEquals("STARTING", starting.path("status").asText());
        assertEquals("waits for [admin]", starting.path("starting").path("org.dayuan.auth.osgi.AuthFilter").asText());
        assertEquals("waits for its configuration",
                starting.path("starting").path("org.dayuan.energy.osgi.EnergyLine").asText());

        ComponentConfigurationDTO broker = component("org.dayuan.mqtt.broker.EmbeddedBroker",
                ComponentConfigurationDTO.FAILED_ACTIVATION);
        broker.failure = "java.lang.reflect.InvocationTargetException\nCaused by: java.io.IOException: port in use";
        FakeHttp down = send(health);
        assertEquals(503, down.status);
        assertEquals("DOWN", down.json().path("status").asText());
        assertEquals("failed to start: java.io.IOException: port in use",
                down.json().path("down").path("org.dayuan.mqtt.broker.EmbeddedBroker").asText());
    }

    @Test
    void aStoreThatDoesNotAnswerIsDownAndLivenessIsAlwaysUp() throws Exception {
        HealthServlet health = servlet();
        Part starting = new Part("energy-line");
        starting.ready = false;
        health.indicators = List.of(starting);
        storeHealthy = false;
        assertEquals("DOWN", send(health).json().path("status").asText());
        FakeHttp live = new FakeHttp("/api/health/live").caller(null);
        live.servletPath = "/api/health/live";
        live.send(health);
        assertEquals(200, live.status, "the process runs, whatever its parts do");
        assertEquals("{\"status\":\"LIVE\"}", live.body.toString());
    }

    @Test
    void onlyAnAdministratorSeesWhereTheStoreIs() throws Exception {
        HealthServlet health = servlet();
        JsonNode admin = send(health).json();
        assertEquals("h2 file:/tmp/dayuan", admin.path("store").asText());
        assertEquals(true, admin.path("storeHealthy").asBoolean());
        assertEquals(901, admin.path("twins").asInt());

        FakeHttp viewer = new FakeHttp("/api/health")
                .caller(Caller.fromGrants("v", List.of(Caller.ROLE_VIEWER, "ns:cz.wujin"), "test"));
        viewer.servletPath = "/api/health";
        JsonNode seen = viewer.send(health).json();
        assertEquals("h2", seen.path("store").asText(), "the kind, not the file");
        assertTrue(seen.path("journal").isMissingNode(), seen.toString());
        assertEquals(2, admin.path("journal").path("queuedAppends").asInt());
        assertEquals(17, admin.path("journal").path("lastSeq").asLong());
        assertEquals(42, admin.path("journal").path("snapshotAgeSeconds").asLong());

        FakeHttp monitor = new FakeHttp("/api/health").caller(Caller.fromGrants("m", List.of(Caller.ROLE_METRICS),
                "test"));
        monitor.servletPath = "/api/health";
        JsonNode monitored = monitor.send(health).json();
        assertEquals(42, monitored.path("journal").path("snapshotAgeSeconds").asLong(), monitored.toString());
        assertEquals("h2", monitored.path("store").asText());

        storeHealthy = false;
        JsonNode down = send(health).json();
        assertEquals("DOWN", down.path("status").asText());
        assertEquals(false, down.path("storeHealthy").asBoolean(true));
    }

    /** A part whose state the test sets. */
    private static final class Part implements HealthIndicator {
        private final String name;
        volatile boolean ready = true;
        volatile String problem;

        Part(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<String> problem() {
            return Optional.ofNullable(problem);
        }

        @Override
        public boolean ready() {
            return ready;
        }
    }

    private FakeHttp anonymous(HealthServlet health) throws Exception {
        FakeHttp http = new FakeHttp("/api/health").caller(null);
        http.servletPath = "/api/health";
        return http.send(health);
    }

    private FakeHttp send(HealthServlet health) throws Exception {
        FakeHttp http = new FakeHttp("/api/health");
        http.servletPath = "/api/health";
        return http.send(health);
    }

    private void bundle(String symbolicName, int state, boolean fragment) {
        Dictionary<String, String> headers = new Hashtable<>();
        if (fragment) {
            headers.put(Constants.FRAGMENT_HOST, "org.dayuan.twin-core");
        }
        bundles.add(fake(Bundle.class, m -> switch (m) {
            case "getSymbolicName" -> symbolicName;
            case "getState" -> state;
            case "getHeaders" -> headers;
            default -> null;
        }));
    }

    private ComponentConfigurationDTO component(String name, int state) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        description.bundle = new BundleDTO();
        description.bundle.symbolicName = name.startsWith("org.dayuan.auth") ? "org.dayuan.twin-auth"
                : "org.dayuan.line";
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = state;
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[0];
        components.add(description);
        configurations.put(description, configuration);
        return configuration;
    }

    private HealthServlet servlet() {
        TwinRegistry registry = fake(TwinRegistry.class, m -> m.equals("count") ? 901 : null);
        StoreHealth store = fake(StoreHealth.class, m -> switch (m) {
            case "isHealthy" -> storeHealthy;
            case "describe" -> "h2 file:/tmp/dayuan";
            case "figures" -> Map.of("queuedAppends", 2, "lastSeq", 17L, "snapshotAgeSeconds", 42L);
            default -> null;
        });
        ServiceComponentRuntime scr = (ServiceComponentRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceComponentRuntime.class}, (p, m, args) -> switch (m.getName()) {
                    case "getComponentDescriptionDTOs" -> List.copyOf(components);
                    case "getComponentConfigurationDTOs" -> List.of(configurations.get(args[0]));
                    default -> null;
                });
        BundleContext context = fake(BundleContext.class,
                m -> m.equals("getBundles") ? bundles.toArray(new Bundle[0]) : null);
        HealthServlet servlet = new HealthServlet(registry, store, scr, context);
        // every request a verdict older than it stands for, so each assertion sees the state it set up
        servlet.clock = () -> now += HealthServlet.FRESH_NANOS;
        return servlet;
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Function<String, Object> answer) {
        return (T) Proxy.newProxyInstance(HealthServletTest.class.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> answer.apply(m.getName()));
    }

    @Test
    void aFailedPartIsNamedByItsInnermostCause() {
        String trace = String.join("\n",
                "java.lang.reflect.InvocationTargetException",
                "\tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)",
                "Caused by: java.io.IOException: The embedded MQTT broker cannot listen on 127.0.0.1:11883: the port"
                        + " is in use",
                "\tat org.dayuan.mqtt.broker.EmbeddedBroker.<init>(EmbeddedBroker.java:80)",
                "Caused by: java.net.BindException: Address already in use",
                "\t... 12 more");
        assertEquals("java.net.BindException: Address already in use", HealthServlet.rootCause(trace));
        assertEquals("java.lang.IllegalStateException: no", HealthServlet.rootCause(
                "java.lang.IllegalStateException: no\n\tat x.y(Z.java:1)"));
        assertEquals("unknown", HealthServlet.rootCause(null));
    }
}
