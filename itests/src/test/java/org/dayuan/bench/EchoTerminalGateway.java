package org.dayuan.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

import org.dayuan.jtt808.FrameException;
import org.dayuan.jtt808.FrameSplitter;
import org.dayuan.jtt808.Jtt808;
import org.dayuan.jtt808.Message;
import org.dayuan.jtt808.MessageIds;
import org.dayuan.jtt808.PlatformResponse;
import org.dayuan.jtt808.RegisterResponse;

/**
 * The fleet bench's baseline: the least a JT/T 808 platform does, built from the codec on one NIO thread. It cuts
 * each connection's bytes into frames, decodes every message fully, and answers a registration with 0x8100 (a fixed
 * code) and anything else with 0x8001 ok; no twin, no binding, no storage.
 */
final class EchoTerminalGateway implements AutoCloseable {
    static final String CODE = "echo";

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean closed;
    private volatile long undecodable;
    private int serial;

    EchoTerminalGateway() throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::run, "bench-fleet-echo");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.socket().getLocalPort();
    }

    long undecodable() {
        return undecodable;
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        byte[] bytes = new byte[buffer.capacity()];
        while (!closed) {
            try {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        SocketChannel c;
                        while ((c = server.accept()) != null) {
                            c.configureBlocking(false);
                            c.socket().setTcpNoDelay(true);
                            c.register(selector, SelectionKey.OP_READ, new FrameSplitter());
                        }
                    } else if (key.isReadable()) {
                        read(key, buffer, bytes);
                    }
                }
            } catch (IOException e) {
                if (!closed) {
                    undecodable++;
                }
            }
        }
    }

    private void read(SelectionKey key, ByteBuffer buffer, byte[] bytes) {
        SocketChannel c = (SocketChannel) key.channel();
        try {
            buffer.clear();
            int n = c.read(buffer);
            if (n < 0) {
                key.cancel();
                c.close();
                return;
            }
            buffer.flip();
            buffer.get(bytes, 0, n);
            for (FrameSplitter.Piece piece : ((FrameSplitter) key.attachment()).feed(bytes, 0, n)) {
                if (piece.refused() != null) {
                    undecodable++;
                    continue;
                }
                Message m;
                try {
                    m = Jtt808.decodeMessage(piece.bytes());
                } catch (FrameException e) {
                    undecodable++;
                    continue;
                }
                serial = (serial + 1) & 0xFFFF;
                byte[] answer = m.header().msgId() == MessageIds.REGISTER
                        ? Jtt808.encode(m.header().answer(MessageIds.REGISTER_RESPONSE, serial),
                                new RegisterResponse(m.header().serial(), RegisterResponse.OK, CODE))
                        : Jtt808.encode(m.header().answer(MessageIds.PLATFORM_RESPONSE, serial),
                                PlatformResponse.to(m.header(), PlatformResponse.OK));
                ByteBuffer out = ByteBuffer.wrap(answer);
                while (out.hasRemaining()) {
                    // an answer is a few dozen bytes: the socket's buffer takes it at once but for a stalled client
                    c.write(out);
                }
            }
        } catch (IOException e) {
            key.cancel();
            try {
                c.close();
            } catch (IOException ignored) {
                // gone either way
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        selector.close();
    }
}
