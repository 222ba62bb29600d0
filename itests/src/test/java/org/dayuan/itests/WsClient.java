package org.dayuan.itests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A Ditto Protocol client of /ws/2 for the tests: sends text frames, hands back what arrives, in order. */
final class WsClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    volatile int closeCode = -1;
    volatile String closeReason;

    WsClient(int port, String authorization) {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeCode = statusCode;
                closeReason = reason;
                return null;
            }
        };
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        socket = b.buildAsync(URI.create("ws://localhost:" + port + "/ws/2"), listener).join();
    }

    /** Sends one text frame; single quotes become double quotes, as in {@link Api}. */
    WsClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** The next text frame, as sent. */
    String nextText() {
        try {
            String t = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (t == null) {
                throw new AssertionError("No message within " + WAIT + " (close " + closeCode + " " + closeReason + ")");
            }
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame as JSON. */
    JsonNode next() {
        String t = nextText();
        try {
            return MAPPER.readTree(t);
        } catch (java.io.IOException e) {
            throw new AssertionError("Not JSON: " + t, e);
        }
    }

    /** Sends {@code envelope} (single quotes for double) and returns the next message. */
    JsonNode ask(String envelope) {
        return send(Api.q(envelope)).next();
    }

    /** Whether a frame is waiting, without waiting for one. */
    boolean idle() {
        return received.isEmpty();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
}
