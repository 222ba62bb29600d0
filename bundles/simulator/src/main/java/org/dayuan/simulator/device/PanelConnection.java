package org.dayuan.simulator.device;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Objects;

import org.dayuan.gbt26875.Address;
import org.dayuan.gbt26875.Command;
import org.dayuan.gbt26875.DataUnit;
import org.dayuan.gbt26875.Frame;
import org.dayuan.gbt26875.FrameException;
import org.dayuan.gbt26875.FrameSplitter;
import org.dayuan.gbt26875.Gbt26875;

/**
 * One TCP connection of a transmission device to the monitoring centre, used the way the standard pairs frames: send
 * a send-data frame, wait for the answer with the same serial number (confirm or deny, addresses swapped). Frames the
 * centre sends on its own initiative (commands 1, 4) are skipped: the devices played here answer no queries. Not
 * thread-safe: one thread talks over a connection.
 */
public final class PanelConnection implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Address source;
    private final Address destination;
    private final FrameSplitter splitter = new FrameSplitter();
    private final ArrayDeque<FrameSplitter.Piece> pieces = new ArrayDeque<>();
    private final byte[] chunk = new byte[Gbt26875.MAX_FRAME];
    private int serial;
    private long skipped;

    private PanelConnection(Socket socket, Address source, Address destination) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.source = source;
        this.destination = destination;
    }

    /**
     * Connects; {@code timeout} bounds the connect and every wait for an answer.
     *
     * @param source      the transmission device's address
     * @param destination the centre's address
     */
    public static PanelConnection open(String host, int port, Address source, Address destination, Duration timeout)
            throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), Math.toIntExact(timeout.toMillis()));
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            return new PanelConnection(socket, source, destination);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The answer to one frame: the centre's reply, decoded and checked against what was sent. */
    public record Answer(Frame sent, Frame reply) {
        public boolean confirmed() {
            return reply.command() == Command.CONFIRM;
        }
    }

    /**
     * Sends {@code data} (null for none: a link test) in a send-data frame stamped {@code time} (the device's local
     * time) and returns the centre's answer.
     *
     * @throws AnswerException        if the centre answers with a frame that cannot be the answer (undecodable, another
     *                                serial number, addresses not swapped, neither confirm nor deny)
     * @throws java.net.SocketTimeoutException if no answer comes in time
     * @throws IOException            if the connection fails
     */
    public Answer send(DataUnit data, LocalDateTime time) throws IOException {
        Frame frame = Frame.sendData(nextSerial(), time, source, destination, data);
        out.write(Gbt26875.encode(frame));
        out.flush();
        while (true) {
            Frame reply = decode(readFrame());
            Command command = reply.command();
            if (command == Command.CONTROL || command == Command.REQUEST) {
                skipped++;
                continue;
            }
            if (command != Command.CONFIRM && command != Command.DENY) {
                throw new AnswerException("frame " + frame.serial() + " was answered with command " + command
                        + ", not confirm or deny");
            }
            if (reply.serial() != frame.serial()) {
                throw new AnswerException("frame " + frame.serial() + " was answered with serial number "
                        + reply.serial());
            }
            if (!reply.source().equals(destination) || !reply.destination().equals(source)) {
                throw new AnswerException("frame " + frame.serial() + " from " + source + " to " + destination
                        + " was answered from " + reply.source() + " to " + reply.destination());
            }
            return new Answer(frame, reply);
        }
    }

    /** Frames from the centre that were no answer (its own controls and requests), skipped so far. */
    public long skipped() {
        return skipped;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private int nextSerial() {
        serial = serial == 0xFFFF ? 1 : serial + 1;
        return serial;
    }

    private static Frame decode(byte[] bytes) throws AnswerException {
        try {
            return Gbt26875.decode(bytes);
        } catch (FrameException e) {
            throw new AnswerException("the centre's answer is no valid frame: " + e.getMessage());
        }
    }

    /** The next whole frame on the stream; anything else the centre sends is a broken answer. */
    private byte[] readFrame() throws IOException {
        while (pieces.isEmpty()) {
            int n = in.read(chunk);
            if (n < 0) {
                throw new EOFException("the centre closed the connection");
            }
            pieces.addAll(splitter.feed(chunk, 0, n));
        }
        FrameSplitter.Piece piece = pieces.removeFirst();
        if (piece.refused() != null) {
            throw new AnswerException("the centre sent " + piece.bytes().length + " bytes that are no frame ("
                    + piece.refused().code() + ")");
        }
        return piece.bytes();
    }

    /** The centre answered, but not as the protocol says. */
    public static final class AnswerException extends IOException {
        private static final long serialVersionUID = 1L;

        public AnswerException(String message) {
            super(message);
        }
    }
}
