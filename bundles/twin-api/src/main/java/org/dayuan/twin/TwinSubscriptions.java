package org.dayuan.twin;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Twin events as one caller sees them, live and resumed: the one way HTTP streams, {@code twin:events} routes and
 * lines follow changes. Only events of twins the caller {@link Caller#sees sees} are delivered, narrowed by an
 * {@link EventSelection}; organisation scoping is applied here, once, for every subscriber.
 */
@ProviderType
public interface TwinSubscriptions {
    /**
     * Subscribes {@code listener} to the events {@code caller} sees that {@code selection} selects.
     *
     * <p>With {@code afterSeq < 0} only live events follow. Otherwise the listener first gets the events stored after
     * journal position {@code afterSeq}, then the live ones, without gap or repeat. When that is further back than
     * the configured bound ({@code maxResumeEvents} of {@code org.dayuan.subscriptions}, counting every journal event,
     * whether for this caller or not), behind what retention kept, or beyond the journal's end, the listener gets
     * {@link SubscriptionListener#reset} instead, then the live events. Replayed events are selected by the twins'
     * current state; a replayed deletion of a whole twin goes to every subscriber that sees the twin, whatever its
     * filter.
     *
     * @return the subscription, open until closed
     */
    Subscription subscribe(Caller caller, EventSelection selection, long afterSeq, SubscriptionListener listener);
}
