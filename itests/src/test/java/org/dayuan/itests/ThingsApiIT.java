package org.dayuan.itests;

import static org.dayuan.itests.Api.q;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.itests.Api.Reply;
import org.dayuan.itests.SseClient.Event;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The twin HTTP API as Ditto's OpenAPI document describes it, against the booted distribution. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ThingsApiIT extends DistributionTest {

    @Test
    public void healthNamesTheStoreAndCountsTwins() {
        JsonNode h = api.get("/api/health").json();
        assertEquals("UP", h.path("status").asText());
        assertEquals(Dist.onPostgres() ? "postgresql" : "h2", h.path("store").asText().split("[ :]")[0]);
        assertTrue(h.path("twins").asInt() >= DEMO_TWINS);
        assertFalse(h.path("version").asText().isEmpty());
        assertTrue(h.has("uptimeSeconds"));
    }

    @Test
    public void demoCampusAndItsChildrenAnswer() {
        Reply campus = api.get("/api/2/things/" + CAMPUS);
        assertEquals(campus.toString(), 200, campus.status());
        assertEquals(CAMPUS, campus.json().path("thingId").asText());
        assertTrue(campus.json().path("attributes").has("geometry"));
        Reply children = api.get("/api/2/things/" + CAMPUS + "/children?fields=thingId,attributes/name");
        assertEquals(200, children.status());
        List<String> buildings = new ArrayList<>();
        children.json().forEach(c -> buildings.add(c.path("thingId").asText()));
        assertTrue(buildings.toString(), buildings.size() >= 3);
        Reply floors = api.get("/api/2/things/" + buildings.get(0) + "/children");
        assertTrue(floors.json().size() >= 1);
        assertEquals(buildings.get(0), floors.json().get(0).path("attributes").path("parent").asText());
    }

    @Test
    public void thingLifecycleFollowsDitto() {
        String path = "/api/2/things/cz.wujin.test:life";
        Reply created = api.put(path, "{'definition':'dayuan:Room:1.0.0','attributes':{'name':'305 室','area':18,'parent':'" + CAMPUS + "'}}");
        assertEquals(created.toString(), 201, created.status());
        assertEquals("\"rev:1\"", created.header("ETag"));
        assertTrue(created.header("Location").endsWith(path));
        assertEquals("cz.wujin.test:life", created.json().path("thingId").asText());

        Reply read = api.get(path);
        assertEquals(200, read.status());
        assertEquals("305 室", read.json().path("attributes").path("name").asText());
        assertFalse("read-only fields are not returned by default", read.json().has("_revision"));

        Reply modified = api.put(path, "{'attributes':{'name':'306 室'}}");
        assertEquals(204, modified.status());
        assertEquals("\"rev:2\"", modified.header("ETag"));
        assertFalse(modified.body().isPresent());
        assertNull(api.get(path).json().path("attributes").get("area"));

        assertEquals(204, api.patch(path, "{'attributes':{'area':20,'name':null},'features':{'temp':{'properties':{'c':21.5}}}}").status());
        JsonNode merged = api.get(path + "?fields=thingId,attributes,features/temp/properties/c,_revision,_modified,_namespace").json();
        assertEquals(20, merged.path("attributes").path("area").asInt());
        assertFalse(merged.path("attributes").has("name"));
        assertEquals(21.5, merged.path("features").path("temp").path("properties").path("c").asDouble(), 0);
        assertEquals(3, merged.path("_revision").asLong());
        assertEquals("cz.wujin.test", merged.path("_namespace").asText());
        assertTrue(merged.has("_modified"));

        assertEquals(204, api.delete(path + "/attributes/area").status());
        assertError(api.get(path + "/attributes/area"), 404, "things:attribute.notfound");
        assertEquals(204, api.delete(path).status());
        assertError(api.get(path), 404, "things:thing.notfound");
        assertError(api.delete(path), 404, "things:thing.notfound");
    }

    @Test
    public void subResourcesCanBeWrittenAndReadOneByOne() {
        String t = "/api/2/things/cz.wujin.test:sub";
        assertEquals(201, api.put(t, "{}").status());
        assertError(api.put(t + "/features/energy/properties/kwh", "1"), 404, "things:feature.notfound");
        Reply feature = api.put(t + "/features/energy", "{'properties':{'kwh':1200.5}}");
        assertEquals(201, feature.status());
        assertTrue(feature.header("ETag").startsWith("\"hash:"));
        assertEquals(1200.5, feature.json().path("properties").path("kwh").asDouble(), 0);

        Reply newProp = api.put(t + "/features/energy/properties/status/online", "true");
        assertEquals(201, newProp.status());
        assertTrue(newProp.header("Location").endsWith("/features/energy/properties/status/online"));
        assertEquals(204, api.put(t + "/features/energy/properties/kwh", "1300").status());
        assertEquals("1300", api.get(t + "/features/energy/properties/kwh").raw().body());
        assertEquals(true, api.get(t + "/features/energy/properties/status/online").json().asBoolean());

        assertEquals(201, api.put(t + "/features/energy/definition", "['org.example:Meter:1.0.0']").status());
        assertEquals(201, api.put(t + "/features/energy/desiredProperties", "{'kw':3}").status());
        assertEquals(3, api.get(t + "/features/energy/desiredProperties/kw").json().asInt());
        assertEquals(201, api.put(t + "/definition", "'org.example:Meter:1.0.0'").status());
        assertEquals(201, api.put(t + "/policyId", "'cz.wujin:policy'").status());
        assertEquals("cz.wujin:policy", api.get(t + "/policyId").json().asText());
        assertEquals(201, api.put(t + "/attributes", "{'a':{'b':1,'c':2}}").status());
        assertEquals(q("{'a':{'b':1}}"), api.get(t + "/attributes?fields=a/b").json().toString());
        assertEquals(204, api.patch(t + "/features/energy/properties", "{'kwh':1400,'kw':2.5}").status());
        assertEquals(1400, api.get(t + "/features/energy/properties/kwh").json().asInt());

        assertError(api.put(t + "/definition", "42"), 400, "things:definition.invalid");
        assertError(api.put(t + "/attributes", "[1]"), 400, "things:thing.invalid");
        assertError(api.get(t + "/nonsense"), 404, "things:resource.notfound");
        assertEquals(204, api.delete(t + "/features/energy/desiredProperties").status());
        assertError(api.get(t + "/features/energy/desiredProperties"), 404, "things:feature.desiredProperties.notfound");
        assertEquals(204, api.delete(t).status());
    }

    @Test
    public void postCreatesWithGeneratedIdInTheGivenNamespace() {
        Reply r = api.send("POST", "/api/2/things?namespace=cz.wujin.post", "application/json",
                q("{'attributes':{'x':1}}"));
        assertEquals(r.toString(), 201, r.status());
        String id = r.json().path("thingId").asText();
        assertTrue(id, id.startsWith("cz.wujin.post:"));
        assertTrue(r.header("Location").endsWith("/api/2/things/" + id));
        assertEquals(200, api.get("/api/2/things/" + id).status());
        assertError(api.send("POST", "/api/2/things", "application/json", q("{'thingId':'a:b'}")), 400,
                "things:id.notsettable");
        assertError(api.send("POST", "/api/2/things?namespace=9bad", "application/json", "{}"), 400,
                "things:parameter.invalid");
        assertError(api.send("POST", "/api/2/things/" + id, "application/json", "{}"), 405, "things:method.notallowed");
    }

    @Test
    public void getManyKeepsTheOrderAskedAndSkipsUnknownIds() {
        api.put("/api/2/things/cz.wujin.test:m1", "{'attributes':{'n':1}}");
        api.put("/api/2/things/cz.wujin.test:m2", "{'attributes':{'n':2}}");
        Reply r = api.get("/api/2/things?ids=cz.wujin.test:m2,cz.wujin.test:none,cz.wujin.test:m1&fields=thingId");
        assertEquals(200, r.status());
        assertEquals(q("[{'thingId':'cz.wujin.test:m2'},{'thingId':'cz.wujin.test:m1'}]"), r.json().toString());
        assertError(api.get("/api/2/things?ids=cz.wujin.test:m1,bad-id"), 400, "things:id.invalid");
        assertError(api.get("/api/2/things?ids=cz.wujin.test:m1&fields=attributes("), 400, "json.fieldselector.invalid");
    }

    @Test
    public void conditionalHeadersGuardWritesAndSaveReads() {
        String t = "/api/2/things/cz.wujin.test:cond";
        assertEquals(201, api.put(t, "{'attributes':{'v':1}}", "If-None-Match", "*").status());
        assertError(api.put(t, "{'attributes':{'v':2}}", "If-None-Match", "*"), 412, "things:precondition.failed");
        assertError(api.put(t + "/attributes/v", "3", "If-Match", "\"rev:7\""), 412, "things:precondition.failed");
        assertEquals(1, api.get(t + "/attributes/v").json().asInt());
        String valueTag = api.get(t + "/attributes/v").header("ETag");
        assertTrue(valueTag, valueTag.startsWith("\"hash:"));
        assertEquals(204, api.put(t + "/attributes/v", "4", "If-Match", valueTag).status());
        assertError(api.put(t + "/attributes/missing", "1", "If-Match", "*"), 412, "things:precondition.failed");

        Reply read = api.get(t);
        assertEquals("\"rev:2\"", read.header("ETag"));
        Reply notModified = api.get(t, "If-None-Match", read.header("ETag"));
        assertEquals(304, notModified.status());
        assertFalse(notModified.body().isPresent());
        String attrTag = api.get(t + "/attributes/v").header("ETag");
        assertEquals(304, api.get(t + "/attributes/v", "If-None-Match", attrTag).status());
        assertError(api.get(t, "If-Match", "\"rev:1\""), 412, "things:precondition.failed");
        assertError(api.patch(t, "{'attributes':{'v':9}}", "If-Match", "\"rev:1\""), 412, "things:precondition.failed");
        assertError(api.delete(t, "If-Match", "\"rev:1\""), 412, "things:precondition.failed");
        assertEquals(4, api.get(t + "/attributes/v").json().asInt());
    }

    @Test
    public void badInputGetsDittoErrorsAndChangesNothing() {
        String t = "/api/2/things/cz.wujin.test:bad";
        assertEquals(201, api.put(t, "{'attributes':{'v':1,'parent':'" + CAMPUS + "'}}").status());
        String etag = api.get(t).header("ETag");

        assertError(api.send("PUT", t, "application/json", "{\"attributes\": {"), 400, "json.invalid");
        assertError(api.send("PUT", t, "application/json", "{} trailing"), 400, "json.invalid");
        assertError(api.send("PUT", t, "application/json", ""), 400, "json.invalid");
        assertError(api.send("PUT", t, "text/plain", "{}"), 415, "mediatype.unsupported");
        assertError(api.send("PATCH", t, "application/json", "{}"), 415, "mediatype.unsupported");
        assertError(api.put("/api/2/things/no-namespace-separator", "{}"), 400, "things:id.invalid");
        assertError(api.put("/api/2/things/1bad:x", "{}"), 400, "things:id.invalid");
        assertError(api.put(t, "{'thingId':'cz.wujin.test:other'}"), 400, "things:id.notsettable");
        assertError(api.put(t, "{'features':{'f':'not an object'}}"), 400, "things:thing.invalid");
        assertError(api.put(t + "/attributes/parent", "'" + t.substring(t.lastIndexOf('/') + 1) + "'"), 409,
                "dayuan:parent.cycle");
        assertError(api.put(t + "/attributes/parent", "'cz.wujin:ghost'"), 400, "dayuan:parent.notfound");
        assertError(api.put(t + "/attributes/parent", "42"), 400, "dayuan:parent.invalid");
        assertError(api.get("/api/2/things/cz.wujin.test:unknown"), 404, "things:thing.notfound");
        assertError(api.patch("/api/2/things/cz.wujin.test:unknown/attributes", "{}"), 404, "things:thing.notfound");
        assertError(api.get("/api/nothing-here"), 404, "things:resource.notfound");
        assertError(api.delete("/api/2/things"), 405, "things:method.notallowed");
        assertError(api.delete(t + "?recursive=maybe"), 400, "things:parameter.invalid");

        String big = "{'attributes':{'blob':'" + "x".repeat(300_000) + "'}}";
        assertError(api.put(t, big), 413, "things:thing.toolarge");
        String bigThing = "{'attributes':{'blob':'" + "x".repeat(150_000) + "'}}";
        assertError(api.put(t, bigThing), 413, "things:thing.toolarge");

        assertEquals(etag, api.get(t).header("ETag"));
        assertEquals(1, api.get(t + "/attributes/v").json().asInt());
    }

    @Test
    public void deletingAParentNeedsRecursive() {
        api.put("/api/2/things/cz.wujin.test:p", "{}");
        api.put("/api/2/things/cz.wujin.test:c1", "{'attributes':{'parent':'cz.wujin.test:p'}}");
        api.put("/api/2/things/cz.wujin.test:c2", "{'attributes':{'parent':'cz.wujin.test:c1'}}");
        assertError(api.delete("/api/2/things/cz.wujin.test:p"), 409, "dayuan:thing.haschildren");
        assertEquals(200, api.get("/api/2/things/cz.wujin.test:c2").status());
        assertEquals(204, api.delete("/api/2/things/cz.wujin.test:p?recursive=true").status());
        assertError(api.get("/api/2/things/cz.wujin.test:c2"), 404, "things:thing.notfound");
        assertError(api.get("/api/2/things/cz.wujin.test:p/children"), 404, "things:thing.notfound");
    }

    @Test
    public void fireAndForgetAndDittoHeadersAreAccepted() {
        String t = "/api/2/things/cz.wujin.test:ff";
        Reply r = api.put(t + "?response-required=false", "{'attributes':{'v':1}}", "requested-acks", "twin-persisted",
                "correlation-id", "abc");
        assertEquals(r.toString(), 202, r.status());
        assertEquals(1, api.get(t + "/attributes/v").json().asInt());
        assertEquals(202, api.put(t + "/attributes/v?timeout=0", "2").status());
        assertEquals(2, api.get(t + "/attributes/v").json().asInt());
    }

    @Test
    public void malformedRequestsGet4xxNever500AndChangeNothing() {
        String t = "/api/2/things/cz.wujin.test:fuzz";
        assertEquals(201, api.put(t, "{'attributes':{'v':1},'features':{'f':{'properties':{'p':1}}}}").status());
        String etag = api.get(t).header("ETag");
        String deep = "[".repeat(5000) + "]".repeat(5000);
        List<Reply> replies = new ArrayList<>();
        for (String path : List.of("/api/2/things/%zz", "/api/2/things/cz.wujin:a%2", "/api/2/things/a:b/%C0%AF",
                "/api/2/things/a:b/../../../etc/passwd", "/api/2/things/a:b/attributes/%00")) {
            for (String method : List.of("GET", "PUT", "PATCH", "DELETE")) {
                int status = api.rawStatus(method, path);
                assertTrue(method + " " + path + " answered " + status, status >= 400 && status < 500);
            }
        }
        for (String path : List.of("/api/2/things/:",
                "/api/2/things/cz.wujin:" + "x".repeat(300), "/api/2/things/cz.wujin.test:fuzz/features/f/nope",
                "/api/2/things/cz.wujin.test:fuzz/attributes/%01")) {
            replies.add(api.get(path));
            replies.add(api.send("PUT", path, "application/json", "{}"));
            replies.add(api.send("PATCH", path, "application/merge-patch+json", "{}"));
            replies.add(api.delete(path));
        }
        for (String query : List.of("?fields=((((", "?fields=a(b(c(d)))),", "?ids=bad", "?ids=a:b&fields=")) {
            replies.add(api.get("/api/2/things" + query));
        }
        for (String body : List.of("", "null", "[]", "\"text\"", "{\"attributes\":", deep,
                "{\"attributes\":{\"a\":1e999999}}", "{\"features\":{\"f\":{\"properties\":{\"\":1}}}}",
                "{\"features\":[]}", "{\"policyId\":{}}", "\u0000",
                "{\"attributes\":{\"parent\":\"cz.wujin.test:fuzz\"}}")) {
            replies.add(api.send("PUT", t, "application/json", body));
            replies.add(api.send("PATCH", t, "application/merge-patch+json", body));
        }
        replies.add(api.send("PUT", t, null, "{}"));
        replies.add(api.send("PATCH", t, "application/merge-patch+json", "{}", "If-Match", "garbage"));
        replies.add(api.send("BREW", t, null, null));
        for (Reply r : replies) {
            assertTrue(r.toString(), r.status() >= 400 && r.status() < 500);
            assertFalse(r.toString(), r.raw().body().contains("Exception"));
        }
        assertEquals(etag, api.get(t).header("ETag"));
        assertEquals(200, api.get("/api/health").status());
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    public void conditionGuardsReadsAndWritesAtEveryPathAsInDitto() {
        String t = "/api/2/things/cz.wujin.test:condq";
        assertEquals(201, api.put(t, "{'attributes':{'v':1},'features':{'lamp':{'properties':{'on':true}}}}")
                .status());
        String etag = api.get(t).header("ETag");
        String no = "?condition=" + enc("eq(attributes/v,2)");

        Reply refused = api.put(t + "/attributes/v" + no, "5");
        assertError(refused, 412, "things:condition.failed");
        assertEquals("The specified condition does not match the state of the requested Thing.",
                refused.json().path("message").asText());
        assertError(api.patch(t + no, "{'attributes':{'v':6}}"), 412, "things:condition.failed");
        assertError(api.put(t + no, "{}"), 412, "things:condition.failed");
        assertError(api.delete(t + "/features/lamp", "condition", "eq(attributes/v,2)"), 412,
                "things:condition.failed");
        assertError(api.delete(t + no), 412, "things:condition.failed");
        assertError(api.get(t + "/features/lamp/properties/on" + no), 412, "things:condition.failed");
        assertError(api.get(t, "condition", "eq(attributes/v,2)"), 412, "things:condition.failed");
        assertEquals(etag, api.get(t).header("ETag"));

        String yes = "?condition=" + enc("and(eq(attributes/v,1),eq(features/lamp/properties/on,true))");
        assertEquals(200, api.get(t + "/attributes" + yes).status());
        assertEquals(204, api.put(t + "/attributes/v" + yes, "2").status());
        assertEquals(2, api.get(t + "/attributes/v").json().asInt());

        Reply malformed = api.put(t + "/attributes/v?condition=" + enc("eq(attributes/v"), "3");
        assertError(malformed, 400, "things:condition.invalid");
        assertEquals("The specified condition 'eq(attributes/v' is invalid.", malformed.json().path("message").asText());
        assertEquals(2, api.get(t + "/attributes/v").json().asInt());

        // As in Ditto, a thing that does not exist is not tested: PUT creates it, a read is 404.
        assertEquals(201, api.put("/api/2/things/cz.wujin.test:condnew" + no, "{}").status());
        assertError(api.get("/api/2/things/cz.wujin.test:condnone" + no), 404, "things:thing.notfound");
    }

    @Test
    public void ifEqualSkipWritesNothingForAnEqualValue() throws Exception {
        String t = "/api/2/things/cz.wujin.test-same:s";
        assertEquals(201, api.put(t, "{'attributes':{'v':1,'w':{'x':2}}}").status());
        try (SseClient sse = new SseClient(port, "/api/2/things?namespaces=cz.wujin.test-same")) {
            assertEquals(200, sse.status);
            Reply skipped = api.put(t + "/attributes/v", "1", "if-equal", "skip");
            assertError(skipped, 412, "things:precondition.failed");
            assertEquals("The previous value was equal to the new value and the 'if-equal' header was set to 'skip'.",
                    skipped.json().path("message").asText());
            assertError(api.put(t, "{'attributes':{'v':1,'w':{'x':2}}}", "if-equal", "skip"), 412,
                    "things:precondition.failed");
            assertError(api.patch(t, "{'attributes':{'w':{'x':2},'gone':null}}", "if-equal", "skip-minimizing-merge"),
                    412, "things:precondition.failed");
            assertError(api.put(t + "/attributes/v", "1", "if-equal", "sometimes"), 400, "header.invalid");
            assertEquals("\"rev:1\"", api.get(t).header("ETag"));

            assertEquals(204, api.put(t + "/attributes/v", "7", "if-equal", "skip").status());
            Event first = sse.next(10);
            assertEquals("the skipped writes sent no event", 7, first.data().path("attributes").path("v").asInt());
            assertEquals(204, api.put(t + "/attributes/v", "7").status());
            assertEquals("'update', the default, writes an equal value anyway", "\"rev:3\"",
                    api.get(t).header("ETag"));
        }
    }

    @Test
    public void patchCreatesAThingThatDoesNotExistAsDitto3Does() {
        String t = "/api/2/things/cz.wujin.test:patched";
        Reply created = api.patch(t, "{'attributes':{'v':1,'gone':null},'features':{'f':{'properties':{'p':true}}}}");
        assertEquals(created.toString(), 201, created.status());
        assertEquals("\"rev:1\"", created.header("ETag"));
        JsonNode twin = api.get(t).json();
        assertEquals(1, twin.path("attributes").path("v").asInt());
        assertFalse(twin.toString(), twin.path("attributes").has("gone"));
        assertTrue(twin.path("features").path("f").path("properties").path("p").asBoolean());
        assertEquals(204, api.patch(t, "{'attributes':{'v':2}}").status());
        assertEquals("\"rev:2\"", api.get(t).header("ETag"));

        assertError(api.patch("/api/2/things/cz.wujin.test:patched-not/attributes", "{'v':1}"), 404,
                "things:thing.notfound");
        assertError(api.patch("/api/2/things/cz.wujin.test:patched-not", "[1]"), 400, "things:thing.invalid");
        assertError(api.patch("/api/2/things/cz.wujin.test:patched-not", "{}", "If-Match", "*"), 412,
                "things:precondition.failed");
        assertError(api.get("/api/2/things/cz.wujin.test:patched-not"), 404, "things:thing.notfound");
        assertEquals(400, api.patch(t, "{'thingId':'cz.wujin.test:other'}").status());
        assertEquals("\"rev:2\"", api.get(t).header("ETag"));
    }

    @Test
    public void timeoutIsCheckedAndCorrelationIdComesBack() {
        String t = "/api/2/things/cz.wujin.test:timeout";
        assertEquals(201, api.put(t, "{'attributes':{'v':1}}").status());
        Reply tooLong = api.put(t + "/attributes/v?timeout=61s", "2");
        assertError(tooLong, 400, "gateway:timeout.invalid");
        assertEquals("The timeout <61000ms> is not inside its allowed bounds <0ms - 60000ms>",
                tooLong.json().path("message").asText());
        assertError(api.put(t + "/attributes/v", "2", "timeout", "2m"), 400, "gateway:timeout.invalid");
        assertError(api.get(t + "?timeout=soon"), 400, "header.invalid");
        assertEquals(1, api.get(t + "/attributes/v").json().asInt());
        assertEquals(204, api.put(t + "/attributes/v?timeout=30s", "2").status());

        assertEquals("order-4711", api.get(t, "correlation-id", "order-4711").header("correlation-id"));
        Reply missing = api.get("/api/2/things/cz.wujin.test:no-such", "correlation-id", "order-4712");
        assertError(missing, 404, "things:thing.notfound");
        assertEquals("order-4712", missing.header("correlation-id"));
        String first = api.get(t).header("correlation-id");
        UUID.fromString(first);
        assertNotEquals(first, api.get(t).header("correlation-id"));
    }

    @Test
    public void aStarInFieldsSelectsEveryFeature() {
        String t = "/api/2/things/cz.wujin.test:stars";
        assertEquals(201, api.put(t, "{'features':{'a':{'properties':{'on':true,'w':1}},"
                + "'b':{'properties':{'on':false}},'c':{'properties':{}}}}").status());
        assertEquals(q("{'features':{'a':{'properties':{'on':true}},'b':{'properties':{'on':false}}}}"),
                api.get(t + "?fields=" + enc("features/*/properties/on")).json().toString());
        assertEquals(q("[{'thingId':'cz.wujin.test:stars','features':{'a':{'properties':{'w':1}}}}]"),
                api.get("/api/2/things?ids=cz.wujin.test:stars&fields=" + enc("thingId,features/*/properties/w"))
                        .json().toString());
    }
}
