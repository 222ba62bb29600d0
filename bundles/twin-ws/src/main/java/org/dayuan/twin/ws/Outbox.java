package org.dayuan.twin.ws;

import java.util.function.Supplier;

/**
 * Where a session's outgoing frames go: a bounded queue drained by a writer, never by the caller's thread. A frame
 * is a supplier so that an event is rendered as JSON by the writer, not on the registry's event thread.
 */
interface Outbox {
    /**
     * Queues one text frame without blocking; when the queue is full the connection is closed as too slow and
     * {@code false} returned.
     */
    boolean offer(Supplier<String> frame);
}
