package org.dayuan.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dayuan.gbt26875.Command;
import org.dayuan.gbt26875.Frame;
import org.dayuan.gbt26875.FrameException;
import org.dayuan.gbt26875.FrameSplitter;
import org.dayuan.gbt26875.Gbt26875;

/**
 * The monitoring centre's side for the tests: a real ServerSocket on a free local port that cuts what it receives
 * with the codec's splitter, decodes every frame with the codec's decoder (a frame it cannot decode fails the test
 * through {@link #errors}) and answers each as told by the next queued {@link Reply}, by default with a confirm.
 */
final class TestGateway implements AutoCloseable {
    enum Reply { CONFIRM, DENY, WRONG_SERIAL, HANG_UP }

    /** A decoded frame and the number (from 1) of the connection it came on. */
    record Received(int connection, Frame frame) {
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Thread acceptor;

    TestGateway() throws IOException {
        this(0);
    }

    TestGateway(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        acceptor = new Thread(this::accept, "test-gateway");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** How to answer the next frames, in order; after them, confirm. */
    TestGateway then(Reply... next) {
        replies.addAll(List.of(next));
        return this;
    }

    /** The next frame received, failing after 10 s (a frame that never comes; the time is no measurement). */
    Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no frame reached the gateway; errors: " + errors);
        }
        return r;
    }

    /** The next frame that is not a link test (send-data without data). */
    Received nextReport() throws InterruptedException {
        while (true) {
            Received r = next();
            if (r.frame().data() != null) {
                return r;
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                int n = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, n), "test-gateway-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        FrameSplitter splitter = new FrameSplitter();
        byte[] buffer = new byte[4096];
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (FrameSplitter.Piece piece : splitter.feed(buffer, 0, n)) {
                    if (piece.refused() != null) {
                        errors.add("bytes refused by the splitter: " + piece.refused());
                        continue;
                    }
                    Frame frame;
                    try {
                        frame = Gbt26875.decode(piece.bytes());
                    } catch (FrameException e) {
                        errors.add("undecodable frame: " + e.getMessage());
                        continue;
                    }
                    received.add(new Received(connection, frame));
                    Reply reply = replies.poll();
                    LocalDateTime now = LocalDateTime.of(2025, 6, 4, 10, 0, 1);
                    switch (reply == null ? Reply.CONFIRM : reply) {
                        case CONFIRM -> out.write(Gbt26875.encode(Frame.answer(header(frame), Command.CONFIRM, now)));
                        case DENY -> out.write(Gbt26875.encode(Frame.answer(header(frame), Command.DENY, now)));
                        case WRONG_SERIAL -> out.write(Gbt26875.encode(new Frame((frame.serial() + 7) & 0xFFFF, 1, 0,
                                now, frame.destination(), frame.source(), Command.CONFIRM, null)));
                        case HANG_UP -> {
                            return;
                        }
                    }
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away; the test looks at what arrived
        }
    }

    private static org.dayuan.gbt26875.Header header(Frame f) {
        return new org.dayuan.gbt26875.Header(f.serial(), f.versionMajor(), f.versionMinor(), f.time(), f.source(),
                f.destination(), f.data() == null ? 0 : f.data().size(), f.command().code());
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
