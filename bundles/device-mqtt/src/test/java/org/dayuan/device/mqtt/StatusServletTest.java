package org.dayuan.device.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.twin.Caller;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page shows refused messages of every organisation, so only the county's writers may read it. */
class StatusServletTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String XINBEI_TOPIC = "dayuan/cz.xinbei/meter-1/energy";

    @TempDir
    Path dir;
    private StatusServlet servlet;

    /** What the servlet answered. */
    private record Answer(int status, JsonNode body) {
    }

    @BeforeEach
    void refusedAMessageOfXinbei() throws Exception {
        IngestStats stats = new IngestStats();
        stats.rejected.incrementAndGet();
        DeadLetters deadLetters = new DeadLetters(dir);
        deadLetters.park(Instant.parse("2026-11-02T08:00:00Z"), XINBEI_TOPIC,
                "{\"reading\":\"x\"}".getBytes(StandardCharsets.UTF_8), "reading must be a number");
        servlet = new StatusServlet(stats, "tcp://broker:1883", deadLetters);
    }

    /** Drives the servlet through dynamic-proxy request and response, as far as it reads and writes them. */
    private Answer get(Caller caller) throws Exception {
        int[] status = {200};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getAttribute" -> Caller.REQUEST_ATTRIBUTE.equals(args[0]) ? caller : null;
                    default -> m.getReturnType() == boolean.class ? Boolean.FALSE
                            : m.getReturnType() == int.class ? (Object) 0 : null;
                });
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status[0] = (Integer) args[0];
                        yield null;
                    }
                    case "getOutputStream" -> out;
                    default -> m.getReturnType() == boolean.class ? Boolean.FALSE
                            : m.getReturnType() == int.class ? (Object) 0 : null;
                });
        servlet.service(req, resp);
        return new Answer(status[0], JSON.readTree(body.toByteArray()));
    }

    private static void refused(Answer answer, int status, String error) {
        assertEquals(status, answer.status());
        assertEquals(status, answer.body().path("status").asInt());
        assertEquals(error, answer.body().path("error").asText());
        assertTrue(answer.body().path("message").isTextual(), answer.body().toString());
        assertFalse(answer.body().toString().contains("xinbei"), answer.body().toString());
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
        for (Caller caller : Set.of(Caller.unrestricted("admin", "test"),
                new Caller("ops", Set.of(Caller.ROLE_INTEGRATOR), Set.of(Caller.ALL_NAMESPACES), "test"))) {
            Answer answer = get(caller);
            assertEquals(200, answer.status(), answer.body().toString());
            assertEquals(1, answer.body().path("rejected").asLong());
            assertEquals(XINBEI_TOPIC, answer.body().path("recentRejections").path(0).path("topic").asText());
        }
    }
}
