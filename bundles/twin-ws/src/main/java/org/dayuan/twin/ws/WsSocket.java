package org.dayuan.twin.ws;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's side of one connection: frames in go to the {@link WsSession} on Jetty's thread; frames out wait in a
 * bounded queue and are sent one at a time with Jetty's asynchronous send, by a task on the shared writer pool. A
 * client that lets the queue fill is closed with {@link #CLOSE_TOO_SLOW}, so it slows neither writers nor others.
 */
final class WsSocket implements WebSocketListener, Outbox {
    /** Ditto and RFC 6455 "try again later": the client fell behind. */
    static final int CLOSE_TOO_SLOW = StatusCode.TRY_AGAIN_LATER;
    private static final Logger LOG = LoggerFactory.getLogger(WsSocket.class);

    private final BlockingQueue<Supplier<String>> queue;
    private final Executor writers;
    private final Runnable onClose;
    private final String subject;
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private WsSession protocol;
    private volatile Session session;
    /** Set before the connection ends when it ends for falling behind, so the end can be counted as a drop. */
    private volatile boolean droppedTooSlow;

    WsSocket(int queueMessages, Executor writers, String subject, Runnable onClose) {
        this.queue = new ArrayBlockingQueue<>(queueMessages);
        this.writers = writers;
        this.subject = subject;
        this.onClose = onClose;
    }

    void bind(WsSession session) {
        this.protocol = session;
    }

    @Override
    public void onWebSocketConnect(Session s) {
        this.session = s;
        drain();
    }

    @Override
    public void onWebSocketText(String message) {
        protocol.onText(message);
    }

    @Override
    public void onWebSocketBinary(byte[] payload, int offset, int len) {
        protocol.onText(new String(payload, offset, len, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        end();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebSocket of '{}' failed", subject, cause);
        end();
    }

    @Override
    public boolean offer(Supplier<String> frame) {
        if (closed.get()) {
            return false;
        }
        if (!queue.offer(frame)) {
            tooSlow();
            return false;
        }
        drain();
        return true;
    }

    /** Whether the connection was closed because the client fell behind. */
    boolean droppedTooSlow() {
        return droppedTooSlow;
    }

    private void tooSlow() {
        droppedTooSlow = true;
        Session s = session;
        LOG.warn("Closing the WebSocket of '{}': more than {} messages waited for it", subject,
                queue.size());
        if (s != null) {
            s.close(CLOSE_TOO_SLOW, "Client too slow: more than " + (queue.size() + queue.remainingCapacity())
                    + " messages waited to be sent; reconnect and read faster, or narrow the events.");
        }
        end();
    }

    /** Starts a writer task unless one is sending; the task sends the next frame, and the callback the one after. */
    private void drain() {
        if (session != null && !queue.isEmpty() && !closed.get() && sending.compareAndSet(false, true)) {
            writers.execute(this::sendNext);
        }
    }

    private void sendNext() {
        Supplier<String> next = queue.poll();
        Session s = session;
        if (next == null || s == null || closed.get()) {
            sending.set(false);
            drain();
            return;
        }
        String frame;
        try {
            frame = next.get();
        } catch (RuntimeException e) {
            LOG.error("A message to '{}' could not be rendered; it is left out", subject, e);
            writers.execute(this::sendNext);
            return;
        }
        s.getRemote().sendString(frame, new WriteCallback() {
            @Override
            public void writeFailed(Throwable x) {
                LOG.debug("Sending to '{}' failed", subject, x);
                sending.set(false);
                end();
            }

            @Override
            public void writeSuccess() {
                writers.execute(WsSocket.this::sendNext);
            }
        });
    }

    private void end() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            if (protocol != null) {
                protocol.close();
            }
            onClose.run();
        }
    }
}
