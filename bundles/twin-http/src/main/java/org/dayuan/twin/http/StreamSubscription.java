package org.dayuan.twin.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Http;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;

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
final class StreamSubscription {
    private record Item(TwinEvent event, Optional<Twin> after) {
    }

    /** An SSE comment: clients ignore it, and writing it finds a connection that has gone. */
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);

    private final StreamSelection selection;
    private final OutputStream out;
    private final BlockingQueue<Item> queue;
    private final int heartbeatSeconds;
    private final Runnable onClose;
    private volatile boolean overflowed;
    private volatile boolean closed;
    /** The thread in {@link #run}, woken by {@link #close}. */
    private volatile Thread writer;
    /** Events with a seq up to here were already sent by the resume replay. */
    private volatile long sentUpTo;

    StreamSubscription(StreamSelection selection, OutputStream out, int buffer, int heartbeatSeconds,
                       Runnable onClose) {
        this.selection = selection;
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(buffer);
        this.heartbeatSeconds = heartbeatSeconds;
        this.onClose = onClose;
    }

    /** Called on the event thread: never blocks. Events that cannot be for this stream are not queued. */
    void offer(TwinEvent event, Optional<Twin> after) {
        if (!closed && !overflowed && selection.concerns(event) && !queue.offer(new Item(event, after))) {
            overflowed = true;
        }
    }

    boolean isClosed() {
        return closed;
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
        Optional<ObjectNode> payload = selection.render(event, state);
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
                            Optional<ObjectNode> payload = selection.render(item.event(), item.after());
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
            closed = true;
            onClose.run();
        }
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    static byte[] frame(long id, String event, ObjectNode data) throws IOException {
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
