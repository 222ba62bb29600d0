package org.dayuan.ditto.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.testing.Configs;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component and its servlet as DS wires them, with the real Ditto client. */
class BridgeComponentTest {
    @TempDir
    Path dir;

    private final InMemoryTwins twins = new InMemoryTwins();

    private BridgeComponent component(Map<String, Object> config) throws Exception {
        Map<String, Object> c = new HashMap<>(config);
        c.put("positionFile", dir.resolve("position").toString());
        return new BridgeComponent(twins.registry(), twins.subscriptions, twins.journal,
                Configs.of(BridgeConfig.class, c));
    }

    @Test
    void disabledAnswersItsStatusAndSendsNothing() throws Exception {
        BridgeComponent component = component(Map.of());
        FakeHttp http = new FakeHttp("/api/dayuan/ditto-bridge").mountedAt("/api/dayuan/ditto-bridge")
                .caller(FakeHttp.ADMIN).send(new BridgeStatusServlet(component));
        assertEquals(200, http.status);
        JsonNode json = http.json();
        assertFalse(json.path("enabled").asBoolean());
        assertFalse(json.path("connected").asBoolean());
        assertEquals(0, json.path("position").asLong());
        component.deactivate();
    }

    @Test
    void servletAnswersUnknownPathsAndAnonymousCallersInDittosErrorShape() throws Exception {
        BridgeComponent component = component(Map.of());
        FakeHttp missing = new FakeHttp("/api/dayuan/ditto-bridge/nothing").mountedAt("/api/dayuan/ditto-bridge")
                .caller(FakeHttp.ADMIN).send(new BridgeStatusServlet(component));
        assertEquals(404, missing.status);
        assertEquals(404, missing.json().path("status").asInt());
        assertTrue(missing.json().has("error"));
        FakeHttp anonymous = new FakeHttp("/api/dayuan/ditto-bridge").mountedAt("/api/dayuan/ditto-bridge")
                .caller(null).send(new BridgeStatusServlet(component));
        assertEquals(401, anonymous.status);
        FakeHttp post = new FakeHttp("POST", "/api/dayuan/ditto-bridge").mountedAt("/api/dayuan/ditto-bridge")
                .caller(FakeHttp.ADMIN).send(new BridgeStatusServlet(component));
        assertEquals(405, post.status);
    }

    @Test
    void refusesAnEnabledConfigurationNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> component(Map.of(
                "enabled", true, "endpoint", "ftp://city", "username", "u", "namespaces", "cz.wujin",
                "source", "wujin")));
        assertTrue(e.getMessage().contains("endpoint"), e.getMessage());
    }

    @Test
    void anUnreachableUpstreamShowsAsDisconnectedWithTheErrorAndKeepsTrying() throws Exception {
        BridgeComponent component = component(Map.of("enabled", true, "endpoint", "ws://127.0.0.1:1",
                "username", "u", "password", "p", "namespaces", "cz.wujin", "source", "wujin",
                "retryInitialMillis", 50L, "retryMaxMillis", 100L, "timeoutSeconds", 2));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (component.status().lastError().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            BridgeStatus status = component.status();
            assertTrue(status.enabled());
            assertFalse(status.connected());
            assertTrue(status.lastError().isPresent(), status.toString());
            assertFalse(status.toJson().toString().contains("\"p\""), "no password in the status");
        } finally {
            component.deactivate();
        }
    }
}
