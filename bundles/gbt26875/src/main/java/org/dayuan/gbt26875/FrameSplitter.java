package org.dayuan.gbt26875;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a byte stream (one TCP connection) into pieces: candidate frames, which start with {@code @@} and are as long
 * as their length field says, and refused pieces: bytes before the next {@code @@} ({@link Reason#START}) and the
 * header of a frame declaring more than {@link Gbt26875#MAX_DATA} bytes ({@link Reason#TOO_LARGE}; scanning goes on
 * right after its {@code @@}, so one broken length does not swallow the stream). Not thread-safe: one per connection.
 */
public final class FrameSplitter {
    /** A piece of the stream; {@code refused} is null for a candidate frame, which {@link Gbt26875#decode} judges. */
    public record Piece(byte[] bytes, Reason refused) {
    }

    private byte[] buffer = new byte[256];
    private int size;

    /** Adds bytes and returns the pieces now complete; incomplete bytes wait for the next call. */
    public List<Piece> feed(byte[] bytes, int offset, int length) {
        ensure(size + length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        List<Piece> pieces = new ArrayList<>();
        int pos = 0;
        while (pos < size) {
            int start = indexOfStart(pos);
            if (start < 0) {
                // A lone '@' at the end may be the first half of the next start.
                int keep = buffer[size - 1] == '@' ? 1 : 0;
                if (size - keep > pos) {
                    pieces.add(new Piece(Arrays.copyOfRange(buffer, pos, size - keep), Reason.START));
                }
                pos = size - keep;
                break;
            }
            if (start > pos) {
                pieces.add(new Piece(Arrays.copyOfRange(buffer, pos, start), Reason.START));
                pos = start;
            }
            if (size - pos < Gbt26875.HEADER) {
                break;
            }
            int length2 = (buffer[pos + 24] & 0xFF) | (buffer[pos + 25] & 0xFF) << 8;
            if (length2 > Gbt26875.MAX_DATA) {
                pieces.add(new Piece(Arrays.copyOfRange(buffer, pos, pos + Gbt26875.HEADER), Reason.TOO_LARGE));
                pos += 2;
                continue;
            }
            int total = Gbt26875.MIN_FRAME + length2;
            if (size - pos < total) {
                break;
            }
            pieces.add(new Piece(Arrays.copyOfRange(buffer, pos, pos + total), null));
            pos += total;
        }
        System.arraycopy(buffer, pos, buffer, 0, size - pos);
        size -= pos;
        return pieces;
    }

    public List<Piece> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Bytes waiting for the rest of a frame. */
    public int pending() {
        return size;
    }

    private int indexOfStart(int from) {
        for (int i = from; i + 1 < size; i++) {
            if (buffer[i] == '@' && buffer[i + 1] == '@') {
                return i;
            }
        }
        return -1;
    }

    private void ensure(int capacity) {
        if (capacity > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(capacity, buffer.length * 2));
        }
    }
}
