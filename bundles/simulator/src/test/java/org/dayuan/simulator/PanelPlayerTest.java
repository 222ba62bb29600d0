package org.dayuan.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.dayuan.gbt26875.ComponentStatus;
import org.junit.jupiter.api.Test;

class PanelPlayerTest {
    private static final Instant START = TestCounty.NOW;
    private static final SimPanel.Detector ONLY = PanelClientTest.SMOKE;
    private static final SimPanel PANEL = new SimPanel("cz.wujin:fap-a", PanelClientTest.TRANSMITTER, 1,
            List.of(ONLY));

    private static int status(TestGateway gateway) throws InterruptedException {
        return ((ComponentStatus) gateway.nextReport().frame().data().objects().get(0)).status();
    }

    @Test
    void aFaultDuringAFireKeepsTheFireBitAndEachClearOnlyItsOwn() throws Exception {
        // one detector: fire at 10 min (real, reset at 70), faults at 5 and 15 min lasting 1 min
        PanelPlan.Scenario scenario = new PanelPlan.Scenario(Duration.ofMinutes(10), 0, Duration.ofMinutes(1),
                Duration.ofMinutes(60), Duration.ofMinutes(10), Duration.ofMinutes(1), "", Duration.ZERO,
                Duration.ZERO);
        PanelPlan plan = new PanelPlan(List.of(PANEL), scenario, 42, START);
        try (TestGateway gateway = new TestGateway();
             PanelPlayer player = new PanelPlayer(List.of(PANEL), plan,
                     PanelClientTest.settings(gateway.port(), Duration.ofHours(1)), PanelClientTest.CLOCK, START)) {
            int normal = ComponentStatus.NORMAL;
            int fire = ComponentStatus.FIRE;
            int fault = ComponentStatus.FAULT;
            player.advanceTo(START.plus(Duration.ofMinutes(5)));
            assertEquals(normal | fault, status(gateway));
            player.advanceTo(START.plus(Duration.ofMinutes(6)));
            assertEquals(normal, status(gateway));
            player.advanceTo(START.plus(Duration.ofMinutes(12)));
            assertEquals(normal | fire, status(gateway));
            player.advanceTo(START.plus(Duration.ofMinutes(15)));
            assertEquals(normal | fire | fault, status(gateway));
            player.advanceTo(START.plus(Duration.ofMinutes(16)));
            assertEquals(normal | fire, status(gateway));
            // the next fire at the same detector while it is still in fire sends the same state again
            player.advanceTo(START.plus(Duration.ofMinutes(20)));
            assertEquals(normal | fire, status(gateway));
            player.advanceTo(START.plus(Duration.ofMinutes(20)));
            assertTrue(gateway.received.isEmpty());
            assertEquals(List.of(), gateway.errors);
        }
    }

    @Test
    void theSilentPanelsLinkFallsQuietWhileTheOthersGoOn() throws Exception {
        SimPanel other = new SimPanel("cz.wujin:fap-b", org.dayuan.gbt26875.Address.parse("0a0b0c0d0e02"), 2,
                List.of());
        PanelPlan.Scenario scenario = new PanelPlan.Scenario(Duration.ZERO, 0, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, "cz.wujin:fap-a", Duration.ofDays(365), Duration.ofDays(300));
        PanelPlan plan = new PanelPlan(List.of(PANEL, other), scenario, 42, START.minus(Duration.ofDays(365)));
        try (TestGateway gateway = new TestGateway();
             PanelPlayer player = new PanelPlayer(List.of(PANEL, other), plan,
                     PanelClientTest.settings(gateway.port(), Duration.ofMillis(20)), PanelClientTest.CLOCK,
                     START.minusSeconds(1))) {
            player.advanceTo(START);
            PanelClient silent = player.clients().get(PANEL.thingId());
            PanelClient.Stats stats = silent.stats();
            assertTrue(silent.isSilent());
            // the other link keeps its keep-alives flowing
            PanelClient b = player.clients().get(other.thingId());
            long before = b.stats().keepAlives();
            PanelClientTest.await(() -> b.stats().keepAlives() > before + 3, "the other panel's keep-alives");
            assertTrue(silent.stats().keepAlives() <= stats.keepAlives() + 1, "the silent link kept sending");
        }
    }
}
