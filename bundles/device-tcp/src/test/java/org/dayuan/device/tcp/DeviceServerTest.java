package org.dayuan.device.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server over real sockets with a toy protocol (lines of text, answered upper-cased; "quiet" gets no answer): a
 * line cut across writes and two glued in one, each connection with its own splitter, the limit, the idle timeout,
 * every close reported, and a port already taken.
 */
class DeviceServerTest {
    private final BlockingQueue<String> closed = new LinkedBlockingQueue<>();
    private final List<DeviceServer<String>> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(DeviceServer::close);
    }

    private DeviceServer<String> start(int port, int max, int idle) {
        DeviceServer<String> server = new DeviceServer<>(new DefaultCamelContext(),
                new DeviceServer.Settings("toy-gateway", "127.0.0.1", port, max, idle, 0), String.class, Lines::new,
                (peer, line) -> line.equals("quiet") ? null
                        : (line.toUpperCase() + "\n").getBytes(StandardCharsets.US_ASCII), closed::add);
        servers.add(server);
        return server;
    }

    @Test
    void piecesAreAnsweredPerConnectionAndClosesReported() throws Exception {
        int port = freePort();
        DeviceServer<String> server = start(port, 4, 0);
        assertTrue(server.ready(), server.problem().orElse(""));
        try (Socket a = socket(port); Socket b = socket(port)) {
            write(a, "he");
            write(b, "other\n");
            assertEquals("OTHER", readLine(b));
            write(a, "llo\nquiet\nwor");
            write(a, "ld\n");
            assertEquals("HELLO", readLine(a), "a line cut across writes, its own splitter per connection");
            assertEquals("WORLD", readLine(a), "nothing was sent for 'quiet'");
            assertEquals(2, server.connections());
        }
        assertFalse(closed.poll(5, TimeUnit.SECONDS).isEmpty());
        assertFalse(closed.poll(5, TimeUnit.SECONDS).isEmpty());
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndSilentOnesTimeOut() throws Exception {
        int port = freePort();
        start(port, 1, 1);
        try (Socket first = socket(port)) {
            write(first, "ping\n");
            assertEquals("PING", readLine(first), "the first is served");
            try (Socket second = socket(port)) {
                assertEquals(-1, second.getInputStream().read(), "beyond the limit: closed");
            }
            long start = System.nanoTime();
            assertEquals(-1, first.getInputStream().read(), "silent for the idle timeout: closed");
            assertTrue(System.nanoTime() - start > 100_000_000L, "closed by the timeout, not at once");
        }
        assertTrue(closed.poll(5, TimeUnit.SECONDS).startsWith("127.0.0.1:"));
        assertTrue(closed.poll(5, TimeUnit.SECONDS).startsWith("127.0.0.1:"));
    }

    @Test
    void aPortInUseIsTheProblemNotAnException() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            DeviceServer<String> server = start(taken.getLocalPort(), 1, 0);
            assertFalse(server.ready());
            assertTrue(server.problem().orElseThrow().startsWith("toy-gateway cannot listen on 127.0.0.1:"
                    + taken.getLocalPort()), server.problem().orElseThrow());
        }
    }

    @Test
    void peersAreNamedWithoutNettysSlash() {
        assertEquals("10.0.0.7:5000", DeviceServer.peer("/10.0.0.7:5000"));
        assertEquals("null", DeviceServer.peer(null));
    }

    /** The toy protocol's splitter: text up to each newline; the rest waits for more bytes. */
    private static final class Lines implements DeviceServer.Splitter<String> {
        private final StringBuilder pending = new StringBuilder();

        @Override
        public List<String> feed(byte[] bytes) {
            pending.append(new String(bytes, StandardCharsets.US_ASCII));
            List<String> out = new ArrayList<>();
            for (int nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
                out.add(pending.substring(0, nl));
                pending.delete(0, nl + 1);
            }
            return out;
        }
    }

    private static Socket socket(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("closed before a whole line");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
