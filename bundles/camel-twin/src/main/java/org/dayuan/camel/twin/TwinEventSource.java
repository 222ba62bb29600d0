package org.dayuan.camel.twin;

import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.TwinSubscriptions;

/**
 * Where {@code twin:events} consumers get the registry's events: in Karaf, the {@link TwinSubscriptions} service;
 * in tests, one over a registry in memory. It decides what the route's identity sees.
 */
@FunctionalInterface
public interface TwinEventSource {
    /** As {@link TwinSubscriptions#subscribe}; closing the result stops the deliveries. */
    Subscription subscribe(Caller caller, EventSelection selection, long afterSeq, SubscriptionListener listener);
}
