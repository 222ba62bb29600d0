package org.dayuan.jtt808;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random mutations of valid frames through the splitter, the decoder, the body reader and the assembler:
 * the only exception allowed is {@link FrameException}, nothing hangs, and a good frame after the noise still decodes.
 */
class Jtt808FuzzTest {
    static final List<String> SEEDS = List.of(Jtt808Test.HEARTBEAT, Jtt808Test.LOCATION, Jtt808Test.REGISTER_2013,
            Jtt808Test.REGISTER_2019, Jtt808Test.AUTH_2013, Jtt808Test.AUTH_2019, Jtt808Test.BATCH,
            Jtt808Test.REGISTER_OK, Jtt808Test.HEARTBEAT_OK,
            "7e 02 00 20 14 01 39 51 20 00 01 00 10 00 02 00 01 00 00 00 00 00 00 00 01 01 dc d6 50 06 ca 3f 60 00"
                    + " 05 00 00 a1 7e");

    @Test
    void mutationsOnlyEverRefuse() {
        Random random = new Random(808);
        FrameSplitter splitter = new FrameSplitter(512);
        PacketAssembler assembler = new PacketAssembler(16, 4096, 4, Duration.ofSeconds(30));
        int[] decoded = new int[1];
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int round = 0; round < 20_000; round++) {
                byte[] frame = mutate(Hex.of(SEEDS.get(random.nextInt(SEEDS.size()))), random);
                decoded[0] += read(decodeOrNull(frame), assembler) ? 1 : 0;
                for (FrameSplitter.Piece p : splitter.feed(frame)) {
                    if (p.refused() == null) {
                        read(decodeOrNull(p.bytes()), assembler);
                    }
                }
            }
        });
        assertTrue(decoded[0] > 100, "some mutations leave a valid frame: " + decoded[0]);
        List<FrameSplitter.Piece> after = splitter.feed(Hex.of("7e " + Jtt808Test.HEARTBEAT));
        assertTrue(after.stream().anyMatch(p -> p.refused() == null && decodeOrNull(p.bytes()) != null),
                "a good frame after the noise is read");
    }

    private static Frame decodeOrNull(byte[] frame) {
        try {
            return Jtt808.decode(frame);
        } catch (FrameException e) {
            return null;
        }
    }

    private static boolean read(Frame f, PacketAssembler assembler) {
        if (f == null) {
            return false;
        }
        try {
            if (f.header().packet() != null) {
                assembler.accept(f, Instant.EPOCH).ifPresent(whole -> {
                    try {
                        Jtt808.message(whole);
                    } catch (FrameException e) {
                        // refused: fine
                    }
                });
            } else {
                Jtt808.message(f);
            }
            return true;
        } catch (FrameException e) {
            return false;
        }
    }

    static byte[] mutate(byte[] frame, Random random) {
        byte[] f = frame.clone();
        switch (random.nextInt(5)) {
            case 0 -> f[random.nextInt(f.length)] = (byte) random.nextInt(256);
            case 1 -> f = java.util.Arrays.copyOf(f, random.nextInt(f.length + 1));
            case 2 -> {
                int at = 1 + random.nextInt(f.length - 1);
                byte[] g = new byte[f.length + 1];
                System.arraycopy(f, 0, g, 0, at);
                g[at] = random.nextBoolean() ? (byte) 0x7d : (byte) random.nextInt(256);
                System.arraycopy(f, at, g, at + 1, f.length - at);
                f = g;
            }
            case 3 -> {
                // Flip a bit in the attributes or header, then fix the check so the body reader is reached.
                byte[] raw = Jtt808Fuzz.unescaped(f);
                raw[random.nextInt(raw.length - 1)] ^= (byte) (1 << random.nextInt(8));
                f = Jtt808Fuzz.reframe(raw);
            }
            default -> {
                // Change body bytes and fix the check: only the body reader can refuse.
                byte[] raw = Jtt808Fuzz.unescaped(f);
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    int at = Math.min(raw.length - 2, 12 + random.nextInt(Math.max(1, raw.length - 13)));
                    raw[at] = (byte) random.nextInt(256);
                }
                f = Jtt808Fuzz.reframe(raw);
            }
        }
        return f;
    }
}
