package org.dayuan.fleet.trips;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.dayuan.fleet.track.TrackPoint;
import org.dayuan.fleet.track.Tracks;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSubscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a dispatched order when its car is seen moving: the first location report, measured within the order's
 * planned window widened by the grace, whose speed exceeds the threshold, or which has ACC on and lies more than the
 * set distance from the car's first ACC-on report of that window. {@code actual.start} is the report's terminal
 * time, and the log names the line as the one who started it.
 *
 * <p>Reports arrive on the subscription's delivery thread; the writes they cause run on {@code work}, so the
 * delivery never waits for the registry.
 */
public final class TripStarter implements SubscriptionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TripStarter.class);

    private final TripIndex index;
    private final TripStore store;
    private final Duration grace;
    private final double speedKmh;
    private final double movedKm;
    private final Executor work;
    /** Per car: its first ACC-on report while dispatched, what "moved" is measured from; dropped at ACC off. */
    private final Map<TwinId, TrackPoint> anchors = new ConcurrentHashMap<>();
    private final Subscription subscription;

    public TripStarter(TwinSubscriptions subscriptions, TripIndex index, TripStore store, Duration grace,
                       double speedKmh, int movedMeters, Executor work) {
        this.index = index;
        this.store = store;
        this.grace = grace;
        this.speedKmh = speedKmh;
        this.movedKm = movedMeters / 1000.0;
        this.work = work;
        EventSelection vehicles = new EventSelection(Set.of(), Set.of(),
                Set.of(TwinEvent.Type.MODIFIED, TwinEvent.Type.MERGED),
                Optional.of(t -> t.definition().filter(d -> d.startsWith("dayuan:Vehicle:")).isPresent()));
        subscription = subscriptions.subscribe(store.identity(), vehicles, -1, this);
    }

    @Override
    public void onEvent(TwinEvent event, Optional<Twin> after) {
        if (after.isEmpty() || !Tracks.touchesLocation(event.path())) {
            return;
        }
        Optional<TrackPoint> point = after.get().get(Tracks.LOCATION).flatMap(TrackPoint::of);
        if (point.isEmpty()) {
            return;
        }
        TwinId car = event.thingId();
        TrackPoint p = point.get();
        Optional<Trip> order = index.of(car).stream()
                .filter(t -> Trip.DISPATCHED.equals(t.state()))
                .filter(t -> !p.at().isBefore(t.plannedStart().minus(grace))
                        && !p.at().isAfter(t.plannedEnd().plus(grace)))
                .findFirst();
        if (order.isEmpty()) {
            anchors.remove(car);
            return;
        }
        Optional<String> why = moving(car, p);
        if (why.isPresent()) {
            anchors.remove(car);
            TwinId id = order.get().id();
            work.execute(() -> {
                try {
                    store.startByReport(id, p.at(), why.get())
                            .ifPresent(t -> LOG.info("Trip order {} started by {}'s report at {}: {}", id, car,
                                    p.at(), why.get()));
                } catch (RuntimeException e) {
                    LOG.warn("Trip order {} could not be started by {}'s report at {}: {}", id, car, p.at(),
                            e.toString());
                }
            });
        }
    }

    private Optional<String> moving(TwinId car, TrackPoint p) {
        if (p.speed() > speedKmh) {
            return Optional.of(String.format(Locale.ROOT, "定位报告显示车辆行驶 / report shows the car moving at"
                    + " %.1f km/h", p.speed()));
        }
        if (!p.acc()) {
            anchors.remove(car);
            return Optional.empty();
        }
        TrackPoint anchor = anchors.computeIfAbsent(car, c -> p);
        double km = anchor.kmTo(p);
        if (km > movedKm) {
            return Optional.of(String.format(Locale.ROOT, "点火后移动 / moved %.0f m with ACC on", km * 1000));
        }
        return Optional.empty();
    }

    @Override
    public void reset(String reason) {
        anchors.clear(); // the next reports anchor again; a missed report only delays the start
    }

    @Override
    public void close() {
        subscription.close();
    }
}
