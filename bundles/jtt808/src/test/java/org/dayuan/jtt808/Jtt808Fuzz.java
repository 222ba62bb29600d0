package org.dayuan.jtt808;

import java.io.ByteArrayOutputStream;

/** Escaping without a decoder, for tests that change a frame's inside and need its check code right again. */
final class Jtt808Fuzz {
    private Jtt808Fuzz() {
    }

    /** The bytes between the delimiters, unescaped, check code included. */
    static byte[] unescaped(byte[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i < frame.length - 1; i++) {
            if (frame[i] == 0x7d && i + 1 < frame.length - 1) {
                out.write(frame[++i] == 0x02 ? 0x7e : 0x7d);
            } else {
                out.write(frame[i]);
            }
        }
        return out.toByteArray();
    }

    /** Recomputes the check code of {@code raw} (its last byte) and escapes it into a frame. */
    static byte[] reframe(byte[] raw) {
        raw[raw.length - 1] = (byte) Jtt808.check(raw, 0, raw.length - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x7e);
        for (byte b : raw) {
            if (b == 0x7e) {
                out.write(0x7d);
                out.write(0x02);
            } else if (b == 0x7d) {
                out.write(0x7d);
                out.write(0x01);
            } else {
                out.write(b);
            }
        }
        out.write(0x7e);
        return out.toByteArray();
    }
}
