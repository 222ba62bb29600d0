package org.dayuan.twin;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The twin store as health reports show it, published by twin-core for the store its registry runs on, so that a
 * reporter such as {@code GET /api/health} needs neither the store nor its SPI. The store is not a
 * {@link HealthIndicator} part: health reports it in fields of its own.
 */
@ProviderType
public interface StoreHealth {
    /** Whether the store answers right now; when it does not, Dayuan is DOWN. */
    boolean isHealthy();

    /**
     * The store's kind, then where it is, without credentials, e.g. {@code h2 file:/var/dayuan/twins} or
     * {@code jdbc:postgresql://db:5432/dayuan}. The kind is the text before the first space or colon; where it is
     * tells about the machine, so it is for administrators only.
     */
    String describe();

    /**
     * The store's figures for operators ({@code queuedAppends}, {@code lastSeq}, {@code snapshotAgeSeconds},
     * {@code eventsSinceSnapshot}), by name; empty when the store keeps none.
     */
    default Map<String, Number> figures() {
        return Map.of();
    }
}
