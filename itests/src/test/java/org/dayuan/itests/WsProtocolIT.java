package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Eclipse Ditto's WebSocket endpoint /ws/2 speaking the Ditto Protocol, against the booted distribution. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WsProtocolIT extends DistributionTest {

    private WsClient connect(String user) {
        return new WsClient(port, Api.basic(user, Dist.USER_PASSWORD));
    }

    /** A twin command envelope; {@code value} is JSON with single quotes, or null for none. */
    private static String command(String thingId, String action, String path, String value, String cid) {
        String[] id = thingId.split(":", 2);
        return "{'topic':'" + id[0] + "/" + id[1] + "/things/twin/commands/" + action + "','headers':{'correlation-id':'"
                + cid + "'},'path':'" + path + "'" + (value == null ? "" : ",'value':" + value) + "}";
    }

    private static void assertResponse(JsonNode r, String topic, String cid, String path, int status) {
        assertEquals(r.toString(), topic, r.path("topic").asText());
        assertEquals(r.toString(), cid, r.path("headers").path("correlation-id").asText());
        assertEquals(r.toString(), path, r.path("path").asText());
        assertEquals(r.toString(), status, r.path("status").asInt());
    }

    /** One Ditto error envelope: the errors topic, the status, and the error JSON with code, message, description. */
    private static void assertErrorEnvelope(JsonNode r, String topic, int status, String code) {
        assertEquals(r.toString(), topic, r.path("topic").asText());
        assertEquals(r.toString(), "/", r.path("path").asText());
        assertEquals(r.toString(), status, r.path("status").asInt());
        JsonNode e = r.path("value");
        assertEquals(r.toString(), status, e.path("status").asInt());
        assertEquals(r.toString(), code, e.path("error").asText());
        assertFalse(r.toString(), e.path("message").asText().isEmpty());
        assertFalse(r.toString(), e.path("description").asText().isEmpty());
        assertFalse(r.toString(), r.toString().contains("Exception"));
    }

    @Test
    public void twinCommandsAtEveryPathAnswerAsDitto() {
        String id = "cz.wujin.ws:room-1";
        String topic = "cz.wujin.ws/room-1/things/twin/commands/";
        try (WsClient ws = connect("wj-manager")) {
            JsonNode created = ws.ask(command(id, "create", "/", "{'attributes':{'name':'305','area':18}}", "c1"));
            assertResponse(created, topic + "create", "c1", "/", 201);
            assertEquals(id, created.path("value").path("thingId").asText());

            assertResponse(ws.ask(command(id, "modify", "/attributes/name", "'306'", "c2")), topic + "modify", "c2",
                    "/attributes/name", 204);
            JsonNode added = ws.ask(command(id, "modify", "/attributes/floor", "3", "c3"));
            assertResponse(added, topic + "modify", "c3", "/attributes/floor", 201);
            assertEquals(3, added.path("value").asInt());
            assertResponse(ws.ask(command(id, "modify", "/features/temp", "{'properties':{'c':20}}", "c4")),
                    topic + "modify", "c4", "/features/temp", 201);
            assertResponse(ws.ask(command(id, "modify", "/features/temp/properties/c", "21.5", "c5")),
                    topic + "modify", "c5", "/features/temp/properties/c", 204);
            assertResponse(ws.ask(command(id, "merge", "/attributes", "{'area':20,'floor':null}", "c6")),
                    topic + "merge", "c6", "/attributes", 204);
            assertResponse(ws.ask(command(id, "modify", "/policyId", "'cz.wujin.ws:room-1'", "c7")),
                    topic + "modify", "c7", "/policyId", 201);

            JsonNode name = ws.ask(command(id, "retrieve", "/attributes/name", null, "r1"));
            assertResponse(name, topic + "retrieve", "r1", "/attributes/name", 200);
            assertEquals("306", name.path("value").asText());
            JsonNode whole = ws.ask("{'topic':'cz.wujin.ws/room-1/things/twin/commands/retrieve','headers':"
                    + "{'correlation-id':'r2'},'path':'/','fields':'thingId,attributes/area,_revision'}");
            assertResponse(whole, topic + "retrieve", "r2", "/", 200);
            assertEquals(20, whole.path("value").path("attributes").path("area").asInt());
            assertFalse(whole.toString(), whole.path("value").path("attributes").has("name"));
            assertEquals(7, whole.path("value").path("_revision").asLong());

            assertResponse(ws.ask(command(id, "delete", "/attributes/name", null, "d1")), topic + "delete", "d1",
                    "/attributes/name", 204);
            assertErrorEnvelope(ws.ask(command(id, "retrieve", "/attributes/name", null, "r3")),
                    "cz.wujin.ws/room-1/things/twin/errors", 404, "things:attribute.notfound");

            // what HTTP sees is what the WebSocket wrote
            JsonNode http = api.get("/api/2/things/" + id).json();
            assertEquals(21.5, http.path("features").path("temp").path("properties").path("c").asDouble(), 0);
            assertEquals("cz.wujin.ws:room-1", http.path("policyId").asText());
            assertFalse(http.path("attributes").has("floor"));

            // no response asked for: nothing comes, and the write is still made
            ws.send(Api.q("{'topic':'cz.wujin.ws/room-1/things/twin/commands/modify','headers':{'correlation-id':"
                    + "'q1','response-required':false},'path':'/attributes/quiet','value':true}"));
            assertResponse(ws.ask(command(id, "delete", "/", null, "d2")), topic + "delete", "d2", "/", 204);
            assertEquals(404, api.get("/api/2/things/" + id).status());
        }
    }

    @Test
    public void everyMalformedMessageGetsOneErrorAndChangesNothing() {
        String id = "cz.wujin.ws:target";
        assertEquals(201, api.put("/api/2/things/" + id, "{'attributes':{'name':'t'}}").status());
        String none = "_/_/things/twin/errors";
        String thing = "cz.wujin.ws/target/things/twin/errors";
        try (WsClient ws = connect("wj-manager")) {
            List<Object[]> cases = List.of(
                    new Object[] {"not json", none, 400, "json.invalid"},
                    new Object[] {"[1,2]", none, 400, "things.protocol.adapter.envelope.invalid"},
                    new Object[] {"{'headers':{}}", none, 400, "things.protocol.adapter.envelope.invalid"},
                    new Object[] {"{'topic':'cz.wujin.ws/target/things/live/commands/modify','path':'/attributes/name','value':1}",
                            thing, 400, "things.protocol.adapter.unknown.topicpath"},
                    new Object[] {"{'topic':'cz.wujin.ws/target/things/twin/commands/frobnicate','path':'/'}",
                            thing, 400, "things.protocol.adapter.unknown.topicpath"},
                    new Object[] {"{'topic':'cz.wujin.ws/target/policies/twin/commands/modify','path':'/'}",
                            thing, 400, "things.protocol.adapter.unknown.topicpath"},
                    new Object[] {command(id, "modify", "/nowhere", "1", "m1"), thing, 404, "things:resource.notfound"},
                    new Object[] {command(id, "modify", "/attributes/name", null, "m2"), thing, 400,
                            "things.protocol.adapter.envelope.invalid"},
                    new Object[] {command(id, "modify", "/", "'a string'", "m3"), thing, 400, "things:thing.invalid"},
                    new Object[] {"{'topic':'cz.wujin.ws/target/things/twin/commands/modify','headers':{'requested-acks':"
                            + "['my-custom-ack']},'path':'/attributes/name','value':2}", thing, 400,
                            "acknowledgement:label.unsupported"},
                    new Object[] {command(id, "modify", "/attributes/name", "'" + "x".repeat(300_000) + "'", "m4"),
                            none, 413, "things:thing.toolarge"},
                    new Object[] {"{'topic':'bad ns!/x/things/twin/commands/retrieve','path':'/'}", none, 400,
                            "things:id.invalid"});
            for (Object[] c : cases) {
                JsonNode r = ws.ask((String) c[0]);
                assertErrorEnvelope(r, (String) c[1], (Integer) c[2], (String) c[3]);
                // exactly one answer: the next one is the answer to the next request
                JsonNode ping = ws.ask(command(id, "retrieve", "/attributes/name", null, "ping"));
                assertEquals(ping.toString(), "ping", ping.path("headers").path("correlation-id").asText());
                assertEquals("t", ping.path("value").asText());
            }
            // the one valid command is the one change
            assertResponse(ws.ask(command(id, "modify", "/attributes/name", "1", "cid-7")),
                    "cz.wujin.ws/target/things/twin/commands/modify", "cid-7", "/attributes/name", 204);
        }
        JsonNode after = api.get("/api/2/things/" + id + "?fields=_revision,attributes").json();
        assertEquals(2, after.path("_revision").asLong());
        assertEquals(1, after.path("attributes").path("name").asInt());
    }

    @Test
    public void anotherOrganisationsTwinIsNeitherSeenNorChanged() {
        String foreign = "cz.xinbei.ws:hall";
        assertEquals(201, api.put("/api/2/things/" + foreign, "{'attributes':{'name':'h'}}").status());
        try (WsClient ws = connect("wj-manager")) {
            assertErrorEnvelope(ws.ask(command(foreign, "retrieve", "/", null, "x1")),
                    "cz.xinbei.ws/hall/things/twin/errors", 404, "things:thing.notfound");
            JsonNode modify = ws.ask(command(foreign, "modify", "/attributes/name", "'mine'", "x2"));
            assertErrorEnvelope(modify, "cz.xinbei.ws/hall/things/twin/errors", 403, "things:thing.notmodifiable");
            assertEquals("x2", modify.path("headers").path("correlation-id").asText());
            assertErrorEnvelope(ws.ask(command(foreign, "delete", "/", null, "x3")),
                    "cz.xinbei.ws/hall/things/twin/errors", 403, "things:thing.notmodifiable");
        }
        JsonNode after = api.get("/api/2/things/" + foreign + "?fields=_revision,attributes").json();
        assertEquals(1, after.path("_revision").asLong());
        assertEquals("h", after.path("attributes").path("name").asText());
    }

    @Test
    public void eventsFollowNamespacesAndFilterWithinTheCallersOrganisations() {
        try (WsClient ws = connect("wj-manager")) {
            ws.send("START-SEND-EVENTS?namespaces=cz.wujin.wsev,cz.xinbei.wsev&filter="
                    + java.net.URLEncoder.encode("eq(attributes/kind,\"watched\")", java.nio.charset.StandardCharsets.UTF_8)
                    + "&extraFields=attributes/name");
            assertEquals("START-SEND-EVENTS:ACK", ws.nextText());
            assertEquals("START-SEND-MESSAGES:ACK", ws.send("START-SEND-MESSAGES").nextText());
            assertEquals(201, api.put("/api/2/things/cz.wujin.wsev:a", "{'attributes':{'kind':'watched','name':'A'}}").status());
            assertEquals(201, api.put("/api/2/things/cz.wujin.wsev:b", "{'attributes':{'kind':'other'}}").status());
            assertEquals(201, api.put("/api/2/things/cz.xinbei.wsev:c", "{'attributes':{'kind':'watched'}}").status());
            assertEquals(201, api.put("/api/2/things/cz.wujin.wsother:d", "{'attributes':{'kind':'watched'}}").status());
            assertEquals(201, api.put("/api/2/things/cz.wujin.wsev:a/attributes/level", "2").status());
            assertEquals(204, api.patch("/api/2/things/cz.wujin.wsev:a", "{'attributes':{'level':3}}").status());
            assertEquals(201, api.put("/api/2/things/cz.wujin.wsev:z", "{'attributes':{'kind':'watched'}}").status());

            List<JsonNode> events = new ArrayList<>();
            do {
                events.add(ws.next());
            } while (!events.get(events.size() - 1).path("topic").asText().startsWith("cz.wujin.wsev/z/"));
            List<String> topics = events.stream().map(e -> e.path("topic").asText()).toList();
            assertEquals(List.of("cz.wujin.wsev/a/things/twin/events/created",
                    "cz.wujin.wsev/a/things/twin/events/modified", "cz.wujin.wsev/a/things/twin/events/merged",
                    "cz.wujin.wsev/z/things/twin/events/created"), topics);
            JsonNode modified = events.get(1);
            assertEquals("/attributes/level", modified.path("path").asText());
            assertEquals(2, modified.path("value").asInt());
            assertEquals(2, modified.path("revision").asLong());
            assertFalse(modified.path("timestamp").asText().isEmpty());
            assertEquals("A", modified.path("extra").path("attributes").path("name").asText());
            assertEquals("application/merge-patch+json", events.get(2).path("headers").path("content-type").asText());
            assertEquals("/", events.get(0).path("path").asText());
            assertEquals("watched", events.get(0).path("value").path("attributes").path("kind").asText());

            assertEquals("STOP-SEND-EVENTS:ACK", ws.send("STOP-SEND-EVENTS").nextText());
            assertEquals(204, api.put("/api/2/things/cz.wujin.wsev:a/attributes/level", "4").status());
            JsonNode ping = ws.ask(command("cz.wujin.wsev:a", "retrieve", "/attributes/level", null, "after-stop"));
            assertEquals("no event after STOP", "after-stop", ping.path("headers").path("correlation-id").asText());

            ws.send("START-SEND-EVENTS?filter=" + java.net.URLEncoder.encode("eq(attributes/kind", java.nio.charset.StandardCharsets.UTF_8));
            assertErrorEnvelope(ws.next(), "_/_/things/twin/errors", 400, "rql.expression.invalid");
        }
    }

    @Test
    public void searchSubscriptionPagesThroughMatches() {
        for (String n : List.of("s1", "s2", "s3")) {
            assertEquals(201, api.put("/api/2/things/cz.wujin.wssearch:" + n, "{'attributes':{'kind':'s'}}").status());
        }
        assertEquals(201, api.put("/api/2/things/cz.xinbei.wssearch:s4", "{'attributes':{'kind':'s'}}").status());
        try (WsClient ws = connect("wj-manager")) {
            JsonNode created = ws.ask("{'topic':'_/_/things/twin/search/subscribe','headers':{'correlation-id':'s'},"
                    + "'path':'/','value':{'filter':'eq(attributes/kind,\\\"s\\\")','options':'sort(+thingId),size(2)',"
                    + "'fields':'thingId'}}");
            assertEquals(created.toString(), "_/_/things/twin/search/created", created.path("topic").asText());
            String sid = created.path("value").path("subscriptionId").asText();
            assertFalse(sid.isEmpty());
            String request = "{'topic':'_/_/things/twin/search/request','headers':{'correlation-id':'s'},'path':'/',"
                    + "'value':{'subscriptionId':'" + sid + "','demand':%d}}";
            JsonNode first = ws.ask(String.format(request, 1));
            assertEquals("_/_/things/twin/search/next", first.path("topic").asText());
            assertEquals(sid, first.path("value").path("subscriptionId").asText());
            assertEquals(List.of("cz.wujin.wssearch:s1", "cz.wujin.wssearch:s2"), ids(first));
            JsonNode second = ws.ask(String.format(request, 5));
            assertEquals(List.of("cz.wujin.wssearch:s3"), ids(second));
            assertEquals("_/_/things/twin/search/complete", ws.next().path("topic").asText());

            JsonNode failed = ws.ask("{'topic':'_/_/things/twin/search/subscribe','headers':{'correlation-id':'f'},"
                    + "'path':'/','value':{'filter':'eq(attributes/kind'}}");
            assertEquals("_/_/things/twin/search/failed", failed.path("topic").asText());
            assertEquals("rql.expression.invalid", failed.path("value").path("error").path("error").asText());
        }
    }

    private static List<String> ids(JsonNode next) {
        List<String> out = new ArrayList<>();
        next.path("value").path("items").forEach(i -> out.add(i.path("thingId").asText()));
        return out;
    }

    @Test
    public void withoutCredentialsTheUpgradeIs401AndATokenWorks() {
        try {
            new WsClient(port, null).close();
            fail("an anonymous WebSocket was accepted");
        } catch (CompletionException e) {
            assertTrue(e.toString(), e.getCause() instanceof WebSocketHandshakeException);
            assertEquals(401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        }
        String token = api.anonymous().post("/api/dayuan/auth/login", "{'username':'wj-viewer','password':'"
                + Dist.USER_PASSWORD + "'}").json().path("token").asText();
        try (WsClient ws = new WsClient(port, "Bearer " + token)) {
            JsonNode campus = ws.ask(command(CAMPUS, "retrieve", "/thingId", null, "t1"));
            assertEquals(campus.toString(), 404, campus.path("status").asInt());
            JsonNode whole = ws.ask(command(CAMPUS, "retrieve", "/", null, "t2"));
            assertEquals(whole.toString(), 200, whole.path("status").asInt());
            assertEquals(CAMPUS, whole.path("value").path("thingId").asText());
            // a viewer may read, not write
            assertErrorEnvelope(ws.ask(command(CAMPUS, "modify", "/attributes/x", "1", "t3")),
                    "cz.wujin/campus-xzzx/things/twin/errors", 403, "things:thing.notmodifiable");
        }
    }
}
