package org.dayuan.jtt808;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reassembles messages sent in sub-packets. The standard gives the pieces of one message consecutive serials, so a
 * message is known by terminal, message id and the serial of its first piece ({@code serial - index + 1}); pieces may
 * come in any order. Limits keep a terminal from holding memory: at most {@code maxPieces} pieces and {@code maxBytes}
 * body bytes per message, {@code maxOpen} messages under way, each for at most {@code timeout} after its first piece.
 * A piece that disagrees with those already held (another total, other bytes at the same index) is refused and the
 * message dropped, since which of them is right cannot be known; the same piece twice is ignored. Not thread-safe: one
 * per connection.
 */
public final class PacketAssembler {
    private record Key(String terminal, int msgId, int firstSerial) {
    }

    private static final class Partial {
        final Header first;
        final Instant started;
        final byte[][] pieces;
        int received;
        int bytes;

        Partial(Header first, Instant started, int total) {
            this.first = first;
            this.started = started;
            this.pieces = new byte[total][];
        }
    }

    private final int maxPieces;
    private final int maxBytes;
    private final int maxOpen;
    private final Duration timeout;
    private final Map<Key, Partial> open = new LinkedHashMap<>();

    public PacketAssembler(int maxPieces, int maxBytes, int maxOpen, Duration timeout) {
        if (maxPieces < 1 || maxBytes < 1 || maxOpen < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("limits are positive");
        }
        this.maxPieces = maxPieces;
        this.maxBytes = maxBytes;
        this.maxOpen = maxOpen;
        this.timeout = timeout;
    }

    /**
     * Takes one piece; returns the whole message (header without sub-packet fields, serial of the first piece) when
     * this piece completes it.
     */
    public Optional<Frame> accept(Frame piece, Instant now) throws FrameException {
        Header h = piece.header();
        if (h.packet() == null) {
            throw new IllegalArgumentException("not a sub-packet: " + h);
        }
        expire(now);
        Packet p = h.packet();
        if (p.total() > maxPieces) {
            throw new FrameException(Reason.PIECE_LIMIT, "a message in " + p.total() + " pieces, at most " + maxPieces,
                    h);
        }
        Key key = new Key(h.terminal(), h.msgId(), (h.serial() - p.index() + 1) & 0xFFFF);
        Partial partial = open.get(key);
        if (partial == null) {
            if (open.size() >= maxOpen) {
                throw new FrameException(Reason.PIECE_LIMIT, open.size() + " messages already under way", h);
            }
            Header first = new Header(h.msgId(), h.v2019(), h.protocolVersion(), h.phone(), key.firstSerial(),
                    h.encryption(), null);
            partial = new Partial(first, now, p.total());
            open.put(key, partial);
        } else if (partial.pieces.length != p.total()) {
            open.remove(key);
            throw new FrameException(Reason.PIECE_MISMATCH, "piece " + p.index() + " says " + p.total()
                    + " pieces, earlier ones " + partial.pieces.length + "; the message is dropped", h);
        }
        byte[] body = piece.body();
        byte[] held = partial.pieces[p.index() - 1];
        if (held != null) {
            if (Arrays.equals(held, body)) {
                return Optional.empty();
            }
            open.remove(key);
            throw new FrameException(Reason.PIECE_MISMATCH, "piece " + p.index() + " came twice with other bytes;"
                    + " the message is dropped", h);
        }
        if (partial.bytes + body.length > maxBytes) {
            open.remove(key);
            throw new FrameException(Reason.PIECE_LIMIT, "the message grows past " + maxBytes
                    + " bytes; it is dropped", h);
        }
        partial.pieces[p.index() - 1] = body;
        partial.received++;
        partial.bytes += body.length;
        if (partial.received < partial.pieces.length) {
            return Optional.empty();
        }
        open.remove(key);
        ByteArrayOutputStream all = new ByteArrayOutputStream(partial.bytes);
        for (byte[] b : partial.pieces) {
            all.writeBytes(b);
        }
        return Optional.of(new Frame(partial.first, all.toByteArray()));
    }

    /** Drops messages begun longer than the timeout ago; returns how many. */
    public int expire(Instant now) {
        int dropped = 0;
        for (Iterator<Partial> it = open.values().iterator(); it.hasNext(); ) {
            if (!it.next().started.plus(timeout).isAfter(now)) {
                it.remove();
                dropped++;
            }
        }
        return dropped;
    }

    /** Messages under way. */
    public int open() {
        return open.size();
    }
}
