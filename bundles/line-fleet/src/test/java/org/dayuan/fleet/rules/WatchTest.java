package org.dayuan.fleet.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.fleet.Fixture;
import org.dayuan.fleet.track.Tracks;
import org.dayuan.fleet.trips.TripIndex;
import org.dayuan.testing.Configs;
import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules carried to the real alarm service over a registry in memory, as the line's grant allows: reports written
 * as the gateway writes them raise alarms on the edges only, each with the track of the span as evidence.
 */
class WatchTest {
    static final String CAR = "cz.wujin:vehicle-01";
    static final TwinId CAR_ID = TwinId.of(CAR);
    static final double LAT = 31.70;
    static final double LON = 119.94;
    static final double M = 111_195;

    final Fixture fx = new Fixture(t("2026-12-06T09:00:00"));
    final Caller identity = fx.line.registry().identity();
    final TripIndex trips = new TripIndex(fx.line.subscriptions(), fx.line.search(), identity);
    final ExecutorService work = Executors.newSingleThreadExecutor();
    Watch watch;
    Subscription subscription;

    static Instant t(String local) {
        return OffsetDateTime.parse(local + "+08:00").toInstant();
    }

    Watch start(Map<String, Object> config) {
        if (subscription != null) {
            subscription.close();
        }
        Watch w = new Watch(identity, fx.line.registry(), fx.line.search(),
                new Tracks(fx.history, FleetRules.CLOCK_SKEW, FleetRules.LATE_REPORTS), trips, fx.alarms,
                Settings.of(Configs.of(RulesConfig.class, config)), fx.clock);
        subscription = fx.line.subscriptions().subscribe(identity, EventSelection.ALL, -1,
                new SubscriptionListener() {
                    @Override
                    public void onEvent(TwinEvent event, Optional<Twin> after) {
                        work.execute(() -> w.onEvent(event, after));
                    }

                    @Override
                    public void reset(String reason) {
                        work.execute(w::start);
                    }
                });
        work.execute(w::start);
        watch = w;
        settle();
        return w;
    }

    /**
     * Waits until the line's thread has worked off every event queued so far. Like the component, the test queues
     * events on a thread of their own: the rules write alarms while handling an event, which the registry in memory
     * would otherwise announce in the middle of announcing the first.
     */
    void settle() {
        try {
            work.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void tick() {
        work.execute(watch::tick);
        settle();
    }

    @AfterEach
    void close() {
        work.shutdownNow();
        if (subscription != null) {
            subscription.close();
        }
        trips.close();
    }

    void report(Instant at, double northMetres, double speed, boolean acc, double odometer, Double fuel) {
        ObjectNode location = Fixture.JSON.createObjectNode();
        location.put("lat", LAT + northMetres / M).put("lon", LON).put("speed", speed).put("acc", acc)
                .put("odometer", odometer).put("online", true)
                .put("timestamp", OffsetDateTime.ofInstant(at, Fixture.CHINA).toString());
        if (fuel != null) {
            location.put("fuel", fuel);
        }
        fx.twins.registry().merge(Fixture.ADMIN, CAR_ID, JsonPointer.parse("/features/location/properties"),
                location, WriteCondition.NONE);
        settle();
    }

    /** Reports every 30 s from {@code start}, driving north at 40 km/h (333 m per report). */
    void drive(Instant start, int reports, double fromMetres) {
        for (int i = 0; i < reports; i++) {
            report(start.plusSeconds(30L * i), fromMetres + i * 333, 40, true, 1000 + (fromMetres + i * 333) / 1000,
                    null);
        }
    }

    Optional<JsonNode> alarm(String type) {
        return fx.alarms.open(Fixture.ADMIN, CAR_ID, type).map(a -> a.toJson().path(Twin.ATTRIBUTES));
    }

    List<String> activeTypes() {
        return fx.alarms.openAlarms(Fixture.ADMIN, "fleet.").stream().map(a -> a.toJson().path(Twin.ATTRIBUTES))
                .filter(a -> a.path("active").asBoolean()).map(a -> a.path("type").asText()).sorted().toList();
    }

    Twin trip(String id, String state, String from, String to, double destNorthMetres) {
        try {
            return create(id, "{\"definition\":\"dayuan:TripOrder:1.0.0\",\"attributes\":{\"name\":\"派车单\","
                + "\"parent\":\"" + Fixture.CAMPUS + "\",\"organisation\":\"cz.wujin:org-jgswj\",\"requester\":\"wj\","
                + "\"purpose\":\"检查\",\"vehicle\":\"" + CAR + "\",\"state\":\"" + state + "\",\"plannedStart\":\""
                + from + "+08:00\",\"plannedEnd\":\"" + to + "+08:00\",\"corridorMeters\":1000,"
                + "\"origin\":{\"name\":\"行政中心\",\"lat\":" + LAT + ",\"lon\":" + LON + "},"
                + "\"destination\":{\"name\":\"湖塘镇\",\"lat\":" + (LAT + destNorthMetres / M) + ",\"lon\":" + LON
                + "}}}");
        } finally {
            settle();
        }
    }

    private Twin create(String id, String json) {
        return fx.create(id, json);
    }

    void setTrip(String id, String json) throws Exception {
        fx.twins.registry().merge(Fixture.ADMIN, TwinId.of(id), JsonPointer.parse("/attributes"),
                Fixture.JSON.readTree(json), WriteCondition.NONE);
        settle();
    }

    @Test
    void aSaturdayNightDriveRaisesNoOrderAndOffHoursOnceWithTheTrackAndParkingEndsThem() {
        fx.vehicle(CAR, "cz.wujin:org-jgswj", "013951200001");
        start(Map.of());
        report(t("2026-11-28T22:25:00"), 0, 0, false, 1000, null);
        drive(t("2026-11-28T22:30:00"), 4, 0);
        assertEquals(List.of(Rules.NO_ORDER, Rules.OFF_HOURS), activeTypes());
        JsonNode noOrder = alarm(Rules.NO_ORDER).orElseThrow();
        assertEquals("major", noOrder.path("severity").asText());
        JsonNode track = noOrder.path("details").path("track");
        assertEquals("LineString", track.path("geometry").path("type").asText());
        // raised on the third report, when the movement had lasted a minute: the track of that minute
        assertEquals(3, track.path("geometry").path("coordinates").size(), track.toString());
        assertEquals(LON, track.path("geometry").path("coordinates").get(0).get(0).asDouble(), 1e-9);
        assertEquals(40, noOrder.path("details").path("speedKmh").asDouble(), 0);
        assertTrue(alarm(Rules.OFF_HOURS).orElseThrow().path("details").path("reason").asText().contains("rest day"));

        drive(t("2026-11-28T22:32:00"), 4, 1332); // still out: no repeat
        assertEquals(1, alarm(Rules.NO_ORDER).orElseThrow().path("count").asInt());
        report(t("2026-11-28T22:40:00"), 2700, 0, false, 1002.7, null); // parked, ignition off
        assertEquals(List.of(), activeTypes());
        assertFalse(alarm(Rules.NO_ORDER).orElseThrow().path("active").asBoolean());
    }

    @Test
    void aBlindAreaUploadTheGatewayKeptAsBackfillIsJudgedToo() {
        fx.vehicle(CAR, "cz.wujin:org-jgswj", "013951200001");
        start(Map.of());
        report(t("2026-12-05T09:00:00"), 0, 0, false, 1000, null); // the current position: parked, later
        // what the gateway writes for reports older than that: the night drive, uploaded after the fact
        ObjectNode backfill = Fixture.JSON.createObjectNode();
        ObjectNode late = backfill.putObject("backfill").put("receivedAt", "2026-12-05T09:01:00+08:00");
        for (int i = 0; i < 4; i++) {
            late.withArray("points").addObject().put("lat", LAT + i * 333 / M).put("lon", LON).put("speed", 40)
                    .put("acc", true).put("timestamp", OffsetDateTime.ofInstant(t("2026-11-28T22:30:00")
                            .plusSeconds(30L * i), Fixture.CHINA).toString());
        }
        fx.twins.registry().merge(Fixture.ADMIN, CAR_ID, JsonPointer.empty(), Fixture.JSON.createObjectNode()
                .set("features", Fixture.JSON.createObjectNode().set("location", Fixture.JSON.createObjectNode()
                        .set("properties", backfill))), WriteCondition.NONE);
        settle();
        assertTrue(alarm(Rules.NO_ORDER).isPresent(), "the late night drive raised no-order");
        assertTrue(alarm(Rules.OFF_HOURS).isPresent(), "and off-hours");
    }

    @Test
    void anOrderAppearingEndsNoOrderAndADispatchedTripInsideItsCorridorRaisesNothing() throws Exception {
        fx.vehicle(CAR, "cz.wujin:org-jgswj", "013951200001");
        start(Map.of());
        drive(t("2026-12-02T10:00:00"), 4, 0);
        assertEquals(List.of(Rules.NO_ORDER), activeTypes());
        trip("cz.wujin:trip-1", "dispatched", "2026-12-02T09:30:00", "2026-12-02T12:00:00", 5000);
        assertEquals(List.of(), activeTypes());
        drive(t("2026-12-02T10:02:00"), 8, 1332);
        assertEquals(List.of(), activeTypes());
        report(t("2026-12-02T10:10:00"), 8000, 40, true, 1008, null); // 3 km beyond the destination
        assertEquals(List.of(Rules.ROUTE), activeTypes());
        JsonNode route = alarm(Rules.ROUTE).orElseThrow().path("details");
        assertEquals("cz.wujin:trip-1", route.path("order").asText());
        assertEquals(3000, route.path("distanceMeters").asDouble(), 5);
        report(t("2026-12-02T10:11:00"), 5200, 40, true, 1011, null);
        assertEquals(List.of(), activeTypes());
    }

    @Test
    void aReturnedTripBurningTooMuchFuelRaisesFuelWithTheOrderAndTheFigures() throws Exception {
        fx.vehicle(CAR, "cz.wujin:org-jgswj", "013951200001");
        start(Map.of());
        trip("cz.wujin:trip-2", "onTrip", "2026-12-02T09:00:00", "2026-12-02T12:00:00", 10_000);
        double litres = 40;
        for (int i = 0; i <= 20; i++) { // 20 km out and back at 60 km/h, 0.3 L per km = 30 L/100 km
            double north = i <= 10 ? i * 1000 : (20 - i) * 1000;
            report(t("2026-12-02T10:00:00").plusSeconds(60L * i), north, 60, true, 5000 + i, litres - 0.3 * i);
        }
        assertEquals(List.of(), activeTypes());
        setTrip("cz.wujin:trip-2", "{\"state\":\"returned\",\"actual\":{\"start\":\"2026-12-02T10:00:00+08:00\","
                + "\"end\":\"2026-12-02T10:20:00+08:00\"}}");
        JsonNode fuel = alarm(Rules.FUEL).orElseThrow();
        assertFalse(fuel.path("active").asBoolean(), "a single event: raised and normal at once");
        JsonNode d = fuel.path("details");
        assertEquals("cz.wujin:trip-2", d.path("order").asText());
        assertEquals(30, d.path("litresPer100Km").asDouble(), 0.1);
        assertEquals(20, d.path("km").asDouble(), 0.01);
        assertEquals(6, d.path("litres").asDouble(), 0.01);
        assertEquals(9, d.path("normPer100Km").asDouble(), 0);
        assertEquals(21, d.path("track").path("geometry").path("coordinates").size());
        assertTrue(alarm(Rules.ROUTE).isEmpty(), "the trip reached its destination");
    }

    @Test
    void aReturnedTripThatNeverReachedItsDestinationAndARefuelledOneAreJudgedAsSuch() throws Exception {
        fx.vehicle(CAR, "cz.wujin:org-jgswj", "013951200001");
        start(Map.of());
        trip("cz.wujin:trip-3", "onTrip", "2026-12-02T09:00:00", "2026-12-02T12:00:00", 30_000);
        for (int i = 0; i <= 20; i++) { // 10 km out and back; refuelled half way
            double north = i <= 10 ? i * 1000 : (20 - i) * 1000;
            report(t("2026-12-02T10:00:00").plusSeconds(60L * i), north, 60, true, 5000 + i,
                    i == 10 ? 50.0 : 40 - 0.3 * i);
        }
        setTrip("cz.wujin:trip-3", "{\"state\":\"returned\"}");
        JsonNode route = alarm(Rules.ROUTE).orElseThrow().path("details");
        assertEquals(20_000, route.path("closestMeters").asDouble(), 5);
        assertEquals("cz.wujin:trip-3", route.path("order").asText());
        assertTrue(alarm(Rules.FUEL).isEmpty(), "a refill makes the drop meaningless");
    }

    @Test
    void atTheNightCheckACarAwayFromItsCampusIsFoundUntilItComesBack() throws Exception {
        fx.twins.registry().merge(Fixture.ADMIN, TwinId.of(Fixture.CAMPUS), JsonPointer.parse("/attributes/geometry"),
                Fixture.JSON.readTree("{\"anchor\":{\"crs\":\"WGS84\",\"lat\":" + LAT + ",\"lon\":" + LON + "}}"),
                WriteCondition.NONE);
        fx.vehicle(CAR, "cz.wujin:org-jgswj", "013951200001");
        fx.clock.set(t("2026-12-02T20:00:00"));
        start(Map.of());
        report(t("2026-12-02T19:55:00"), 3000, 0, false, 1000, null);
        fx.clock.set(t("2026-12-02T21:59:00"));
        tick();
        assertTrue(alarm(Rules.NIGHT).isEmpty(), "not yet night");
        fx.clock.set(t("2026-12-02T22:00:00"));
        tick();
        JsonNode night = alarm(Rules.NIGHT).orElseThrow();
        assertTrue(night.path("active").asBoolean());
        assertEquals(3000, night.path("details").path("distanceMeters").asDouble(), 5);
        assertEquals("LineString", night.path("details").path("track").path("geometry").path("type").asText());
        report(t("2026-12-02T22:30:00"), 100, 0, false, 1003, null);
        assertFalse(alarm(Rules.NIGHT).orElseThrow().path("active").asBoolean());
    }

    @Test
    void aSilentTerminalGoesOfflineByTheWallClockAndBackOnItsNextReport() {
        fx.vehicle(CAR, "cz.wujin:org-jgswj", "013951200001");
        start(Map.of("offline_minutes", 30));
        report(t("2026-12-06T08:59:00"), 0, 0, false, 1000, null);
        fx.clock.advance(Duration.ofMinutes(30));
        tick();
        assertTrue(alarm(Rules.OFFLINE).isEmpty());
        fx.clock.advance(Duration.ofMinutes(1));
        tick();
        assertTrue(alarm(Rules.OFFLINE).orElseThrow().path("active").asBoolean());
        report(t("2026-12-06T09:31:00"), 0, 0, false, 1000, null);
        assertFalse(alarm(Rules.OFFLINE).orElseThrow().path("active").asBoolean());
    }

    @Test
    void aRestartReadsTheOpenAlarmsBackAndNeitherRepeatsNorDropsThem() {
        fx.vehicle(CAR, "cz.wujin:org-jgswj", "013951200001");
        start(Map.of());
        drive(t("2026-12-02T10:00:00"), 4, 0);
        assertEquals(List.of(Rules.NO_ORDER), activeTypes());
        start(Map.of());
        drive(t("2026-12-02T10:02:00"), 2, 1332);
        assertEquals(List.of(Rules.NO_ORDER), activeTypes());
        assertEquals(1, alarm(Rules.NO_ORDER).orElseThrow().path("count").asInt());
        start(Map.of("noOrder_enabled", false)); // switched off: its condition goes
        assertEquals(List.of(), activeTypes());
    }

    @Test
    void aLateBatchIsJudgedAsOfWhenItWasMeasured() {
        fx.vehicle(CAR, "cz.wujin:org-jgswj", "013951200001");
        start(Map.of());
        report(t("2026-12-02T10:00:00"), 0, 0, false, 1000, null);
        // a blind-area upload replaying last Saturday night, after the weekday report
        drive(t("2026-11-28T22:30:00"), 4, 0);
        assertEquals(List.of(Rules.NO_ORDER, Rules.OFF_HOURS), activeTypes());
    }
}
