package org.dayuan.safety.panels;

import static org.dayuan.safety.panels.Campus.ADMIN;
import static org.dayuan.safety.panels.Campus.CAMERA_FLOOR;
import static org.dayuan.safety.panels.Campus.CAMERA_ROOM;
import static org.dayuan.safety.panels.Campus.DETECTOR;
import static org.dayuan.safety.panels.Campus.DETECTOR_2;
import static org.dayuan.safety.panels.Campus.FLOOR;
import static org.dayuan.safety.panels.Campus.INTRUDER;
import static org.dayuan.safety.panels.Campus.PANEL_A;
import static org.dayuan.safety.panels.Campus.PANEL_B;
import static org.dayuan.safety.panels.Campus.ROOM;
import static org.dayuan.safety.panels.Campus.TX_A;
import static org.dayuan.safety.panels.Campus.TX_B;
import static org.dayuan.safety.panels.Campus.attr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.dayuan.gbt26875.FrameSplitter;
import org.dayuan.gbt26875.Reason;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.Test;

class PanelGatewayTest {
    static final int FIRE = 0x03;          // bit 0 normal operation, bit 1 fire
    static final int NORMAL = 0x01;
    static final int FAULT = 0x05;
    final Campus campus = new Campus();
    final PanelGateway gateway = campus.gateway;

    PanelGateway.Outcome send(byte[] frame) {
        return gateway.receive("10.0.0.5:40001", new FrameSplitter.Piece(frame, null));
    }

    @Test
    void smokeAtADetectorSetsItsStatusRaisesAFireAlarmWithRoomAndCamerasAndIsConfirmed() {
        byte[] frame = HandFrames.frame(0x0102, TX_A, 2, HandFrames.component(1, 2, 5, FIRE, "305室烟感"), true);
        PanelGateway.Outcome out = send(frame);
        assertNull(out.rejected(), out.message());
        // confirm: same serial, command 3, no data, addressed back to the transmitter
        byte[] expected = HandFrames.frame(0x0102, "000000000000", 3, new int[0], true);
        assertEquals(30, out.reply().length);
        assertEquals(3, out.reply()[26]);
        assertArrayEquals(Arrays.copyOfRange(expected, 2, 4), Arrays.copyOfRange(out.reply(), 2, 4));
        assertArrayEquals(Arrays.copyOfRange(frame, 12, 18), Arrays.copyOfRange(out.reply(), 18, 24));

        assertTrue(campus.status(DETECTOR, "fire"));
        assertFalse(campus.status(DETECTOR, "fault"));
        assertEquals("2026-12-06T10:05:30+08:00", campus.get(DETECTOR)
                .get(org.dayuan.twin.JsonPointer.parse("/features/status/properties/timestamp")).orElseThrow().asText());
        // the other conditions of that detector are normal: the fire is the only alarm twin
        assertEquals(1, campus.alarmTwins().size(), campus.alarmTwins().toString());
        Twin fire = campus.alarm(DETECTOR, PanelGateway.FIRE).orElseThrow();
        assertEquals("unacknowledged", attr(fire, "state").asText());
        assertTrue(attr(fire, "active").asBoolean());
        assertEquals(1, attr(fire, "count").asInt());
        assertEquals("critical", attr(fire, "severity").asText());
        assertEquals("safety", attr(fire, "line").asText());
        assertEquals(DETECTOR.toString(), attr(fire, "parent").asText());
        assertEquals("2026-12-06T02:05:31.000Z", attr(fire, "raisedAt").asText());
        JsonNode d = attr(fire, "details");
        assertEquals(PANEL_A.toString(), d.get("panel").asText());
        assertEquals(2, d.get("loop").asInt());
        assertEquals(5, d.get("address").asInt());
        assertEquals(ROOM.toString(), d.get("room").asText());
        assertEquals(FLOOR.toString(), d.get("floor").asText());
        assertEquals("[\"" + CAMERA_ROOM + "\"]", d.get("cameras").toString());
        assertTrue(attr(fire, "name").asText().startsWith("火警"), attr(fire, "name").asText());
        assertEquals("305室烟感", d.get("description").asText());
        assertFalse(d.has("test"));

        // the panel sends the fire again: the same alarm counts a repeat
        campus.advance(Duration.ofSeconds(10));
        assertNull(send(HandFrames.frame(0x0103, TX_A, 2, HandFrames.component(1, 2, 5, FIRE, ""), true)).rejected());
        assertEquals(1, campus.alarmTwins().size());
        Twin again = campus.alarm(DETECTOR, PanelGateway.FIRE).orElseThrow();
        assertEquals(2, attr(again, "count").asInt());
        assertEquals("2026-12-06T02:05:41.000Z", attr(again, "lastSeen").asText());
        assertEquals(fire.id(), again.id());
    }

    @Test
    void aRoomWithoutCameraGetsTheFloorsAndAResetReturnsToNormalWithoutClosing() {
        send(HandFrames.frame(1, TX_A, 2, HandFrames.component(1, 2, 6, 0x06, ""), true));
        Twin fire = campus.alarm(DETECTOR_2, PanelGateway.FIRE).orElseThrow();
        assertTrue(attr(fire, "details").get("test").asBoolean(), "status 0x06: bit 0 clear, a test");
        assertEquals("[\"" + CAMERA_FLOOR + "\"]", attr(fire, "details").get("cameras").toString());
        assertEquals(FLOOR.toString(), attr(fire, "details").get("floor").asText());
        assertTrue(campus.active(DETECTOR_2, PanelGateway.FIRE));
        assertTrue(campus.active(DETECTOR_2, PanelGateway.FAULT));
        assertEquals("major", attr(campus.alarm(DETECTOR_2, PanelGateway.FAULT).orElseThrow(), "severity").asText());

        campus.advance(Duration.ofSeconds(5));
        send(HandFrames.frame(2, TX_A, 2, HandFrames.component(1, 2, 6, NORMAL, ""), true));
        assertFalse(campus.status(DETECTOR_2, "fire"));
        assertEquals(2, campus.alarmTwins().size(), "a reset raises nothing and only reports normal");
        Twin after = campus.alarm(DETECTOR_2, PanelGateway.FIRE).orElseThrow();
        assertFalse(attr(after, "active").asBoolean());
        assertEquals("unacknowledged", attr(after, "state").asText(), "back to normal is not closed");
        assertEquals(1, attr(after, "count").asInt());
        assertEquals("2026-12-06T02:05:36.000Z", attr(after, "normalAt").asText());
        assertFalse(campus.active(DETECTOR_2, PanelGateway.FAULT));
    }

    @Test
    void aBadChecksumIsDeniedAndChangesNothing() {
        List<String> before = campus.snapshot();
        byte[] frame = HandFrames.frame(0x0A0B, TX_A, 2, HandFrames.component(1, 2, 5, FIRE, ""), false);
        PanelGateway.Outcome out = send(frame);
        assertEquals(Reason.CHECKSUM.code(), out.rejected());
        assertEquals(6, out.reply()[26], "deny");
        assertEquals(0x0B, out.reply()[2]);
        assertEquals(0x0A, out.reply()[3]);
        assertEquals(before, campus.snapshot());
        assertEquals(List.of(), campus.alarmTwins(), "no alarm twin written");
        assertEquals(1, gateway.link(TX_A).orElseThrow().framesRejected());
        assertEquals(Reason.CHECKSUM.code(), gateway.link(TX_A).orElseThrow().recent().get(0).reason());
    }

    @Test
    void unknownTransmitterOrPanelNumberIsDeniedAndGarbageGetsNoAnswer() {
        List<String> before = campus.snapshot();
        PanelGateway.Outcome unknown = send(HandFrames.frame(1, "0000000000aa", 2,
                HandFrames.component(1, 2, 5, FIRE, ""), true));
        assertEquals(PanelGateway.UNKNOWN_TRANSMITTER, unknown.rejected());
        assertEquals(6, unknown.reply()[26]);
        // a second object names panel 9 of transmitter A: the whole frame is refused, the first object included
        int[] one = HandFrames.component(1, 2, 5, FIRE, "");
        int[] two = HandFrames.component(9, 2, 5, FIRE, "");
        int[] both = new int[2 + 46 * 2];
        System.arraycopy(one, 0, both, 0, 48);
        System.arraycopy(two, 2, both, 48, 46);
        both[1] = 2;
        PanelGateway.Outcome panel = send(HandFrames.frame(2, TX_A, 2, both, true));
        assertEquals(PanelGateway.UNKNOWN_PANEL, panel.rejected(), panel.message());
        PanelGateway.Outcome garbage = gateway.receive("p", new FrameSplitter.Piece(new byte[] {1, 2, 3},
                Reason.START));
        assertNull(garbage.reply());
        assertEquals(before, campus.snapshot());
        assertEquals(List.of(), campus.alarmTwins(), "no alarm twin written");
        assertEquals(1L, gateway.rejections().get(PanelGateway.UNKNOWN_TRANSMITTER));
        assertEquals(1L, gateway.rejections().get(PanelGateway.UNKNOWN_PANEL));
        assertEquals(1L, gateway.rejections().get(Reason.START.code()));
        assertEquals(2, gateway.unattributed().framesRejected());
    }

    @Test
    void aDetectorOfAnotherOrganisationNamingThePanelIsIgnored() {
        List<String> before = campus.snapshot();
        PanelGateway.Outcome out = send(HandFrames.frame(1, TX_A, 2, HandFrames.component(1, 2, 7, FIRE, ""), true));
        assertNull(out.rejected(), "the frame itself is good and confirmed");
        assertEquals(3, out.reply()[26]);
        assertFalse(campus.status(INTRUDER, "fire"));
        assertEquals(before, campus.snapshot());
        assertEquals(List.of(), campus.alarmTwins(), "no alarm twin written");
    }

    @Test
    void systemStatusWritesThePanelAndRaisesItsFault() {
        send(HandFrames.frame(1, TX_A, 2, HandFrames.system(1, 0x0101), true)); // normal + main power fault
        assertTrue(campus.status(PANEL_A, "mainPowerFault"));
        assertFalse(campus.status(PANEL_A, "backupPowerFault"));
        Twin fault = campus.alarm(PANEL_A, PanelGateway.FAULT).orElseThrow();
        assertTrue(attr(fault, "active").asBoolean());
        assertEquals("major", attr(fault, "severity").asText());
        assertTrue(attr(fault, "details").get("mainPowerFault").asBoolean());
        assertFalse(attr(fault, "details").get("busFault").asBoolean());
        assertEquals("主电故障", attr(fault, "message").asText());
        send(HandFrames.frame(2, TX_A, 2, HandFrames.system(1, 0x0001), true));
        assertFalse(campus.status(PANEL_A, "mainPowerFault"));
        assertFalse(campus.active(PANEL_A, PanelGateway.FAULT));
        assertEquals(1, campus.alarmTwins().size());
    }

    @Test
    void aSilentLinkRaisesSafetyLinkOnceAndTheNextFrameEndsIt() {
        Duration timeout = Duration.ofSeconds(60);
        gateway.checkLinks(timeout);
        assertEquals(List.of(), campus.alarmTwins(), "not yet silent long enough");
        send(HandFrames.frame(1, TX_A, 2, HandFrames.system(1, 1), true));
        campus.advance(Duration.ofSeconds(61));
        gateway.checkLinks(timeout);
        gateway.checkLinks(timeout);
        assertEquals(2, campus.alarmTwins().size(), campus.alarmTwins().toString());
        for (TwinId panel : List.of(PANEL_A, PANEL_B)) {
            Twin link = campus.alarm(panel, PanelGateway.LINK).orElseThrow();
            assertEquals(1, attr(link, "count").asInt(), "each silent panel once: B never spoke since the start");
            assertEquals("major", attr(link, "severity").asText());
            assertEquals(61, attr(link, "details").get("silentSeconds").asInt());
        }
        assertTrue(attr(campus.alarm(PANEL_A, PanelGateway.LINK).orElseThrow(), "details").has("lastFrame"));
        assertFalse(attr(campus.alarm(PANEL_B, PanelGateway.LINK).orElseThrow(), "details").has("lastFrame"));
        send(HandFrames.frame(2, TX_A, 3, new int[0], true)); // any good frame, a confirm too
        assertFalse(campus.active(PANEL_A, PanelGateway.LINK));
        assertTrue(campus.active(PANEL_B, PanelGateway.LINK));
        assertTrue(gateway.link(TX_A).orElseThrow().connected());
        gateway.disconnected("10.0.0.5:40001");
        assertFalse(gateway.link(TX_A).orElseThrow().connected());
        assertEquals(TX_B, PanelGateway.transmitter(campus.get(PANEL_B)).orElseThrow());
    }

    @Test
    void requestsFromTheFieldAreDenied() {
        PanelGateway.Outcome out = send(HandFrames.frame(1, TX_A, 4, HandFrames.system(1, 1), true));
        assertEquals(PanelGateway.UNSUPPORTED_COMMAND, out.rejected());
        assertEquals(6, out.reply()[26]);
    }

    @Test
    void panelsAndDetectorsAreSearchedOnceAndAChangeOfTheirAttributesIsHonouredOnTheNextFrame() {
        PanelGatewayCost.Timed counted = new PanelGatewayCost.Timed(campus.view.search());
        try (PanelGateway g = new PanelGateway(campus.view.registry(), counted, campus.view.subscriptions(),
                campus.alarms, campus.clock, ZoneId.of("Asia/Shanghai"))) {
            receive(g, HandFrames.frame(1, TX_A, 2, HandFrames.component(1, 2, 5, NORMAL, ""), true));
            long searches = counted.calls.get();
            assertEquals(2, searches, "the transmitter's panels, the detector");
            receive(g, HandFrames.frame(2, TX_A, 2, HandFrames.component(1, 2, 5, NORMAL, ""), true));
            assertEquals(searches, counted.calls.get(), "its own status writes keep what the gateway found");

            // the detector is re-addressed: 2/5 is nobody's now, 2/9 is this one
            campus.twins.registry.merge(ADMIN, DETECTOR, JsonPointer.of("attributes"),
                    JsonNodeFactory.instance.objectNode().put("address", 9),
                    WriteCondition.NONE);
            receive(g, HandFrames.frame(3, TX_A, 2, HandFrames.component(1, 2, 5, FIRE, ""), true));
            assertFalse(campus.status(DETECTOR, "fire"));
            assertEquals(List.of(), campus.alarmTwins());
            receive(g, HandFrames.frame(4, TX_A, 2, HandFrames.component(1, 2, 9, FIRE, ""), true));
            assertTrue(campus.status(DETECTOR, "fire"));
            assertTrue(campus.active(DETECTOR, PanelGateway.FIRE));

            // the panel gets another transmitter: the old one is unknown from the next frame on
            campus.twins.registry.merge(ADMIN, PANEL_A, JsonPointer.of("attributes"),
                    JsonNodeFactory.instance.objectNode()
                            .put("transmitter", "320412000777"), WriteCondition.NONE);
            assertEquals(PanelGateway.UNKNOWN_TRANSMITTER, g.receive("p", new FrameSplitter.Piece(HandFrames.frame(5,
                    TX_A, 2, HandFrames.system(1, 1), true), null)).rejected());
            assertNull(g.receive("p", new FrameSplitter.Piece(HandFrames.frame(6, "320412000777", 2,
                    HandFrames.system(1, 1), true), null)).rejected());
        }
    }

    private static void receive(PanelGateway g, byte[] frame) {
        PanelGateway.Outcome out = g.receive("10.0.0.5:40001", new FrameSplitter.Piece(frame, null));
        assertNull(out.rejected(), out.message());
    }
}
