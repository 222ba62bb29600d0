package org.dayuan.twin;

import org.osgi.annotation.versioning.ProviderType;

/** One open {@link TwinSubscriptions} subscription; closing it stops the deliveries. */
@ProviderType
public interface Subscription extends AutoCloseable {
    /** Stops delivering; an event being delivered meanwhile may still arrive. Closing again does nothing. */
    @Override
    void close();
}
