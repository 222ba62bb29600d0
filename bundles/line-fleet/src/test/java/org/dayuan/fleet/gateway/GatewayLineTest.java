package org.dayuan.fleet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.impl.DefaultCamelContext;
import org.dayuan.jtt808.Authenticate;
import org.dayuan.jtt808.Header;
import org.dayuan.jtt808.Heartbeat;
import org.dayuan.jtt808.Jtt808;
import org.dayuan.jtt808.Message;
import org.dayuan.jtt808.MessageIds;
import org.dayuan.jtt808.PlatformResponse;
import org.dayuan.jtt808.RegisterResponse;
import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway behind its real camel-netty server: a frame split across writes after noise, a broken frame dropped
 * while the next is answered, the idle timeout closing a silent terminal and taking its vehicle offline, the connection
 * limit; and the status servlet over what it saw.
 */
class GatewayLineTest {
    final Fleet fleet = new Fleet();
    final int port = freePort();
    final GatewayLine line = new GatewayLine(new DefaultCamelContext(), fleet.line.registry(), fleet.line.search(),
            fleet.line.subscriptions(), config(Map.of("port", port, "idleTimeoutSeconds", 2, "maxConnections", 2)),
            Clock.systemUTC());

    @AfterEach
    void stop() {
        line.deactivate();
    }

    @Test
    void framesOverTcpAreAnsweredAppliedAndASilentTerminalGoesOffline() throws Exception {
        assertTrue(line.ready(), line.problem().orElse("no problem"));
        assertEquals("fleet-gateway", line.name());
        byte[] register = Jtt808.encode(Header.v2013(MessageIds.REGISTER, Fleet.CAR_PHONE, 1),
                FleetGatewayTest.REGISTRATION);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(new byte[] {0x01, 0x02, 0x03}); // noise before the first frame
            out.write(Arrays.copyOf(register, 20));
            out.flush();
            Thread.sleep(50);
            out.write(Arrays.copyOfRange(register, 20, register.length));
            out.flush();
            RegisterResponse r = (RegisterResponse) Jtt808.decodeMessage(readFrame(in)).body();
            assertEquals(RegisterResponse.OK, r.result());
            assertEquals(1, r.answeredSerial());

            byte[] broken = Jtt808.encode(Header.v2013(MessageIds.HEARTBEAT, Fleet.CAR_PHONE, 2), new Heartbeat());
            broken[broken.length - 2] ^= 0x55;
            out.write(broken);
            out.write(Jtt808.encode(Header.v2013(MessageIds.AUTHENTICATE, Fleet.CAR_PHONE, 3),
                    Authenticate.v2013(r.authCode())));
            out.flush();
            Message auth = Jtt808.decodeMessage(readFrame(in));
            assertEquals(new PlatformResponse(3, MessageIds.AUTHENTICATE, 0), auth.body(),
                    "the broken frame got no answer, the next one did");
            out.write(Jtt808.encode(Header.v2013(MessageIds.LOCATION, Fleet.CAR_PHONE, 4),
                    FleetGatewayTest.at(10, 1, 31.8, 120.0, 60)));
            out.flush();
            assertEquals(new PlatformResponse(4, MessageIds.LOCATION, 0), Jtt808.decodeMessage(readFrame(in)).body());
            assertEquals(60.0, fleet.location(Fleet.CAR, "speed").asDouble());
            assertTrue(fleet.location(Fleet.CAR, "online").asBoolean());
            // silent now: the idle timeout closes the connection
            long start = System.nanoTime();
            assertEquals(-1, in.read(), "closed by the gateway");
            assertTrue(System.nanoTime() - start > 1_000_000_000L);
        }
        long until = System.currentTimeMillis() + 5000;
        while (fleet.location(Fleet.CAR, "online").asBoolean() && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertFalse(fleet.location(Fleet.CAR, "online").asBoolean(), "offline after the idle timeout");
        assertEquals(1L, line.gateway().refusals().get("frame.check"));
        assertEquals(1L, line.gateway().refusals().get("frame.delimiter"));

        FakeHttp all = new FakeHttp("/api/dayuan/fleet/terminals").mountedAt("/api/dayuan/fleet/terminals")
                .send(new TerminalsServlet(fleet.line.search(), line.gateway()));
        assertEquals(200, all.status, all.body());
        JsonNode terminals = all.json().get("terminals");
        assertEquals(4, terminals.size(), all.body());
        JsonNode car = terminals.get(0);
        assertEquals("cz.other:vehicle-x", car.get("vehicle").asText());
        car = terminals.get(1);
        assertEquals("cz.wujin:vehicle-01", car.get("vehicle").asText());
        assertEquals(Fleet.CAR_PHONE, car.get("terminalId").asText());
        assertFalse(car.get("connected").asBoolean());
        assertFalse(car.get("authenticated").asBoolean());
        assertEquals(3, car.get("framesOk").asInt());
        assertTrue(car.get("lastFrame").isTextual());
        assertEquals(3, all.json().get("totals").get("framesOk").asInt());
        assertEquals(2, all.json().get("unattributed").get("framesRefused").asInt(),
                "the noise and the broken frame name no terminal");
        assertEquals(1, all.json().get("refusalsByReason").get("frame.check").asInt());

        Caller viewer = Caller.fromGrants("v", List.of(Caller.ROLE_VIEWER, "ns:cz.other"), "test");
        FakeHttp mine = new FakeHttp("/api/dayuan/fleet/terminals").mountedAt("/api/dayuan/fleet/terminals")
                .caller(viewer).send(new TerminalsServlet(fleet.line.search(), line.gateway()));
        assertEquals(200, mine.status, mine.body());
        assertEquals(1, mine.json().get("terminals").size());
        assertEquals("cz.other:vehicle-x", mine.json().get("terminals").get(0).get("vehicle").asText());
        assertFalse(mine.json().has("unattributed"));
        FakeHttp other = new FakeHttp("/api/dayuan/fleet/terminals/x").mountedAt("/api/dayuan/fleet/terminals")
                .send(new TerminalsServlet(fleet.line.search(), line.gateway()));
        assertEquals(404, other.status, other.body());
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
            served(a);
            served(b); // both counted before the third comes
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout(1500);
                assertEquals(-1, c.getInputStream().read(), "the third connection is closed");
            }
            served(a);
        }
    }

    /** A heartbeat on the connection is answered (with a failure: it is not authenticated). */
    private static void served(Socket s) throws Exception {
        s.setSoTimeout(5000);
        s.getOutputStream().write(Jtt808.encode(Header.v2013(MessageIds.HEARTBEAT, Fleet.CAR_PHONE, 1),
                new Heartbeat()));
        PlatformResponse fail = (PlatformResponse) Jtt808.decodeMessage(readFrame(s.getInputStream())).body();
        assertEquals(PlatformResponse.FAILURE, fail.result());
    }

    /** The next frame on the stream, delimiters included. */
    static byte[] readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0x7e) {
            if (b < 0) {
                throw new IOException("closed before a frame");
            }
        }
        out.write(b);
        while ((b = in.read()) != 0x7e) {
            if (b < 0) {
                throw new IOException("closed inside a frame");
            }
            out.write(b);
        }
        out.write(b);
        return out.toByteArray();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration with every attribute at its default but the given ones. */
    static GatewayConfig config(Map<String, Object> overrides) {
        return (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, m, args) -> {
                    if (overrides.containsKey(m.getName())) {
                        return overrides.get(m.getName());
                    }
                    if (m.getDefaultValue() != null) {
                        return m.getDefaultValue();
                    }
                    if (m.getName().equals("annotationType")) {
                        return GatewayConfig.class;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
