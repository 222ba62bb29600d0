package org.dayuan.gbt26875;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSplitterTest {
    final byte[] fire = Gbt26875Test.frame(1, 0, 2, Gbt26875Test.componentFire(), true);
    final byte[] confirm = Gbt26875Test.frame(2, 0, 3, new int[0], true);

    @Test
    void cutsFramesDeliveredByteByByte() {
        FrameSplitter s = new FrameSplitter();
        List<FrameSplitter.Piece> pieces = new ArrayList<>();
        byte[] stream = concat(fire, confirm);
        for (byte b : stream) {
            pieces.addAll(s.feed(new byte[] {b}));
        }
        assertEquals(2, pieces.size());
        assertArrayEquals(fire, pieces.get(0).bytes());
        assertNull(pieces.get(0).refused());
        assertArrayEquals(confirm, pieces.get(1).bytes());
        assertEquals(0, s.pending());
    }

    @Test
    void resynchronisesOnTheNextStartAfterGarbage() {
        FrameSplitter s = new FrameSplitter();
        byte[] garbage = {0x11, '#', '#', '@', 0x22};
        List<FrameSplitter.Piece> pieces = s.feed(concat(garbage, fire, new byte[] {'@'}));
        assertEquals(2, pieces.size());
        assertEquals(Reason.START, pieces.get(0).refused());
        assertArrayEquals(garbage, pieces.get(0).bytes());
        assertArrayEquals(fire, pieces.get(1).bytes());
        assertEquals(1, s.pending(), "a trailing '@' may start the next frame");
        pieces = s.feed(java.util.Arrays.copyOfRange(confirm, 1, confirm.length));
        assertEquals(1, pieces.size());
        assertArrayEquals(confirm, pieces.get(0).bytes());
    }

    @Test
    void anOversizedLengthDoesNotSwallowTheStream() {
        byte[] big = fire.clone();
        big[24] = 0x01;
        big[25] = 0x40; // 16385 bytes declared
        FrameSplitter s = new FrameSplitter();
        List<FrameSplitter.Piece> pieces = s.feed(concat(java.util.Arrays.copyOf(big, 40), confirm));
        assertEquals(Reason.TOO_LARGE, pieces.get(0).refused());
        assertEquals(Gbt26875.HEADER, pieces.get(0).bytes().length);
        FrameSplitter.Piece last = pieces.get(pieces.size() - 1);
        assertArrayEquals(confirm, last.bytes());
        assertNull(last.refused());
        for (FrameSplitter.Piece p : pieces.subList(1, pieces.size() - 1)) {
            assertEquals(Reason.START, p.refused());
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
