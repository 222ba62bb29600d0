package org.dayuan.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import org.dayuan.jtt808.Location;
import org.dayuan.jtt808.LocationItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link FleetPlan}: what each car's terminal reports when. A parked car reports every {@code parked} with
 * ACC off; a car on a trip every {@code driving} with ACC on, its position along the way, speed and heading; a change
 * of ACC is reported at once. The odometer grows by the km driven, the tank empties by the car's consumption
 * (refilled to {@value #FULL_TANK} L before a trip that starts below {@value #RESERVE_LITRES} L) and the battery
 * discharges (a plug-in hybrid runs on it down to {@value #HYBRID_MIN_SOC} %, then on fuel); a car parked at home
 * charges {@value #CHARGE_PER_HOUR} % an hour up to {@value #CHARGED} %. Each ordered trip's order goes to the
 * {@link OrderDesk} once its time has come (again at the next tick if the desk failed). Not thread-safe: one thread
 * advances it.
 */
public final class FleetPlayer {
    private static final Logger LOG = LoggerFactory.getLogger(FleetPlayer.class);
    static final double FULL_TANK = 45;
    static final double RESERVE_LITRES = 10;
    static final double HYBRID_MIN_SOC = 20;
    static final double CHARGE_PER_HOUR = 10;
    static final double CHARGED = 90;
    static final int ALTITUDE = 5;

    /** Places the dispatch order of an ordered trip; must be idempotent (the same trip may come again). */
    @FunctionalInterface
    public interface OrderDesk {
        void place(FleetPlan.Trip trip, Instant at);
    }

    /** A car's readings as the player keeps them. */
    static final class Car {
        final SimVehicle vehicle;
        double odometer;
        double fuel;
        double soc;
        FleetPlan.Trip trip;
        double tripKm;
        Instant lastReport;
        boolean acc;

        Car(SimVehicle v) {
            vehicle = v;
            odometer = v.odometer();
            fuel = v.fuel();
            soc = v.soc();
        }
    }

    private final FleetPlan plan;
    private final BiConsumer<SimVehicle, Location> terminals;
    private final OrderDesk desk;
    private final Duration driving;
    private final Duration parked;
    private final Map<String, Car> cars = new HashMap<>();
    private final Set<String> placed = new HashSet<>();
    private Instant time;

    /**
     * @param terminals where a car's reports go (its terminal's queue)
     * @param start     the first reports are due at once; earlier orders and trips are not played
     */
    public FleetPlayer(FleetPlan plan, BiConsumer<SimVehicle, Location> terminals, OrderDesk desk, Duration driving,
                       Duration parked, Instant start) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.terminals = Objects.requireNonNull(terminals, "terminals");
        this.desk = Objects.requireNonNull(desk, "desk");
        if (driving.isNegative() || driving.isZero() || parked.compareTo(driving) < 0) {
            throw new IllegalArgumentException("Report intervals must be 0 < driving <= parked, were " + driving
                    + ", " + parked);
        }
        this.driving = driving;
        this.parked = parked;
        this.time = Objects.requireNonNull(start, "start");
        plan.vehicles().forEach(v -> cars.put(v.thingId(), new Car(v)));
    }

    /** Plays up to {@code now}: due orders, km driven, due reports. An instant not after the last one does nothing. */
    public void advanceTo(Instant now) {
        if (!now.isAfter(time) && !cars.values().stream().anyMatch(c -> c.lastReport == null)) {
            return;
        }
        List<FleetPlan.Trip> trips = plan.trips(time, now.plusMillis(1));
        for (FleetPlan.Trip t : trips) {
            if (t.ordered() && !t.orderAt().isAfter(now) && now.isBefore(t.back())) {
                String id = TripOrders.thingId(t);
                if (!placed.contains(id)) {
                    try {
                        desk.place(t, now);
                        placed.add(id);
                        LOG.info("Simulator: order {} for {} to {} from {} to {}", id, t.vehicle().thingId(),
                                t.place().name(), t.plannedStart(), t.plannedEnd());
                    } catch (RuntimeException e) {
                        LOG.warn("Simulator could not place order {}, trying again: {}", id, e.getMessage());
                    }
                }
            }
        }
        for (Car car : cars.values()) {
            Optional<FleetPlan.Trip> trip = trips.stream()
                    .filter(t -> t.vehicle().thingId().equals(car.vehicle.thingId()) && t.covers(now)).findFirst();
            drive(car, trip.orElse(null), now);
            FleetPlan.Fix fix = trip.map(t -> t.fixAt(now))
                    .orElse(new FleetPlan.Fix(car.vehicle.homeLat(), car.vehicle.homeLon(), 0, 0, false));
            Duration every = fix.acc() ? driving : parked;
            if (car.lastReport == null || fix.acc() != car.acc
                    || !now.isBefore(car.lastReport.plus(every))) {
                terminals.accept(car.vehicle, location(car, fix, now));
                car.lastReport = now;
                car.acc = fix.acc();
            }
        }
        time = now;
    }

    /** What the car's gauges say now (for tests and the log). */
    Car car(String thingId) {
        return cars.get(thingId);
    }

    /** Counts the km since the last tick, with their fuel and charge; charges a car at home. */
    private void drive(Car car, FleetPlan.Trip trip, Instant now) {
        if (car.trip != null && !car.trip.equals(trip)) {
            consume(car, 2 * car.trip.roadKm() - car.tripKm);
            LOG.info("Simulator: {} is back from {} ({} km)", car.vehicle.thingId(), car.trip.place().name(),
                    2 * car.trip.roadKm());
            car.trip = null;
        }
        if (trip != null && car.trip == null) {
            car.trip = trip;
            // a trip under way when the simulator starts counts from then
            car.tripKm = trip.kmAt(time);
            if (car.vehicle.energy().hasTank() && car.fuel < RESERVE_LITRES) {
                car.fuel = FULL_TANK;
            }
            LOG.info("Simulator: {} leaves for {}{}", car.vehicle.thingId(), trip.place().name(),
                    trip.ordered() ? "" : " without an order");
        }
        if (car.trip != null) {
            double km = car.trip.kmAt(now);
            consume(car, km - car.tripKm);
            car.tripKm = km;
        } else if (car.vehicle.energy().hasBattery() && car.soc < CHARGED) {
            double hours = Duration.between(time, now).toMillis() / 3_600_000.0;
            car.soc = Math.min(CHARGED, car.soc + CHARGE_PER_HOUR * hours);
        }
    }

    private static void consume(Car car, double km) {
        if (km <= 0) {
            return;
        }
        car.odometer += km;
        SimVehicle.Energy e = car.vehicle.energy();
        double onBattery = 0;
        if (e.hasBattery()) {
            double floor = e.hasTank() ? HYBRID_MIN_SOC : 0;
            onBattery = Math.min(km, Math.max(0, car.soc - floor) / e.socPerKm);
            car.soc = Math.max(floor, car.soc - onBattery * e.socPerKm);
        }
        if (e.hasTank()) {
            car.fuel = Math.max(0, car.fuel - (km - onBattery) * e.litresPer100Km / 100);
        }
    }

    private static Location location(Car car, FleetPlan.Fix fix, Instant now) {
        List<LocationItem> items = new ArrayList<>();
        items.add(LocationItem.mileage(Math.round(car.odometer * 10)));
        if (car.vehicle.energy().hasTank()) {
            items.add(LocationItem.fuel((int) Math.round(car.fuel * 10)));
        }
        if (car.vehicle.energy().hasBattery()) {
            items.add(LocationItem.soc((int) Math.round(car.soc)));
        }
        long status = Location.STATUS_FIXED | (fix.acc() ? Location.STATUS_ACC : 0);
        LocalDateTime local = LocalDateTime.ofInstant(now, SimulatorConstants.ZONE).truncatedTo(ChronoUnit.SECONDS);
        return Location.of(0, status, fix.lat(), fix.lon(), ALTITUDE, fix.speedKmh(), fix.heading(), local, items);
    }
}
