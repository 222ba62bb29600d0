package org.dayuan.fleet.trips;

import static org.dayuan.fleet.trips.Trips.CAR;
import static org.dayuan.fleet.trips.Trips.INTEGRATOR;
import static org.dayuan.fleet.trips.Trips.MANAGER;
import static org.dayuan.fleet.trips.Trips.OTHER;
import static org.dayuan.fleet.trips.Trips.VIEWER;
import static org.dayuan.fleet.trips.Trips.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import org.dayuan.twin.TwinRegistry;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.fleet.Fixture;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TripWorkflowTest {
    private static final OffsetDateTime NINE = OffsetDateTime.parse("2026-12-07T09:00:00+08:00");
    private static final OffsetDateTime ELEVEN = NINE.plusHours(2);
    /** Every step, and the states from which each is legal. */
    private static final Map<String, List<String>> LEGAL = Map.of(
            "approve", List.of("requested"), "reject", List.of("requested"), "dispatch", List.of("approved"),
            "start", List.of("dispatched"), "return", List.of("onTrip"), "close", List.of("returned"),
            "cancel", List.of("requested", "approved", "dispatched"));
    /** The steps that reach each state from a new request. */
    private static final Map<String, List<String>> PATH = Map.of(
            "requested", List.of(), "approved", List.of("approve"), "rejected", List.of("reject"),
            "dispatched", List.of("approve", "dispatch"), "onTrip", List.of("approve", "dispatch", "start"),
            "returned", List.of("approve", "dispatch", "start", "return"),
            "closed", List.of("approve", "dispatch", "start", "return", "close"),
            "cancelled", List.of("cancel"));

    private final Trips t = new Trips(Instant.now(), Map.of());

    @AfterEach
    void close() {
        t.close();
    }

    private static void assertError(FakeHttp answer, int status, String error, String... inMessage) {
        JsonNode json = json(answer);
        assertEquals(status, answer.status, answer.body());
        assertEquals(error, json.path("error").asText(), answer.body());
        for (String s : inMessage) {
            assertTrue(json.path("message").asText().contains(s), answer.body());
        }
    }

    @Test
    void aRequestBecomesAnOrderUnderItsOrganisation() {
        FakeHttp created = t.post(INTEGRATOR, "", Trips.request(NINE, ELEVEN));
        assertEquals(201, created.status, created.body());
        JsonNode order = json(created);
        String id = order.path("thingId").asText();
        assertTrue(id.matches("cz\\.wujin:trip-20261207-[0-9a-f]{8}"), id);
        assertEquals(Trips.BASE + "/" + id, created.responseHeader("Location"));
        JsonNode a = order.path("attributes");
        assertEquals(Trip.MODEL, order.path("definition").asText());
        assertEquals(Trips.ORG, a.path("parent").asText());
        assertEquals(Trips.ORG, a.path("organisation").asText());
        assertEquals("requested", a.path("state").asText());
        assertEquals("wj-integrator", a.path("requester").asText());
        assertEquals(2000, a.path("corridorMeters").asInt(), "the line's default corridor");
        assertEquals(3, a.path("passengers").asInt());
        assertEquals(NINE, OffsetDateTime.parse(a.path("plannedStart").asText()));
        assertEquals("request", a.path("log").get(0).path("action").asText());
        assertEquals("wj-integrator", a.path("log").get(0).path("by").asText());

        JsonNode read = json(t.get(VIEWER, "/" + id));
        assertEquals(id, read.path("thingId").asText(), "a viewer reads the order");
        assertEquals(1, json(t.get(VIEWER, "", "state", "requested", "organisation", Trips.ORG)).path("items").size());
        assertEquals(0, json(t.get(VIEWER, "", "state", "approved")).path("items").size());
        assertEquals(0, json(t.get(OTHER, "")).path("items").size(), "another county sees none");
        assertError(t.get(OTHER, "/" + id), 404, "things:thing.notfound");
        assertError(t.get(VIEWER, "", "state", "parked"), 400, "things:parameter.invalid", "parked");
    }

    @Test
    void aBadRequestIsRefusedNamingTheFieldAndCreatesNothing() {
        String good = Trips.request(NINE, ELEVEN);
        Map<String, String> bad = Map.of(
                "purpose", good.replace("'purpose':'赴湖塘镇检查',", ""),
                "destination.lat", good.replace("'lat':31.70", "'lat':91"),
                "plannedStart", good.replace(NINE.toString(), "2026-12-07 09:00"),
                "plannedEnd", Trips.request(NINE, NINE.minusHours(1)),
                "passengers", good.replace("'passengers':3", "'passengers':0"),
                "organisation", good.replace(Trips.ORG, "no id"),
                "corridorMeters", good.replace("'passengers':3", "'corridorMeters':-5"));
        bad.forEach((field, body) -> assertError(t.post(INTEGRATOR, "", body), 400, "fleet:trip.invalid", field));
        assertError(t.post(INTEGRATOR, "", "[1]"), 400, "fleet:trip.invalid");
        assertEquals(0, json(t.get(Fixture.ADMIN, "")).path("items").size());
    }

    @Test
    void onlyUsersOfTheOrganisationRequestAndAnUnknownOrganisationIsNotFound() {
        String good = Trips.request(NINE, ELEVEN);
        assertError(t.post(VIEWER, "", good), 403, "dayuan:access.forbidden", "request");
        assertError(t.post(OTHER, "", good), 404, "things:thing.notfound", Trips.ORG);
        assertError(t.post(INTEGRATOR, "", good.replace(Trips.ORG, "cz.wujin:org-none")), 404,
                "things:thing.notfound");
        assertError(t.post(INTEGRATOR, "", good.replace(Trips.ORG, "cz.liqiao:org-a")), 404,
                "things:thing.notfound");
        assertEquals(201, t.post(MANAGER, "", good).status, "a manager may request too");
    }

    @Test
    void everyStepIsLegalExactlyFromItsStates() {
        for (Map.Entry<String, List<String>> state : PATH.entrySet()) {
            for (Map.Entry<String, List<String>> step : LEGAL.entrySet()) {
                String id = t.requested(NINE.plusDays(PATH.size()), ELEVEN.plusDays(PATH.size()));
                t.steps(id, state.getValue().toArray(String[]::new));
                assertEquals(state.getKey(), t.state(id));
                String body = step.getKey().equals("dispatch") ? "{'vehicle':'cz.wujin:vehicle-02','driver':'李师傅'}"
                        : "{'comment':'ok'}";
                FakeHttp answer = t.post(MANAGER, "/" + id + "/" + step.getKey(), body);
                if (step.getValue().contains(state.getKey())) {
                    assertEquals(200, answer.status, state.getKey() + " → " + step.getKey() + ": " + answer.body());
                    JsonNode log = json(answer).path("attributes").path("log");
                    assertEquals(step.getKey(), log.get(log.size() - 1).path("action").asText());
                    if (!step.getKey().equals("dispatch")) {
                        assertEquals("ok", log.get(log.size() - 1).path("comment").asText());
                    }
                } else {
                    assertError(answer, 409, "fleet:trip.illegalstep", state.getKey(), step.getKey());
                    assertEquals(state.getKey(), t.state(id), "a refused step changes nothing");
                }
                // the order is free again for the next pair
                String now = t.state(id);
                if (now.equals("dispatched")) {
                    t.steps(id, "cancel");
                } else if (now.equals("onTrip")) {
                    t.steps(id, "return");
                }
            }
        }
    }

    @Test
    void theStepsRecordWhoDidWhat() {
        String id = t.requested(NINE, ELEVEN);
        t.steps(id, "approve", "dispatch");
        JsonNode a = t.f.get(id).toJson().path("attributes");
        assertEquals("wj-manager", a.path("approver").asText());
        assertEquals(CAR, a.path("vehicle").asText());
        assertEquals("张师傅", a.path("driver").asText());
        assertEquals(3, a.path("log").size());
        assertEquals(1, json(t.get(VIEWER, "", "vehicle", CAR)).path("items").size());
        assertEquals(0, json(t.get(VIEWER, "", "vehicle", "cz.wujin:vehicle-02")).path("items").size());
        assertError(t.post(MANAGER, "/" + id + "/fly", "{}"), 404, "things:resource.notfound");
        assertError(t.post(MANAGER, "/cz.wujin:org-jgswj/approve", "{}"), 404, "things:thing.notfound");
    }

    @Test
    void managersDecideIntegratorsActAndViewersOnlyRead() {
        String id = t.requested(NINE, ELEVEN);
        for (String decision : List.of("approve", "reject", "dispatch", "close")) {
            assertError(t.post(INTEGRATOR, "/" + id + "/" + decision, "{}"), 403, "dayuan:access.forbidden",
                    decision);
        }
        for (String step : List.of("approve", "cancel", "start", "return")) {
            assertError(t.post(VIEWER, "/" + id + "/" + step, "{}"), 403, "dayuan:access.forbidden");
        }
        assertError(t.post(OTHER, "/" + id + "/approve", "{}"), 404, "things:thing.notfound");
        assertEquals("requested", t.state(id));
        t.steps(id, "approve", "dispatch");
        assertEquals(200, t.post(INTEGRATOR, "/" + id + "/start", "{}").status, "the user starts the trip");
        assertEquals(200, t.post(INTEGRATOR, "/" + id + "/return", "{}").status, "and returns the car");
        assertError(t.post(INTEGRATOR, "/" + id + "/close", "{}"), 403, "dayuan:access.forbidden");
        t.steps(id, "close");
        String other = t.requested(NINE, ELEVEN);
        assertEquals(200, t.post(INTEGRATOR, "/" + other + "/cancel", "{'comment':'会议取消'}").status);
    }

    @Test
    void aCarOnAnotherOrderInAnOverlappingWindowIsNotDispatched() {
        String first = t.requested(NINE, ELEVEN);
        t.steps(first, "approve", "dispatch");
        String overlapping = t.requested(NINE.plusHours(1), ELEVEN.plusHours(1));
        t.steps(overlapping, "approve");
        FakeHttp busy = t.post(MANAGER, "/" + overlapping + "/dispatch", "{'vehicle':'" + CAR + "','driver':'王'}");
        assertError(busy, 409, "fleet:trip.vehiclebusy", CAR, first);
        assertEquals("approved", t.state(overlapping));
        assertEquals(200, t.post(MANAGER, "/" + overlapping + "/dispatch",
                "{'vehicle':'cz.wujin:vehicle-02','driver':'王'}").status, "another car is free");

        String later = t.requested(ELEVEN, ELEVEN.plusHours(1)); // starts as the first ends
        t.steps(later, "approve", "dispatch");
        String afterCancel = t.requested(NINE, ELEVEN);
        t.steps(afterCancel, "approve");
        t.steps(first, "cancel");
        t.steps(afterCancel, "dispatch");

        String bad = t.requested(NINE.plusDays(1), ELEVEN.plusDays(1));
        t.steps(bad, "approve");
        assertError(t.post(MANAGER, "/" + bad + "/dispatch", "{'vehicle':'cz.wujin:vehicle-77','driver':'王'}"),
                404, "things:thing.notfound", "vehicle-77");
        assertError(t.post(MANAGER, "/" + bad + "/dispatch", "{'vehicle':'cz.liqiao:vehicle-09','driver':'王'}"),
                404, "things:thing.notfound", "vehicle-09");
        assertError(t.post(MANAGER, "/" + bad + "/dispatch", "{'vehicle':'" + Trips.ORG + "','driver':'王'}"),
                404, "things:thing.notfound");
        assertError(t.post(MANAGER, "/" + bad + "/dispatch", "{'vehicle':'" + CAR + "'}"), 400,
                "fleet:trip.invalid", "driver");
        assertEquals("approved", t.state(bad));
    }

    /**
     * Both steps read the order before either writes (the registry's reads wait for each other), so both judge it
     * requested; the write's condition lets one through and sends the other back to judge again.
     */
    @Test
    void ofTwoApprovalsAtOnceOnePassesAndTheOtherIsRefused() throws Exception {
        String id = t.requested(NINE, ELEVEN);
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger reads = new AtomicInteger();
        TwinRegistry view = t.f.line.registry();
        TwinRegistry slowReads = (TwinRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TwinRegistry.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(view, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("get") && reads.incrementAndGet() <= 2) {
                        bothRead.await(10, TimeUnit.SECONDS);
                    }
                    return result;
                });
        TripServlet racing = new TripServlet(new TripStore(slowReads, t.f.line.search(), null,
                new TripOrders(2000), 200), t.f.clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<FakeHttp>> answers = new ArrayList<>();
            for (String step : List.of("approve", "reject")) {
                answers.add(pool.submit(() -> new FakeHttp("POST", Trips.BASE + "/" + id + "/" + step)
                        .caller(MANAGER).mountedAt(Trips.BASE).jsonBody("{}").send(racing)));
            }
            int passed = 0;
            for (Future<FakeHttp> a : answers) {
                FakeHttp answer = a.get();
                if (answer.status == 200) {
                    passed++;
                } else {
                    assertError(answer, 409, "fleet:trip.illegalstep", "requested");
                }
            }
            assertEquals(1, passed);
            assertEquals(2, t.f.get(id).toJson().path("attributes").path("log").size(), "no entry lost");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStartByHandRecordsWhenAndAReturnWithoutReportsRecordsNoKm() {
        String id = t.requested(NINE, ELEVEN);
        t.steps(id, "approve", "dispatch");
        Instant start = t.f.clock.instant();
        t.steps(id, "start");
        t.f.clock.advance(java.time.Duration.ofMinutes(90));
        t.steps(id, "return");
        JsonNode actual = t.f.get(id).toJson().path("attributes").path("actual");
        assertEquals(start.truncatedTo(ChronoUnit.MILLIS), Instant.parse(actual.path("start").asText())
                .truncatedTo(ChronoUnit.MILLIS));
        assertEquals(90.0, actual.path("minutes").asDouble(), 0.01);
        assertEquals(0.0, actual.path("km").asDouble(), 0.001);
        assertEquals(0, actual.path("track").path("geometry").path("coordinates").size());
    }
}
