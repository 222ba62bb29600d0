package org.dayuan.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dayuan.jtt808.Authenticate;
import org.dayuan.jtt808.FrameException;
import org.dayuan.jtt808.FrameSplitter;
import org.dayuan.jtt808.Jtt808;
import org.dayuan.jtt808.Message;
import org.dayuan.jtt808.MessageIds;
import org.dayuan.jtt808.PlatformResponse;
import org.dayuan.jtt808.RegisterResponse;

/**
 * The fleet gateway's side for the tests, built from the codec: a real ServerSocket on a free local port that cuts
 * what it receives with the codec's splitter and decodes every message (one it cannot decode fails the test through
 * {@link #errors}). A registration is answered 0x8100 with code {@link #CODE}; an authentication 0x8001, ok when it
 * carries that code; anything else 0x8001 ok; unless the next queued {@link Reply} says otherwise.
 */
final class TestTerminalGateway implements AutoCloseable {
    static final String CODE = "AUTH-7f3a";

    enum Reply { NORMAL, REFUSE, FAIL, WRONG_SERIAL, HANG_UP }

    /** A decoded message and the number (from 1) of the connection it came on. */
    record Received(int connection, Message message, long nanos) {
        int id() {
            return message.header().msgId();
        }
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private int serial;

    TestTerminalGateway() throws IOException {
        this(0);
    }

    TestTerminalGateway(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread acceptor = new Thread(this::accept, "test-fleet-gateway");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** How to answer the next messages, in order; after them, normally. */
    TestTerminalGateway then(Reply... next) {
        replies.addAll(List.of(next));
        return this;
    }

    /** The next message received, failing after 10 s (a message that never comes; the time is no measurement). */
    Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no message reached the gateway; errors: " + errors);
        }
        return r;
    }

    /** The next message with this id, skipping others (heartbeats, say). */
    Received next(int msgId) throws InterruptedException {
        while (true) {
            Received r = next();
            if (r.id() == msgId) {
                return r;
            }
        }
    }

    /** Drops every connection now, as a gateway restarting would. */
    void dropAll() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                int n = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, n), "test-fleet-gateway-" + n);
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
                if (socket.isClosed()) {
                    // dropped meanwhile: a read under way may still return what came after the close
                    return;
                }
                for (FrameSplitter.Piece piece : splitter.feed(buffer, 0, n)) {
                    if (piece.refused() != null) {
                        errors.add("bytes refused by the splitter: " + piece.refused());
                        continue;
                    }
                    Message m;
                    try {
                        m = Jtt808.decodeMessage(piece.bytes());
                    } catch (FrameException e) {
                        errors.add("undecodable message: " + e.getMessage());
                        continue;
                    }
                    received.add(new Received(connection, m, System.nanoTime()));
                    Reply reply = replies.poll();
                    if (reply == Reply.HANG_UP) {
                        return;
                    }
                    out.write(answer(m, reply == null ? Reply.NORMAL : reply));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away; the test looks at what arrived
        }
    }

    private synchronized byte[] answer(Message m, Reply reply) {
        int mine = ++serial;
        int answered = reply == Reply.WRONG_SERIAL ? (m.header().serial() + 7) & 0xFFFF : m.header().serial();
        if (m.header().msgId() == MessageIds.REGISTER) {
            RegisterResponse r = reply == Reply.REFUSE || reply == Reply.FAIL
                    ? new RegisterResponse(answered, RegisterResponse.NO_SUCH_VEHICLE, null)
                    : new RegisterResponse(answered, RegisterResponse.OK, CODE);
            return Jtt808.encode(m.header().answer(MessageIds.REGISTER_RESPONSE, mine), r);
        }
        int result = PlatformResponse.OK;
        if (reply == Reply.REFUSE || reply == Reply.FAIL
                || m.body() instanceof Authenticate a && !a.code().equals(CODE)) {
            result = PlatformResponse.FAILURE;
        }
        return Jtt808.encode(m.header().answer(MessageIds.PLATFORM_RESPONSE, mine),
                new PlatformResponse(answered, m.header().msgId(), result));
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
    }
}
