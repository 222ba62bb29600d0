package org.dayuan.simulator.device;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

import org.dayuan.jtt808.Body;
import org.dayuan.jtt808.FrameException;
import org.dayuan.jtt808.FrameSplitter;
import org.dayuan.jtt808.Header;
import org.dayuan.jtt808.Jtt808;
import org.dayuan.jtt808.Message;
import org.dayuan.jtt808.MessageIds;
import org.dayuan.jtt808.PlatformResponse;
import org.dayuan.jtt808.RegisterResponse;

/**
 * One TCP connection of a JT/T 808 vehicle terminal (2013 headers) to the platform, used one message at a time: send,
 * then wait for the platform's answer to that message, 0x8100 for a registration and 0x8001 for anything else,
 * checked against what was sent (same terminal, answered serial and message id). Messages the platform sends on its
 * own initiative are skipped: the terminals played here answer no queries. Not thread-safe: one thread talks over a
 * connection.
 */
public final class TerminalConnection implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String phone;
    private final FrameSplitter splitter = new FrameSplitter();
    private final ArrayDeque<FrameSplitter.Piece> pieces = new ArrayDeque<>();
    private final byte[] chunk = new byte[4096];
    private int serial;
    private long skipped;

    private TerminalConnection(Socket socket, String phone) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.phone = phone;
    }

    /**
     * Connects; {@code timeout} bounds the connect and every wait for an answer.
     *
     * @param phone the terminal's phone number (its id at the platform), at most 12 digits
     */
    public static TerminalConnection open(String host, int port, String phone, Duration timeout) throws IOException {
        Objects.requireNonNull(phone, "phone");
        Header.v2013(MessageIds.HEARTBEAT, phone, 0); // a bad number fails here, before any connection
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), Math.toIntExact(timeout.toMillis()));
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            return new TerminalConnection(socket, phone);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a registration and returns the platform's 0x8100 answer to it. */
    public RegisterResponse register(org.dayuan.jtt808.Register register) throws IOException {
        Header sent = write(register);
        while (true) {
            Message m = readMessage();
            if (m.body() instanceof RegisterResponse r) {
                if (r.answeredSerial() != sent.serial()) {
                    throw new AnswerException("registration " + sent.serial() + " was answered for serial "
                            + r.answeredSerial());
                }
                return r;
            }
            unexpected(m, sent);
        }
    }

    /** Sends any other message (authentication, location, heartbeat ...) and returns the platform's 0x8001 to it. */
    public PlatformResponse send(Body body) throws IOException {
        if (body.id() == MessageIds.REGISTER) {
            throw new IllegalArgumentException("a registration is answered with 0x8100: use register()");
        }
        Header sent = write(body);
        while (true) {
            Message m = readMessage();
            if (m.body() instanceof PlatformResponse r) {
                if (r.answeredSerial() != sent.serial() || r.answeredId() != sent.msgId()) {
                    throw new AnswerException(String.format("message 0x%04x serial %d was answered for 0x%04x"
                            + " serial %d", sent.msgId(), sent.serial(), r.answeredId(), r.answeredSerial()));
                }
                return r;
            }
            unexpected(m, sent);
        }
    }

    /** Messages from the platform that were no answer, skipped so far. */
    public long skipped() {
        return skipped;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private Header write(Body body) throws IOException {
        serial = (serial + 1) & 0xFFFF;
        Header header = Header.v2013(body.id(), phone, serial);
        out.write(Jtt808.encode(header, body));
        out.flush();
        return header;
    }

    private void unexpected(Message m, Header sent) throws AnswerException {
        int id = m.header().msgId();
        if (id == MessageIds.PLATFORM_RESPONSE || id == MessageIds.REGISTER_RESPONSE) {
            throw new AnswerException(String.format("message 0x%04x serial %d was answered with 0x%04x",
                    sent.msgId(), sent.serial(), id));
        }
        skipped++;
    }

    private Message readMessage() throws IOException {
        byte[] bytes = readFrame();
        Message m;
        try {
            m = Jtt808.decodeMessage(bytes);
        } catch (FrameException e) {
            throw new AnswerException("the platform's answer is no valid frame: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // a sub-packet: the platform's answers are short and never cut
            throw new AnswerException("the platform answered in sub-packets: " + e.getMessage());
        }
        if (!Header.terminal(m.header().phone()).equals(Header.terminal(phone))) {
            throw new AnswerException("the platform answered terminal " + m.header().phone() + ", not " + phone);
        }
        return m;
    }

    /** The next whole frame on the stream; anything else the platform sends is a broken answer. */
    private byte[] readFrame() throws IOException {
        while (pieces.isEmpty()) {
            int n = in.read(chunk);
            if (n < 0) {
                throw new EOFException("the platform closed the connection");
            }
            pieces.addAll(splitter.feed(chunk, 0, n));
        }
        FrameSplitter.Piece piece = pieces.removeFirst();
        if (piece.refused() != null) {
            throw new AnswerException("the platform sent " + piece.bytes().length + " bytes that are no frame ("
                    + piece.refused() + ")");
        }
        return piece.bytes();
    }

    /** The platform answered, but not as the protocol says. */
    public static final class AnswerException extends IOException {
        private static final long serialVersionUID = 1L;

        public AnswerException(String message) {
            super(message);
        }
    }
}
