package org.dayuan.fleet.gateway;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** What one terminal (or, for frames no vehicle can be held to, nobody) has done since the gateway started. */
public final class TerminalStats {
    static final int RECENT = 20;

    /** A refused frame or piece: when, from which peer, the stable reason code and what was wrong. */
    public record Refusal(Instant at, String peer, String reason, String message) {
    }

    private volatile String peer;
    private volatile boolean connected;
    private volatile boolean authenticated;
    private volatile Instant lastFrame;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Deque<Refusal> recent = new ArrayDeque<>();

    public Optional<String> peer() {
        return Optional.ofNullable(peer);
    }

    /** A connection is open that last sent a frame of this terminal. */
    public boolean connected() {
        return connected;
    }

    /** That connection authenticated as this terminal. */
    public boolean authenticated() {
        return authenticated;
    }

    /** The last frame accepted. */
    public Optional<Instant> lastFrame() {
        return Optional.ofNullable(lastFrame);
    }

    public long framesOk() {
        return ok.get();
    }

    public long framesRefused() {
        return refused.get();
    }

    public synchronized List<Refusal> recent() {
        return List.copyOf(recent);
    }

    void seen(String from) {
        peer = from;
        connected = true;
    }

    void accepted(Instant at) {
        lastFrame = at;
        ok.incrementAndGet();
    }

    void authenticated(boolean value) {
        authenticated = value;
    }

    /** The connection of {@code from} closed: only the connection last seen counts, a newer one may be open. */
    boolean closed(String from) {
        if (from.equals(peer)) {
            connected = false;
            authenticated = false;
            return true;
        }
        return false;
    }

    synchronized void refuse(Refusal r) {
        refused.incrementAndGet();
        recent.addFirst(r);
        while (recent.size() > RECENT) {
            recent.removeLast();
        }
    }
}
