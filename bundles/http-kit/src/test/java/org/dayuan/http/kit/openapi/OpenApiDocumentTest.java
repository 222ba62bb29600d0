package org.dayuan.http.kit.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static OpenApiDocument base() throws Exception {
        return new OpenApiDocument((ObjectNode) json("{'openapi':'3.0.3','info':{'title':'t','version':'1'},"
                + "'paths':{'/api/health':{'get':{'responses':{'200':{'description':'up'}}}}},"
                + "'components':{'schemas':{'Error':{'type':'object'}}}}"));
    }

    @Test
    void aBundlesPathsJoinTheBaseNamingTheBundleAndLeaveWithIt() throws Exception {
        OpenApiDocument doc = base();
        doc.put("org.dayuan.line-b", json("{'paths':{'/api/dayuan/b':{'get':{'responses':{'200':{'description':"
                + "'b'}}}}},'components':{'schemas':{'Pass':{'type':'object'}}},'tags':[{'name':'b'}]}"));
        doc.put("org.dayuan.line-a", json("{'openapi':'3.0.3','info':{'title':'ignored'},'paths':{'/api/dayuan/a':"
                + "{'post':{'responses':{'204':{'description':'a'}}}}}}"));

        OpenApiDocument.Merged merged = doc.merge();
        JsonNode paths = merged.document().path("paths");
        assertEquals(List.of("/api/dayuan/a", "/api/dayuan/b", "/api/health"), names(paths));
        assertEquals("org.dayuan.line-b", paths.path("/api/dayuan/b").path("x-dayuan-bundle").asText());
        assertEquals("t", merged.document().path("info").path("title").asText());
        assertTrue(merged.document().path("components").path("schemas").has("Pass"));
        assertTrue(merged.document().path("components").path("schemas").has("Error"));
        assertEquals("b", merged.document().path("tags").path(0).path("name").asText());
        assertEquals(List.of(), merged.conflicts());

        doc.remove("org.dayuan.line-b");
        JsonNode after = doc.merge().document();
        assertEquals(List.of("/api/dayuan/a", "/api/health"), names(after.path("paths")));
        assertFalse(after.path("components").path("schemas").has("Pass"));
    }

    @Test
    void twoBundlesShareAPathByMethodAndAClaimedMethodKeepsTheFirst() throws Exception {
        OpenApiDocument doc = base();
        doc.put("a", json("{'paths':{'/api/x':{'get':{'summary':'from a','responses':{}}}}}"));
        doc.put("b", json("{'paths':{'/api/x':{'get':{'summary':'from b','responses':{}},'post':{'responses':{}}}},"
                + "'components':{'schemas':{'Error':{'type':'string'}}}}"));

        OpenApiDocument.Merged merged = doc.merge();
        JsonNode x = merged.document().path("paths").path("/api/x");
        assertEquals("from a", x.path("get").path("summary").asText());
        assertTrue(x.has("post"));
        assertEquals("object", merged.document().at("/components/schemas/Error/type").asText());
        assertEquals(List.of("b redefines GET /api/x of a", "b redefines components/schemas/Error"),
                merged.conflicts());
    }

    @Test
    void mergingNeverChangesTheBaseOrAFragment() throws Exception {
        OpenApiDocument doc = base();
        JsonNode fragment = json("{'paths':{'/api/y':{'get':{'responses':{}}}}}");
        JsonNode copy = fragment.deepCopy();
        doc.put("y", fragment);
        doc.merge();
        doc.merge();
        assertEquals(copy, fragment);
        assertEquals(List.of("/api/health", "/api/y"), names(doc.merge().document().path("paths")));
    }

    private static List<String> names(JsonNode object) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
