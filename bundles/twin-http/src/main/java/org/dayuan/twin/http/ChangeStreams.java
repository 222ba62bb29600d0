package org.dayuan.twin.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Http;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinEventListener;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.spi.TwinJournal;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events of twin changes. Every event carries its journal position as the SSE {@code id}; a client
 * that reconnects with {@code Last-Event-ID} first gets what it missed, replayed from the journal, then the live
 * events, without gaps or repeats. Events arrive from the registry in journal order.
 */
@Component(service = {TwinEventListener.class, ChangeStreams.class}, configurationPid = "org.dayuan.streams")
@Designate(ocd = StreamConfig.class)
public final class ChangeStreams implements TwinEventListener {
    /** This module's own error: a new stream would pass the configured limits. */
    static final ErrorCode STREAMS_FULL = new ErrorCode("dayuan:streams.full", 503,
            "Too many change streams are open; close one or ask the operator to raise maxClients in org.dayuan.streams.");
    private static final Logger LOG = LoggerFactory.getLogger(ChangeStreams.class);

    private final TwinJournal journal;
    private final StreamConfig config;
    /**
     * Where the registry is looked up when a resume needs twin states. Not a DS reference: the registry binds this
     * listener while it activates, and any reference back to it, even an optional dynamic one, makes Felix report a
     * service cycle at every start.
     */
    private final BundleContext context;
    private final Set<StreamSubscription> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong opened = new AtomicLong();

    @Activate
    public ChangeStreams(@Reference TwinJournal journal, StreamConfig config, BundleContext context) {
        this.journal = journal;
        this.config = config;
        this.context = context;
    }

    @Deactivate
    void deactivate() {
        open.forEach(StreamSubscription::close);
    }

    @Override
    public void onEvent(TwinEvent event) {
        onEvent(event, Optional.empty());
    }

    @Override
    public void onEvent(TwinEvent event, Optional<Twin> after) {
        for (StreamSubscription s : open) {
            s.offer(event, after);
        }
    }

    /** How many streams are open now. */
    int openStreams() {
        return open.size();
    }

    /** What a stream sends before its live events; returns whether live events follow. */
    @FunctionalInterface
    interface Preamble {
        boolean send(StreamSubscription s) throws IOException;
    }

    /** The preamble for this request: what it missed after its {@code Last-Event-ID}, or nothing. */
    Preamble resumeFrom(HttpServletRequest req) {
        long after = lastEventId(req);
        return after < 0 ? s -> true : s -> {
            resume(s, after);
            return true;
        };
    }

    /**
     * Starts streaming to this request, first the {@code preamble} (subscribed already, so nothing committed
     * meanwhile is lost), then live events; returns at once, the stream goes on on its own thread.
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
            throw STREAMS_FULL.exception(all + " change streams are open, the configured most"
                    + " (maxClients in org.dayuan.streams).");
        }
        if (mine >= config.maxClientsPerUser()) {
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
        self[0] = new StreamSubscription(selection, resp.getOutputStream(), config.clientBufferEvents(),
                config.heartbeatSeconds(), () -> {
                    open.remove(self[0]);
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
        // Subscribe before replaying, so nothing committed meanwhile falls between replay and live events.
        open.add(self[0]);
        Thread writer = new Thread(() -> {
            boolean live;
            try {
                live = preamble.send(self[0]);
            } catch (IOException | RuntimeException e) {
                if (!(e instanceof IOException)) {
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

    /**
     * Sends the events after {@code afterSeq} from the journal. Replayed events are filtered and enriched with the
     * twins as they are now, since the journal keeps changes, not whole states. The work is bounded whatever the
     * caller may see: at most {@code maxResumeEvents} journal events are read, further back is a {@code reset}.
     */
    private void resume(StreamSubscription s, long afterSeq) {
        try {
            long behind = journal.lastSeq() - afterSeq;
            String reset = behind > config.maxResumeEvents() ? "Resuming after event " + afterSeq + " would replay "
                    + behind + " events, more than the " + config.maxResumeEvents() + " allowed."
                    : afterSeq < journal.historyHorizon().seq() ? "The events after " + afterSeq
                    + " were partly removed by retention." : null;
            if (reset != null) {
                ObjectNode body = Http.MAPPER.createObjectNode();
                body.put("status", 410);
                body.put("error", "dayuan:stream.reset");
                body.put("message", reset);
                body.put("description", "Read the twins again, then follow the live events that come next.");
                s.sendControl("reset", body);
                return;
            }
            ServiceReference<TwinRegistry> ref = context.getServiceReference(TwinRegistry.class);
            TwinRegistry states = ref == null ? null : context.getService(ref);
            try {
                journal.replay(afterSeq, e -> {
                    try {
                        // Only an event for this stream costs a state look-up and a write.
                        s.sendReplayed(e, states == null || !s.selection().concerns(e) ? Optional.empty()
                                : states.get(states.identity(), e.thingId()));
                    } catch (IOException gone) {
                        throw new UncheckedIOException(gone);
                    }
                });
            } finally {
                if (states != null) {
                    context.ungetService(ref);
                }
            }
        } catch (IOException | UncheckedIOException gone) {
            s.close();
        } catch (RuntimeException e) {
            LOG.warn("Resuming a change stream after event {} failed", afterSeq, e);
            s.close();
        }
    }
}
