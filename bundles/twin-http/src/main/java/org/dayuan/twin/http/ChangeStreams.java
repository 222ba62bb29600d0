package org.dayuan.twin.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.metrics.MetricSink;
import org.dayuan.twin.metrics.MetricSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events of twin changes, over the twin subscriptions (which decide what the caller sees). Every event
 * carries its journal position as the SSE {@code id}; a client that reconnects with {@code Last-Event-ID} first gets
 * what it missed, then the live events, without gaps or repeats, or a {@code reset} event when that is too far back.
 */
@Component(service = {ChangeStreams.class, MetricSource.class}, configurationPid = "org.dayuan.streams")
@Designate(ocd = StreamConfig.class)
public final class ChangeStreams implements MetricSource {
    /** This module's own error: a new stream would pass the configured limits. */
    static final ErrorCode STREAMS_FULL = new ErrorCode("dayuan:streams.full", 503,
            "Too many change streams are open; close one or ask the operator to raise maxClients in org.dayuan.streams.");
    private static final Logger LOG = LoggerFactory.getLogger(ChangeStreams.class);

    private final TwinSubscriptions subscriptions;
    private final StreamConfig config;
    private final Set<StreamSubscription> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong opened = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();

    @Activate
    public ChangeStreams(@Reference TwinSubscriptions subscriptions, StreamConfig config) {
        this.subscriptions = subscriptions;
        this.config = config;
    }

    @Deactivate
    void deactivate() {
        open.forEach(StreamSubscription::close);
    }

    /** How many streams are open now. */
    int openStreams() {
        return open.size();
    }

    @Override
    public void collect(MetricSink sink) {
        sink.gauge("dayuan_sse_clients", "Change streams (Server-Sent Events) open now.", open.size());
        sink.counter("dayuan_sse_clients_opened_total", "Change streams opened.", opened.get());
        sink.counter("dayuan_sse_clients_dropped_total", "Change streams disconnected because the client fell too"
                + " far behind (overflow).", dropped.sum());
        sink.counter("dayuan_sse_clients_refused_total", "Change streams refused because maxClients or"
                + " maxClientsPerUser were reached.", refused.sum());
    }

    /** What a stream sends before its live events; returns whether live events follow. */
    @FunctionalInterface
    interface Preamble {
        boolean send(StreamSubscription s) throws IOException;
    }

    /** The preamble for this request: follow from after its {@code Last-Event-ID}, or only new events. */
    Preamble resumeFrom(HttpServletRequest req) {
        long after = lastEventId(req);
        return s -> {
            s.follow(after);
            return true;
        };
    }

    /**
     * Starts streaming to this request, first the {@code preamble} (which subscribes the stream), then live events;
     * returns at once, the stream goes on on its own thread.
     */
    void open(HttpServletRequest req, HttpServletResponse resp, StreamSelection selection, Preamble preamble)
            throws IOException {
        synchronized (open) {
            // Checked and added under one lock, so concurrent requests of one user cannot pass the limit together.
            admit(selection.caller().subject());
            start(req, resp, selection, preamble);
        }
    }

    /** Refuses a stream over the limits: all streams, and one user's (so one user cannot take every slot). */
    private void admit(String subject) {
        int all = 0;
        int mine = 0;
        for (StreamSubscription s : open) {
            if (!s.isClosed()) {
                all++;
                if (s.subject().equals(subject)) {
                    mine++;
                }
            }
        }
        if (all >= config.maxClients()) {
            refused.increment();
            throw STREAMS_FULL.exception(all + " change streams are open, the configured most"
                    + " (maxClients in org.dayuan.streams).");
        }
        if (mine >= config.maxClientsPerUser()) {
            refused.increment();
            throw STREAMS_FULL.exception("'" + subject + "' has " + mine + " change streams open, the most"
                    + " one user may (maxClientsPerUser in org.dayuan.streams); close one first.");
        }
    }

    private void start(HttpServletRequest req, HttpServletResponse resp, StreamSelection selection, Preamble preamble)
            throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        StreamSubscription[] self = new StreamSubscription[1];
        self[0] = new StreamSubscription(selection, subscriptions, resp.getOutputStream(), config.clientBufferEvents(),
                config.heartbeatSeconds(), () -> {
                    open.remove(self[0]);
                    if (self[0].overflowed()) {
                        dropped.increment();
                    }
                    try {
                        async.complete();
                    } catch (IllegalStateException alreadyDone) {
                        // the container completed it when the client went away
                    }
                });
        // The container tells of errors and time-outs (not of a client that silently went away: heartbeats find it).
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                release(self[0]);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                release(self[0]);
            }

            @Override
            public void onError(AsyncEvent event) {
                release(self[0]);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        open.add(self[0]);
        Thread writer = new Thread(() -> {
            boolean live;
            try {
                live = preamble.send(self[0]);
            } catch (IOException | RuntimeException e) {
                if (!(e instanceof IOException || e instanceof UncheckedIOException)) {
                    LOG.warn("The start of a change stream failed", e);
                }
                live = false;
            }
            if (!live) {
                self[0].close();
            }
            self[0].run();
        }, "dayuan-sse-" + opened.incrementAndGet());
        writer.setDaemon(true);
        writer.start();
    }

    /** Frees the slot of a stream the container ended, and stops its writer. */
    private void release(StreamSubscription s) {
        s.close();
        open.remove(s);
    }

    private static long lastEventId(HttpServletRequest req) {
        String id = req.getHeader("Last-Event-ID");
        if (id == null || id.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw ErrorCode.PARAMETER_INVALID.exception("The Last-Event-ID <" + id + "> is not an event id of"
                    + " this stream.");
        }
    }
}
