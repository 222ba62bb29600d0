package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.models.Models;
import org.dayuan.twin.http.testing.FakeHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelsServletTest {
    private final ModelsServlet servlet = new ModelsServlet();

    private FakeHttp send(String method, String pathInfo, String accept) throws Exception {
        FakeHttp http = new FakeHttp(method, ModelsServlet.BASE + (pathInfo == null ? "" : pathInfo));
        http.pathInfo = pathInfo;
        if (accept != null) {
            http.header("Accept", accept);
        }
        return http.send(servlet);
    }

    @Test
    void listsEveryModelWithItsKindAndWhereToReadIt() throws Exception {
        FakeHttp r = send("GET", null, null);
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
        FakeHttp r = send("GET", path, null);
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
        FakeHttp r = send("GET", path, null);
        assertEquals(404, r.status);
        assertEquals("things:resource.notfound", r.json().path("error").asText());
        assertEquals(404, r.json().path("status").asInt());
        assertFalse(r.json().path("description").asText().isEmpty());
    }

    @Test
    void writesAreNotAllowed() throws Exception {
        for (String method : new String[] {"PUT", "POST", "PATCH", "DELETE"}) {
            FakeHttp r = send(method, "/Room", null);
            assertEquals(405, r.status);
            assertEquals("things:method.notallowed", r.json().path("error").asText());
        }
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        FakeHttp r = send("HEAD", "/Room", null);
        assertEquals(200, r.status);
        assertEquals(0, r.body.size());
    }
}
