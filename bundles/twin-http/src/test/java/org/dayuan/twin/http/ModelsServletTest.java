package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.models.Models;
import org.dayuan.twin.ThingModel;
import org.dayuan.twin.ThingModels;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelsServletTest {
    /** The models installed, as the catalogue service shows them; tests add and remove bundles' models. */
    private final List<ThingModel> installed = new CopyOnWriteArrayList<>(List.of(
            core(Models.ROOM, ThingModel.Kind.THING), core(Models.OCCUPANCY, ThingModel.Kind.FEATURE)));
    private final ModelsServlet servlet = new ModelsServlet(new ThingModels() {
        @Override
        public List<ThingModel> installed() {
            return List.copyOf(installed);
        }

        @Override
        public Optional<ThingModel> find(String definition) {
            return installed.stream().filter(m -> m.definition().equals(definition)).findFirst();
        }
    });

    private static ThingModel core(String type, ThingModel.Kind kind) {
        ObjectNode model = Models.read(type);
        return new ThingModel(Models.definitionOf(type), type, kind, model.path("title").asText(),
                model.path("description").asText(), "org.dayuan.twin-models", stored(type));
    }

    private static String stored(String type) {
        try (InputStream in = Models.open(type)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
        assertEquals(2, list.size());
        JsonNode room = list.get(0);
        assertEquals("dayuan:Room:1.0.0", room.path("definition").asText());
        assertEquals("Room", room.path("title").asText());
        assertTrue(room.path("description").asText().contains("房间"));
        assertEquals("thing", room.path("kind").asText());
        assertEquals("/api/dayuan/models/dayuan:Room:1.0.0", room.path("href").asText());
        assertEquals("org.dayuan.twin-models", room.path("bundle").asText());
        assertEquals("feature", list.get(1).path("kind").asText());
        assertEquals(list, send("GET", "/", null).json());
    }

    @Test
    void theListAndTheModelsFollowTheBundles() throws Exception {
        installed.add(new ThingModel("dayuan:Kettle:1.0.0", "Kettle", ThingModel.Kind.THING, "Kettle", "A kettle",
                "org.acme.kettles", "{\"title\": \"Kettle\"}"));
        JsonNode list = send("GET", null, null).json();
        assertEquals(3, list.size());
        assertEquals("org.acme.kettles", list.get(2).path("bundle").asText());
        assertEquals("{\"title\": \"Kettle\"}",
                send("GET", "/Kettle.tm.jsonld", null).body.toString(StandardCharsets.UTF_8));

        installed.removeIf(m -> m.bundle().equals("org.acme.kettles"));
        assertEquals(2, send("GET", null, null).json().size());
        assertEquals(404, send("GET", "/dayuan:Kettle:1.0.0", null).status);
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
