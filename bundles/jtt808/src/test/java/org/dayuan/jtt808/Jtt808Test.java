package org.dayuan.jtt808;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames written out byte by byte from the layout of JT/T 808-2013 / -2019 (header, body, XOR check, escaping), then
 * compared with what the encoder writes and read back.
 */
class Jtt808Test {
    static final String PHONE = "013912345678";
    static final String DEMO = "013951200001";

    /** 0x0002 heartbeat, 2013: id 0002, attributes 0000, phone BCD 01 39 12 34 56 78, serial 0001; check 0x33. */
    static final String HEARTBEAT = "7e 00 02 00 00 01 39 12 34 56 78 00 01 33 7e";
    /** 0x8001 answering it: serial 0001, id 0002, result 0; platform serial 0000. */
    static final String HEARTBEAT_OK = "7e 80 01 00 05 01 39 12 34 56 78 00 00 00 01 00 02 00 b7 7e";
    /**
     * 0x0200, 2013: alarm 0, status 3 (ACC, fixed), latitude 0x017e7d00 (both delimiters inside, so escaped as 7d 02
     * and 7d 01), longitude 0x06ca3f60, altitude 16 m, speed 500 (50.0 km/h), heading 90, time 26-12-06 17:45:30, items
     * 01 mileage 12345 (1234.5 km), 02 fuel 500 (50.0 L), e1 state of charge 80 %.
     */
    static final String LOCATION = "7e 02 00 00 29 01 39 12 34 56 78 00 02 00 00 00 00 00 00 00 03 01 7d 02 7d 01 00"
            + " 06 ca 3f 60 00 10 01 f4 00 5a 26 12 06 17 45 30 01 04 00 00 30 39 02 02 01 f4 e1 01 50 2d 7e";
    static final String REGISTER_2013 = "7e 01 00 00 2d 01 39 51 20 00 01 00 07 00 20 04 12 37 30 31 31 31 4a 54 2d 31"
            + " 30 30 00 00 00 00 00 00 00 00 00 00 00 00 00 00 54 30 30 30 30 30 31 01 cb d5 44 31 32 33 34 35 5e 7e";
    static final String REGISTER_2019 = "7e 01 00 40 54 01 00 00 00 00 01 39 51 20 00 01 00 07 00 20 04 12 37 30 31 31"
            + " 31 00 00 00 00 00 00 4a 54 2d 31 30 30" + " 00".repeat(24) + " 54 30 30 30 30 30 31" + " 00".repeat(23)
            + " 01 cb d5 44 31 32 33 34 35 66 7e";
    static final String REGISTER_OK = "7e 81 00 00 09 01 39 51 20 00 01 00 00 00 07 00 41 62 43 31 32 33 97 7e";
    static final String REGISTER_NO_TERMINAL_2019 = "7e 81 00 40 03 01 00 00 00 00 01 39 51 20 00 01 00 01 00 07 04"
            + " 89 7e";
    static final String AUTH_2013 = "7e 01 02 00 06 01 39 51 20 00 01 00 08 41 62 43 31 32 33 15 7e";
    static final String AUTH_2019 = "7e 01 02 40 2a 01 00 00 00 00 01 39 51 20 00 01 00 08 06 41 62 43 31 32 33 38 36"
            + " 30 30 30 30 30 30 30 30 30 30 30 30 31 31 2e 30 2e 30" + " 00".repeat(15) + " 70 7e";
    static final String BATCH = "7e 07 04 00 3f 01 39 51 20 00 01 00 09 00 02 01 00 1c 00 00 00 00 00 00 00 01 01 dc"
            + " d6 50 06 ca 3f 60 00 05 00 00 00 00 26 12 06 08 00 00 00 1c 00 00 00 00 00 00 00 01 01 dc d6 50 06 ca"
            + " 3f 60 00 05 00 00 00 00 26 12 06 08 01 00 7f 7e";

    static final Register REGISTRATION = new Register(0x20, 0x412, "70111", "JT-100", "T000001", 1, "苏D12345");

    static Location location() {
        return new Location(0, 3, 0x017e7d00L, 0x06ca3f60L, 16, 500, 90, LocalDateTime.of(2026, 12, 6, 17, 45, 30),
                List.of(LocationItem.mileage(12345), LocationItem.fuel(500), LocationItem.soc(80)));
    }

    static Location point(int minute) {
        return new Location(0, 1, 31_250_000L, 0x06ca3f60L, 5, 0, 0, LocalDateTime.of(2026, 12, 6, 8, minute, 0),
                List.of());
    }

    @Test
    void heartbeatAndItsAnswer2013() throws Exception {
        Header h = Header.v2013(MessageIds.HEARTBEAT, PHONE, 1);
        assertEquals(HEARTBEAT, Hex.of(Jtt808.encode(h, new Heartbeat())));
        Message m = Jtt808.decodeMessage(Hex.of(HEARTBEAT));
        assertEquals(h, m.header());
        assertEquals(new Heartbeat(), m.body());
        assertEquals("13912345678", m.header().terminal());

        byte[] answer = Jtt808.encode(h.answer(MessageIds.PLATFORM_RESPONSE, 0),
                PlatformResponse.to(h, PlatformResponse.OK));
        assertEquals(HEARTBEAT_OK, Hex.of(answer));
        assertEquals(new PlatformResponse(1, 2, 0), Jtt808.decodeMessage(answer).body());
    }

    @Test
    void locationWithEscapedBytesAndItems() throws Exception {
        Header h = Header.v2013(MessageIds.LOCATION, PHONE, 2);
        assertEquals(LOCATION, Hex.of(Jtt808.encode(h, location())));
        Location l = (Location) Jtt808.decodeMessage(Hex.of(LOCATION)).body();
        assertEquals(location(), l);
        assertEquals(25.066752, l.lat(), 1e-9);
        assertEquals(113.917792, l.lon(), 1e-9);
        assertEquals(50.0, l.speedKmh());
        assertTrue(l.acc());
        assertEquals(12345, l.item(LocationItem.MILEAGE).getAsLong());
        assertEquals(500, l.item(LocationItem.FUEL).getAsLong());
        assertEquals(80, l.item(LocationItem.SOC).getAsLong());
        assertFalse(l.item(LocationItem.TACHOGRAPH_SPEED).isPresent());
    }

    @Test
    void southAndWestFromStatusBits() throws Exception {
        Location l = Location.of(0, 0, -33.8568, -70.6483, 500, 12.34, 359, LocalDateTime.of(2026, 1, 2, 3, 4, 5),
                List.of(new LocationItem(0x30, new byte[] {0x1f})));
        assertEquals(Location.STATUS_SOUTH | Location.STATUS_WEST, l.status());
        assertEquals(123, l.speed());
        Location back = (Location) Jtt808.decodeMessage(Jtt808.encode(Header.v2013(0x0200, PHONE, 9), l)).body();
        assertEquals(-33.8568, back.lat(), 1e-9);
        assertEquals(-70.6483, back.lon(), 1e-9);
        assertArrayEquals(new byte[] {0x1f}, back.items().get(0).value(), "an unknown item is kept as raw bytes");
    }

    @Test
    void checkCodeThatIsADelimiterIsEscaped() throws Exception {
        // Serial 0x004c makes the XOR 0x7e, serial 0x004f makes it 0x7d.
        assertEquals("7e 00 02 00 00 01 39 12 34 56 78 00 4c 7d 02 7e",
                Hex.of(Jtt808.encode(Header.v2013(MessageIds.HEARTBEAT, PHONE, 0x4c), new Heartbeat())));
        assertEquals("7e 00 02 00 00 01 39 12 34 56 78 00 4f 7d 01 7e",
                Hex.of(Jtt808.encode(Header.v2013(MessageIds.HEARTBEAT, PHONE, 0x4f), new Heartbeat())));
        assertEquals(0x4c, Jtt808.decode(Hex.of("7e 00 02 00 00 01 39 12 34 56 78 00 4c 7d 02 7e")).header().serial());
        assertEquals(0x4f, Jtt808.decode(Hex.of("7e 00 02 00 00 01 39 12 34 56 78 00 4f 7d 01 7e")).header().serial());
    }

    @Test
    void register2013And2019() throws Exception {
        Header h13 = Header.v2013(MessageIds.REGISTER, DEMO, 7);
        assertEquals(REGISTER_2013, Hex.of(Jtt808.encode(h13, REGISTRATION)));
        assertEquals(new Message(h13, REGISTRATION), Jtt808.decodeMessage(Hex.of(REGISTER_2013)));

        Header h19 = Header.v2019(MessageIds.REGISTER, 1, DEMO, 7);
        assertEquals("00000000013951200001", h19.phone());
        assertEquals(REGISTER_2019, Hex.of(Jtt808.encode(h19, REGISTRATION)));
        Message m = Jtt808.decodeMessage(Hex.of(REGISTER_2019));
        assertEquals(new Message(h19, REGISTRATION), m);
        assertTrue(m.header().v2019());
        assertEquals(1, m.header().protocolVersion());
        assertEquals(DEMO.substring(1), m.header().terminal(), "the same terminal under either header");
        assertEquals(h13.terminal(), m.header().terminal());
    }

    @Test
    void registerResponses() throws Exception {
        Header reg = Header.v2013(MessageIds.REGISTER, DEMO, 7);
        byte[] ok = Jtt808.encode(reg.answer(MessageIds.REGISTER_RESPONSE, 0), new RegisterResponse(7, 0, "AbC123"));
        assertEquals(REGISTER_OK, Hex.of(ok));
        assertEquals(new RegisterResponse(7, 0, "AbC123"), Jtt808.decodeMessage(ok).body());

        Header reg19 = Header.v2019(MessageIds.REGISTER, 1, DEMO, 7);
        byte[] no = Jtt808.encode(reg19.answer(MessageIds.REGISTER_RESPONSE, 1),
                new RegisterResponse(7, RegisterResponse.NO_SUCH_TERMINAL, null));
        assertEquals(REGISTER_NO_TERMINAL_2019, Hex.of(no));
        assertEquals(new RegisterResponse(7, 4, null), Jtt808.decodeMessage(no).body());
        assertThrows(IllegalArgumentException.class, () -> new RegisterResponse(7, 4, "x"));
        assertThrows(IllegalArgumentException.class, () -> new RegisterResponse(7, 0, null));
    }

    @Test
    void authenticate2013And2019() throws Exception {
        Header h13 = Header.v2013(MessageIds.AUTHENTICATE, DEMO, 8);
        assertEquals(AUTH_2013, Hex.of(Jtt808.encode(h13, Authenticate.v2013("AbC123"))));
        assertEquals(Authenticate.v2013("AbC123"), Jtt808.decodeMessage(Hex.of(AUTH_2013)).body());

        Header h19 = Header.v2019(MessageIds.AUTHENTICATE, 1, DEMO, 8);
        Authenticate a = new Authenticate("AbC123", "860000000000001", "1.0.0");
        assertEquals(AUTH_2019, Hex.of(Jtt808.encode(h19, a)));
        assertEquals(a, Jtt808.decodeMessage(Hex.of(AUTH_2019)).body());
    }

    @Test
    void batch() throws Exception {
        LocationBatch b = new LocationBatch(LocationBatch.BLIND_AREA, List.of(point(0), point(1)));
        assertEquals(BATCH, Hex.of(Jtt808.encode(Header.v2013(MessageIds.LOCATION_BATCH, DEMO, 9), b)));
        assertEquals(b, Jtt808.decodeMessage(Hex.of(BATCH)).body());
    }

    @Test
    void terminalResponse() throws Exception {
        byte[] f = Jtt808.encode(Header.v2013(MessageIds.TERMINAL_RESPONSE, PHONE, 3),
                new TerminalResponse(5, 0x8103, 0));
        assertEquals("7e 00 01 00 05 01 39 12 34 56 78 00 03 00 05 81 03 00 " + String.format("%02x", 0x01 ^ 0x05
                ^ 0x01 ^ 0x39 ^ 0x12 ^ 0x34 ^ 0x56 ^ 0x78 ^ 0x03 ^ 0x05 ^ 0x81 ^ 0x03) + " 7e", Hex.of(f));
        assertEquals(new TerminalResponse(5, 0x8103, 0), Jtt808.decodeMessage(f).body());
    }

    @Test
    void subPacketHeaders() throws Exception {
        String piece1 = "7e 02 00 20 14 01 39 51 20 00 01 00 10 00 02 00 01 00 00 00 00 00 00 00 01 01 dc d6 50 06 ca"
                + " 3f 60 00 05 00 00 a1 7e";
        String piece2 = "7e 02 00 20 08 01 39 51 20 00 01 00 11 00 02 00 02 00 00 26 12 06 08 00 00 49 7e";
        List<byte[]> pieces = Jtt808.encodePieces(Header.v2013(MessageIds.LOCATION, DEMO, 0x10), point(0), 20);
        assertEquals(2, pieces.size());
        assertEquals(piece1, Hex.of(pieces.get(0)));
        assertEquals(piece2, Hex.of(pieces.get(1)));
        Frame f = Jtt808.decode(Hex.of(piece2));
        assertEquals(new Packet(2, 2), f.header().packet());
        assertEquals(0x11, f.header().serial());
        assertThrows(IllegalArgumentException.class, () -> Jtt808.message(f), "a piece is not a message");
    }

    @Test
    void badCheckIsRefusedWithoutHeader() {
        FrameException e = refused("7e 00 02 00 00 01 39 12 34 56 78 00 01 34 7e");
        assertEquals(Reason.CHECK, e.reason());
        assertTrue(e.header().isEmpty(), "a frame that fails its check cannot be trusted to be answered");
    }

    @Test
    void badEscapes() {
        assertEquals(Reason.ESCAPE, refused("7e 00 02 00 00 01 39 12 34 56 78 00 4c 7d 03 7e").reason());
        assertEquals(Reason.ESCAPE, refused("7e 00 02 00 00 01 39 12 34 56 78 00 4c 7d 7e").reason());
        assertEquals(Reason.DELIMITER, refused("7e 00 02 00 00 01 7e 12 34 56 78 00 01 33 7e").reason());
    }

    @Test
    void delimitersAndTruncation() {
        assertEquals(Reason.DELIMITER, refused("00 02 00 00 01 39 12 34 56 78 00 01 33 7e").reason());
        assertEquals(Reason.DELIMITER, refused("7e 00 02 00 00 01 39 12 34 56 78 00 01 33").reason());
        assertEquals(Reason.SHORT, refused("7e").reason());
        assertEquals(Reason.SHORT, refused("7e 00 02 00 00 01 39 12 34 56 7e").reason());
        // A whole 2013 header's worth of bytes but the 2019 flag set: the longer header is cut off.
        assertEquals(Reason.SHORT, refused("7e 00 02 40 00 01 39 12 34 56 78 00 01 73 7e").reason());
    }

    @Test
    void lengthMismatchCarriesTheHeader() {
        // Attributes say 5 bytes of body, there are 3.
        FrameException e = refused("7e 80 01 00 05 01 39 12 34 56 78 00 00 00 01 00 "
                + String.format("%02x", 0x80 ^ 0x01 ^ 0x05 ^ 0x01 ^ 0x39 ^ 0x12 ^ 0x34 ^ 0x56 ^ 0x78 ^ 0x01) + " 7e");
        assertEquals(Reason.LENGTH, e.reason());
        assertEquals(0x8001, e.header().orElseThrow().msgId());
    }

    @Test
    void phoneNotBcd() {
        assertEquals(Reason.PHONE, refused("7e 00 02 00 00 01 3a 12 34 56 78 00 01 "
                + String.format("%02x", 0x02 ^ 0x01 ^ 0x3a ^ 0x12 ^ 0x34 ^ 0x56 ^ 0x78 ^ 0x01) + " 7e").reason());
    }

    @Test
    void malformedBodiesCarryTheHeader() throws Exception {
        Header h = Header.v2013(MessageIds.LOCATION, PHONE, 2);
        byte[] body = location().encode(false);
        FrameException cut = bodyRefused(h, java.util.Arrays.copyOf(body, 20));
        assertEquals(Reason.TRUNCATED, cut.reason());
        assertEquals(h, cut.header().orElseThrow());

        byte[] badTime = body.clone();
        badTime[23] = 0x13; // month 13
        assertEquals(Reason.VALUE, bodyRefused(h, badTime).reason());

        byte[] badItem = java.util.Arrays.copyOf(body, 28 + 3);
        badItem[28] = 0x01;
        badItem[29] = 0x01; // mileage of one byte
        assertEquals(Reason.VALUE, bodyRefused(h, badItem).reason());

        assertEquals(Reason.TRAILING, bodyRefused(Header.v2013(MessageIds.HEARTBEAT, PHONE, 1), new byte[] {1})
                .reason());
        assertEquals(Reason.UNSUPPORTED, bodyRefused(Header.v2013(0x0900, PHONE, 1), new byte[] {1}).reason());
        FrameException encrypted = assertThrows(FrameException.class, () -> Jtt808.message(Jtt808.decode(
                Jtt808.encode(new Header(MessageIds.HEARTBEAT, false, 0, PHONE, 1, 1, null), new byte[0]))));
        assertEquals(Reason.UNSUPPORTED, encrypted.reason());
    }

    @Test
    void encoderRefusesWhatTheWireCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> Jtt808.encode(Header.v2013(0x0200, PHONE, 1),
                new byte[Jtt808.MAX_BODY + 1]));
        assertThrows(IllegalArgumentException.class, () -> Header.v2013(1, "1234567890123", 1));
        assertThrows(IllegalArgumentException.class, () -> Header.v2013(1, "12a", 1));
        assertThrows(IllegalArgumentException.class, () -> Jtt808.encode(Header.v2013(0x0200, PHONE, 1),
                new Heartbeat()));
        assertThrows(IllegalArgumentException.class, () -> new Register(0, 0, "toolong", "", "", 0, "")
                .encode(false));
        assertThrows(IllegalArgumentException.class, () -> LocationItem.soc(101));
    }

    @Test
    void splitterResynchronisesAtTheNextDelimiter() {
        FrameSplitter s = new FrameSplitter(64);
        byte[] stream = Hex.of("01 02 " + HEARTBEAT.substring(0, 20));
        List<FrameSplitter.Piece> first = s.feed(stream);
        assertEquals(1, first.size());
        assertEquals(Reason.DELIMITER, first.get(0).refused());
        List<FrameSplitter.Piece> rest = s.feed(Hex.of(HEARTBEAT.substring(21) + " " + HEARTBEAT + " " + LOCATION));
        assertEquals(3, rest.size());
        assertNull(rest.get(0).refused());
        assertEquals(HEARTBEAT, Hex.of(rest.get(0).bytes()));
        assertEquals(HEARTBEAT, Hex.of(rest.get(1).bytes()));
        assertEquals(LOCATION, Hex.of(rest.get(2).bytes()));
        assertEquals(0, s.pending());

        List<FrameSplitter.Piece> big = s.feed(Hex.of("7e" + " 11".repeat(200) + " 7e " + HEARTBEAT));
        assertEquals(Reason.TOO_LARGE, big.get(0).refused());
        assertEquals(HEARTBEAT, Hex.of(big.get(1).bytes()));
        assertTrue(s.pending() == 0);
    }

    static FrameException refused(String hex) {
        return assertThrows(FrameException.class, () -> Jtt808.decodeMessage(Hex.of(hex)));
    }

    static FrameException bodyRefused(Header h, byte[] body) {
        return assertThrows(FrameException.class, () -> Jtt808.decodeMessage(Jtt808.encode(h, body)));
    }
}
