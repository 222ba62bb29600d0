package org.dayuan.safety.panels;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.dayuan.gbt26875.FrameSplitter;
import org.junit.jupiter.api.Test;

/**
 * 1,000 generated frames (random bytes, truncated, bad checksums, wrong lengths, corrupted bytes, addresses of another
 * organisation or of nobody) through the gateway's splitting, decoding and application, each stream on its own
 * connection: nothing escapes, no twin changes, no alarm is touched, and every rejection is counted with its reason.
 */
class PanelFuzzTest {
    @Test
    void brokenAndForeignFramesChangeNothingAndAreCountedByReason() {
        Campus campus = new Campus();
        List<String> before = campus.snapshot();
        Random random = new Random(26875);
        Map<String, Long> seen = new TreeMap<>();
        int accepted = 0;
        int pieces = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] frame = generate(i % 7, random);
            FrameSplitter splitter = new FrameSplitter();
            List<FrameSplitter.Piece> cut = new ArrayList<>(splitter.feed(frame));
            if (splitter.pending() > 0) {
                // the connection closes mid-frame: what is left reaches the decoder as it is
                cut.add(new FrameSplitter.Piece(Arrays.copyOfRange(frame, frame.length - splitter.pending(),
                        frame.length), null));
            }
            for (FrameSplitter.Piece piece : cut) {
                pieces++;
                PanelGateway.Outcome out = assertDoesNotThrow(() -> campus.gateway.receive("fuzz", piece));
                if (out.rejected() == null) {
                    accepted++;
                } else {
                    seen.merge(out.rejected(), 1L, Long::sum);
                }
            }
        }
        assertEquals(before, campus.snapshot(), "no twin changed");
        assertEquals(List.of(), campus.alarmTwins(), "no alarm twin written");
        assertEquals(seen, campus.gateway.rejections(), "every rejection counted with its reason");
        long rejected = seen.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(pieces, rejected + accepted);
        // the only frames accepted are the well-formed ones for the other organisation's detector (confirmed, ignored)
        assertEquals(1000 / 7 + 1, accepted);
        System.out.println("fuzz: " + pieces + " pieces, " + accepted + " accepted and ignored, rejected " + seen);
    }

    private static byte[] generate(int kind, Random r) {
        byte[] good = HandFrames.frame(r.nextInt(65536), Campus.TX_A, 2,
                HandFrames.component(1, 2, 5, 0x03, "fuzz"), true);
        switch (kind) {
            case 0: { // random bytes, sometimes starting like a frame
                byte[] b = new byte[r.nextInt(120)];
                r.nextBytes(b);
                if (b.length > 2 && r.nextBoolean()) {
                    b[0] = '@';
                    b[1] = '@';
                }
                return b;
            }
            case 1: // truncated
                return Arrays.copyOf(good, 1 + r.nextInt(good.length - 1));
            case 2: // bad checksum
                return HandFrames.frame(r.nextInt(65536), Campus.TX_A, 2,
                        HandFrames.component(1, 2, 5, 0x03, ""), false);
            case 3: { // a length field that lies (the checksum recomputed, so only the length is wrong)
                byte[] b = good.clone();
                int declared = (b[24] & 0xFF) + (r.nextBoolean() ? -1 - r.nextInt(40) : 1 + r.nextInt(40));
                b[24] = (byte) declared;
                int sum = 0;
                for (int k = 2; k < b.length - 3; k++) {
                    sum += b[k] & 0xFF;
                }
                b[b.length - 3] = (byte) sum;
                return b;
            }
            case 4: { // one corrupted byte anywhere
                byte[] b = good.clone();
                int at = r.nextInt(b.length);
                b[at] = (byte) (b[at] ^ (1 + r.nextInt(255)));
                return b;
            }
            case 5: // another organisation's detector naming panel A: well formed, must be ignored
                return HandFrames.frame(r.nextInt(65536), Campus.TX_A, 2,
                        HandFrames.component(1, 2, 7, 0x03, ""), true);
            default: // a transmitter nobody registered, or a panel number transmitter A does not have
                return r.nextBoolean()
                        ? HandFrames.frame(1, String.format("%012x", 0x100000L + r.nextInt(1 << 20)), 2,
                                HandFrames.component(1, 2, 5, 0x03, ""), true)
                        : HandFrames.frame(1, Campus.TX_A, 2, HandFrames.component(2 + r.nextInt(200), 2, 5, 0x03,
                                ""), true);
        }
    }
}
