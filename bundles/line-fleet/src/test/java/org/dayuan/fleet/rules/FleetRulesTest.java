package org.dayuan.fleet.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.dayuan.fleet.Fixture;
import org.dayuan.testing.Configs;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** The component over a registry in memory: ready once subscribed and judged, events worked off on its own thread. */
class FleetRulesTest {
    final Fixture fx = new Fixture(Instant.now());

    FleetRules component(Map<String, Object> config) {
        return new FleetRules(Configs.of(RulesConfig.class, config), fx.line.registry(), fx.line.search(),
                fx.line.subscriptions(), fx.history, fx.alarms);
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    @Test
    void readyOnceSubscribedAndJudgedThenRaisesFromReportsOnItsOwnThread() throws Exception {
        fx.vehicle("cz.wujin:vehicle-01", "cz.wujin:org-jgswj", "013951200001");
        FleetRules rules = component(Map.of());
        try {
            assertEquals("fleet-rules", rules.name());
            await(rules::ready, "ready");
            assertEquals(Optional.empty(), rules.problem());
            Instant start = OffsetDateTime.parse("2026-11-28T22:30:00+08:00").toInstant();
            for (int i = 0; i < 4; i++) {
                fx.report("cz.wujin:vehicle-01", start.plusSeconds(30L * i), 31.70 + i * 0.003, 119.94, 40, true,
                        1000 + i * 0.3);
            }
            await(() -> fx.alarms.open(Fixture.ADMIN, TwinId.of("cz.wujin:vehicle-01"), Rules.OFF_HOURS)
                    .isPresent(), "fleet.off-hours raised");
            Twin alarm = fx.alarms.open(Fixture.ADMIN, TwinId.of("cz.wujin:vehicle-01"), Rules.NO_ORDER)
                    .orElseThrow();
            assertEquals("LineString", alarm.toJson().path("attributes").path("details").path("track")
                    .path("geometry").path("type").asText());
        } finally {
            rules.deactivate();
        }
    }

    @Test
    void aSettingThatDoesNotParseRefusesTheConfigurationNamingItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> component(Map.of("night_time", "22h")));
        assertTrue(e.getMessage().startsWith("night.time"), e.getMessage());
    }
}
