package org.dayuan.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Two keep-alive HTTP/1.1 clients for the load generator: {@link Raw} on a blocking socket with its own response
 * parser (Content-Length and chunked), and {@link Jdk} on {@code java.net.http.HttpClient}. The bench measures both
 * against the fixed-JSON servlet and uses the faster one, since the client shares the two cores with the server.
 * Neither is {@code HttpURLConnection}, whose chunked reader is known to be slow (STACK.md).
 */
final class HttpClients {
    /** Every request is authenticated, as every real one is: the figures include the authentication filter. */
    static final String AUTHORIZATION = "Basic " + java.util.Base64.getEncoder().encodeToString(
            (org.dayuan.itests.Dist.ADMIN + ":" + org.dayuan.itests.Dist.ADMIN_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
    private HttpClients() {
    }

    /** One connection's worth of client, used by one thread. */
    interface Client extends AutoCloseable {
        /** Sends a request and reads the whole response; returns the status. */
        int send(String method, String path, String contentType, byte[] body) throws IOException;

        /** The body of the last response (a copy). */
        byte[] lastBody();

        @Override
        void close();
    }

    /** Makes clients of one kind for one server. */
    interface Factory {
        Client open();

        String name();
    }

    static Factory raw(int port) {
        return new Factory() {
            @Override
            public Client open() {
                return new Raw(port);
            }

            @Override
            public String name() {
                return "raw-socket";
            }
        };
    }

    static Factory jdk(int port) {
        HttpClient shared = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return new Factory() {
            @Override
            public Client open() {
                return new Jdk(shared, port);
            }

            @Override
            public String name() {
                return "java.net.http.HttpClient";
            }
        };
    }

    /** HTTP/1.1 with keep-alive on a plain socket; reconnects (and retries once) when the server closed it. */
    static final class Raw implements Client {
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private byte[] body = new byte[16 * 1024];
        private int bodyLength;
        private final StringBuilder line = new StringBuilder(128);

        Raw(int port) {
            this.port = port;
        }

        @Override
        public int send(String method, String path, String contentType, byte[] requestBody) throws IOException {
            for (int attempt = 0; ; attempt++) {
                boolean fresh = socket == null;
                try {
                    if (socket == null) {
                        connect();
                    }
                    writeRequest(method, path, contentType, requestBody);
                    return readResponse();
                } catch (IOException e) {
                    close();
                    // A kept-alive connection the server closed meanwhile fails on first use: retry once afresh.
                    if (fresh || attempt > 0) {
                        throw e;
                    }
                }
            }
        }

        private void connect() throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setSoTimeout(30_000);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket = s;
            in = new BufferedInputStream(s.getInputStream(), 32 * 1024);
            out = new BufferedOutputStream(s.getOutputStream(), 8 * 1024);
        }

        private void writeRequest(String method, String path, String contentType, byte[] requestBody)
                throws IOException {
            StringBuilder b = new StringBuilder(160).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\nAuthorization: ")
                    .append(AUTHORIZATION).append("\r\n");
            if (requestBody != null) {
                b.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ")
                        .append(requestBody.length).append("\r\n");
            }
            b.append("\r\n");
            out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (requestBody != null) {
                out.write(requestBody);
            }
            out.flush();
        }

        private int readResponse() throws IOException {
            String status = readLine();
            if (status.length() < 12 || !status.startsWith("HTTP/")) {
                throw new IOException("Not an HTTP status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long contentLength = -1;
            boolean chunked = false;
            boolean closeAfter = status.startsWith("HTTP/1.0");
            for (String h = readLine(); !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase().contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    closeAfter = value.equalsIgnoreCase("close") || closeAfter && !value.equalsIgnoreCase("keep-alive");
                }
            }
            bodyLength = 0;
            if (code == 204 || code == 304 || code < 200) {
                // no body
            } else if (chunked) {
                for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
                    readInto((int) size);
                    readLine();
                }
                for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                    // trailers
                }
            } else if (contentLength >= 0) {
                readInto((int) contentLength);
            } else {
                for (int n; (n = in.read(ensure(8192), bodyLength, 8192)) > 0; ) {
                    bodyLength += n;
                }
                closeAfter = true;
            }
            if (closeAfter) {
                close();
            }
            return code;
        }

        private byte[] ensure(int more) {
            if (bodyLength + more > body.length) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + more));
            }
            return body;
        }

        private void readInto(int n) throws IOException {
            ensure(n);
            int end = bodyLength + n;
            while (bodyLength < end) {
                int r = in.read(body, bodyLength, end - bodyLength);
                if (r < 0) {
                    throw new EOFException("Connection closed inside a response body");
                }
                bodyLength += r;
            }
        }

        private String readLine() throws IOException {
            line.setLength(0);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("Connection closed by the server");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public byte[] lastBody() {
            return Arrays.copyOf(body, bodyLength);
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
        }
    }

    /** {@code java.net.http.HttpClient}, HTTP/1.1, one shared client (connection pool) for all threads. */
    static final class Jdk implements Client {
        private final HttpClient client;
        private final String base;
        private byte[] last = new byte[0];

        Jdk(HttpClient client, int port) {
            this.client = client;
            this.base = "http://127.0.0.1:" + port;
        }

        @Override
        public int send(String method, String path, String contentType, byte[] requestBody) throws IOException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, requestBody == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(requestBody));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            b.header("Authorization", AUTHORIZATION);
            try {
                HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                last = r.body() == null ? new byte[0] : r.body();
                return r.statusCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public byte[] lastBody() {
            return last.clone();
        }

        @Override
        public void close() {
            // the shared client keeps its pool
        }
    }

    /** One request with a fresh raw connection, for set-up and checks: status and body. */
    record Reply(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String sample() {
            String t = text();
            return status + " " + (t.length() > 300 ? t.substring(0, 300) + "..." : t);
        }
    }

    static Reply once(int port, String method, String path, String contentType, byte[] body) throws IOException {
        try (Raw c = new Raw(port)) {
            int status = c.send(method, path, contentType, body);
            return new Reply(status, c.lastBody());
        }
    }
}
