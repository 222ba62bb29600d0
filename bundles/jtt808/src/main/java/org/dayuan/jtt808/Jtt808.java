package org.dayuan.jtt808;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoder and strict decoder of frames. On the wire: {@code 0x7E}, header, body, check code, {@code 0x7E}; the check
 * code is the XOR of the header and body bytes; after computing it, every {@code 0x7E} between the delimiters becomes
 * {@code 0x7D 0x02} and every {@code 0x7D} becomes {@code 0x7D 0x01}. A receiver reverses the escaping first and then
 * verifies the check. All numbers are big-endian.
 * <p>
 * Header: msgId WORD; attributes WORD (bits 0-9 body length, 10-12 encryption, 13 sub-packet, 14 version flag of
 * 2019); 2019 only: protocol version BYTE; phone BCD[6] (2013) or BCD[10] (2019); serial WORD; with the sub-packet
 * bit: total WORD and index WORD (from 1).
 */
public final class Jtt808 {
    public static final int DELIMITER = 0x7E;
    public static final int ESCAPE = 0x7D;
    /** The body length field has 10 bits. */
    public static final int MAX_BODY = 0x3FF;
    /** The largest frame on the wire: every byte between the delimiters escaped. */
    public static final int MAX_FRAME = 2 + 2 * (17 + 4 + MAX_BODY + 1);
    private static final int ATTR_PACKET = 1 << 13;
    private static final int ATTR_2019 = 1 << 14;

    private Jtt808() {
    }

    /** The whole frame of a message in one piece (or of one sub-packet, when the header has one). */
    public static byte[] encode(Header header, Body body) {
        if (header.msgId() != body.id()) {
            throw new IllegalArgumentException(String.format("header says 0x%04x, the body is 0x%04x",
                    header.msgId(), body.id()));
        }
        return encode(header, body.encode(header.v2019()));
    }

    public static byte[] encode(Message message) {
        return encode(message.header(), message.body());
    }

    /** The whole frame for a header and the raw bytes of a body (at most {@link #MAX_BODY}). */
    public static byte[] encode(Header header, byte[] body) {
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException(body.length + " bytes of body, a frame carries at most " + MAX_BODY
                    + "; send it in sub-packets");
        }
        BodyWriter raw = new BodyWriter().u16(header.msgId());
        int attributes = body.length | header.encryption() << 10 | (header.packet() != null ? ATTR_PACKET : 0)
                | (header.v2019() ? ATTR_2019 : 0);
        raw.u16(attributes);
        if (header.v2019()) {
            raw.u8(header.protocolVersion());
        }
        raw.bytes(bcd(header.phone()));
        raw.u16(header.serial());
        if (header.packet() != null) {
            raw.u16(header.packet().total()).u16(header.packet().index());
        }
        raw.bytes(body);
        byte[] unescaped = raw.toBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(unescaped.length + 8);
        out.write(DELIMITER);
        for (byte b : unescaped) {
            escape(out, b);
        }
        escape(out, (byte) check(unescaped, 0, unescaped.length));
        out.write(DELIMITER);
        return out.toByteArray();
    }

    /**
     * A message cut into sub-packets of at most {@code pieceSize} body bytes: the pieces get consecutive serials
     * from the header's, as the standard asks, and index 1..n. A body that fits one piece still goes as one sub-packet.
     */
    public static List<byte[]> encodePieces(Header header, Body body, int pieceSize) {
        if (pieceSize < 1 || pieceSize > MAX_BODY) {
            throw new IllegalArgumentException("a piece is 1-" + MAX_BODY + " bytes: " + pieceSize);
        }
        byte[] all = body.encode(header.v2019());
        int total = Math.max(1, (all.length + pieceSize - 1) / pieceSize);
        List<byte[]> frames = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            int from = i * pieceSize;
            byte[] piece = java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + pieceSize));
            Header h = header.withPacket(new Packet(total, i + 1), (header.serial() + i) & 0xFFFF);
            frames.add(encode(h, piece));
        }
        return frames;
    }

    /** XOR of {@code bytes[from..to)}. */
    public static int check(byte[] bytes, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) {
            x ^= bytes[i];
        }
        return x & 0xFF;
    }

    /**
     * Reads one frame, delimiters included: unescapes, verifies the check code, reads the header and checks the body
     * length. Refusals before the header is known carry no header; a length mismatch carries it.
     */
    public static Frame decode(byte[] frame) throws FrameException {
        if (frame.length < 2) {
            throw new FrameException(Reason.SHORT, frame.length + " bytes");
        }
        if ((frame[0] & 0xFF) != DELIMITER || (frame[frame.length - 1] & 0xFF) != DELIMITER) {
            throw new FrameException(Reason.DELIMITER, String.format("starts with %02x and ends with %02x, not 7e",
                    frame[0], frame[frame.length - 1]));
        }
        byte[] raw = unescape(frame, 1, frame.length - 1);
        if (raw.length < 13) {
            throw new FrameException(Reason.SHORT, raw.length + " bytes between the delimiters, a 2013 header and"
                    + " check code need 13");
        }
        int expected = check(raw, 0, raw.length - 1);
        int actual = raw[raw.length - 1] & 0xFF;
        if (expected != actual) {
            throw new FrameException(Reason.CHECK, String.format("check code %02x, the bytes XOR to %02x", actual,
                    expected));
        }
        int msgId = word(raw, 0);
        int attributes = word(raw, 2);
        boolean v2019 = (attributes & ATTR_2019) != 0;
        boolean packet = (attributes & ATTR_PACKET) != 0;
        int headerSize = (v2019 ? 17 : 12) + (packet ? 4 : 0);
        if (raw.length < headerSize + 1) {
            throw new FrameException(Reason.SHORT, (raw.length - 1) + " bytes before the check code, the header has "
                    + headerSize);
        }
        int pos = 4;
        int version = 0;
        if (v2019) {
            version = raw[pos++] & 0xFF;
        }
        int phoneBytes = v2019 ? 10 : 6;
        String phone = phone(raw, pos, phoneBytes);
        pos += phoneBytes;
        int serial = word(raw, pos);
        pos += 2;
        Packet p = null;
        if (packet) {
            int total = word(raw, pos);
            int index = word(raw, pos + 2);
            if (total < 1 || index < 1 || index > total) {
                throw new FrameException(Reason.PACKET, "sub-packet " + index + " of " + total);
            }
            p = new Packet(total, index);
        }
        Header header = new Header(msgId, v2019, version, phone, serial, (attributes >> 10) & 7, p);
        int bodyLength = attributes & MAX_BODY;
        int actualLength = raw.length - 1 - headerSize;
        if (bodyLength != actualLength) {
            throw new FrameException(Reason.LENGTH, "the attributes say " + bodyLength
                    + " bytes of body, the frame has " + actualLength, header);
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, headerSize, headerSize + bodyLength);
        return new Frame(header, body);
    }

    /**
     * Reads the body of a whole message. An encrypted body (RSA, attribute bits 10-12) and a message id this codec does
     * not know are {@link Reason#UNSUPPORTED}; a body that does not follow its layout is {@link Reason#TRUNCATED},
     * {@link Reason#TRAILING} or {@link Reason#VALUE}. Every refusal carries the header.
     */
    public static Message message(Frame frame) throws FrameException {
        Header h = frame.header();
        if (h.packet() != null) {
            throw new IllegalArgumentException("a sub-packet is read after reassembly: " + h);
        }
        if (h.encryption() != 0) {
            throw new FrameException(Reason.UNSUPPORTED, "encrypted body (" + h.encryption() + ")", h);
        }
        BodyReader in = new BodyReader(frame.body(), h);
        Body body = switch (h.msgId()) {
            case MessageIds.TERMINAL_RESPONSE -> TerminalResponse.decode(in);
            case MessageIds.PLATFORM_RESPONSE -> PlatformResponse.decode(in);
            case MessageIds.HEARTBEAT -> Heartbeat.decode(in);
            case MessageIds.LOGOUT -> Logout.decode(in);
            case MessageIds.REGISTER -> Register.decode(in);
            case MessageIds.REGISTER_RESPONSE -> RegisterResponse.decode(in);
            case MessageIds.AUTHENTICATE -> Authenticate.decode(in);
            case MessageIds.LOCATION -> Location.decode(in);
            case MessageIds.LOCATION_BATCH -> LocationBatch.decode(in);
            default -> throw new FrameException(Reason.UNSUPPORTED, String.format("message 0x%04x", h.msgId()), h);
        };
        return new Message(h, body);
    }

    /** {@link #decode} then {@link #message}, for a message in one piece. */
    public static Message decodeMessage(byte[] frame) throws FrameException {
        return message(decode(frame));
    }

    private static byte[] unescape(byte[] frame, int from, int to) throws FrameException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            int b = frame[i] & 0xFF;
            if (b == DELIMITER) {
                throw new FrameException(Reason.DELIMITER, "0x7e inside the frame at byte " + i);
            }
            if (b == ESCAPE) {
                if (i + 1 >= to) {
                    throw new FrameException(Reason.ESCAPE, "0x7d at the end of the frame");
                }
                int next = frame[++i] & 0xFF;
                if (next == 0x01) {
                    out.write(ESCAPE);
                } else if (next == 0x02) {
                    out.write(DELIMITER);
                } else {
                    throw new FrameException(Reason.ESCAPE, String.format("0x7d followed by %02x at byte %d", next, i));
                }
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static void escape(ByteArrayOutputStream out, byte b) {
        int v = b & 0xFF;
        if (v == DELIMITER) {
            out.write(ESCAPE);
            out.write(0x02);
        } else if (v == ESCAPE) {
            out.write(ESCAPE);
            out.write(0x01);
        } else {
            out.write(v);
        }
    }

    private static int word(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static String phone(byte[] raw, int at, int n) throws FrameException {
        StringBuilder s = new StringBuilder(n * 2);
        for (int i = 0; i < n; i++) {
            int hi = (raw[at + i] >> 4) & 0x0F;
            int lo = raw[at + i] & 0x0F;
            if (hi > 9 || lo > 9) {
                throw new FrameException(Reason.PHONE, String.format("phone byte %d is %02x, not BCD", i,
                        raw[at + i]));
            }
            s.append((char) ('0' + hi)).append((char) ('0' + lo));
        }
        return s.toString();
    }

    private static byte[] bcd(String digits) {
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digits.charAt(2 * i) - '0') << 4 | (digits.charAt(2 * i + 1) - '0'));
        }
        return out;
    }
}
