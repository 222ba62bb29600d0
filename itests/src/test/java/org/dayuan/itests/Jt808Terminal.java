package org.dayuan.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A JT/T 808 terminal's socket for itests: connect to the gateway, send frames, read the next frame the platform sends
 * back. The frame helpers are a reading of the standard of their own (not the codec under test): {@link #frame}
 * appends the XOR check code to a header and body and escapes 0x7E / 0x7D, {@link #unescape} reverses it, the
 * header helpers lay out JT/T 808-2013 and -2019 headers.
 */
final class Jt808Terminal implements AutoCloseable {
    static final Charset GBK = Charset.forName("GBK");
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Jt808Terminal(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends raw bytes: one frame, several, a piece of one, or garbage. */
    Jt808Terminal send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next frame from the platform, delimiters included and still escaped; fails after {@code timeout}. */
    byte[] next(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != 0x7e) {
                if (b < 0) {
                    throw new IOException("the gateway closed the connection");
                }
            }
            frame.write(b);
            while ((b = in.read()) != 0x7e) {
                if (b < 0) {
                    throw new IOException("the gateway closed the connection inside a frame");
                }
                frame.write(b);
            }
            frame.write(b);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame from the gateway within " + timeout + " (read so far: "
                    + hex(frame.toByteArray()) + ")");
        }
        return frame.toByteArray();
    }

    byte[] next() throws IOException {
        return next(Duration.ofSeconds(20));
    }

    /** Whether nothing arrives within {@code wait} (the connection stays open). */
    boolean silent(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the gateway closed the connection");
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // --- the standard's layout, written out ---

    /** 0x7E, the bytes, their XOR, escaped, 0x7E. */
    static byte[] frame(byte[] headerAndBody) {
        int check = 0;
        for (byte b : headerAndBody) {
            check ^= b & 0xFF;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x7e);
        for (int i = 0; i <= headerAndBody.length; i++) {
            int b = i < headerAndBody.length ? headerAndBody[i] & 0xFF : check;
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

    /** Header, body and check code of a frame: delimiters removed, escapes reversed. */
    static byte[] unescape(byte[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i < frame.length - 1; i++) {
            if ((frame[i] & 0xFF) == 0x7d) {
                out.write(frame[++i] == 0x02 ? 0x7e : 0x7d);
            } else {
                out.write(frame[i]);
            }
        }
        return out.toByteArray();
    }

    /** 2013 header: msgId, attributes (body length, sub-packet bit), phone BCD[6], serial, then total and index. */
    static byte[] header2013(int msgId, int bodyLength, String phone, int serial, int... packet) {
        return concat(word(msgId), word(bodyLength | (packet.length > 0 ? 0x2000 : 0)), bcd(phone, 6), word(serial),
                packet.length > 0 ? concat(word(packet[0]), word(packet[1])) : new byte[0]);
    }

    /** 2019 header: attributes with bit 14, protocol version 1, phone BCD[10]. */
    static byte[] header2019(int msgId, int bodyLength, String phone, int serial, int... packet) {
        return concat(word(msgId), word(bodyLength | 0x4000 | (packet.length > 0 ? 0x2000 : 0)), new byte[] {1},
                bcd(phone, 10), word(serial), packet.length > 0 ? concat(word(packet[0]), word(packet[1]))
                        : new byte[0]);
    }

    static byte[] bcd(String digits, int bytes) {
        String padded = "0".repeat(bytes * 2 - digits.length()) + digits;
        return HexFormat.of().parseHex(padded);
    }

    static byte[] word(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    static byte[] dword(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** A fixed-width field: GBK text padded with 0x00. */
    static byte[] fixed(String text, int width) {
        byte[] out = new byte[width];
        byte[] b = text.getBytes(GBK);
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
