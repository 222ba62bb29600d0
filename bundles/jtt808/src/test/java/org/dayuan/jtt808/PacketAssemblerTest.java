package org.dayuan.jtt808;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketAssemblerTest {
    static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    final PacketAssembler assembler = new PacketAssembler(8, 2048, 4, Duration.ofSeconds(30));

    static LocationBatch batch(int points) {
        List<Location> l = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            l.add(new Location(0, 1, 31_000_000L + i, 120_000_000L, 5, 100, 0,
                    LocalDateTime.of(2026, 12, 6, 8, i % 60, 0), List.of(LocationItem.mileage(1000 + i))));
        }
        return new LocationBatch(1, l);
    }

    static List<Frame> pieces(LocationBatch b, int serial, int size) throws FrameException {
        List<Frame> out = new ArrayList<>();
        for (byte[] f : Jtt808.encodePieces(Header.v2013(MessageIds.LOCATION_BATCH, "013951200001", serial), b, size)) {
            out.add(Jtt808.decode(f));
        }
        return out;
    }

    @Test
    void inOrder() throws Exception {
        LocationBatch b = batch(10);
        List<Frame> p = pieces(b, 100, 128);
        assertEquals(3, p.size());
        assertTrue(assembler.accept(p.get(0), T0).isEmpty());
        assertTrue(assembler.accept(p.get(1), T0).isEmpty());
        Frame whole = assembler.accept(p.get(2), T0).orElseThrow();
        assertEquals(null, whole.header().packet());
        assertEquals(100, whole.header().serial(), "the message takes its first piece's serial");
        assertEquals(b, Jtt808.message(whole).body());
        assertEquals(0, assembler.open());
    }

    @Test
    void outOfOrderAcrossTheSerialWrap() throws Exception {
        LocationBatch b = batch(10);
        List<Frame> p = pieces(b, 0xFFFF, 128);
        assertTrue(assembler.accept(p.get(2), T0).isEmpty());
        assertTrue(assembler.accept(p.get(0), T0).isEmpty());
        assertEquals(b, Jtt808.message(assembler.accept(p.get(1), T0).orElseThrow()).body());
    }

    @Test
    void duplicateIsIgnoredButAConflictingOneDropsTheMessage() throws Exception {
        List<Frame> p = pieces(batch(10), 1, 128);
        assembler.accept(p.get(0), T0);
        assertTrue(assembler.accept(p.get(0), T0).isEmpty());
        assertTrue(assembler.accept(p.get(1), T0).isEmpty());
        Frame other = new Frame(p.get(1).header(), new byte[] {1, 2, 3});
        assertEquals(Reason.PIECE_MISMATCH, assertThrows(FrameException.class,
                () -> assembler.accept(other, T0)).reason());
        assertEquals(0, assembler.open());
        assertTrue(assembler.accept(p.get(2), T0).isEmpty(), "the message was dropped, its last piece starts anew");
    }

    @Test
    void anotherTotalIsRefused() throws Exception {
        List<Frame> p = pieces(batch(10), 1, 128);
        assembler.accept(p.get(0), T0);
        Header h = p.get(1).header();
        Frame liar = new Frame(h.withPacket(new Packet(4, 2), h.serial()), p.get(1).body());
        assertEquals(Reason.PIECE_MISMATCH, assertThrows(FrameException.class,
                () -> assembler.accept(liar, T0)).reason());
    }

    @Test
    void missingPieceNeverCompletesAndTimesOut() throws Exception {
        List<Frame> p = pieces(batch(10), 1, 128);
        assembler.accept(p.get(0), T0);
        assembler.accept(p.get(2), T0.plusSeconds(10));
        assertEquals(1, assembler.open());
        assertEquals(1, assembler.expire(T0.plusSeconds(30)));
        assertEquals(0, assembler.open());
        assertTrue(assembler.accept(p.get(1), T0.plusSeconds(31)).isEmpty(), "late piece starts a new message");
    }

    @Test
    void tooManyPiecesTooManyBytesTooManyMessages() throws Exception {
        List<Frame> many = pieces(batch(10), 1, 40);
        assertTrue(many.size() > 8);
        assertEquals(Reason.PIECE_LIMIT, assertThrows(FrameException.class,
                () -> assembler.accept(many.get(0), T0)).reason());

        PacketAssembler small = new PacketAssembler(8, 200, 2, Duration.ofSeconds(30));
        List<Frame> big = pieces(batch(10), 1, 128);
        small.accept(big.get(0), T0);
        assertEquals(Reason.PIECE_LIMIT, assertThrows(FrameException.class,
                () -> small.accept(big.get(1), T0)).reason());
        assertEquals(0, small.open());

        small.accept(pieces(batch(3), 10, 40).get(0), T0);
        small.accept(pieces(batch(3), 20, 40).get(0), T0);
        assertEquals(Reason.PIECE_LIMIT, assertThrows(FrameException.class,
                () -> small.accept(pieces(batch(3), 30, 40).get(0), T0)).reason());
    }
}
