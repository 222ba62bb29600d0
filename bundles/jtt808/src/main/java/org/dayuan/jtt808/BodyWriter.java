package org.dayuan.jtt808;

import java.io.ByteArrayOutputStream;

/** Big-endian fields into a body. */
final class BodyWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    BodyWriter u8(int v) {
        out.write(v);
        return this;
    }

    BodyWriter u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    BodyWriter u32(long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
        return this;
    }

    BodyWriter bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
