package org.dayuan.jtt808;

/** Reads the fields of one body; running out of bytes is the body's fault, so it throws {@link Reason#TRUNCATED}. */
final class BodyReader {
    private final byte[] bytes;
    private final Header header;
    private int pos;

    BodyReader(byte[] bytes, Header header) {
        this.bytes = bytes;
        this.header = header;
    }

    Header header() {
        return header;
    }

    int remaining() {
        return bytes.length - pos;
    }

    private void need(int n, String field) throws FrameException {
        if (remaining() < n) {
            throw new FrameException(Reason.TRUNCATED, field + " needs " + n + " bytes, " + remaining() + " left",
                    header);
        }
    }

    int u8(String field) throws FrameException {
        need(1, field);
        return bytes[pos++] & 0xFF;
    }

    int u16(String field) throws FrameException {
        need(2, field);
        int v = (bytes[pos] & 0xFF) << 8 | (bytes[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long u32(String field) throws FrameException {
        need(4, field);
        long v = (long) (bytes[pos] & 0xFF) << 24 | (bytes[pos + 1] & 0xFF) << 16 | (bytes[pos + 2] & 0xFF) << 8
                | (bytes[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    byte[] bytes(int n, String field) throws FrameException {
        need(n, field);
        byte[] out = new byte[n];
        System.arraycopy(bytes, pos, out, 0, n);
        pos += n;
        return out;
    }

    byte[] rest() {
        byte[] out = new byte[remaining()];
        System.arraycopy(bytes, pos, out, 0, out.length);
        pos = bytes.length;
        return out;
    }

    void end(String body) throws FrameException {
        if (remaining() > 0) {
            throw new FrameException(Reason.TRAILING, remaining() + " bytes after the fields of " + body, header);
        }
    }

    FrameException invalid(String detail) {
        return new FrameException(Reason.VALUE, detail, header);
    }
}
