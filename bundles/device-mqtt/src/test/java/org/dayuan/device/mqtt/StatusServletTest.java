package org.dayuan.device.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.dayuan.twin.Caller;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page shows refused messages of every organisation, so only the county's writers may read it. */
class StatusServletTest {
    private static final String XINBEI_TOPIC = "dayuan/cz.xinbei/meter-1/energy";

    @TempDir
    Path dir;
    private StatusServlet servlet;

    @BeforeEach
    void refusedAMessageOfXinbei() throws Exception {
        IngestStats stats = new IngestStats();
        stats.rejected.incrementAndGet();
        DeadLetters deadLetters = new DeadLetters(dir);
        deadLetters.park(Instant.parse("2026-11-02T08:00:00Z"), XINBEI_TOPIC,
                "{\"reading\":\"x\"}".getBytes(StandardCharsets.UTF_8), "reading must be a number");
        servlet = new StatusServlet(stats, "tcp://broker:1883", "dayuan/+/+/+", deadLetters);
    }

    private FakeHttp get(Caller caller) throws Exception {
        return new FakeHttp("/api/dayuan/mqtt").caller(caller).send(servlet);
    }

    private static void refused(FakeHttp answer, int status, String error) throws Exception {
        assertEquals(status, answer.status);
        assertEquals(status, answer.json().path("status").asInt());
        assertEquals(error, answer.json().path("error").asText());
        assertTrue(answer.json().path("message").isTextual(), answer.body());
        assertFalse(answer.body().contains("xinbei"), answer.body());
    }

    @Test
    void anUnauthenticatedRequestIs401() throws Exception {
        refused(get(null), 401, "gateway:authentication.failed");
    }

    @Test
    void callersBoundToOneOrganisationAre403WhateverTheirRole() throws Exception {
        for (String role : Set.of(Caller.ROLE_VIEWER, Caller.ROLE_INTEGRATOR, Caller.ROLE_ADMIN)) {
            refused(get(new Caller("li", Set.of(role), Set.of("cz.wujin"), "test")), 403, "dayuan:access.forbidden");
        }
    }

    @Test
    void countyCallersWhoMayNotWriteAre403() throws Exception {
        for (String role : Set.of(Caller.ROLE_VIEWER, Caller.ROLE_DEVICE)) {
            refused(get(new Caller("gw", Set.of(role), Set.of(Caller.ALL_NAMESPACES), "test")), 403,
                    "dayuan:access.forbidden");
        }
    }

    @Test
    void countyAdministratorsAndIntegratorsSeeTheRefusedMessages() throws Exception {
        for (Caller caller : Set.of(Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test"),
                new Caller("ops", Set.of(Caller.ROLE_INTEGRATOR), Set.of(Caller.ALL_NAMESPACES), "test"))) {
            FakeHttp answer = get(caller);
            assertEquals(200, answer.status, answer.body());
            assertEquals(1, answer.json().path("rejected").asLong());
            assertEquals(XINBEI_TOPIC, answer.json().path("recentRejections").path(0).path("topic").asText());
        }
    }

    @Test
    void anUnexpectedFailureIsA500InJsonWithoutAStackTrace() throws Exception {
        servlet = new StatusServlet(null, "tcp://broker:1883", "dayuan/+/+/+", new DeadLetters(dir));
        get(Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test")).internalErrorId();
    }

    @Test
    void otherMethodsAre405InJsonWithAllow() throws Exception {
        FakeHttp answer = new FakeHttp("POST", "/api/dayuan/mqtt").send(servlet);
        assertEquals("GET, HEAD", answer.responseHeader("Allow"));
        refused(answer, 405, "things:method.notallowed");
    }
}
