package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.models.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelsServletTest {
    private final ModelsServlet servlet = new ModelsServlet();

    /** What the servlet answered. */
    private static final class Reply {
        int status = 200;
        String contentType;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        JsonNode json() throws IOException {
            return Http.MAPPER.readTree(body.toByteArray());
        }
    }

    private Reply send(String method, String pathInfo, String accept) throws Exception {
        Map<String, Object> request = new HashMap<>(Map.of("getMethod", method, "getRequestURI",
                ModelsServlet.BASE + (pathInfo == null ? "" : pathInfo)));
        if (pathInfo != null) {
            request.put("getPathInfo", pathInfo);
        }
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> m.getName().equals("getHeader")
                        ? ("Accept".equalsIgnoreCase((String) args[0]) ? accept : null)
                        : request.getOrDefault(m.getName(), defaultOf(m.getReturnType())));
        Reply reply = new Reply();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                reply.body.write(b);
            }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        reply.status = (Integer) args[0];
                        yield null;
                    }
                    case "setContentType" -> {
                        reply.contentType = (String) args[0];
                        yield null;
                    }
                    case "getOutputStream" -> out;
                    default -> defaultOf(m.getReturnType());
                });
        servlet.service(req, resp);
        return reply;
    }

    /** What a proxy answers for methods the test does not care about. */
    private static Object defaultOf(Class<?> type) {
        return type == boolean.class ? Boolean.FALSE : type == int.class ? (Object) 0 : type == long.class ? (Object) 0L
                : null;
    }

    @Test
    void listsEveryModelWithItsKindAndWhereToReadIt() throws Exception {
        Reply r = send("GET", null, null);
        assertEquals(200, r.status);
        assertEquals("application/json", r.contentType);
        JsonNode list = r.json();
        assertEquals(Models.ALL_TYPES.size(), list.size());
        JsonNode room = list.get(Models.ALL_TYPES.indexOf(Models.ROOM));
        assertEquals("dayuan:Room:1.0.0", room.path("definition").asText());
        assertEquals("Room", room.path("title").asText());
        assertTrue(room.path("description").asText().contains("房间"));
        assertEquals("thing", room.path("kind").asText());
        assertEquals("/api/dayuan/models/dayuan:Room:1.0.0", room.path("href").asText());
        assertEquals("feature", list.get(Models.ALL_TYPES.indexOf(Models.OCCUPANCY)).path("kind").asText());
        assertEquals(list, send("GET", "/", null).json());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dayuan:Room:1.0.0", "/Room", "/Room.tm.jsonld"})
    void servesAModelAsStoredByDefinitionTypeOrFileName(String path) throws Exception {
        Reply r = send("GET", path, null);
        assertEquals(200, r.status);
        assertEquals(ModelsServlet.TM_JSON, r.contentType);
        byte[] stored;
        try (InputStream in = Models.open(Models.ROOM)) {
            stored = in.readAllBytes();
        }
        assertArrayEquals(stored, r.body.toByteArray());
    }

    @Test
    void aClientThatAcceptsOnlyJsonGetsJson() throws Exception {
        assertEquals("application/json", send("GET", "/Room", "application/json").contentType);
        assertEquals(ModelsServlet.TM_JSON, send("GET", "/Room", "application/tm+json, application/json").contentType);
        assertEquals(ModelsServlet.TM_JSON, send("GET", "/Room", "*/*").contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Kettle", "/dayuan:Room:2.0.0", "/../Room", "/Room/extra", "/room"})
    void unknownModelIsA404InDittosShape(String path) throws Exception {
        Reply r = send("GET", path, null);
        assertEquals(404, r.status);
        assertEquals("things:resource.notfound", r.json().path("error").asText());
        assertEquals(404, r.json().path("status").asInt());
        assertFalse(r.json().path("description").asText().isEmpty());
    }

    @Test
    void writesAreNotAllowed() throws Exception {
        for (String method : new String[] {"PUT", "POST", "PATCH", "DELETE"}) {
            Reply r = send(method, "/Room", null);
            assertEquals(405, r.status);
            assertEquals("things:method.notallowed", r.json().path("error").asText());
        }
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        Reply r = send("HEAD", "/Room", null);
        assertEquals(200, r.status);
        assertEquals(0, r.body.size());
    }
}
