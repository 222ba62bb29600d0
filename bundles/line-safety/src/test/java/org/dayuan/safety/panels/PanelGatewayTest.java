package org.dayuan.safety.panels;

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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.gbt26875.FrameSplitter;
import org.dayuan.gbt26875.Reason;
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
        List<RecordingAlarms.Call> raised = campus.alarms.raised();
        assertEquals(1, raised.size());
        RecordingAlarms.Call fire = raised.get(0);
        assertEquals(PanelGateway.FIRE, fire.type());
        assertEquals(DETECTOR, fire.source());
        assertEquals(org.dayuan.alarms.Severity.CRITICAL, fire.condition().severity());
        ObjectNode d = fire.condition().details();
        assertEquals(PANEL_A.toString(), d.get("panel").asText());
        assertEquals(2, d.get("loop").asInt());
        assertEquals(5, d.get("address").asInt());
        assertEquals(ROOM.toString(), d.get("room").asText());
        assertEquals(FLOOR.toString(), d.get("floor").asText());
        assertEquals("[\"" + CAMERA_ROOM + "\"]", d.get("cameras").toString());
        assertTrue(fire.condition().name().startsWith("火警"));
        assertEquals("305室烟感", d.get("description").asText());
        assertFalse(d.has("test"));
        // the other conditions of that detector are normal
        assertEquals(3, campus.alarms.calls.stream().filter(c -> c.op().equals("normal")).count());
    }

    @Test
    void aRoomWithoutCameraGetsTheFloorsAndAResetReturnsToNormalWithoutClosing() {
        send(HandFrames.frame(1, TX_A, 2, HandFrames.component(1, 2, 6, 0x06, ""), true));
        RecordingAlarms.Call fire = campus.alarms.raised().get(0);
        assertTrue(fire.condition().details().get("test").asBoolean(), "status 0x06: bit 0 clear, a test");
        assertEquals("[\"" + CAMERA_FLOOR + "\"]", fire.condition().details().get("cameras").toString());
        assertTrue(campus.alarms.active(DETECTOR_2, PanelGateway.FIRE));
        assertTrue(campus.alarms.active(DETECTOR_2, PanelGateway.FAULT));

        send(HandFrames.frame(2, TX_A, 2, HandFrames.component(1, 2, 6, NORMAL, ""), true));
        assertFalse(campus.status(DETECTOR_2, "fire"));
        assertFalse(campus.alarms.active(DETECTOR_2, PanelGateway.FIRE));
        assertEquals(2, campus.alarms.raised().size(), "a reset raises nothing and only reports normal");
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
        assertTrue(campus.alarms.calls.isEmpty());
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
        assertTrue(campus.alarms.calls.isEmpty());
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
        assertTrue(campus.alarms.calls.isEmpty());
    }

    @Test
    void systemStatusWritesThePanelAndRaisesItsFault() {
        send(HandFrames.frame(1, TX_A, 2, HandFrames.system(1, 0x0101), true)); // normal + main power fault
        assertTrue(campus.status(PANEL_A, "mainPowerFault"));
        assertFalse(campus.status(PANEL_A, "backupPowerFault"));
        assertTrue(campus.alarms.active(PANEL_A, PanelGateway.FAULT));
        send(HandFrames.frame(2, TX_A, 2, HandFrames.system(1, 0x0001), true));
        assertFalse(campus.status(PANEL_A, "mainPowerFault"));
        assertFalse(campus.alarms.active(PANEL_A, PanelGateway.FAULT));
    }

    @Test
    void aSilentLinkRaisesSafetyLinkOnceAndTheNextFrameEndsIt() {
        Duration timeout = Duration.ofSeconds(60);
        gateway.checkLinks(timeout);
        assertTrue(campus.alarms.calls.isEmpty(), "not yet silent long enough");
        send(HandFrames.frame(1, TX_A, 2, HandFrames.system(1, 1), true));
        campus.advance(Duration.ofSeconds(61));
        gateway.checkLinks(timeout);
        gateway.checkLinks(timeout);
        List<RecordingAlarms.Call> links = campus.alarms.raised().stream()
                .filter(c -> c.type().equals(PanelGateway.LINK)).toList();
        assertEquals(List.of(PANEL_B, PANEL_A), links.stream().map(RecordingAlarms.Call::source).toList(),
                "each silent panel once: B never spoke since the start");
        send(HandFrames.frame(2, TX_A, 3, new int[0], true)); // any good frame, a confirm too
        assertFalse(campus.alarms.active(PANEL_A, PanelGateway.LINK));
        assertTrue(campus.alarms.active(PANEL_B, PanelGateway.LINK));
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
}
