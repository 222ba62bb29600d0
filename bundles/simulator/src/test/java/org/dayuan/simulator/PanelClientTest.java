package org.dayuan.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.dayuan.gbt26875.Address;
import org.dayuan.gbt26875.Command;
import org.dayuan.gbt26875.ComponentStatus;
import org.dayuan.gbt26875.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PanelClientTest {
    static final Address TRANSMITTER = Address.parse("0a0b0c0d0e01");
    static final Address CENTRE = Address.parse("000000000001");
    static final Clock CLOCK = Clock.fixed(TestCounty.NOW, SimulatorConstants.ZONE);
    static final SimPanel.Detector SMOKE = new SimPanel.Detector("cz.wujin:fd-a-0305-1", 3, 17, "smoke");
    static final SimPanel.Detector HEAT = new SimPanel.Detector("cz.wujin:fd-a-0101-1", 1, 2, "heat");
    static final SimPanel PANEL = new SimPanel("cz.wujin:fap-a", TRANSMITTER, 1, List.of(HEAT, SMOKE));

    private TestGateway gateway;
    private PanelClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (gateway != null) {
            assertEquals(List.of(), gateway.errors);
        }
    }

    static PanelClient.Settings settings(int port, Duration keepAlive) {
        return new PanelClient.Settings("127.0.0.1", port, CENTRE, keepAlive, Duration.ofSeconds(5),
                Duration.ofMillis(20), Duration.ofMillis(200));
    }

    /** Waits for a state the client reaches on its own thread (10 s is a hang, not a measurement). */
    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not reached: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aReportTravelsAsAComponentStatusFrameAndItsConfirmIsCounted() throws Exception {
        gateway = new TestGateway();
        client = new PanelClient(PANEL, settings(gateway.port(), Duration.ofHours(1)), CLOCK).start();
        client.report(SMOKE, ComponentStatus.NORMAL | ComponentStatus.FIRE);

        Frame frame = gateway.nextReport().frame();
        assertEquals(Command.SEND_DATA, frame.command());
        assertEquals(TRANSMITTER, frame.source());
        assertEquals(CENTRE, frame.destination());
        assertEquals(LocalDateTime.of(2025, 6, 4, 10, 0), frame.time());
        assertEquals(ComponentStatus.TYPE, frame.data().type());
        ComponentStatus status = (ComponentStatus) frame.data().objects().get(0);
        assertEquals(PanelClient.FIRE_ALARM_SYSTEM, status.systemType());
        assertEquals(1, status.systemAddress());
        assertEquals(3, status.loop());
        assertEquals(17, status.point());
        assertEquals(ComponentStatus.SMOKE_DETECTOR, status.componentType());
        assertTrue(status.has(ComponentStatus.FIRE));
        assertTrue(status.has(ComponentStatus.NORMAL));
        assertEquals(ComponentStatus.NORMAL | ComponentStatus.FIRE, status.status());
        await(() -> client.stats().confirmed() == 1, "the confirm counted");
        assertEquals(0, client.backlog());
        assertEquals(0, client.stats().denied());
    }

    @Test
    void anIdleLinkSendsAnEmptySendDataFrameAsLinkTest() throws Exception {
        gateway = new TestGateway();
        client = new PanelClient(PANEL, settings(gateway.port(), Duration.ofMillis(50)), CLOCK).start();
        Frame first = gateway.next().frame();
        Frame second = gateway.next().frame();
        for (Frame f : List.of(first, second)) {
            assertEquals(Command.SEND_DATA, f.command());
            assertEquals(TRANSMITTER, f.source());
            assertNull(f.data());
        }
        // serial numbers pair frames with answers: each frame has its own
        assertTrue(second.serial() != first.serial());
        await(() -> client.stats().keepAlives() >= 2, "keep-alives confirmed");
        assertEquals(0, client.stats().confirmed());
    }

    @Test
    void aDeniedFrameIsCountedAndNotSentAgain() throws Exception {
        gateway = new TestGateway().then(TestGateway.Reply.DENY);
        client = new PanelClient(PANEL, settings(gateway.port(), Duration.ofHours(1)), CLOCK).start();
        client.report(SMOKE, ComponentStatus.NORMAL | ComponentStatus.FAULT);
        client.report(HEAT, ComponentStatus.NORMAL);
        assertEquals(17, ((ComponentStatus) gateway.nextReport().frame().data().objects().get(0)).point());
        assertEquals(2, ((ComponentStatus) gateway.nextReport().frame().data().objects().get(0)).point());
        await(() -> client.stats().confirmed() == 1, "the second frame confirmed");
        assertEquals(1, client.stats().denied());
        assertEquals(1, gateway.connections());
        assertNull(gateway.received.poll());
    }

    @Test
    void aFrameLostWithItsConnectionIsSentAgainOnTheNext() throws Exception {
        gateway = new TestGateway().then(TestGateway.Reply.HANG_UP);
        client = new PanelClient(PANEL, settings(gateway.port(), Duration.ofHours(1)), CLOCK).start();
        client.report(SMOKE, ComponentStatus.NORMAL | ComponentStatus.FIRE);
        TestGateway.Received lost = gateway.nextReport();
        TestGateway.Received again = gateway.nextReport();
        assertEquals(1, lost.connection());
        assertEquals(2, again.connection());
        assertEquals(lost.frame().data(), again.frame().data());
        await(() -> client.stats().confirmed() == 1, "the frame confirmed on the second connection");
        assertEquals(1, client.stats().linkFailures());
        assertEquals(2, client.stats().connects());
    }

    @Test
    void anAnswerWithAnotherSerialNumberIsNoConfirm() throws Exception {
        gateway = new TestGateway().then(TestGateway.Reply.WRONG_SERIAL);
        client = new PanelClient(PANEL, settings(gateway.port(), Duration.ofHours(1)), CLOCK).start();
        client.report(SMOKE, ComponentStatus.NORMAL | ComponentStatus.FIRE);
        gateway.nextReport();
        TestGateway.Received again = gateway.nextReport();
        assertEquals(2, again.connection());
        await(() -> client.stats().confirmed() == 1, "confirmed once answered right");
        assertEquals(1, client.stats().linkFailures());
    }

    @Test
    void aGatewayThatIsDownIsTriedAgainWithBackoffAndGetsTheReportWhenItComesUp() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        client = new PanelClient(PANEL, settings(port, Duration.ofHours(1)), CLOCK).start();
        client.report(SMOKE, ComponentStatus.NORMAL | ComponentStatus.FIRE);
        await(() -> client.stats().connectFailures() >= 3, "several refused connects");
        assertEquals(1, client.backlog());
        assertEquals(0, client.stats().connects());
        gateway = new TestGateway(port);
        Frame frame = gateway.nextReport().frame();
        assertTrue(((ComponentStatus) frame.data().objects().get(0)).has(ComponentStatus.FIRE));
        await(() -> client.stats().confirmed() == 1, "confirmed after the gateway came up");
        assertEquals(0, client.backlog());
    }

    @Test
    void aSilencedLinkSendsNothingAndKeepsItsReportsForAfterwards() throws Exception {
        gateway = new TestGateway();
        client = new PanelClient(PANEL, settings(gateway.port(), Duration.ofMillis(20)), CLOCK).start();
        gateway.next();
        client.silence(Instant.MAX);
        await(client::isSilent, "silent");
        // a keep-alive already on its way may still arrive; after it, nothing
        Thread.sleep(100);
        gateway.received.clear();
        long keepAlives = client.stats().keepAlives();
        client.report(SMOKE, ComponentStatus.NORMAL | ComponentStatus.FIRE);
        Thread.sleep(200);
        assertNull(gateway.received.poll(), "a silent link sent a frame");
        assertEquals(1, client.backlog());
        assertEquals(keepAlives, client.stats().keepAlives());

        client.silence(Instant.MIN);
        Frame frame = gateway.nextReport().frame();
        assertTrue(((ComponentStatus) frame.data().objects().get(0)).has(ComponentStatus.FIRE));
        await(() -> client.stats().confirmed() == 1, "sent once the silence ended");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PanelClient.Settings("h", 0, CENTRE,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PanelClient.Settings("h", 9026, CENTRE,
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PanelClient.Settings("h", 9026, CENTRE,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
