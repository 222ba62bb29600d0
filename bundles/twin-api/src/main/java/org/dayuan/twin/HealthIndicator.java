package org.dayuan.twin;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A part of Dayuan that can be down while the rest runs, such as the MQTT ingestion's connection to its broker.
 * Registered as a service, it is reported by {@code GET /api/health}: one part down makes the whole DOWN (503).
 */
@ConsumerType
public interface HealthIndicator {
    /** The part's name as health shows it, e.g. {@code mqtt-ingestion}. */
    String name();

    /** Empty while the part works; otherwise why not, in a sentence an operator can act on. */
    Optional<String> problem();
}
