package org.dayuan.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dayuan.jtt808.Authenticate;
import org.dayuan.jtt808.Location;
import org.dayuan.jtt808.LocationBatch;
import org.dayuan.jtt808.LocationItem;
import org.dayuan.jtt808.MessageIds;
import org.dayuan.jtt808.Register;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VehicleClientTest {
    static final SimVehicle HYBRID = new SimVehicle("cz.wujin:vehicle-10", "013951200010", "苏D·F29106",
            "cz.wujin:org-sthjj", SimVehicle.Energy.PLUG_IN_HYBRID, 31.70, 119.94, 12345.6, 30.5, 70);
    static final TestTerminalGateway.Reply OK = TestTerminalGateway.Reply.NORMAL;

    private TestTerminalGateway gateway;
    private VehicleClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
            assertEquals(List.of(), gateway.errors);
        }
    }

    static VehicleClient.Settings settings(int port, Duration heartbeat, Duration backoffMin) {
        return new VehicleClient.Settings("127.0.0.1", port, heartbeat, Duration.ofSeconds(5), backoffMin,
                backoffMin.multipliedBy(8));
    }

    static Location location(double lat, double km) {
        return Location.of(0, Location.STATUS_FIXED | Location.STATUS_ACC, lat, 119.941234, 5, 42.5, 37,
                LocalDateTime.of(2026, 12, 7, 9, 15, 30), List.of(LocationItem.mileage(Math.round(km * 10)),
                        LocationItem.fuel(305), LocationItem.soc(64)));
    }

    @Test
    void registersAuthenticatesWithTheCodeAndItsReportsArriveAsSent() throws Exception {
        gateway = new TestTerminalGateway();
        client = new VehicleClient(HYBRID, settings(gateway.port(), Duration.ofHours(1), Duration.ofMillis(20)))
                .start();
        Location sent = location(31.712345, 12350.2);
        client.report(sent);

        TestTerminalGateway.Received register = gateway.next();
        assertEquals(MessageIds.REGISTER, register.id());
        assertEquals("013951200010", register.message().header().phone());
        Register r = (Register) register.message().body();
        assertEquals(new Register(32, 412, "DYSIM", "DY-808-SIM", "1200010", 5, "苏DF29106"), r);

        TestTerminalGateway.Received auth = gateway.next();
        assertEquals(MessageIds.AUTHENTICATE, auth.id());
        assertEquals(TestTerminalGateway.CODE, ((Authenticate) auth.message().body()).code());

        Location received = (Location) gateway.next().message().body();
        assertEquals(sent, received);
        assertEquals(31.712345, received.lat(), 1e-9);
        assertEquals(42.5, received.speedKmh(), 1e-9);
        assertTrue(received.acc());
        assertEquals(123502, received.item(LocationItem.MILEAGE).getAsLong());
        assertEquals(305, received.item(LocationItem.FUEL).getAsLong());
        assertEquals(64, received.item(LocationItem.SOC).getAsLong());

        PanelClientTest.await(() -> client.stats().acknowledged() == 1, "the report acknowledged");
        assertEquals(TestTerminalGateway.CODE, client.authCode());
        VehicleClient.Stats s = client.stats();
        assertEquals(1, s.registrations());
        assertEquals(1, s.authentications());
        assertTrue(s.online());
        assertEquals(0, client.backlog());
    }

    @Test
    void anIdleTerminalSendsHeartbeats() throws Exception {
        gateway = new TestTerminalGateway();
        client = new VehicleClient(HYBRID, settings(gateway.port(), Duration.ofMillis(50), Duration.ofMillis(20)))
                .start();
        gateway.next(MessageIds.HEARTBEAT);
        gateway.next(MessageIds.HEARTBEAT);
        PanelClientTest.await(() -> client.stats().heartbeats() >= 2, "heartbeats answered");
        assertEquals(0, client.stats().acknowledged());
    }

    @Test
    void afterTheGatewayDropsTheConnectionItReconnectsAndAuthenticatesWithoutRegisteringAgain() throws Exception {
        gateway = new TestTerminalGateway();
        client = new VehicleClient(HYBRID, settings(gateway.port(), Duration.ofHours(1), Duration.ofMillis(20)))
                .start();
        client.report(location(31.70, 12346));
        assertEquals(1, gateway.next(MessageIds.LOCATION).connection());
        PanelClientTest.await(() -> client.stats().acknowledged() == 1, "first report acknowledged");

        gateway.dropAll();
        client.report(location(31.71, 12347));
        TestTerminalGateway.Received auth = gateway.next();
        assertEquals(2, auth.connection(), auth.toString());
        assertEquals(MessageIds.AUTHENTICATE, auth.id(), "the code is kept: no registration on the new connection");
        TestTerminalGateway.Received report = gateway.next();
        assertEquals(2, report.connection());
        assertEquals(31.71, ((Location) report.message().body()).lat(), 1e-9);
        PanelClientTest.await(() -> client.stats().acknowledged() == 2, "second report acknowledged");
        assertEquals(1, client.stats().registrations());
    }

    @Test
    void reportsLostWithTheirConnectionGoAgainAsABlindAreaBatch() throws Exception {
        gateway = new TestTerminalGateway().then(OK, OK, TestTerminalGateway.Reply.HANG_UP);
        client = new VehicleClient(HYBRID, settings(gateway.port(), Duration.ofHours(1), Duration.ofMillis(400)))
                .start();
        client.report(location(31.70, 12346));
        assertEquals(1, gateway.next(MessageIds.LOCATION).connection());
        client.report(location(31.71, 12347)); // queued while the terminal waits to connect again

        assertEquals(MessageIds.AUTHENTICATE, gateway.next().id());
        TestTerminalGateway.Received again = gateway.next();
        assertEquals(2, again.connection());
        LocationBatch batch = (LocationBatch) again.message().body();
        assertEquals(LocationBatch.BLIND_AREA, batch.type());
        assertEquals(List.of(31.70, 31.71), batch.locations().stream().map(Location::lat).toList());
        PanelClientTest.await(() -> client.stats().acknowledged() == 2, "both acknowledged");
        assertEquals(1, client.stats().linkFailures());
    }

    @Test
    void aRefusedRegistrationIsTriedAgainWithAGrowingBackoff() throws Exception {
        gateway = new TestTerminalGateway().then(TestTerminalGateway.Reply.REFUSE, TestTerminalGateway.Reply.REFUSE);
        client = new VehicleClient(HYBRID, settings(gateway.port(), Duration.ofHours(1), Duration.ofMillis(150)))
                .start();
        client.report(location(31.70, 12346));

        TestTerminalGateway.Received first = gateway.next();
        TestTerminalGateway.Received second = gateway.next();
        TestTerminalGateway.Received third = gateway.next();
        assertEquals(List.of(MessageIds.REGISTER, MessageIds.REGISTER, MessageIds.REGISTER),
                List.of(first.id(), second.id(), third.id()));
        assertEquals(List.of(1, 2, 3), List.of(first.connection(), second.connection(), third.connection()));
        // the wait doubles: at least 150 ms, then at least 300 ms (lower bounds only)
        assertTrue(second.nanos() - first.nanos() >= TimeUnit.MILLISECONDS.toNanos(150));
        assertTrue(third.nanos() - second.nanos() >= TimeUnit.MILLISECONDS.toNanos(300));
        assertEquals(MessageIds.AUTHENTICATE, gateway.next().id());
        assertEquals(MessageIds.LOCATION, gateway.next().id());
        PanelClientTest.await(() -> client.stats().acknowledged() == 1, "report acknowledged after the refusals");
        assertEquals(2, client.stats().refusedRegistrations());
        assertEquals(1, client.stats().registrations());
    }

    @Test
    void aRefusedAuthenticationForgetsTheCodeAndRegistersAgain() throws Exception {
        gateway = new TestTerminalGateway().then(OK, TestTerminalGateway.Reply.FAIL);
        client = new VehicleClient(HYBRID, settings(gateway.port(), Duration.ofHours(1), Duration.ofMillis(20)))
                .start();
        client.report(location(31.70, 12346));
        assertEquals(List.of(MessageIds.REGISTER, MessageIds.AUTHENTICATE, MessageIds.REGISTER,
                MessageIds.AUTHENTICATE, MessageIds.LOCATION), List.of(gateway.next().id(), gateway.next().id(),
                gateway.next().id(), gateway.next().id(), gateway.next().id()));
        PanelClientTest.await(() -> client.stats().acknowledged() == 1, "report acknowledged");
        assertEquals(1, client.stats().refusedAuthentications());
    }

    @Test
    void anAnswerToAnotherSerialIsNoAcknowledgementAndTheReportGoesAgain() throws Exception {
        gateway = new TestTerminalGateway().then(OK, OK, TestTerminalGateway.Reply.WRONG_SERIAL);
        client = new VehicleClient(HYBRID, settings(gateway.port(), Duration.ofHours(1), Duration.ofMillis(20)))
                .start();
        client.report(location(31.70, 12346));
        assertEquals(1, gateway.next(MessageIds.LOCATION).connection());
        TestTerminalGateway.Received again = gateway.next(MessageIds.LOCATION);
        assertEquals(2, again.connection());
        PanelClientTest.await(() -> client.stats().acknowledged() == 1, "acknowledged once");
        assertEquals(1, client.stats().linkFailures());
    }

    @Test
    void aGatewayThatIsDownIsTriedAgainAndGetsTheReportsWhenItComesUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        client = new VehicleClient(HYBRID, settings(port, Duration.ofHours(1), Duration.ofMillis(20))).start();
        client.report(location(31.70, 12346));
        PanelClientTest.await(() -> client.stats().connectFailures() >= 2, "connection attempts");
        assertEquals(1, client.backlog());
        assertNull(client.authCode());

        gateway = new TestTerminalGateway(port);
        assertEquals(MessageIds.REGISTER, gateway.next().id());
        PanelClientTest.await(() -> client.stats().acknowledged() == 1, "report acknowledged");
    }

    @Test
    void aRestartedTerminalRegistersAgain() throws Exception {
        gateway = new TestTerminalGateway();
        VehicleClient.Settings settings = settings(gateway.port(), Duration.ofHours(1), Duration.ofMillis(20));
        client = new VehicleClient(HYBRID, settings).start();
        gateway.next(MessageIds.AUTHENTICATE);
        client.close();
        client = new VehicleClient(HYBRID, settings).start();
        TestTerminalGateway.Received r = gateway.next();
        assertEquals(2, r.connection());
        assertEquals(MessageIds.REGISTER, r.id());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VehicleClient.Settings("h", 0, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new VehicleClient.Settings("h", 7808, Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new VehicleClient.Settings("h", 7808,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
