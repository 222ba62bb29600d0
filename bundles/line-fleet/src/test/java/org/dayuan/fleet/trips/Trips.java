package org.dayuan.fleet.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.fleet.Fixture;
import org.dayuan.testing.Configs;
import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;

/** The trip servlet and the auto-start over the fixture's registry, as users of the demo county call them. */
final class Trips implements AutoCloseable {
    static final String BASE = "/api/dayuan/fleet/trips";
    static final String ORG = "cz.wujin:org-jgswj";
    static final String CAR = "cz.wujin:vehicle-01";
    static final Caller MANAGER = Caller.fromGrants("wj-manager", List.of("manager", "ns:cz.wujin"), "test");
    static final Caller INTEGRATOR = Caller.fromGrants("wj-integrator", List.of("integrator", "ns:cz.wujin"), "test");
    static final Caller VIEWER = Caller.fromGrants("wj-viewer", List.of("viewer", "ns:cz.wujin"), "test");
    static final Caller OTHER = Caller.fromGrants("lq-manager", List.of("manager", "ns:cz.liqiao"), "test");

    final Fixture f;
    final TripsConfig config;
    final TripServlet servlet;
    final TripStore store;
    final TripIndex index;
    final TripStarter starter;
    /** What the starter hands to its work thread, run when a test says so. */
    final ArrayDeque<Runnable> work = new ArrayDeque<>();

    Trips(Instant now, Map<String, Object> overrides) {
        f = new Fixture(now);
        config = Configs.of(TripsConfig.class, overrides);
        f.create(ORG, "{\"attributes\":{\"name\":\"区机关事务管理局\",\"parent\":\"" + Fixture.CAMPUS + "\"}}");
        f.create("cz.liqiao:org-a", "{\"attributes\":{\"name\":\"礼嘉\"}}");
        f.vehicle(CAR, ORG, "013951200001");
        f.vehicle("cz.wujin:vehicle-02", ORG, "013951200002");
        f.create("cz.liqiao:vehicle-09", "{\"definition\":\"dayuan:Vehicle:1.0.0\",\"attributes\":{\"name\":\"礼嘉车\","
                + "\"parent\":\"cz.liqiao:org-a\",\"organisation\":\"cz.liqiao:org-a\"}}");
        store = TripServlet.store(config, f.line.registry(), f.line.search(), f.history);
        servlet = new TripServlet(store, f.clock);
        index = new TripIndex(f.line.subscriptions(), f.line.search(), f.line.registry().identity());
        starter = new TripStarter(f.line.subscriptions(), index, store, Duration.ofMinutes(config.graceMinutes()),
                config.start_speedKmh(), config.start_movedMeters(), work::add);
    }

    FakeHttp post(Caller caller, String path, String json) {
        try {
            FakeHttp http = new FakeHttp("POST", BASE + path).caller(caller).mountedAt(BASE);
            if (json != null) {
                http.jsonBody(json.replace('\'', '"'));
            }
            return http.send(servlet);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    FakeHttp get(Caller caller, String path, String... parameters) {
        try {
            FakeHttp http = new FakeHttp("GET", BASE + path).caller(caller).mountedAt(BASE);
            for (int i = 0; i < parameters.length; i += 2) {
                http.parameter(parameters[i], parameters[i + 1]);
            }
            return http.send(servlet);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String request(OffsetDateTime start, OffsetDateTime end) {
        return "{'organisation':'" + ORG + "','purpose':'赴湖塘镇检查','destination':{'name':'湖塘镇政府','lat':31.70,"
                + "'lon':119.96},'plannedStart':'" + start + "','plannedEnd':'" + end + "','passengers':3}";
    }

    /** A requested order's id. */
    String requested(OffsetDateTime start, OffsetDateTime end) {
        FakeHttp created = post(INTEGRATOR, "", request(start, end));
        assertEquals(201, created.status, created.body());
        return json(created).path("thingId").asText();
    }

    /** Takes {@code steps} in order as the manager, each expected to pass. */
    void steps(String id, String... steps) {
        for (String step : steps) {
            String body = step.equals("dispatch") ? "{'vehicle':'" + CAR + "','driver':'张师傅'}" : "{}";
            FakeHttp answer = post(MANAGER, "/" + id + "/" + step, body);
            assertEquals(200, answer.status, step + ": " + answer.body());
        }
    }

    String state(String id) {
        return f.get(id).toJson().path("attributes").path("state").asText();
    }

    static JsonNode json(FakeHttp http) {
        try {
            return http.json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void runWork() {
        while (!work.isEmpty()) {
            work.poll().run();
        }
    }

    @Override
    public void close() {
        starter.close();
        index.close();
    }
}
