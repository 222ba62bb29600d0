package org.dayuan.simulator;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * When the county's cars drive where: a deterministic story from the seed, so a restarted simulator tells the same
 * one. On working days, in each of three day slots (08:00, 11:00, 14:00 local time), each car makes an ordered trip
 * with probability {@code tripProbability}: an order is placed {@code orderLead} before departure, the car leaves
 * within half an hour of the slot's start, drives to one of the named places, stays 20-75 minutes and comes back.
 * Each night (22:00-03:00) with probability {@code nightTripProbability} one car makes the same kind of trip without
 * an order. A trip always ends before the next slot begins, so a car never has two at once.
 */
public final class FleetPlan {
    /** Day slots of ordered trips, local time; three hours apart, longer than any trip. */
    static final List<LocalTime> DAY_SLOTS = List.of(LocalTime.of(8, 0), LocalTime.of(11, 0), LocalTime.of(14, 0));
    static final LocalTime NIGHT_START = LocalTime.of(22, 0);
    static final Duration NIGHT_SPREAD = Duration.ofHours(5);
    static final Duration DEPART_SPREAD = Duration.ofMinutes(30);
    static final Duration STAY_MIN = Duration.ofMinutes(20);
    static final Duration STAY_MAX = Duration.ofMinutes(75);
    /** Roads wind: km driven per km as the crow flies. */
    static final double ROAD_FACTOR = 1.25;
    /** The planned window's margins around the trip, as a dispatcher books it. */
    static final Duration PLANNED_BEFORE = Duration.ofMinutes(10);
    static final Duration PLANNED_AFTER = Duration.ofMinutes(20);

    /** A named place, north and east of the cars' home in km, and why one goes there. */
    public record Place(String name, double northKm, double eastKm, String purpose) {
    }

    /** The places around the demo campus (武进区), a few km away. */
    public static final List<Place> PLACES = List.of(
            new Place("湖塘镇人民政府", 2.6, 1.4, "镇街工作督查"),
            new Place("武进人民医院", 3.4, -1.8, "公务联络"),
            new Place("武进国家高新区管委会", -3.9, 2.7, "项目现场调研"),
            new Place("牛塘镇人民政府", 1.2, -4.6, "防汛检查"),
            new Place("西太湖生态休闲区", -1.5, -7.8, "生态环境执法检查"),
            new Place("淹城遗址公园", 6.1, 3.0, "文旅项目协调会"),
            new Place("武进区行政服务中心", 0.9, 2.2, "会议"));

    /** The scenario's settings. */
    public record Settings(double tripProbability, double nightTripProbability, double speedKmh, Duration orderLead) {
        public Settings {
            if (!(tripProbability >= 0 && tripProbability <= 1)) {
                throw new IllegalArgumentException("fleet.tripProbability must be 0-1, was " + tripProbability);
            }
            if (!(nightTripProbability >= 0 && nightTripProbability <= 1)) {
                throw new IllegalArgumentException("fleet.nightTripProbability must be 0-1, was "
                        + nightTripProbability);
            }
            if (!(speedKmh >= 25 && speedKmh <= 80)) {
                throw new IllegalArgumentException("fleet.speedKmh must be 25-80, was " + speedKmh);
            }
            if (orderLead.isNegative() || orderLead.compareTo(Duration.ofHours(8)) > 0) {
                throw new IllegalArgumentException("fleet.orderLeadMinutes must be 0-480, was " + orderLead);
            }
        }
    }

    /** A position, speed (km/h, 0 when still) and heading (degrees clockwise from north) at an instant. */
    public record Fix(double lat, double lon, double speedKmh, int heading, boolean acc) {
    }

    /**
     * One trip: out from home at {@code depart}, at the destination from {@code arrive} to {@code leave}, home again at
     * {@code back}; {@code roadKm} each way.
     */
    public record Trip(SimVehicle vehicle, boolean ordered, Place place, double lat, double lon, Instant depart,
                       Instant arrive, Instant leave, Instant back, double roadKm, Duration orderLead) {
        /** When the order is placed (ordered trips only). */
        public Instant orderAt() {
            return depart.minus(orderLead);
        }

        public Instant plannedStart() {
            return depart.minus(PLANNED_BEFORE);
        }

        public Instant plannedEnd() {
            return back.plus(PLANNED_AFTER);
        }

        /** Whether the car is out (driving or at the destination) at {@code t}. */
        public boolean covers(Instant t) {
            return !t.isBefore(depart) && t.isBefore(back);
        }

        /** Km driven on this trip by {@code t}: 0 before it, {@code 2 roadKm} after it. */
        public double kmAt(Instant t) {
            if (!t.isAfter(depart)) {
                return 0;
            }
            if (t.isBefore(arrive)) {
                return roadKm * fraction(depart, arrive, t);
            }
            if (t.isBefore(leave)) {
                return roadKm;
            }
            if (t.isBefore(back)) {
                return roadKm * (1 + fraction(leave, back, t));
            }
            return 2 * roadKm;
        }

        /** Where the car is at {@code t} (home before and after the trip). */
        public Fix fixAt(Instant t) {
            double homeLat = vehicle.homeLat();
            double homeLon = vehicle.homeLon();
            if (t.isBefore(depart) || !t.isBefore(back)) {
                return new Fix(homeLat, homeLon, 0, 0, false);
            }
            if (t.isBefore(arrive)) {
                double f = fraction(depart, arrive, t);
                return new Fix(homeLat + (lat - homeLat) * f, homeLon + (lon - homeLon) * f,
                        speed(depart, arrive), bearing(homeLat, homeLon, lat, lon), true);
            }
            if (t.isBefore(leave)) {
                return new Fix(lat, lon, 0, 0, false);
            }
            double f = fraction(leave, back, t);
            return new Fix(lat + (homeLat - lat) * f, lon + (homeLon - lon) * f, speed(leave, back),
                    bearing(lat, lon, homeLat, homeLon), true);
        }

        private double speed(Instant from, Instant to) {
            return roadKm / (Duration.between(from, to).toMillis() / 3_600_000.0);
        }

        private static double fraction(Instant from, Instant to, Instant t) {
            return Math.min(1, Math.max(0, (double) Duration.between(from, t).toMillis()
                    / Duration.between(from, to).toMillis()));
        }
    }

    private final List<SimVehicle> vehicles;
    private final Settings settings;
    private final long seed;

    /** @param vehicles the cars played, in a stable order (the seed picks them by index) */
    public FleetPlan(List<SimVehicle> vehicles, Settings settings, long seed) {
        this.vehicles = List.copyOf(vehicles);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.seed = seed;
    }

    public List<SimVehicle> vehicles() {
        return vehicles;
    }

    /** The trips whose order or departure falls in {@code [from, to)} or that are under way then, by departure. */
    public List<Trip> trips(Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, SimulatorConstants.ZONE).minusDays(1);
        LocalDate last = LocalDate.ofInstant(to.plus(settings.orderLead()), SimulatorConstants.ZONE);
        List<Trip> trips = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (Trip t : tripsOf(day)) {
                Instant start = t.ordered() ? t.orderAt() : t.depart();
                if (start.isBefore(to) && t.back().isAfter(from)) {
                    trips.add(t);
                }
            }
        }
        trips.sort(Comparator.comparing(Trip::depart));
        return trips;
    }

    /** The trip the car is out on at {@code t}, if any. */
    public Optional<Trip> tripAt(SimVehicle vehicle, Instant t) {
        return trips(t, t.plusMillis(1)).stream().filter(x -> x.vehicle().equals(vehicle) && x.covers(t)).findFirst();
    }

    /** The day's ordered trips (working days) and the night's unordered one (starting that evening), if any. */
    List<Trip> tripsOf(LocalDate day) {
        List<Trip> out = new ArrayList<>();
        if (vehicles.isEmpty()) {
            return out;
        }
        boolean working = day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
        if (working) {
            for (int slot = 0; slot < DAY_SLOTS.size(); slot++) {
                for (int v = 0; v < vehicles.size(); v++) {
                    Random r = random('D', day.toEpochDay() * 16 + slot, v);
                    if (r.nextDouble() < settings.tripProbability()) {
                        Instant start = day.atTime(DAY_SLOTS.get(slot)).atZone(SimulatorConstants.ZONE).toInstant();
                        out.add(trip(vehicles.get(v), true, start, DEPART_SPREAD, r));
                    }
                }
            }
        }
        Random r = random('N', day.toEpochDay(), 0);
        if (r.nextDouble() < settings.nightTripProbability()) {
            SimVehicle v = vehicles.get(r.nextInt(vehicles.size()));
            Instant start = day.atTime(NIGHT_START).atZone(SimulatorConstants.ZONE).toInstant();
            out.add(trip(v, false, start, NIGHT_SPREAD, r));
        }
        return out;
    }

    private Trip trip(SimVehicle v, boolean ordered, Instant slotStart, Duration spread, Random r) {
        Place place = PLACES.get(r.nextInt(PLACES.size()));
        Instant depart = slotStart.plusSeconds(r.nextInt((int) spread.toSeconds() + 1));
        double lat = v.homeLat() + place.northKm() / 111.32;
        double lon = v.homeLon() + place.eastKm() / (111.32 * Math.cos(Math.toRadians(v.homeLat())));
        double roadKm = Math.round(Math.hypot(place.northKm(), place.eastKm()) * ROAD_FACTOR * 10) / 10.0;
        // each leg at 80-120 % of the average speed, whole seconds
        long outSeconds = Math.round(roadKm / (settings.speedKmh() * (0.8 + 0.4 * r.nextDouble())) * 3600);
        long backSeconds = Math.round(roadKm / (settings.speedKmh() * (0.8 + 0.4 * r.nextDouble())) * 3600);
        long stay = STAY_MIN.toSeconds() + r.nextInt((int) (STAY_MAX.toSeconds() - STAY_MIN.toSeconds()) + 1);
        Instant arrive = depart.plusSeconds(Math.max(60, outSeconds));
        Instant leave = arrive.plusSeconds(stay);
        Instant back = leave.plusSeconds(Math.max(60, backSeconds));
        return new Trip(v, ordered, place, lat, lon, depart, arrive, leave, back, roadKm, settings.orderLead());
    }

    private Random random(char kind, long k, int vehicle) {
        return new Random(LoadProfile.mix(seed ^ LoadProfile.mix(kind * 1_000_003L + k * 131 + vehicle)));
    }

    /** Degrees clockwise from north, 0-359, from one point to another (flat earth: a few km). */
    static int bearing(double lat1, double lon1, double lat2, double lon2) {
        double north = lat2 - lat1;
        double east = (lon2 - lon1) * Math.cos(Math.toRadians(lat1));
        int deg = (int) Math.round(Math.toDegrees(Math.atan2(east, north)));
        return ((deg % 360) + 360) % 360;
    }
}
