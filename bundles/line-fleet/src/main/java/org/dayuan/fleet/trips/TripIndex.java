package org.dayuan.fleet.trips;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinSubscriptions;

/**
 * The active trip orders (dispatched or on trip) of every car, kept in memory from the registry's events: every
 * location report asks whether its car is out on an order, and a search per report would cost more than the report.
 *
 * <p>It subscribes before it searches, so an order changed during the first search is not missed; an entry is only
 * replaced by a newer revision of its order, so the search and the events may arrive in either order. Orders that
 * stopped being active stay as their last revision (a few hundred bytes each), so that a search started before they
 * ended cannot bring them back.
 */
public final class TripIndex implements SubscriptionListener, AutoCloseable {
    private final Map<TwinId, Trip> trips = new ConcurrentHashMap<>();
    private final TwinSearch search;
    private final Caller caller;
    private final Subscription subscription;

    public TripIndex(TwinSubscriptions subscriptions, TwinSearch search, Caller caller) {
        this.search = search;
        this.caller = caller;
        subscription = subscriptions.subscribe(caller, EventSelection.ALL, -1, this);
        reload();
    }

    private void reload() {
        String filter = "and(eq(definition," + TwinSearch.literal(Trip.MODEL) + "),in(attributes/state,"
                + String.join(",", Trip.ACTIVE.stream().sorted().map(TwinSearch::literal).toList()) + "))";
        search.all(caller, filter).forEach(t -> Trip.of(t).ifPresent(this::put));
    }

    /** The active orders naming {@code vehicle}, oldest planned start first. */
    public List<Trip> of(TwinId vehicle) {
        return trips.values().stream().filter(t -> t.active() && t.vehicle().filter(vehicle::equals).isPresent())
                .sorted((a, b) -> a.plannedStart().compareTo(b.plannedStart())).toList();
    }

    /** The active order under which {@code vehicle} may be moving at {@code at} (see {@link Trip#allows}). */
    public Optional<Trip> allowing(TwinId vehicle, Instant at, Duration grace) {
        return of(vehicle).stream().filter(t -> t.allows(at, grace)).findFirst();
    }

    @Override
    public void onEvent(TwinEvent event, Optional<Twin> after) {
        if (after.isEmpty()) {
            trips.remove(event.thingId());
            return;
        }
        Optional<Trip> trip = Trip.of(after.get());
        if (trip.isPresent()) {
            put(trip.get());
        } else {
            trips.remove(event.thingId()); // no longer a trip order at all
        }
    }

    private void put(Trip trip) {
        trips.merge(trip.id(), trip, (kept, next) -> kept.revision() > next.revision() ? kept : next);
    }

    /** Events were lost: read the orders again (from memory; the registry serves searches without the store). */
    @Override
    public void reset(String reason) {
        reload();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
