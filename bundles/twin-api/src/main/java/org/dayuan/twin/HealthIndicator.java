package org.dayuan.twin;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A part of Dayuan that can be down while the rest runs, such as the MQTT ingestion's connection to its broker, or
 * that needs a while after its start before it serves, such as a line replaying its history. Registered as a
 * service, it is reported by {@code GET /api/health}: one part down makes the whole DOWN (503); otherwise one part
 * not yet ready makes it STARTING (503), so a client that waits for UP finds every part serving.
 */
@ConsumerType
public interface HealthIndicator {
    /** The part's name as health shows it, e.g. {@code mqtt-ingestion}. */
    String name();

    /** Empty while the part works; otherwise why not, in a sentence an operator can act on. */
    Optional<String> problem();

    /**
     * False while the part is still starting (users being written, history being replayed, routes not yet
     * started); a part with a {@link #problem()} is down whatever this says. A part that serves from its start
     * need not override it.
     */
    default boolean ready() {
        return true;
    }
}
