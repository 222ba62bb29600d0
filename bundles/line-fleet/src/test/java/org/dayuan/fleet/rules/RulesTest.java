package org.dayuan.fleet.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

import org.dayuan.fleet.track.TrackPoint;
import org.dayuan.fleet.trips.Trip;
import org.dayuan.testing.Configs;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** The level rules on a vehicle's state, without any platform: their fire and clear edges. */
class RulesTest {
    static final TwinId CAR = TwinId.of("cz.wujin:vehicle-01");
    static final double LAT = 31.70;
    static final double LON = 119.94;
    /** Metres per degree of latitude, as the rules measure. */
    static final double M = 111_195;
    static final Function<Instant, Optional<Trip>> NO_ORDERS = at -> Optional.empty();

    static Settings settings(Map<String, Object> overrides) {
        return Settings.of(Configs.of(RulesConfig.class, overrides));
    }

    final Settings s = settings(Map.of());
    final Rules rules = new Rules(s);
    final VehicleState v = new VehicleState(CAR);

    static Instant t(String local) {
        return OffsetDateTime.parse(local + "+08:00").toInstant();
    }

    static TrackPoint point(Instant at, double northMetres, double speed, boolean acc) {
        return new TrackPoint(at, LAT + northMetres / M, LON, speed, acc, OptionalDouble.empty(),
                OptionalDouble.empty());
    }

    List<String> types(Function<Instant, Optional<Trip>> orders, Instant now) {
        return rules.judge(v, orders, now).stream().map(Finding::type).sorted().toList();
    }

    /** Reports every 30 s from {@code start}, driving north at {@code speed} (metres per report: speed/120 km). */
    void drive(Instant start, int reports, double speed) {
        for (int i = 0; i < reports; i++) {
            Instant at = start.plusSeconds(30L * i);
            v.observe(point(at, i * speed * 1000 / 120, speed, true), true, 0, at, s);
        }
    }

    static Trip order(String state, Instant start, Instant end, double destNorthMetres, double corridor) {
        return new Trip(TwinId.of("cz.wujin:trip-1"), 1, "cz.wujin:org-jgswj", Optional.of(CAR), state, start, end,
                Optional.of(new Trip.Place("行政中心", LAT, LON)),
                Optional.of(new Trip.Place("湖塘镇", LAT + destNorthMetres / M, LON)), OptionalDouble.of(corridor),
                Optional.empty(), Optional.empty());
    }

    @Test
    void movingWithoutAnOrderFiresOnceSustainedAndClearsWhenTheCarIsParked() {
        Instant start = t("2026-12-02T10:00:00");
        drive(start, 2, 40); // 30 s: not yet sustained
        assertEquals(List.of(), types(NO_ORDERS, start));
        drive(start, 3, 40); // 60 s
        assertEquals(List.of(Rules.NO_ORDER), types(NO_ORDERS, start));
        Finding f = rules.judge(v, NO_ORDERS, start).get(0);
        assertEquals(start, f.since());
        assertEquals(start.plusSeconds(60), f.at());
        assertEquals("MAJOR", f.severity().name());

        Instant parked = start.plusSeconds(120);
        v.observe(point(parked, 700, 0, false), true, 0, parked, s);
        assertEquals(List.of(), types(NO_ORDERS, parked));
    }

    @Test
    void anActiveOrderCoveringTheTimeAllowsTheCarAndOneEndingLeavesItWithout() {
        Instant start = t("2026-12-02T10:00:00");
        drive(start, 4, 40);
        Trip trip = order(Trip.DISPATCHED, t("2026-12-02T09:30:00"), t("2026-12-02T12:00:00"), 5000, 1000);
        assertEquals(List.of(), types(at -> Optional.of(trip).filter(o -> o.allows(at, s.orderGrace())), start));
        Trip returned = order(Trip.RETURNED, trip.plannedStart(), trip.plannedEnd(), 5000, 1000);
        assertEquals(List.of(Rules.NO_ORDER),
                types(at -> Optional.of(returned).filter(o -> o.allows(at, s.orderGrace())), start));
    }

    @Test
    void gpsJitterInTheCarParkDoesNotCountAsMoving() {
        Instant at = t("2026-12-05T22:30:00");
        // ignition off, speed spikes and 30 m wander; then ignition on idling with 50 m of drift
        double[][] reports = {{0, 0}, {12, 30}, {0, 5}, {9, 20}, {0, 0}};
        for (int i = 0; i < reports.length; i++) {
            Instant when = at.plusSeconds(30L * i);
            v.observe(point(when, reports[i][1], reports[i][0], false), true, 0, when, s);
        }
        for (int i = 0; i < 6; i++) {
            Instant when = at.plusSeconds(300 + 30L * i);
            v.observe(point(when, i % 2 == 0 ? 50 : 10, 0, true), true, 0, when, s);
        }
        assertFalse(v.moving());
        assertEquals(List.of(), types(NO_ORDERS, at));
    }

    @Test
    void ignitionOnAndDisplacedCountsAsMovingThoughTheSpeedReadsZero() {
        Instant at = t("2026-12-02T10:00:00");
        v.observe(point(at, 0, 0, false), true, 0, at, s);
        for (int i = 1; i <= 3; i++) {
            Instant when = at.plusSeconds(60L * i);
            v.observe(point(when, 300.0 * i, 0, true), true, 0, when, s);
        }
        assertTrue(v.moving());
    }

    @Test
    void saturdayNightIsOffHoursAndAWeekdayMorningIsNot() {
        drive(t("2026-11-28T22:30:00"), 4, 40); // a Saturday
        List<Finding> found = rules.judge(v, NO_ORDERS, t("2026-11-28T22:32:00"));
        assertEquals(List.of(Rules.NO_ORDER, Rules.OFF_HOURS), found.stream().map(Finding::type).sorted().toList());
        Finding off = found.stream().filter(f -> f.type().equals(Rules.OFF_HOURS)).findFirst().orElseThrow();
        assertTrue(off.details().path("reason").asText().contains("rest day"), off.details().toString());
        assertEquals("2026-11-28T22:31:30", off.details().path("localTime").asText());

        VehicleState weekday = new VehicleState(CAR);
        for (int i = 0; i < 4; i++) {
            Instant at = t("2026-12-02T10:00:00").plusSeconds(30L * i);
            weekday.observe(point(at, i * 300, 40, true), true, 0, at, s);
        }
        assertEquals(List.of(Rules.NO_ORDER), rules.judge(weekday, NO_ORDERS, t("2026-12-02T10:02:00")).stream()
                .map(Finding::type).toList());
    }

    @Test
    void holidaysAndAdjustedWorkingDaysFollowTheCalendar() {
        DutyCalendar c = s.calendar();
        assertFalse(c.onDuty(java.time.LocalDateTime.parse("2026-10-02T10:00"))); // 国庆, a Friday
        assertFalse(c.onDuty(java.time.LocalDateTime.parse("2026-02-16T10:00"))); // 春节, a Monday
        assertTrue(c.onDuty(java.time.LocalDateTime.parse("2026-10-10T10:00"))); // 调休: Saturday worked
        assertTrue(c.onDuty(java.time.LocalDateTime.parse("2026-01-04T09:00"))); // 调休: Sunday worked
        assertFalse(c.onDuty(java.time.LocalDateTime.parse("2026-10-10T19:00"))); // after hours, still
        assertTrue(c.onDuty(java.time.LocalDateTime.parse("2026-12-04T17:59"))); // an ordinary Friday
        assertFalse(c.onDuty(java.time.LocalDateTime.parse("2026-12-04T18:00")));

        drive(t("2026-10-02T10:00:00"), 4, 40);
        Finding holiday = rules.judge(v, NO_ORDERS, t("2026-10-02T10:02:00")).stream()
                .filter(f -> f.type().equals(Rules.OFF_HOURS)).findFirst().orElseThrow();
        assertEquals("on a public holiday", holiday.details().path("reason").asText());

        VehicleState worked = new VehicleState(CAR);
        for (int i = 0; i < 4; i++) {
            Instant at = t("2026-10-10T10:00:00").plusSeconds(30L * i);
            worked.observe(point(at, i * 300, 40, true), true, 0, at, s);
        }
        assertEquals(List.of(Rules.NO_ORDER), rules.judge(worked, NO_ORDERS, t("2026-10-10T10:02:00")).stream()
                .map(Finding::type).toList());
    }

    @Test
    void anOrderCoveringTheTimeAllowsOffHoursUse() {
        drive(t("2026-11-28T22:30:00"), 4, 40);
        Trip trip = order(Trip.ON_TRIP, t("2026-11-28T22:00:00"), t("2026-11-28T23:30:00"), 5000, 3000);
        assertEquals(List.of(), types(at -> Optional.of(trip).filter(o -> o.allows(at, s.orderGrace())),
                t("2026-11-28T22:32:00")));
    }

    @Test
    void leavingTheAreaFiresAndComingBackClears() {
        Instant at = t("2026-12-02T10:00:00");
        v.observe(new TrackPoint(at, 31.20, 119.94, 60, true, OptionalDouble.empty(), OptionalDouble.empty()),
                true, 0, at, s);
        assertTrue(types(NO_ORDERS, at).contains(Rules.AREA));
        Instant back = at.plusSeconds(3600);
        v.observe(point(back, 0, 0, false), true, 0, back, s);
        assertFalse(types(NO_ORDERS, back).contains(Rules.AREA));
    }

    @Test
    void onAnOrderTheCorridorAroundTheStraightLegsHolds() {
        Trip trip = order(Trip.ON_TRIP, t("2026-12-02T09:00:00"), t("2026-12-02T12:00:00"), 10_000, 1000);
        Function<Instant, Optional<Trip>> orders = at -> Optional.of(trip).filter(o -> o.allows(at, s.orderGrace()));
        Instant at = t("2026-12-02T10:00:00");
        // 5 km along the way and 800 m east of it: inside
        v.observe(new TrackPoint(at, LAT + 5000 / M, LON + 800 / (M * Math.cos(Math.toRadians(LAT))), 50, true,
                OptionalDouble.empty(), OptionalDouble.empty()), true, 0, at, s);
        assertFalse(types(orders, at).contains(Rules.ROUTE));
        Instant later = at.plusSeconds(60);
        v.observe(new TrackPoint(later, LAT + 5000 / M, LON + 2000 / (M * Math.cos(Math.toRadians(LAT))), 50, true,
                OptionalDouble.empty(), OptionalDouble.empty()), true, 0, later, s);
        Finding off = rules.judge(v, orders, later).stream().filter(f -> f.type().equals(Rules.ROUTE)).findFirst()
                .orElseThrow();
        assertEquals("cz.wujin:trip-1", off.details().path("order").asText());
        assertEquals(2000, off.details().path("distanceMeters").asDouble(), 5);
        assertEquals(1000, off.details().path("corridorMeters").asDouble(), 0);
        // beyond the destination the way back is the same leg: 10.5 km north is 500 m off
        Instant beyond = later.plusSeconds(600);
        v.observe(point(beyond, 10_500, 30, true), true, 0, beyond, s);
        assertFalse(types(orders, beyond).contains(Rules.ROUTE));
    }

    @Test
    void speedingCountsOnlyOnceHeldForTheConfiguredSecondsOrFlaggedByTheTerminal() {
        Instant at = t("2026-12-02T10:00:00");
        v.observe(point(at, 0, 130, true), true, 0, at, s);
        assertFalse(types(NO_ORDERS, at).contains(Rules.SPEEDING));
        v.observe(point(at.plusSeconds(20), 700, 140, true), true, 0, at, s);
        assertFalse(types(NO_ORDERS, at).contains(Rules.SPEEDING));
        v.observe(point(at.plusSeconds(30), 1100, 125, true), true, 0, at, s);
        Finding f = rules.judge(v, NO_ORDERS, at).stream().filter(x -> x.type().equals(Rules.SPEEDING)).findFirst()
                .orElseThrow();
        assertEquals(140, f.details().path("maxSpeedKmh").asDouble(), 0);
        assertEquals(120, f.details().path("limitKmh").asDouble(), 0);
        assertEquals(30, f.details().path("seconds").asLong());
        v.observe(point(at.plusSeconds(60), 1900, 90, true), true, 0, at, s);
        assertFalse(types(NO_ORDERS, at).contains(Rules.SPEEDING));
        v.observe(point(at.plusSeconds(90), 2600, 90, true), true, Rules.OVERSPEED_FLAG, at, s);
        assertTrue(types(NO_ORDERS, at).contains(Rules.SPEEDING));
    }

    @Test
    void aTerminalReportingOfflineOrSilentTooLongIsOffline() {
        Instant at = t("2026-12-02T10:00:00");
        v.observe(point(at, 0, 0, false), true, 0, at, s);
        assertFalse(types(NO_ORDERS, at.plusSeconds(3600)).contains(Rules.OFFLINE));
        assertTrue(types(NO_ORDERS, at.plusSeconds(3601)).contains(Rules.OFFLINE));
        v.observe(point(at.plusSeconds(4000), 0, 0, false), false, 0, at.plusSeconds(4000), s);
        assertTrue(types(NO_ORDERS, at.plusSeconds(4000)).contains(Rules.OFFLINE));
        v.observe(point(at.plusSeconds(4100), 0, 0, false), true, 0, at.plusSeconds(4100), s);
        assertFalse(types(NO_ORDERS, at.plusSeconds(4100)).contains(Rules.OFFLINE));
    }

    @Test
    void awayFromHomeAtTheNightCheckHoldsUntilTheCarIsBack() {
        v.home = Optional.of(new Geo.Point(LAT, LON));
        Instant evening = t("2026-12-02T21:00:00");
        v.observe(point(evening, 3000, 0, false), true, 0, evening, s);
        rules.nightCheck(v, NO_ORDERS, t("2026-12-02T22:00:00"));
        Finding f = rules.judge(v, NO_ORDERS, t("2026-12-02T22:00:00")).stream()
                .filter(x -> x.type().equals(Rules.NIGHT)).findFirst().orElseThrow();
        assertEquals(3000, f.details().path("distanceMeters").asDouble(), 5);
        Instant back = t("2026-12-02T23:10:00");
        v.observe(point(back, 100, 0, false), true, 0, back, s);
        assertFalse(types(NO_ORDERS, back).contains(Rules.NIGHT));

        VehicleState home = new VehicleState(CAR);
        home.home = v.home;
        home.observe(point(evening, 200, 0, false), true, 0, evening, s);
        rules.nightCheck(home, NO_ORDERS, t("2026-12-02T22:00:00"));
        assertEquals(null, home.awayAtNight);
    }

    @Test
    void eachRuleCanBeSwitchedOff() {
        Rules off = new Rules(settings(Map.of("noOrder_enabled", false, "offHours_enabled", false,
                "area_enabled", false, "speeding_enabled", false, "offline_enabled", false)));
        drive(t("2026-11-28T22:30:00"), 4, 150);
        assertEquals(List.of(), off.judge(v, NO_ORDERS, t("2026-11-29T22:30:00")));
    }

    @Test
    void aBadSettingIsRefusedWithItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("offHours_holidays", "2026-13-01")));
        assertTrue(e.getMessage().startsWith("offHours.holidays"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(Map.of("area_polygon", "1,2;3")))
                .getMessage().startsWith("area.polygon"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(Map.of("offHours_hours", "18:00-08:00")))
                .getMessage().contains("18:00"));
    }

    @Test
    void aMovementMustBeSeenAcrossReportsWithoutALongSilenceBetweenThem() {
        Instant at = t("2026-12-02T10:00:00");
        v.observe(point(at, 0, 30, true), true, 0, at, s);
        Instant later = at.plusSeconds(3600);
        v.observe(point(later, 5000, 30, true), true, 0, later, s);
        assertFalse(v.moving(), "one report before and one after an hour's silence prove no sustained movement");
        v.observe(point(later.plusSeconds(60), 5500, 30, true), true, 0, later, s);
        assertTrue(v.moving());
    }
}
