package org.dayuan.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Server-Sent Events client on a raw socket (HTTP/1.0, so the stream is not chunked), reading events on its own
 * thread as a browser's EventSource would.
 */
final class SseClient implements AutoCloseable {
    record Event(String id, String name, JsonNode data) {
    }

    private final Socket socket;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final int status;

    /** A stream opened as the distribution's admin. */
    SseClient(int port, String path, String... headers) throws IOException {
        this(Api.basic(Dist.ADMIN, Dist.ADMIN_PASSWORD), port, path, headers);
    }

    /** A stream opened with {@code authorization} as the Authorization header, none when null. */
    SseClient(String authorization, int port, String path, String... headers) throws IOException {
        socket = new Socket("127.0.0.1", port);
        StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n"
                + "Accept: text/event-stream\r\n");
        if (authorization != null) {
            req.append("Authorization: ").append(authorization).append("\r\n");
        }
        for (int i = 0; i < headers.length; i += 2) {
            req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        socket.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        status = Integer.parseInt(in.readLine().split(" ")[1]);
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            // response headers
        }
        Thread reader = new Thread(() -> read(in), "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(BufferedReader in) {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, name, Api.JSON.readTree(data.toString())));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = value(line);
                } else if (line.startsWith("event:")) {
                    name = value(line);
                } else if (line.startsWith("data:")) {
                    data.append(value(line));
                }
            }
        } catch (IOException closed) {
            // the stream ended
        }
    }

    /** A field's value: after the colon, less one space if there is one, as EventSource reads it. */
    private static String value(String line) {
        String v = line.substring(line.indexOf(':') + 1);
        return v.startsWith(" ") ? v.substring(1) : v;
    }

    /** The next event, or an AssertionError after {@code seconds}. */
    Event next(int seconds) throws InterruptedException {
        Event e = events.poll(seconds, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + seconds + " s");
        }
        return e;
    }

    /** Whether no event arrives within {@code millis}. */
    boolean quietFor(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
