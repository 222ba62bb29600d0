package org.dayuan.twin;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered as an OSGi service to receive every accepted change after it is durable, in journal order, on one
 * delivery thread. Must return quickly; slow work belongs on the listener's own executor.
 */
@ConsumerType
@FunctionalInterface
public interface TwinEventListener {
    void onEvent(TwinEvent event);

    /**
     * The event with the twin as it was right after it (empty when the event deleted the twin), for listeners that
     * filter or enrich by state; by default just {@link #onEvent(TwinEvent)}.
     */
    default void onEvent(TwinEvent event, Optional<Twin> after) {
        onEvent(event);
    }
}
