package org.dayuan.office.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.office.OfficeRoom;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.Json;
import org.dayuan.testing.MutableClock;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.core.models.ModelCatalog;
import org.dayuan.twin.core.models.ModelValidator;

/**
 * A small campus of the demo county in a registry in memory, with the platform's and the line's Thing Models checked
 * on every write, and the workflow servlet as the line gets it under its grant ({@code integrator, ns:*}).
 * Floor A3 of 区发改局: room-a-0305 (18 m², one 副科), room-a-0306 (idle, empty), room-a-0307 (two people),
 * room-a-0308 (idle, empty), room-a-0309 (under repair); room-b-0101 of 区财政局 (idle); building C with one floor and
 * room-c-0101 (empty, idle).
 */
final class Offices {
    static final String BSN = "org.dayuan.line-office";
    static final String FGJ = "cz.wujin:org-fgj";
    static final String CZJ = "cz.wujin:org-czj";
    static final Caller ADMIN = Caller.fromGrants("admin", List.of("admin", "ns:*"), "test");
    static final Caller MANAGER = Caller.fromGrants("wj-manager", List.of("manager", "ns:cz.wujin"), "test");
    static final Caller INTEGRATOR = Caller.fromGrants("wj-integrator", List.of("integrator", "ns:cz.wujin"), "test");
    static final Caller VIEWER = Caller.fromGrants("wj-viewer", List.of("viewer", "ns:cz.wujin"), "test");
    static final Caller OTHER = Caller.fromGrants("lq-manager", List.of("manager", "ns:cz.liqiao"), "test");
    /** 2026-12-07 10:00 in China. */
    static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

    final InMemoryTwins twins = new InMemoryTwins();
    final InMemoryTwins.Views line = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN,
            "integrator, ns:*, name:line-office"));
    final MutableClock clock = new MutableClock(NOW);
    final WorkflowStore store = new WorkflowStore(line.registry(), line.search());
    final WorkflowServlet servlet = new WorkflowServlet(store, clock);

    WorkflowStore store() {
        return store;
    }

    Offices() {
        ModelCatalog catalog = new ModelCatalog();
        try {
            for (URL dir : Collections.list(getClass().getClassLoader().getResources("OSGI-INF/dayuan/models"))) {
                catalog.add(dir.toString(), ModelCatalog.filesIn(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(catalog.find(OfficeRoom.DEFINITION).isPresent(), "the platform's Room model is on the class path");
        assertTrue(catalog.find(Reallocations.MODEL).isPresent(), "the line's models parse");
        twins.registry.addValidator(new ModelValidator(catalog));
        create("cz.wujin:campus", "{'attributes':{'name':'行政中心'}}");
        create(FGJ, "{'definition':'dayuan:Organisation:1.0.0','attributes':{'name':'区发改局','parent':'cz.wujin:campus'}}");
        create(CZJ, "{'definition':'dayuan:Organisation:1.0.0','attributes':{'name':'区财政局','parent':'cz.wujin:campus'}}");
        create("cz.wujin:bldg-a", "{'definition':'dayuan:Building:1.0.0','attributes':{'name':'A座','parent':'cz.wujin:campus'}}");
        create("cz.wujin:bldg-a-f03", "{'definition':'dayuan:Floor:1.0.0','attributes':{'name':'A座3层','parent':'cz.wujin:bldg-a'}}");
        create("cz.wujin:bldg-b", "{'definition':'dayuan:Building:1.0.0','attributes':{'name':'B座','parent':'cz.wujin:campus'}}");
        create("cz.wujin:bldg-b-f01", "{'definition':'dayuan:Floor:1.0.0','attributes':{'name':'B座1层','parent':'cz.wujin:bldg-b'}}");
        create("cz.wujin:bldg-c", "{'definition':'dayuan:Building:1.0.0','attributes':{'name':'C座','parent':'cz.wujin:campus'}}");
        create("cz.wujin:bldg-c-f01", "{'definition':'dayuan:Floor:1.0.0','attributes':{'name':'C座1层','parent':'cz.wujin:bldg-c'}}");
        room("room-a-0305", "bldg-a-f03", FGJ, "inUse", "[{'name':'王建国','rank':'副科','level':'county'}]");
        room("room-a-0306", "bldg-a-f03", FGJ, "idle", "[]");
        room("room-a-0307", "bldg-a-f03", FGJ, "inUse",
                "[{'id':'F021','name':'李晓明','rank':'科员及以下','level':'county'},{'id':'F022','name':'张丽华','rank':'科员及以下','level':'county'}]");
        room("room-a-0308", "bldg-a-f03", FGJ, "idle", "[]");
        room("room-a-0309", "bldg-a-f03", FGJ, "underRepair", "[]");
        room("room-b-0101", "bldg-b-f01", CZJ, "idle", "[]");
        room("room-c-0101", "bldg-c-f01", FGJ, "idle", "[]");
    }

    private void room(String name, String floor, String org, String status, String occupants) {
        create("cz.wujin:" + name, "{'definition':'dayuan:Room:1.0.0','attributes':{'name':'" + name + "','parent':"
                + "'cz.wujin:" + floor + "','category':'office','use':'office','usableArea':18,'organisation':'" + org
                + "','status':'" + status + "','occupants':" + occupants
                + ("idle".equals(status) ? ",'vacantSince':'2026-06-01'" : "") + "}}");
    }

    Twin create(String id, String json) {
        return twins.registry().create(ADMIN, TwinId.of(id), Json.object(json));
    }

    Twin twin(String id) {
        return twins.registry().get(ADMIN, TwinId.of(id)).orElseThrow();
    }

    OfficeRoom room(String id) {
        return OfficeRoom.of(twin(id));
    }

    FakeHttp post(Caller caller, String path, String json) {
        String base = WorkflowServlet.BASE + path.substring(0, path.indexOf('/') < 0 ? path.length() : path.indexOf('/'));
        try {
            FakeHttp http = new FakeHttp("POST", WorkflowServlet.BASE + path).caller(caller).mountedAt(base);
            if (json != null) {
                http.jsonBody(json.replace('\'', '"'));
            }
            return http.send(servlet);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    FakeHttp get(Caller caller, String path, String... parameters) {
        String base = WorkflowServlet.BASE + path.substring(0, path.indexOf('/') < 0 ? path.length() : path.indexOf('/'));
        try {
            FakeHttp http = new FakeHttp("GET", WorkflowServlet.BASE + path).caller(caller).mountedAt(base);
            for (int i = 0; i < parameters.length; i += 2) {
                http.parameter(parameters[i], parameters[i + 1]);
            }
            return http.send(servlet);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts and expects {@code status}; the answer's JSON. */
    JsonNode ok(int status, Caller caller, String path, String json) {
        FakeHttp answer = post(caller, path, json);
        assertEquals(status, answer.status, answer.body());
        return answer(answer);
    }

    /** An answer's JSON, read as sent (its messages may hold single quotes). */
    static JsonNode answer(FakeHttp http) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertError(FakeHttp answer, int status, String error, String... inMessage) {
        JsonNode json = answer(answer);
        assertEquals(status, answer.status, answer.body());
        assertEquals(error, json.path("error").asText(), answer.body());
        for (String s : inMessage) {
            assertTrue(json.path("message").asText().contains(s), answer.body());
        }
    }
}
