package org.dayuan.jtt808;

import java.util.Arrays;
import java.util.HexFormat;

/** A frame whose delimiters, escapes, check code and header were right; the body is not read yet. */
public record Frame(Header header, byte[] body) {
    public Frame {
        if (header == null || body == null) {
            throw new IllegalArgumentException("header and body are required");
        }
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.header.equals(header) && Arrays.equals(f.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Frame[" + header + ", body=" + HexFormat.of().formatHex(body) + "]";
    }
}
