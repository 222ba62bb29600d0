package org.dayuan.twin.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Http;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinSubscriptions;

/**
 * One open stream: a bounded queue the event thread offers to without ever blocking, and one writer thread that
 * drains it to the client, flushing once per batch. A client that lets the queue fill up is told so and
 * disconnected, so no client slows the registry or the other clients.
 *
 * <p>A client that has gone is only noticed when something is written to it (the container does not watch an idle
 * connection), so the writer sends a heartbeat comment whenever it has written nothing for {@code heartbeatSeconds},
 * however many events for others pass by: a write to a closed connection fails, at the latest on the second
 * heartbeat, and the stream ends.
 */
final class StreamSubscription implements SubscriptionListener {
    private record Item(TwinEvent event, Optional<Twin> after) {
    }

    /** An SSE comment: clients ignore it, and writing it finds a connection that has gone. */
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);

    private final StreamSelection selection;
    private final TwinSubscriptions subscriptions;
    private final OutputStream out;
    private final BlockingQueue<Item> queue;
    private final int heartbeatSeconds;
    private final Runnable onClose;
    private volatile boolean overflowed;
    private volatile boolean closed;
    /** The thread in {@link #run}, woken by {@link #close}. */
    private volatile Thread writer;
    /** Events with a seq up to here were already sent by the replay. */
    private volatile long sentUpTo;
    /** The thread subscribing: what it is handed (the missed events, a reset) is written at once, not queued. */
    private volatile Thread subscribing;
    private volatile Subscription subscription;

    StreamSubscription(StreamSelection selection, TwinSubscriptions subscriptions, OutputStream out, int buffer,
                       int heartbeatSeconds, Runnable onClose) {
        this.selection = selection;
        this.subscriptions = subscriptions;
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(buffer);
        this.heartbeatSeconds = heartbeatSeconds;
        this.onClose = onClose;
    }

    /**
     * Follows the events this stream's caller sees: after journal position {@code afterSeq} (the missed ones written
     * now, on this thread), or only new ones when it is negative. Live events are queued for {@link #run}.
     */
    void follow(long afterSeq) throws IOException {
        subscribing = Thread.currentThread();
        try {
            subscription = subscriptions.subscribe(selection.caller(), selection.events(), afterSeq, this);
        } catch (UncheckedIOException gone) {
            throw gone.getCause();
        } finally {
            subscribing = null;
        }
        if (closed) {
            subscription.close();
        }
    }

    /** Live events: on the registry's event thread, so never blocks. Events not at this stream's resource are not queued. */
    @Override
    public void onEvent(TwinEvent event, Optional<Twin> after) {
        if (Thread.currentThread() == subscribing) {
            try {
                sendReplayed(event, after);
            } catch (IOException gone) {
                throw new UncheckedIOException(gone);
            }
        } else if (!closed && !overflowed && selection.concerns(event) && !queue.offer(new Item(event, after))) {
            overflowed = true;
        }
    }

    /** Only while subscribing (the subscriptions send a reset nowhere else): tells the client to read again. */
    @Override
    public void reset(String reason) {
        ObjectNode body = Http.MAPPER.createObjectNode();
        body.put("status", 410);
        body.put("error", "dayuan:stream.reset");
        body.put("message", reason);
        body.put("description", "Read the twins again, then follow the live events that come next.");
        try {
            sendControl("reset", body);
        } catch (IOException gone) {
            throw new UncheckedIOException(gone);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Whether the client fell so far behind that the stream was ended with an {@code overflow} event. */
    boolean overflowed() {
        return overflowed;
    }

    /** Who opened it, for the per-user limit. */
    String subject() {
        return selection.caller().subject();
    }

    StreamSelection selection() {
        return selection;
    }

    /** Ends the stream: the writer stops now rather than at its next heartbeat. */
    void close() {
        closed = true;
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        Thread w = writer;
        if (w != null && w != Thread.currentThread()) {
            w.interrupt();
        }
    }

    /** Sends one event now, on the writer thread (used by the resume replay before the live queue is drained). */
    void sendReplayed(TwinEvent event, Optional<Twin> state) throws IOException {
        if (closed) {
            throw new IOException("The stream was closed during the replay.");
        }
        Optional<JsonNode> payload = selection.render(event, state);
        if (payload.isPresent()) {
            write(frame(event.seq(), null, payload.get()));
        }
        sentUpTo = event.seq();
    }

    /** {@link #sendReplayed} for sinks that cannot throw; true while the client is there. */
    boolean sendReplayedUnchecked(TwinEvent event, Optional<Twin> state) {
        try {
            sendReplayed(event, state);
            return true;
        } catch (IOException gone) {
            closed = true;
            return false;
        }
    }

    /** Sends a named control event ({@code reset}, {@code overflow}) with a Ditto-style JSON body. */
    void sendControl(String name, ObjectNode body) throws IOException {
        write(frame(-1, name, body));
        out.flush();
    }

    /** The writer loop: runs until the client goes away, overflows, or the stream is closed. */
    void run() {
        writer = Thread.currentThread();
        try {
            out.flush();
            List<Item> batch = new ArrayList<>();
            long heartbeat = TimeUnit.SECONDS.toNanos(heartbeatSeconds);
            long lastWrite = System.nanoTime();
            while (!closed) {
                long wait = heartbeat - (System.nanoTime() - lastWrite);
                Item first = wait <= 0 ? null : queue.poll(wait, TimeUnit.NANOSECONDS);
                if (overflowed) {
                    ObjectNode body = Http.MAPPER.createObjectNode();
                    body.put("status", 503);
                    body.put("error", "dayuan:stream.overflow");
                    body.put("message", "This client fell more than " + (queue.size() + queue.remainingCapacity())
                            + " events behind and is disconnected.");
                    body.put("description", "Reconnect with the Last-Event-ID header to resume where it stopped.");
                    sendControl("overflow", body);
                    return;
                }
                boolean wrote = false;
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                    for (Item item : batch) {
                        if (item.event().seq() > sentUpTo) {
                            Optional<JsonNode> payload = selection.render(item.event(), item.after());
                            if (payload.isPresent()) {
                                write(frame(item.event().seq(), null, payload.get()));
                                wrote = true;
                            }
                        }
                    }
                    batch.clear();
                }
                if (!wrote && System.nanoTime() - lastWrite >= heartbeat) {
                    write(HEARTBEAT);
                    wrote = true;
                }
                if (wrote) {
                    out.flush();
                    lastWrite = System.nanoTime();
                }
            }
        } catch (IOException gone) {
            // The client went away; nothing to tell it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed: end the stream
        } finally {
            close();
            onClose.run();
        }
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    static byte[] frame(long id, String event, JsonNode data) throws IOException {
        StringBuilder b = new StringBuilder();
        if (event != null) {
            b.append("event: ").append(event).append('\n');
        }
        if (id >= 0) {
            b.append("id: ").append(id).append('\n');
        }
        b.append("data: ").append(Http.MAPPER.writeValueAsString(data)).append("\n\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
