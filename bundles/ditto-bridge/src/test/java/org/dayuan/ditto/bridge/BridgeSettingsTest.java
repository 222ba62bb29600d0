package org.dayuan.ditto.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.dayuan.testing.Configs;
import org.junit.jupiter.api.Test;

class BridgeSettingsTest {
    private static final Path DATA = Path.of("/var/karaf/data");

    private static Map<String, Object> valid() {
        Map<String, Object> c = new HashMap<>();
        c.put("enabled", true);
        c.put("endpoint", "wss://ditto.city.example");
        c.put("username", "wujin");
        c.put("password", "secret");
        c.put("namespaces", " cz.wujin , cz.wujin.jiaoyu ");
        c.put("source", "wujin");
        return c;
    }

    private static BridgeSettings of(Map<String, Object> c) {
        return BridgeSettings.of(Configs.of(BridgeConfig.class, c), DATA);
    }

    @Test
    void validConfigurationIsReadWithThePositionUnderKarafData() {
        BridgeSettings s = of(valid());
        assertEquals(Set.of("cz.wujin", "cz.wujin.jiaoyu"), s.namespaces());
        assertEquals(DATA.resolve("dayuan/ditto-bridge/position"), s.positionFile());
        assertFalse(s.toString().contains("secret"));
    }

    @Test
    void disabledByDefaultAndNotCheckedThen() {
        BridgeSettings s = of(Map.of());
        assertFalse(s.enabled());
    }

    @Test
    void refusesBadValuesNamingThePidAndTheKey() {
        Map<String, Map<String, Object>> bad = Map.of(
                "endpoint", Map.of("endpoint", "http://city:8181"),
                "namespaces", Map.of("namespaces", " , "),
                "source", Map.of("source", ""),
                "window", Map.of("window", 0),
                "queueSize", Map.of("queueSize", 0),
                "username", Map.of("username", ""));
        bad.forEach((key, override) -> {
            Map<String, Object> c = valid();
            c.putAll(override);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of(c), key);
            assertTrue(e.getMessage().startsWith("org.dayuan.ditto.bridge: " + key), e.getMessage());
        });
        Map<String, Object> c = valid();
        c.put("namespaces", "cz.wujin,Not A Namespace!");
        assertThrows(IllegalArgumentException.class, () -> of(c));
    }

    @Test
    void aBearerTokenReplacesTheUserName() {
        Map<String, Object> c = valid();
        c.put("username", "");
        c.put("bearerToken", "eyJ.x.y");
        assertEquals("eyJ.x.y", of(c).bearerToken());
    }
}
