package org.dayuan.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.jtt808.Location;
import org.dayuan.jtt808.LocationItem;
import org.junit.jupiter.api.Test;

class FleetPlayerTest {
    record Sent(SimVehicle vehicle, Location location) {
    }

    final List<Sent> sent = new ArrayList<>();
    final List<FleetPlan.Trip> orders = new ArrayList<>();

    FleetPlayer player(FleetPlan plan, Instant start, FleetPlayer.OrderDesk desk) {
        return new FleetPlayer(plan, (v, l) -> sent.add(new Sent(v, l)), desk, Duration.ofSeconds(10),
                Duration.ofMinutes(5), start);
    }

    List<Location> of(SimVehicle v) {
        return sent.stream().filter(s -> s.vehicle().equals(v)).map(Sent::location).toList();
    }

    @Test
    void anOrderedTripIsOrderedThenDrivenThereAndBackWithTheGaugesGoingDown() {
        FleetPlan plan = FleetPlanTest.plan(1, 0, 42);
        FleetPlan.Trip trip = plan.trips(FleetPlanTest.MONDAY, FleetPlanTest.MONDAY.plus(Duration.ofDays(1))).stream()
                .filter(t -> t.vehicle().equals(FleetPlanTest.PETROL)).findFirst().orElseThrow();
        Instant start = trip.orderAt().minusSeconds(60);
        FleetPlayer player = player(plan, start, (t, at) -> {
            assertFalse(at.isBefore(t.orderAt()));
            assertTrue(at.isBefore(t.depart()));
            orders.add(t);
        });
        for (Instant t = start; !t.isAfter(trip.back().plusSeconds(600)); t = t.plusSeconds(1)) {
            player.advanceTo(t);
        }
        assertTrue(orders.contains(trip));
        assertEquals(orders.size(), orders.stream().distinct().count(), "each order placed once");

        List<Location> reports = of(FleetPlanTest.PETROL);
        List<Location> driving = reports.stream().filter(Location::acc).toList();
        long seconds = Duration.between(trip.depart(), trip.arrive()).toSeconds()
                + Duration.between(trip.leave(), trip.back()).toSeconds();
        // every 10 s on the road, and an ACC change reported at once
        assertTrue(Math.abs(driving.size() - seconds / 10) <= 4, driving.size() + " reports for " + seconds + " s");
        assertTrue(driving.stream().allMatch(l -> l.speedKmh() > 20 && l.speedKmh() < 50));
        double farthest = driving.stream().mapToDouble(l -> Math.hypot(l.lat() - trip.vehicle().homeLat(),
                l.lon() - trip.vehicle().homeLon())).max().orElseThrow();
        assertEquals(Math.hypot(trip.lat() - trip.vehicle().homeLat(), trip.lon() - trip.vehicle().homeLon()),
                farthest, 0.002);

        Location last = reports.get(reports.size() - 1);
        assertFalse(last.acc());
        assertEquals(trip.vehicle().homeLat(), last.lat(), 1e-6);
        double km = 2 * trip.roadKm();
        assertEquals(Math.round((52000 + km) * 10), last.item(LocationItem.MILEAGE).getAsLong(), 1);
        assertEquals(Math.round((35 - km * 0.08) * 10), last.item(LocationItem.FUEL).getAsLong(), 1);
        assertTrue(last.item(LocationItem.SOC).isEmpty(), "a petrol car has no state of charge");
        long mileage = 0;
        for (Location l : reports) {
            long m = l.item(LocationItem.MILEAGE).getAsLong();
            assertTrue(m >= mileage, "the odometer never goes back");
            mileage = m;
        }
    }

    @Test
    void anElectricCarReportsItsChargeGoingDownOnATripAndChargesAtHome() {
        FleetPlan plan = FleetPlanTest.plan(1, 0, 42);
        FleetPlan.Trip trip = plan.trips(FleetPlanTest.MONDAY, FleetPlanTest.MONDAY.plus(Duration.ofDays(1))).stream()
                .filter(t -> t.vehicle().equals(FleetPlanTest.ELECTRIC)).findFirst().orElseThrow();
        Instant start = trip.depart().minusSeconds(5);
        FleetPlayer player = player(plan, start, (t, at) -> { });
        Instant last = start;
        for (Instant t = start; !t.isAfter(trip.back().plusSeconds(5)); t = t.plusSeconds(5)) {
            player.advanceTo(t);
            last = t;
        }
        List<Location> reports = of(FleetPlanTest.ELECTRIC);
        Location back = reports.get(reports.size() - 1);
        assertFalse(back.acc());
        assertTrue(back.item(LocationItem.FUEL).isEmpty(), "an electric car has no tank");
        assertEquals(Math.round(80 - 2 * trip.roadKm() * 0.3), back.item(LocationItem.SOC).getAsLong(), 1);
        double soc = player.car(FleetPlanTest.ELECTRIC.thingId()).soc;
        player.advanceTo(last.plus(Duration.ofMinutes(30)));
        assertEquals(soc + 5, player.car(FleetPlanTest.ELECTRIC.thingId()).soc, 1e-6, "10 % an hour at home");
    }

    @Test
    void aParkedCarReportsEveryParkedIntervalWithAccOffAtHome() {
        FleetPlan plan = FleetPlanTest.plan(0, 0, 42);
        Instant start = FleetPlanTest.MONDAY.plus(Duration.ofHours(9));
        FleetPlayer player = player(plan, start, (t, at) -> { });
        for (Instant t = start; t.isBefore(start.plus(Duration.ofMinutes(30))); t = t.plusSeconds(1)) {
            player.advanceTo(t);
        }
        List<Location> reports = of(FleetPlanTest.PETROL);
        assertEquals(6, reports.size(), "at start and every 5 minutes");
        assertTrue(reports.stream().noneMatch(Location::acc));
        assertTrue(reports.stream().allMatch(l -> l.speed() == 0 && Math.abs(l.lat() - 31.7002) < 1e-6));
        assertEquals(520000, reports.get(0).item(LocationItem.MILEAGE).getAsLong());
        assertEquals(350, reports.get(0).item(LocationItem.FUEL).getAsLong());
        assertEquals(java.time.LocalDateTime.of(2026, 12, 7, 9, 0), reports.get(0).time());
    }

    @Test
    void anOrderTheDeskCouldNotTakeIsPlacedAgainAtTheNextTick() {
        FleetPlan plan = FleetPlanTest.plan(1, 0, 42);
        FleetPlan.Trip trip = plan.trips(FleetPlanTest.MONDAY, FleetPlanTest.MONDAY.plus(Duration.ofDays(1))).get(0);
        int[] calls = {0};
        FleetPlayer player = player(plan, trip.orderAt().minusSeconds(2), (t, at) -> {
            if (t.equals(trip) && calls[0]++ == 0) {
                throw new IllegalStateException("registry not ready");
            }
            orders.add(t);
        });
        player.advanceTo(trip.orderAt());
        assertTrue(orders.isEmpty() || !orders.contains(trip));
        player.advanceTo(trip.orderAt().plusSeconds(1));
        assertTrue(orders.contains(trip));
        player.advanceTo(trip.orderAt().plusSeconds(2));
        assertEquals(1, orders.stream().filter(trip::equals).count());
    }

    @Test
    void theOrderTwinIsADispatchedTripOrderUnderTheCarsOrganisation() {
        FleetPlan.Trip trip = FleetPlanTest.plan(1, 0, 42)
                .trips(FleetPlanTest.MONDAY, FleetPlanTest.MONDAY.plus(Duration.ofDays(1))).get(0);
        Instant at = trip.orderAt();
        ObjectNode twin = TripOrders.twin(trip, at);
        assertEquals("dayuan:TripOrder:1.0.0", twin.path("definition").asText());
        JsonNode a = twin.path("attributes");
        assertEquals("dispatched", a.path("state").asText());
        assertEquals("cz.wujin:org-jgswj", a.path("parent").asText());
        assertEquals("cz.wujin:org-jgswj", a.path("organisation").asText());
        assertEquals(trip.vehicle().thingId(), a.path("vehicle").asText());
        assertEquals(trip.place().name(), a.path("destination").path("name").asText());
        assertEquals(trip.lat(), a.path("destination").path("lat").asDouble(), 1e-6);
        assertEquals(trip.place().purpose(), a.path("purpose").asText());
        assertTrue(!a.path("requester").asText().isEmpty() && !a.path("driver").asText().isEmpty());
        assertTrue(a.path("name").asText().contains(trip.vehicle().plate()));
        Instant plannedStart = OffsetDateTime.parse(a.path("plannedStart").asText()).toInstant();
        Instant plannedEnd = OffsetDateTime.parse(a.path("plannedEnd").asText()).toInstant();
        assertTrue(a.path("plannedStart").asText().endsWith("+08:00"));
        assertTrue(!plannedStart.isAfter(trip.depart()) && !plannedEnd.isBefore(trip.back()));
        assertEquals("dispatch", a.path("log").path(0).path("action").asText());
        assertEquals(at, OffsetDateTime.parse(a.path("log").path(0).path("at").asText()).toInstant());
        String local = java.time.LocalDateTime.ofInstant(trip.depart(), SimulatorConstants.ZONE)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmm"));
        assertEquals("cz.wujin:trip-" + trip.vehicle().name() + "-" + local, TripOrders.thingId(trip));
    }

    @Test
    void reportIntervalsMustBeOrdered() {
        FleetPlan plan = FleetPlanTest.plan(0, 0, 42);
        assertThrows(IllegalArgumentException.class, () -> new FleetPlayer(plan, (v, l) -> { }, (t, at) -> { },
                Duration.ofMinutes(5), Duration.ofSeconds(10), Instant.EPOCH));
    }
}
