package org.dayuan.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.dayuan.camel.twin.TwinComponent;
import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The route and the servlet against a real registry in memory, each through the view the bundle gets under the
 * grant LineKitIT gives it: the route issues new passes as the bundle; the servlet checks in as the caller.
 */
class VisitorLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BSN = "org.dayuan.line-sample";
    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");
    private static final Caller INTEGRATOR = new Caller("wang", Set.of(Caller.ROLE_INTEGRATOR), Set.of("cz.wujin"),
            "test");
    private static final Caller VIEWER = new Caller("li", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"), "test");
    private static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");

    private final InMemoryTwins twins = new InMemoryTwins();
    private final InMemoryTwins.Views line = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN, "integrator, ns:*"));
    private final CamelContext camel = new DefaultCamelContext();
    private final VisitorServlet servlet = new VisitorServlet(line.registry(), new VisitorPasses(Duration.ZERO),
            Clock.fixed(NOW, ZoneOffset.UTC));

    VisitorLineTest() throws Exception {
        camel.addComponent("twin", new TwinComponent(line.registry(), line.search(), line.subscriptions()::subscribe));
        camel.start();
        camel.addRoutes(VisitorLine.routes());
        create("cz.wujin:bldg-b", "{\"definition\":\"dayuan:Building:1.0.0\",\"attributes\":{\"name\":\"B\"}}");
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private void create(String id, String json) throws Exception {
        twins.registry().create(ADMIN, TwinId.of(id), (ObjectNode) JSON.readTree(json));
    }

    private static String pass(String features) {
        return "{\"definition\":\"" + VisitorPasses.DEFINITION + "\",\"attributes\":{\"name\":\"张三 来访\","
                + "\"parent\":\"cz.wujin:bldg-b\",\"visitor\":\"张三\",\"host\":\"李四\","
                + "\"validUntil\":\"2026-12-06T18:00:00+08:00\"}" + features + "}";
    }

    private String state(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode s = twins.registry().get(ADMIN, TwinId.of(id)).orElseThrow()
                    .get(VisitorPasses.STATE).orElse(null);
            if (s != null || System.nanoTime() > deadline) {
                return s == null ? null : s.asText();
            }
            Thread.sleep(20);
        }
    }

    private FakeHttp checkIn(String id, Caller caller) throws Exception {
        return new FakeHttp("POST", "/api/dayuan/visitors/" + id + "/checkin").mountedAt("/api/dayuan/visitors")
                .caller(caller).send(servlet);
    }

    @Test
    void aCreatedPassIsIssuedByTheLineAndOneCreatedWithAStateIsLeftAlone() throws Exception {
        List<TwinEvent> events = new CopyOnWriteArrayList<>();
        twins.subscriptions.subscribe(ADMIN, EventSelection.ALL, -1, new SubscriptionListener() {
            @Override
            public void onEvent(TwinEvent event, Optional<Twin> after) {
                events.add(event);
            }

            @Override
            public void reset(String reason) {
                throw new AssertionError(reason);
            }
        });
        create("cz.wujin:pass-1", pass(""));
        assertEquals("issued", state("cz.wujin:pass-1"));
        assertEquals(List.of("admin", BSN), events.stream().map(TwinEvent::subject).toList(),
                "admin created it, the line issued it as itself");
        create("cz.wujin:pass-2", pass(",\"features\":{\"pass\":{\"properties\":{\"state\":\"checkedOut\"}}}"));
        create("cz.wujin:pass-3", pass(""));
        assertEquals("issued", state("cz.wujin:pass-3")); // the route has passed pass-2 by now
        assertEquals("checkedOut", state("cz.wujin:pass-2"));
    }

    @Test
    void aVisitorChecksInOnceAsTheCaller() throws Exception {
        create("cz.wujin:pass-1", pass(""));
        assertEquals("issued", state("cz.wujin:pass-1"));

        FakeHttp viewer = checkIn("cz.wujin:pass-1", VIEWER);
        assertEquals(403, viewer.status, viewer.body());
        assertEquals("issued", state("cz.wujin:pass-1"));

        FakeHttp ok = checkIn("cz.wujin:pass-1", INTEGRATOR);
        assertEquals(200, ok.status, ok.body());
        JsonNode properties = ok.json().path("features").path("pass").path("properties");
        assertEquals("checkedIn", properties.path("state").asText());
        assertEquals(NOW.toString(), properties.path("checkedInAt").asText());

        long revision = twins.registry().get(ADMIN, TwinId.of("cz.wujin:pass-1")).orElseThrow().revision();
        FakeHttp again = checkIn("cz.wujin:pass-1", INTEGRATOR);
        assertEquals(409, again.status, again.body());
        assertEquals("visitors:pass.notissued", again.json().path("error").asText());
        assertEquals(revision, twins.registry().get(ADMIN, TwinId.of("cz.wujin:pass-1")).orElseThrow().revision(),
                "the refused check-in changed nothing");
    }

    @Test
    void anUnknownTwinOrOneThatIsNoPassIsNotFoundAndOtherMethodsAre405() throws Exception {
        FakeHttp unknown = checkIn("cz.wujin:no-such-pass", INTEGRATOR);
        assertEquals(404, unknown.status, unknown.body());
        assertEquals("things:thing.notfound", unknown.json().path("error").asText());
        FakeHttp building = checkIn("cz.wujin:bldg-b", INTEGRATOR);
        assertEquals(404, building.status, building.body());
        assertFalse(twins.registry().get(ADMIN, TwinId.of("cz.wujin:bldg-b")).orElseThrow()
                .has(VisitorPasses.STATE));
        FakeHttp noPass = new FakeHttp("POST", "/api/dayuan/visitors/checkin").mountedAt("/api/dayuan/visitors")
                .caller(INTEGRATOR).send(servlet);
        assertEquals(404, noPass.status, noPass.body());
        FakeHttp get = new FakeHttp("GET", "/api/dayuan/visitors/cz.wujin:pass-1/checkin")
                .mountedAt("/api/dayuan/visitors").caller(INTEGRATOR).send(servlet);
        assertEquals(405, get.status, get.body());
        assertEquals("POST", get.responseHeader("Allow"));
        assertTrue(get.contentType.startsWith("application/json"), get.contentType);
    }
}
