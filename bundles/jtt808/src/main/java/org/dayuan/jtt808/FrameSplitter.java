package org.dayuan.jtt808;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream (one TCP connection) into pieces at every {@code 0x7E}. Escaping guarantees that a {@code 0x7E}
 * is always a delimiter, so the stream resynchronises at the next one whatever came before: the bytes between two
 * delimiters are a candidate frame (returned with both delimiters, for {@link Jtt808#decode}); bytes before the first
 * delimiter are refused ({@link Reason#DELIMITER}); more than {@code maxFrame} bytes without a delimiter are refused
 * once ({@link Reason#TOO_LARGE}) and skipped up to the next one, so memory stays bounded. Two delimiters in a row
 * (the end of one frame, the start of the next) delimit nothing. Not thread-safe: one per connection.
 */
public final class FrameSplitter {
    /** A piece of the stream; {@code refused} is null for a candidate frame. */
    public record Piece(byte[] bytes, Reason refused) {
    }

    private final int maxFrame;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private boolean delimited;
    private boolean overflow;

    /** @param maxFrame the most bytes a frame may have on the wire, delimiters included */
    public FrameSplitter(int maxFrame) {
        if (maxFrame < 15) {
            throw new IllegalArgumentException("a frame has at least 15 bytes: " + maxFrame);
        }
        this.maxFrame = maxFrame;
    }

    public FrameSplitter() {
        this(Jtt808.MAX_FRAME);
    }

    public List<Piece> feed(byte[] bytes, int offset, int length) {
        List<Piece> pieces = new ArrayList<>();
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            if (b == Jtt808.DELIMITER) {
                close(pieces);
                delimited = true;
            } else if (overflow) {
                continue;
            } else if (buffer.size() + 2 >= maxFrame) {
                overflow = true;
            } else {
                buffer.write(b);
            }
        }
        return pieces;
    }

    public List<Piece> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Bytes waiting for the next delimiter. */
    public int pending() {
        return buffer.size();
    }

    private void close(List<Piece> pieces) {
        if (overflow) {
            pieces.add(new Piece(buffer.toByteArray(), Reason.TOO_LARGE));
        } else if (buffer.size() > 0 && !delimited) {
            pieces.add(new Piece(buffer.toByteArray(), Reason.DELIMITER));
        } else if (buffer.size() > 0) {
            byte[] frame = new byte[buffer.size() + 2];
            frame[0] = (byte) Jtt808.DELIMITER;
            System.arraycopy(buffer.toByteArray(), 0, frame, 1, buffer.size());
            frame[frame.length - 1] = (byte) Jtt808.DELIMITER;
            pieces.add(new Piece(frame, null));
        }
        buffer.reset();
        overflow = false;
    }
}
