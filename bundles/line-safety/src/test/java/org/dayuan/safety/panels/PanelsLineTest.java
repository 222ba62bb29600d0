package org.dayuan.safety.panels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.impl.DefaultCamelContext;
import org.dayuan.gbt26875.Reason;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway behind its real camel-netty TCP server: frames split across writes, garbage between them, many
 * connections, each frame answered on its own connection; and the servlet over what it saw.
 */
class PanelsLineTest {
    final Campus campus = new Campus();
    final int port = freePort();
    final PanelsLine line = new PanelsLine(new DefaultCamelContext(), campus.view.registry(), campus.view.search(),
            campus.view.subscriptions(), campus.alarms, config(port, 2), Clock.systemUTC());

    @AfterEach
    void stop() {
        line.deactivate();
    }

    @Test
    void framesOverTcpAreAnsweredAndApplied() throws Exception {
        assertTrue(line.ready(), line.problem().orElse("no problem"));
        assertEquals("safety-panels", line.name());
        byte[] fire = HandFrames.frame(0x1234, Campus.TX_A, 2, HandFrames.component(1, 2, 5, 0x03, ""), true);
        byte[] bad = HandFrames.frame(0x2222, Campus.TX_A, 2, HandFrames.component(1, 2, 6, 0x03, ""), false);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(new byte[] {0x01, 0x02, '#'}); // noise first
            out.write(Arrays.copyOf(fire, 20));
            out.flush();
            out.write(Arrays.copyOfRange(fire, 20, fire.length));
            out.write(bad);
            out.flush();
            byte[] confirm = new byte[30];
            in.readFully(confirm);
            assertEquals(3, confirm[26]);
            assertArrayEquals(Arrays.copyOfRange(fire, 2, 4), Arrays.copyOfRange(confirm, 2, 4));
            byte[] deny = new byte[30];
            in.readFully(deny);
            assertEquals(6, deny[26]);
            assertArrayEquals(Arrays.copyOfRange(bad, 2, 4), Arrays.copyOfRange(deny, 2, 4));
        }
        assertTrue(campus.status(Campus.DETECTOR, "fire"));
        assertFalse(campus.status(Campus.DETECTOR_2, "fire"));
        assertTrue(campus.active(Campus.DETECTOR, PanelGateway.FIRE), "the real service wrote the fire alarm");
        assertEquals(1, campus.alarmTwins().size());
        assertEquals(1L, line.gateway().rejections().get(Reason.CHECKSUM.code()));
        assertEquals(1L, line.gateway().rejections().get(Reason.START.code()));

        FakeHttp r = new FakeHttp("/api/dayuan/safety/panels").mountedAt("/api/dayuan/safety/panels")
                .send(new PanelsServlet(campus.view.search(), line.gateway()));
        assertEquals(200, r.status, r.body());
        JsonNode panels = r.json().get("panels");
        assertEquals(2, panels.size());
        JsonNode a = panels.get(1);
        assertEquals("cz.wujin:fap-a", a.get("thingId").asText());
        assertEquals(1, a.get("framesOk").asInt());
        assertEquals(1, a.get("framesRejected").asInt());
        assertEquals("frame.checksum", a.get("rejections").get(0).get("reason").asText());
        assertTrue(a.get("peer").asText().startsWith("127.0.0.1:"));
        assertEquals(1, r.json().get("rejectionsByReason").get("frame.start").asInt());
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        byte[] ping = HandFrames.frame(7, Campus.TX_A, 2, new int[0], true); // the device's link test
        try (Socket one = new Socket("127.0.0.1", port); Socket two = new Socket("127.0.0.1", port);
             Socket three = new Socket("127.0.0.1", port)) {
            int answered = 0;
            int closed = 0;
            // the server sees the three connections in an order of its own: whichever it saw third is closed
            for (Socket s : List.of(one, two, three)) {
                s.setSoTimeout(10_000);
                byte[] reply;
                try {
                    s.getOutputStream().write(ping);
                    reply = new DataInputStream(s.getInputStream()).readNBytes(30);
                } catch (IOException e) {
                    reply = new byte[0];
                }
                if (reply.length == 30 && reply[26] == 3) {
                    answered++;
                } else {
                    closed++;
                }
            }
            assertEquals(2, answered);
            assertEquals(1, closed);
        }
    }

    @Test
    void theServletShowsAnOrganisationOnlyItsOwnPanelsAndNoOtherPath() throws Exception {
        PanelsServlet servlet = new PanelsServlet(campus.view.search(), line.gateway());
        org.dayuan.twin.Caller wujin = org.dayuan.twin.Caller.fromGrants("wu", java.util.List.of("viewer",
                "ns:cz.wujin"), "test");
        FakeHttp r = new FakeHttp("/api/dayuan/safety/panels").mountedAt("/api/dayuan/safety/panels").caller(wujin)
                .send(servlet);
        assertEquals(200, r.status, r.body());
        assertEquals(1, r.json().get("panels").size());
        assertFalse(r.json().has("unattributed"));
        FakeHttp other = new FakeHttp("/api/dayuan/safety/panels/x").mountedAt("/api/dayuan/safety/panels")
                .send(servlet);
        assertEquals(404, other.status, other.body());
        FakeHttp post = new FakeHttp("POST", "/api/dayuan/safety/panels").mountedAt("/api/dayuan/safety/panels")
                .send(servlet);
        assertEquals(405, post.status, post.body());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static PanelsConfig config(int port, int maxConnections) {
        return new PanelsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PanelsConfig.class;
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public int linkTimeoutSeconds() {
                return 300;
            }

            @Override
            public int maxConnections() {
                return maxConnections;
            }

            @Override
            public String timeZone() {
                return "Asia/Shanghai";
            }
        };
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
