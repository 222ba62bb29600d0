package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The fire panel gateway on the real distribution, over a real TCP socket as demo panel fap-a's transmission device
 * (320412000001, panel number 1), with GB/T 26875.3 frames written here byte by byte: smoke at the detector of room
 * a-0305 sets its status and raises safety.fire with room and cameras, people acknowledge, verify it false and close
 * it over /api/dayuan/alarms; a frame with a bad checksum is denied and changes nothing; then the socket closes, the
 * link stays silent and fap-a gets safety.link.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FirePanelIT extends DistributionTest {
    private static final String ALARMS = "/api/dayuan/alarms";
    private static final String PANEL = "cz.wujin:fap-a";
    private static final String ROOM = "cz.wujin:room-a-0305";
    private static final String TRANSMITTER = "320412000001";

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        options.add(editConfigurationFilePut("etc/org.dayuan.safety.panels.cfg", "linkTimeoutSeconds", "8"));
        // this test is fap-a's only transmission device: the simulator (once it plays panels) must not be another
        options.add(editConfigurationFilePut("etc/org.dayuan.simulator.cfg", "panels.enabled", "false"));
        return options.toArray(Option[]::new);
    }

    @Test
    public void smokeIsAlarmedVerifiedAndClosedABadFrameIsDeniedASilentLinkIsAlarmed() throws Exception {
        Api manager = api.as("wj-manager", Dist.USER_PASSWORD);
        JsonNode detector = detectorIn(ROOM);
        String detectorId = detector.path("thingId").asText();
        int loop = detector.path("attributes").path("loop").asInt();
        int address = detector.path("attributes").path("address").asInt();

        try (Socket socket = new Socket("127.0.0.1", Integer.getInteger(Dist.PANELS_PORT_PROPERTY))) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());

            out.write(frame(0x0101, 2, component(loop, address, 0x03), true)); // bit 0 normal, bit 1 fire
            out.flush();
            byte[] confirm = in.readNBytes(30);
            assertEquals("confirm", 3, confirm[26]);
            assertEquals(0x01, confirm[2]);

            JsonNode status = api.get("/api/2/things/" + detectorId).json().path("features").path("status")
                    .path("properties");
            assertTrue(status.toString(), status.path("fire").asBoolean());
            JsonNode fire = awaitAlarm(manager, "safety.fire", detectorId, a -> true);
            JsonNode details = fire.path("attributes").path("details");
            assertEquals("critical", fire.path("attributes").path("severity").asText());
            assertEquals(ROOM, details.path("room").asText());
            assertEquals(PANEL, details.path("panel").asText());
            assertEquals(loop, details.path("loop").asInt());
            assertTrue(details.toString(), details.path("cameras").size() > 0);
            String alarm = fire.path("thingId").asText();

            Reply ack = manager.post(ALARMS + "/" + alarm + "/acknowledge", "{'comment':'值班员已确认'}");
            assertEquals(ack.toString(), 200, ack.status());
            Reply verified = manager.post(ALARMS + "/" + alarm + "/verify", "{'result':'false','comment':'水汽误报'}");
            assertEquals(verified.toString(), 200, verified.status());

            // the panel is reset: the detector is normal again, the alarm inactive but open until a person closes it
            out.write(frame(0x0102, 2, component(loop, address, 0x01), true));
            out.flush();
            assertEquals(3, in.readNBytes(30)[26]);
            JsonNode afterReset = manager.get(ALARMS + "/" + alarm).json().path("attributes");
            assertEquals("verified", afterReset.path("state").asText());
            assertFalse(afterReset.path("active").asBoolean());
            Reply closed = manager.post(ALARMS + "/" + alarm + "/close", "{'comment':'已复位'}");
            assertEquals(closed.toString(), 200, closed.status());
            assertEquals("closed", closed.json().path("attributes").path("state").asText());

            String before = api.get("/api/2/things/" + detectorId).raw().body();
            out.write(frame(0x0103, 2, component(loop, address, 0x03), false)); // fire, but a bad checksum
            out.flush();
            byte[] deny = in.readNBytes(30);
            assertEquals("deny", 6, deny[26]);
            assertEquals(0x03, deny[2]);
            assertEquals(before, api.get("/api/2/things/" + detectorId).raw().body());
            JsonNode panels = api.get("/api/dayuan/safety/panels").json().path("panels");
            JsonNode mine = null;
            for (JsonNode p : panels) {
                if (p.path("thingId").asText().equals(PANEL)) {
                    mine = p;
                }
            }
            assertTrue(panels.toString(), mine != null && mine.path("connected").asBoolean());
            assertEquals(mine.toString(), 2, mine.path("framesOk").asInt());
            assertEquals("frame.checksum", mine.path("rejections").get(0).path("reason").asText());
        }
        // silent for longer than linkTimeoutSeconds: the link alarm is active on the panel
        JsonNode link = awaitAlarm(manager, "safety.link", PANEL, a -> a.path("attributes").path("active").asBoolean());
        assertEquals("major", link.path("attributes").path("severity").asText());
    }

    private JsonNode detectorIn(String room) {
        String filter = "and(eq(definition,\"dayuan:FireDetector:1.0.0\"),eq(attributes/parent,\"" + room + "\"))";
        Reply r = api.get("/api/2/search/things?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        assertEquals(r.toString(), 200, r.status());
        JsonNode items = r.json().path("items");
        assertTrue(r.toString(), items.size() > 0);
        return items.get(0);
    }

    private static JsonNode awaitAlarm(Api as, String type, String source, Predicate<JsonNode> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = as.get(ALARMS + "?type=" + type + "&limit=200");
            for (JsonNode a : last.json().path("items")) {
                if (a.path("attributes").path("parent").asText().equals(source) && until.test(a)) {
                    return a;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + type + " alarm on " + source + ": " + last);
    }

    /** One component status object (type 2): system type 1, panel number 1, smoke detector, loop in the high word. */
    private static int[] component(int loop, int address, int status) {
        int[] d = new int[48];
        int[] head = {2, 1, 1, 1, 41, address & 0xFF, address >> 8, loop & 0xFF, loop >> 8, status, 0};
        System.arraycopy(head, 0, d, 0, head.length);
        int[] time = {0, 0, 12, 6, 12, 26}; // 2026-12-06 12:00:00, the panel's local time
        System.arraycopy(time, 0, d, 42, 6);
        return d;
    }

    /** @@, serial (low first), version 1.0, time, source = the transmitter (low byte first), destination 0, length, command. */
    private static byte[] frame(int serial, int command, int[] data, boolean goodSum) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write('@');
        b.write('@');
        List<Integer> body = new ArrayList<>(List.of(serial & 0xFF, serial >> 8, 1, 0, 0, 0, 12, 6, 12, 26));
        for (int i = 5; i >= 0; i--) {
            body.add(Integer.parseInt(TRANSMITTER.substring(2 * i, 2 * i + 2), 16));
        }
        for (int i = 0; i < 6; i++) {
            body.add(0);
        }
        body.add(data.length & 0xFF);
        body.add(data.length >> 8);
        body.add(command);
        for (int v : data) {
            body.add(v);
        }
        int sum = 0;
        for (int v : body) {
            b.write(v);
            sum += v;
        }
        b.write(goodSum ? sum & 0xFF : (sum + 1) & 0xFF);
        b.write('#');
        b.write('#');
        return b.toByteArray();
    }
}
