package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Typed models in the running distribution: the models over HTTP, and writes to demo twins that break their models
 * refused with 400 {@code dayuan:model.violation} and no change, derived from the models the API serves.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModelValidationIT extends DistributionTest {
    private static final String THINGS = "/api/2/things/";
    private static final String MODELS = "/api/dayuan/models";
    private static final String VIOLATION = "dayuan:model.violation";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** One forbidden change: {@code value} at {@code path}, or its removal when null. */
    private record Mutation(List<String> path, JsonNode value) {
        String pointer() {
            return "/" + String.join("/", path);
        }
    }

    // ---- the models ---------------------------------------------------------------------------------------------

    @Test
    public void modelsAreListedAndEachIsServedAsStored() {
        Reply list = api.get(MODELS);
        assertEquals(list.toString(), 200, list.status());
        // twin-models' 22, the alarms bundle's Alarm 2.0.0 and WorkOrder, the safety line's Hazard and SafetyGrade,
        // the fleet line's TripOrder, VehicleLedger and VehicleTerminal, the attachment store's Attachment, the office
        // line's OfficeReallocation, OfficeLease, OfficeDisposal and OfficeInspection
        assertEquals(34, list.json().size());
        for (JsonNode entry : list.json()) {
            Reply model = api.get(entry.path("href").asText());
            assertEquals(model.toString(), 200, model.status());
            assertTrue(model.toString(), model.header("Content-Type").startsWith("application/tm+json"));
            assertEquals(entry.path("definition").asText(), model.json().path("dayuan:definition").asText());
            assertTrue(List.of("thing", "feature").contains(entry.path("kind").asText()));
        }
        Reply byFile = api.get(MODELS + "/EnergyMeasurement.tm.jsonld");
        assertEquals(byFile.toString(), 200, byFile.status());
        Reply unknown = api.get(MODELS + "/Kettle");
        assertEquals(404, unknown.status());
        assertEquals("things:resource.notfound", unknown.json().path("error").asText());
    }

    // ---- refused writes -----------------------------------------------------------------------------------------

    @Test
    public void writesThatBreakTheModelAreRefusedAndChangeNothing() {
        int refused = 0;
        for (String id : oneDemoTwinPerType().values()) {
            Reply before = api.get(THINGS + id);
            ObjectNode twin = (ObjectNode) before.json();
            for (Mutation m : mutations(twin)) {
                for (Reply r : send(id, twin, m)) {
                    assertEquals(id + " " + m + ": " + r, 400, r.status());
                    assertEquals(r.toString(), VIOLATION, r.json().path("error").asText());
                    assertTrue(r.toString(), r.json().path("message").asText().contains(" at " + m.pointer() + " "));
                    refused++;
                }
            }
            Reply after = api.get(THINGS + id);
            assertEquals(id, before.header("ETag"), after.header("ETag"));
            assertEquals(id, twin, after.json());
        }
        assertTrue(refused + " refused writes", refused >= 200);
    }

    @Test
    public void unknownModelsAreRefused() {
        Reply r = api.send("PUT", THINGS + "cz.wujin.test:kettle", "application/json",
                "{\"definition\":\"dayuan:Kettle:1.0.0\"}");
        assertEquals(r.toString(), 400, r.status());
        assertTrue(r.toString(), r.json().path("message").asText().contains("unknown model"));
        assertEquals(404, api.get(THINGS + "cz.wujin.test:kettle").status());
    }

    // ---- valid writes -------------------------------------------------------------------------------------------

    @Test
    public void validWritesToTheSameTwinsStillWork() {
        for (String id : oneDemoTwinPerType().values()) {
            ObjectNode twin = (ObjectNode) api.get(THINGS + id).json();
            String name = twin.path("attributes").path("name").toString();
            assertEquals(id, 204, api.send("PUT", THINGS + id + "/attributes/name", "application/json", name).status());
            assertEquals(id, 204, api.send("PATCH", THINGS + id, "application/merge-patch+json",
                    "{\"attributes\":{\"name\":" + name + "}}").status());
            assertEquals(id, 204, api.send("PUT", THINGS + id, "application/json", twin.toString()).status());
            assertEquals(id, twin, api.get(THINGS + id).json());
        }
    }

    @Test
    public void everyDemoTwinIsValidAsItStands() {
        int checked = 0;
        for (JsonNode t : everyTwin("thingId,definition")) {
            if (t.path("definition").asText().startsWith("dayuan:")) {
                String id = t.path("thingId").asText();
                JsonNode twin = api.get(THINGS + id).json();
                Reply r = api.send("PUT", THINGS + id, "application/json", twin.toString());
                assertEquals(id + ": " + r, 204, r.status());
                checked++;
            }
        }
        assertTrue(checked + " demo twins", checked >= DEMO_TWINS);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Every twin the test's user sees, with only {@code fields}, read page by page through search. */
    private List<JsonNode> everyTwin(String fields) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = api.get("/api/2/search/things?fields=" + fields + "&option="
                    + URLEncoder.encode("size(200)" + cursor, StandardCharsets.UTF_8)).json();
            page.path("items").forEach(out::add);
            cursor = page.has("cursor") ? ",cursor(" + page.path("cursor").asText() + ")" : null;
        } while (cursor != null);
        return out;
    }

    /** Definition to the first demo twin that has it. */
    private Map<String, String> oneDemoTwinPerType() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode t : everyTwin("thingId,definition")) {
            String definition = t.path("definition").asText();
            if (definition.startsWith("dayuan:") && t.path("thingId").asText().startsWith("cz.wujin:")) {
                out.putIfAbsent(definition, t.path("thingId").asText());
            }
        }
        assertEquals(out.toString(), 14, out.size());
        return out;
    }

    private JsonNode model(String definition) {
        return api.get(MODELS + "/" + definition).json();
    }

    /** The forbidden single-value changes of {@code twin}, from its models as the API serves them. */
    private List<Mutation> mutations(ObjectNode twin) {
        List<Mutation> out = new ArrayList<>();
        JsonNode thing = model(twin.path("definition").asText());
        affordances(thing, List.of("attributes"), twin.path("attributes"), out);
        // The registry checks the parent itself, with its own errors.
        out.removeIf(m -> m.path().equals(List.of("attributes", "parent")) && m.value() != null);
        for (Iterator<Map.Entry<String, JsonNode>> it = twin.path("features").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode model = model(f.getValue().path("definition").get(0).asText());
            affordances(model, List.of("features", f.getKey(), "properties"), f.getValue().path("properties"), out);
        }
        return out;
    }

    private static void affordances(JsonNode model, List<String> at, JsonNode values, List<Mutation> out) {
        for (JsonNode r : model.path("tm:required")) {
            out.add(new Mutation(append(at, r.asText().substring("#/properties/".length())), null));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (values.has(p.getKey())) {
                breaking(p.getValue(), append(at, p.getKey()), values.get(p.getKey()), out);
            }
        }
    }

    private static void breaking(JsonNode schema, List<String> at, JsonNode value, List<Mutation> out) {
        String type = schema.path("type").asText();
        out.add(new Mutation(at, type.equals("string") ? F.numberNode(42) : F.textNode("42")));
        if (type.equals("integer")) {
            out.add(new Mutation(at, F.numberNode(0.5)));
        }
        if (schema.has("enum")) {
            out.add(new Mutation(at, F.textNode("notOneOfThem")));
        }
        if (schema.has("minimum")) {
            out.add(new Mutation(at, F.numberNode(schema.get("minimum").asDouble() - 1)));
        }
        if (schema.has("maximum")) {
            out.add(new Mutation(at, F.numberNode(schema.get("maximum").asDouble() + 1)));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (value.has(p.getKey())) {
                breaking(p.getValue(), append(at, p.getKey()), value.get(p.getKey()), out);
            }
        }
        if (schema.has("items") && value.size() > 0) {
            breaking(schema.get("items"), append(at, "0"), value.get(0), out);
        }
    }

    private static List<String> append(List<String> path, String segment) {
        List<String> out = new ArrayList<>(path);
        out.add(segment);
        return out;
    }

    /** The change sent three ways: the whole twin, the value alone (PUT, or DELETE to remove), a merge patch. */
    private List<Reply> send(String id, ObjectNode twin, Mutation m) {
        ObjectNode changed = changed(twin, m);
        List<String> reach = reach(twin, m.path());
        boolean removal = m.value() == null && reach.equals(m.path());
        JsonNode value = removal ? F.nullNode() : changed.at("/" + String.join("/", reach));
        JsonNode patch = value;
        for (int i = reach.size() - 1; i >= 0; i--) {
            patch = F.objectNode().set(reach.get(i), patch);
        }
        String url = THINGS + id + "/" + String.join("/", reach.stream().map(ModelValidationIT::encode).toList());
        List<Reply> replies = List.of(
                api.send("PUT", THINGS + id, "application/json", changed.toString()),
                removal ? api.delete(url) : api.send("PUT", url, "application/json", value.toString()),
                api.send("PATCH", THINGS + id, "application/merge-patch+json", patch.toString()));
        assertFalse(replies.toString(), replies.stream().anyMatch(r -> r.status() >= 500));
        return replies;
    }

    /** {@code twin} with the change made. */
    private static ObjectNode changed(ObjectNode twin, Mutation m) {
        ObjectNode out = twin.deepCopy();
        JsonNode parent = out.at("/" + String.join("/", m.path().subList(0, m.path().size() - 1)));
        String last = m.path().get(m.path().size() - 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), m.value());
        } else if (m.value() == null) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, m.value());
        }
        return out;
    }

    /** How far one write reaches toward {@code path}: a pointer cannot step into an array, so up to the first one. */
    private static List<String> reach(JsonNode twin, List<String> path) {
        JsonNode n = twin;
        for (int i = 0; i < path.size(); i++) {
            if (n.isArray()) {
                return path.subList(0, i);
            }
            n = n.path(path.get(i));
        }
        return path;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
