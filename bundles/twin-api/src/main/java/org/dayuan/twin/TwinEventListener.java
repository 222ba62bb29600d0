package org.dayuan.twin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered as an OSGi service to receive every accepted change after it is durable, in journal order, on one
 * delivery thread. Must return quickly; slow work belongs on the listener's own executor.
 */
@ConsumerType
@FunctionalInterface
public interface TwinEventListener {
    void onEvent(TwinEvent event);
}
