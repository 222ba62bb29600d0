package org.dayuan.twin.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.spi.TwinJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TwinSubscriptions} over the registry's announcements and the journal, free of OSGi. Announcements are
 * handed to {@code delivery} (one thread, so in journal order) and there matched against every subscription: the
 * caller's scope, the selection, and the filter on the twin after the change, or before it for a deletion.
 *
 * <p>A live subscription gets what is made visible after it subscribed. A resuming one is registered before the journal is read, so nothing committed meanwhile is missed;
 * live events that arrive while it replays wait in its own queue and follow the replay, those already replayed
 * skipped.
 */
public final class Subscriptions implements TwinSubscriptions, Announcer {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
    /** Live events held for a subscription while it replays, at least; beyond it the subscriber gets a reset. */
    private static final int MIN_PENDING = 1000;

    private final TwinJournal journal;
    private final Registry states;
    private final int maxResumeEvents;
    private final Executor delivery;
    private final Set<Sub> open = ConcurrentHashMap.newKeySet();

    /**
     * @param states          where replayed events find their twins' current state
     * @param maxResumeEvents the most journal events a resume may read; further back is a reset
     * @param delivery        runs the matching and the live deliveries, one task at a time, in order
     */
    public Subscriptions(TwinJournal journal, Registry states, int maxResumeEvents, Executor delivery) {
        this.journal = journal;
        this.states = states;
        this.maxResumeEvents = maxResumeEvents;
        this.delivery = delivery;
    }

    @Override
    public void announce(TwinEvent event, Optional<Twin> before, Optional<Twin> after) {
        try {
            delivery.execute(() -> {
                for (Sub s : open) {
                    s.live(event, before, after);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // The service is being stopped, and its subscriptions with it; the registry's write goes on.
        }
    }

    /** Subscriptions open now. */
    public int size() {
        return open.size();
    }

    /** Closes every subscription. */
    public void closeAll() {
        open.forEach(Sub::close);
    }

    @Override
    public Subscription subscribe(Caller caller, EventSelection selection, long afterSeq,
                                  SubscriptionListener listener) {
        Sub s = new Sub(caller, selection, listener, afterSeq >= 0);
        open.add(s);
        if (afterSeq < 0) {
            // Live: what was made visible before now may still be on its way to the delivery thread; not for this one.
            s.skipUpTo(states.lastSeq());
            return s;
        }
        try {
            long last = journal.lastSeq();
            String reset = resetReason(afterSeq, last);
            if (reset == null) {
                s.replay(afterSeq);
            } else {
                // What is stored by now is in what the subscriber reads again.
                s.reset(reset, last);
            }
            s.catchUp();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Why resuming after {@code afterSeq} is refused, or null when it is not. */
    private String resetReason(long afterSeq, long last) {
        if (afterSeq > last) {
            return "There is no event " + afterSeq + "; the last stored is " + last + ".";
        }
        if (last - afterSeq > maxResumeEvents) {
            return "Resuming after event " + afterSeq + " would replay " + (last - afterSeq)
                    + " events, more than the " + maxResumeEvents + " allowed.";
        }
        if (afterSeq < journal.historyHorizon().seq()) {
            return "The events after " + afterSeq + " were partly removed by retention.";
        }
        return null;
    }

    private record Item(TwinEvent event, Optional<Twin> after) {
    }

    /** Ends a replay early: the subscription was closed or its pending queue overflowed. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private final class Sub implements Subscription {
        private final Caller caller;
        private final EventSelection selection;
        private final SubscriptionListener listener;
        private final int maxPending = Math.max(MIN_PENDING, maxResumeEvents);
        /** Live events held while the subscription replays; null once it is live. Guarded by {@code this}. */
        private ArrayDeque<Item> pending;
        private boolean overflowed;
        /** Events up to here were delivered; live ones at or below it are not delivered again. */
        private long deliveredUpTo = Long.MIN_VALUE;
        private volatile boolean closed;

        Sub(Caller caller, EventSelection selection, SubscriptionListener listener, boolean resuming) {
            this.caller = caller;
            this.selection = selection;
            this.listener = listener;
            this.pending = resuming ? new ArrayDeque<>() : null;
        }

        /** On the delivery thread. */
        void live(TwinEvent e, Optional<Twin> before, Optional<Twin> after) {
            if (closed || !caller.sees(e.thingId()) || !selection.selects(e)
                    || !matches(e.deletesTwin() ? before : after)) {
                return;
            }
            synchronized (this) {
                if (pending != null) {
                    if (pending.size() >= maxPending) {
                        overflowed = true;
                    } else {
                        pending.add(new Item(e, after));
                    }
                    return;
                }
                if (e.seq() <= deliveredUpTo) {
                    return;
                }
                deliveredUpTo = e.seq();
            }
            try {
                listener.onEvent(e, after);
            } catch (RuntimeException failure) {
                LOG.warn("Subscriber {} of {} failed on event {} of {}", listener, caller.subject(), e.seq(),
                        e.thingId(), failure);
            }
        }

        private boolean matches(Optional<Twin> twin) {
            return selection.filter().isEmpty() || twin.map(selection.filter().get()::test).orElse(false);
        }

        /** On the subscribing thread: the journal's events after {@code afterSeq}. */
        void replay(long afterSeq) {
            synchronized (this) {
                deliveredUpTo = afterSeq;
            }
            long[] upTo = {afterSeq};
            try {
                journal.replay(afterSeq, e -> {
                    if (closed || overflowed()) {
                        throw new Stop();
                    }
                    if (caller.sees(e.thingId()) && selection.selects(e)) {
                        // A deletion's state before is not at hand: it goes to whoever sees the twin.
                        Optional<Twin> now = e.deletesTwin() ? Optional.empty() : states.get(caller, e.thingId());
                        if (e.deletesTwin() || matches(now)) {
                            listener.onEvent(e, now);
                        }
                    }
                    upTo[0] = e.seq();
                });
            } catch (Stop stopped) {
                // closed (nothing more to do) or overflowed (catchUp sends the reset)
            }
            synchronized (this) {
                deliveredUpTo = upTo[0];
            }
        }

        synchronized void skipUpTo(long seq) {
            deliveredUpTo = seq;
        }

        private synchronized boolean overflowed() {
            return overflowed;
        }

        /** Tells the subscriber to read the twins again; live events after {@code upTo} follow. */
        void reset(String reason, long upTo) {
            synchronized (this) {
                deliveredUpTo = upTo;
            }
            listener.reset(reason);
        }

        /** On the subscribing thread: delivers what arrived meanwhile, then lets live events through directly. */
        void catchUp() {
            while (!closed) {
                List<Item> batch;
                boolean lost;
                synchronized (this) {
                    lost = overflowed;
                    overflowed = false;
                    if (lost) {
                        pending.clear();
                    }
                    if (!lost && pending.isEmpty()) {
                        pending = null;
                        return;
                    }
                    batch = new ArrayList<>(pending);
                    pending.clear();
                }
                if (lost) {
                    reset("More than " + maxPending + " new events arrived while the missed ones were replayed.",
                            Long.MIN_VALUE);
                    continue;
                }
                for (Item item : batch) {
                    long seq = item.event().seq();
                    boolean fresh;
                    synchronized (this) {
                        fresh = seq > deliveredUpTo;
                        if (fresh) {
                            deliveredUpTo = seq;
                        }
                    }
                    if (fresh) {
                        listener.onEvent(item.event(), item.after());
                    }
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            open.remove(this);
        }
    }
}
