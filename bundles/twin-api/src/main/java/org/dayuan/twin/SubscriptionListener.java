package org.dayuan.twin;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the events of one {@link TwinSubscriptions#subscribe subscription}, in journal order, each once.
 *
 * <p>What {@code subscribe} delivers before it returns (the events missed since {@code afterSeq}, or a
 * {@link #reset}) arrives on the subscribing thread, which the listener may block, e.g. writing to a client. Later
 * events arrive on the registry's event thread: the listener must not block there, but queue them on its own terms
 * (its own bound, and what to do when that is full).
 */
@ConsumerType
public interface SubscriptionListener {
    /**
     * One event, with the twin's state after it (empty when the event deleted the twin). For an event missed and
     * replayed from the journal, the state is the twin's current one, since the journal keeps changes, not states.
     */
    void onEvent(TwinEvent event, Optional<Twin> after);

    /**
     * The events after the requested position cannot be delivered (too many, or removed by retention): the
     * subscriber should read the twins again; live events follow. {@code reason} says why, in a sentence.
     */
    void reset(String reason);
}
