package org.dayuan.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class FleetPlanTest {
    static final SimVehicle PETROL = new SimVehicle("cz.wujin:vehicle-01", "013951200001", "苏D·12345",
            "cz.wujin:org-jgswj", SimVehicle.Energy.GASOLINE, 31.7002, 119.9404, 52000, 35, Double.NaN);
    static final SimVehicle ELECTRIC = new SimVehicle("cz.wujin:vehicle-02", "013951200002", "苏D·D08127",
            "cz.wujin:org-jgswj", SimVehicle.Energy.ELECTRIC, 31.7002, 119.9405, 18000, Double.NaN, 80);
    static final List<SimVehicle> CARS = List.of(PETROL, ELECTRIC);
    /** A Monday. */
    static final Instant MONDAY = TestCounty.local(2026, 12, 7, 0, 0);

    static FleetPlan plan(double trip, double night, long seed) {
        return new FleetPlan(CARS, new FleetPlan.Settings(trip, night, 36, Duration.ofMinutes(30)), seed);
    }

    @Test
    void aTripDrivesToItsPlaceAndBackAtPlausibleSpeeds() {
        FleetPlan.Trip t = plan(1, 0, 42).trips(MONDAY, MONDAY.plus(Duration.ofDays(1))).get(0);
        assertTrue(t.ordered());
        assertTrue(FleetPlan.PLACES.contains(t.place()));

        FleetPlan.Fix before = t.fixAt(t.depart().minusSeconds(1));
        assertEquals(new FleetPlan.Fix(t.vehicle().homeLat(), t.vehicle().homeLon(), 0, 0, false), before);
        Instant halfway = t.depart().plus(Duration.between(t.depart(), t.arrive()).dividedBy(2));
        FleetPlan.Fix out = t.fixAt(halfway);
        assertTrue(out.acc());
        assertEquals((t.vehicle().homeLat() + t.lat()) / 2, out.lat(), 1e-4);
        assertEquals((t.vehicle().homeLon() + t.lon()) / 2, out.lon(), 1e-4);
        assertTrue(out.speedKmh() >= 36 * 0.8 - 1 && out.speedKmh() <= 36 * 1.2 + 1, "speed " + out.speedKmh());
        assertEquals(FleetPlan.bearing(t.vehicle().homeLat(), t.vehicle().homeLon(), t.lat(), t.lon()),
                out.heading());
        FleetPlan.Fix there = t.fixAt(t.arrive().plusSeconds(60));
        assertEquals(new FleetPlan.Fix(t.lat(), t.lon(), 0, 0, false), there);
        FleetPlan.Fix home = t.fixAt(t.back());
        assertFalse(home.acc());
        assertEquals(t.vehicle().homeLat(), home.lat(), 1e-9);

        double km = Math.hypot(t.place().northKm(), t.place().eastKm());
        assertEquals(km * FleetPlan.ROAD_FACTOR, t.roadKm(), 0.06);
        assertEquals(0, t.kmAt(t.depart()), 1e-9);
        assertEquals(t.roadKm(), t.kmAt(t.leave()), 1e-9);
        assertEquals(2 * t.roadKm(), t.kmAt(t.back().plusSeconds(5)), 1e-9);
        Duration stay = Duration.between(t.arrive(), t.leave());
        assertTrue(stay.compareTo(FleetPlan.STAY_MIN) >= 0 && stay.compareTo(FleetPlan.STAY_MAX) <= 0);
    }

    @Test
    void orderedTripsRunOnWorkingDaysInsideTheirOrdersWindowAndACarHasOneTripAtATime() {
        FleetPlan plan = plan(0.5, 0.4, 7);
        List<FleetPlan.Trip> trips = plan.trips(MONDAY, MONDAY.plus(Duration.ofDays(28)));
        List<FleetPlan.Trip> ordered = trips.stream().filter(FleetPlan.Trip::ordered).toList();
        assertTrue(ordered.size() > 40, ordered.size() + " ordered trips in four weeks");
        for (FleetPlan.Trip t : ordered) {
            ZonedDateTime depart = t.depart().atZone(SimulatorConstants.ZONE);
            assertTrue(depart.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue(), "working day: " + depart);
            assertTrue(FleetPlan.DAY_SLOTS.stream().anyMatch(s -> !depart.toLocalTime().isBefore(s)
                    && !depart.toLocalTime().isAfter(s.plus(FleetPlan.DEPART_SPREAD))), "in a day slot: " + depart);
            assertTrue(t.plannedStart().isBefore(t.depart()) && t.plannedEnd().isAfter(t.back()), "window " + t);
            assertEquals(t.depart().minus(Duration.ofMinutes(30)), t.orderAt());
        }
        Map<String, List<FleetPlan.Trip>> byCar = trips.stream()
                .collect(Collectors.groupingBy(t -> t.vehicle().thingId()));
        for (List<FleetPlan.Trip> own : byCar.values()) {
            for (int i = 1; i < own.size(); i++) {
                assertFalse(own.get(i).depart().isBefore(own.get(i - 1).back()), "overlap " + own.get(i - 1)
                        + " and " + own.get(i));
            }
        }
        FleetPlan.Trip first = ordered.get(0);
        Instant during = first.arrive().plusSeconds(1);
        assertEquals(first, plan.tripAt(first.vehicle(), during).orElseThrow());
        assertTrue(plan.tripAt(first.vehicle(), first.back()).isEmpty());
    }

    @Test
    void nightTripsHaveNoOrderAndComeAtTheConfiguredRate() {
        FleetPlan plan = plan(0, 0.4, 11);
        List<FleetPlan.Trip> trips = plan.trips(MONDAY, MONDAY.plus(Duration.ofDays(700)));
        assertTrue(trips.stream().noneMatch(FleetPlan.Trip::ordered));
        // 700 nights at 0.4: 280 expected, the seeded draw lands within a few standard deviations (~13)
        assertTrue(trips.size() > 240 && trips.size() < 320, trips.size() + " night trips");
        for (FleetPlan.Trip t : trips) {
            LocalTime at = t.depart().atZone(SimulatorConstants.ZONE).toLocalTime();
            assertTrue(!at.isBefore(LocalTime.of(22, 0)) || !at.isAfter(LocalTime.of(3, 0)), "at night: " + at);
        }
        assertTrue(plan(0, 0, 11).trips(MONDAY, MONDAY.plus(Duration.ofDays(70))).isEmpty());
    }

    @Test
    void theSameSeedPlaysTheSameTrips() {
        Instant to = MONDAY.plus(Duration.ofDays(7));
        assertEquals(plan(0.3, 0.4, 42).trips(MONDAY, to), plan(0.3, 0.4, 42).trips(MONDAY, to));
        assertNotEquals(plan(0.3, 0.4, 42).trips(MONDAY, to), plan(0.3, 0.4, 43).trips(MONDAY, to));
        // a window cut in two gives the trips of the whole
        Instant mid = MONDAY.plus(Duration.ofHours(80));
        List<FleetPlan.Trip> whole = plan(0.3, 0.4, 42).trips(MONDAY, to);
        List<FleetPlan.Trip> halves = new java.util.ArrayList<>(plan(0.3, 0.4, 42).trips(MONDAY, mid));
        plan(0.3, 0.4, 42).trips(mid, to).stream().filter(t -> !halves.contains(t)).forEach(halves::add);
        assertEquals(whole, halves);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FleetPlan.Settings(1.5, 0, 36, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new FleetPlan.Settings(0.3, -0.1, 36, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new FleetPlan.Settings(0.3, 0.4, 5, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new FleetPlan.Settings(0.3, 0.4, 36, Duration.ofMinutes(-1)));
    }
}
