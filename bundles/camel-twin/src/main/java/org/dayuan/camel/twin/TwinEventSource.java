package org.dayuan.camel.twin;

import org.dayuan.twin.TwinEventListener;

/**
 * Where {@code twin:events} consumers get the registry's events: in Karaf, a {@link TwinEventListener} service
 * registered for the consumer's lifetime; in tests, the registry's announcer.
 */
@FunctionalInterface
public interface TwinEventSource {
    /** Starts delivering events to {@code listener}; closing the result stops it. */
    AutoCloseable subscribe(TwinEventListener listener);
}
