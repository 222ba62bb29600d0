package org.dayuan.twin.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Http;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.Test;

class WsSessionTest {
    private static final Caller ADMIN = new Caller("admin", Set.of(Caller.ROLE_ADMIN), Set.of("*"), "t");
    private static final Caller WUJIN = new Caller("wj", Set.of(Caller.ROLE_MANAGER), Set.of("cz.wujin"), "t");
    private static final WsSettings SETTINGS = new WsSettings(8, 4, 4096, 100, 2, 60);

    private final InMemoryTwins twins = new InMemoryTwins();
    private final List<String> sent = new ArrayList<>();
    private final WsSession session = new WsSession(WUJIN, twins.registry, twins.search, twins.subscriptions,
            SETTINGS, frame -> sent.add(frame.get()));

    private static String q(String s) {
        return s.replace('\'', '"');
    }

    private static String command(String id, String action, String path, String value, String cid) {
        String[] p = id.split(":", 2);
        return q("{'topic':'" + p[0] + "/" + p[1] + "/things/twin/commands/" + action + "','headers':{'correlation-id':'"
                + cid + "'},'path':'" + path + "'" + (value == null ? "" : ",'value':" + value) + "}");
    }

    /** Sends one frame and returns what came back. */
    private List<JsonNode> send(String frame) {
        sent.clear();
        session.onText(frame);
        List<JsonNode> out = new ArrayList<>();
        for (String s : sent) {
            out.add(s.endsWith(":ACK") ? Http.MAPPER.getNodeFactory().textNode(s) : Http.parseJson(s.getBytes()));
        }
        return out;
    }

    private JsonNode one(String frame) {
        List<JsonNode> out = send(frame);
        assertEquals(1, out.size(), out.toString());
        return out.get(0);
    }

    @Test
    void modifyCreatesThenChangesAndEchoesTheCorrelationId() {
        JsonNode created = one(command("cz.wujin:r", "modify", "/", "{'attributes':{'a':1}}", "c1"));
        assertEquals("cz.wujin/r/things/twin/commands/modify", created.path("topic").asText());
        assertEquals(201, created.path("status").asInt());
        assertEquals("c1", created.path("headers").path("correlation-id").asText());
        assertEquals("cz.wujin:r", created.path("value").path("thingId").asText());
        assertEquals("\"rev:1\"", created.path("headers").path("etag").asText());

        JsonNode modified = one(command("cz.wujin:r", "modify", "/attributes/a", "2", "c2"));
        assertEquals(204, modified.path("status").asInt());
        assertTrue(modified.path("value").isMissingNode());
        assertEquals("/attributes/a", modified.path("path").asText());

        JsonNode read = one(q("{'topic':'cz.wujin/r/things/twin/commands/retrieve','headers':{'correlation-id':'c3'},"
                + "'path':'/','fields':'attributes/a,_revision'}"));
        assertEquals(200, read.path("status").asInt());
        assertEquals(2, read.path("value").path("attributes").path("a").asInt());
        assertEquals(2, read.path("value").path("_revision").asLong());
        assertFalse(read.path("value").has("thingId"));
    }

    @Test
    void anotherOrganisationsTwinGetsOneErrorAndStaysAsItWas() {
        twins.registry.put(ADMIN, TwinId.of("cz.xinbei:h"), JsonPointer.empty(),
                Http.parseJson(q("{'attributes':{'a':1}}").getBytes()), WriteCondition.NONE);
        JsonNode refused = one(command("cz.xinbei:h", "modify", "/attributes/a", "2", "x"));
        assertEquals("cz.xinbei/h/things/twin/errors", refused.path("topic").asText());
        assertEquals(403, refused.path("status").asInt());
        assertEquals("things:thing.notmodifiable", refused.path("value").path("error").asText());
        assertEquals("x", refused.path("headers").path("correlation-id").asText());
        assertEquals(404, one(command("cz.xinbei:h", "retrieve", "/", null, "y")).path("status").asInt());
        assertEquals(1, twins.registry.get(ADMIN, TwinId.of("cz.xinbei:h")).orElseThrow().revision());
    }

    @Test
    void withoutAResponseRequiredOnlyARequestedAcknowledgementComes() {
        assertEquals(List.of(), send(q("{'topic':'cz.wujin/r/things/twin/commands/modify','headers':"
                + "{'response-required':false},'path':'/','value':{}}")));
        JsonNode ack = one(q("{'topic':'cz.wujin/r/things/twin/commands/modify','headers':{'correlation-id':'k',"
                + "'response-required':false,'requested-acks':['twin-persisted']},'path':'/attributes/a','value':1}"));
        assertEquals("cz.wujin/r/things/twin/acks/twin-persisted", ack.path("topic").asText());
        assertEquals("k", ack.path("headers").path("correlation-id").asText());
        assertEquals(201, ack.path("status").asInt());
        JsonNode refused = one(q("{'topic':'cz.wujin/r/things/twin/commands/modify','headers':{'requested-acks':"
                + "['custom']},'path':'/attributes/a','value':2}"));
        assertEquals("acknowledgement:label.unsupported", refused.path("value").path("error").asText());
        assertEquals(2, twins.registry.get(ADMIN, TwinId.of("cz.wujin:r")).orElseThrow().revision());
    }

    @Test
    void eventsFollowTheNamespacesAndFilterAsked() {
        assertEquals("START-SEND-EVENTS:ACK", one("START-SEND-EVENTS?namespaces=cz.wujin.a&filter="
                + "eq(attributes%2Fk,%22y%22)&extraFields=attributes%2Fn").asText());
        sent.clear();
        for (String[] t : new String[][] {{"cz.wujin.a:1", "y"}, {"cz.wujin.a:2", "n"}, {"cz.wujin.b:3", "y"},
                {"cz.xinbei.a:4", "y"}}) {
            twins.registry.put(ADMIN, TwinId.of(t[0]), JsonPointer.empty(), Http.parseJson(q("{'attributes':{'k':'"
                    + t[1] + "','n':'" + t[0] + "'}}").getBytes()), WriteCondition.NONE);
        }
        assertEquals(1, sent.size(), sent.toString());
        JsonNode event = Http.parseJson(sent.get(0).getBytes());
        assertEquals("cz.wujin.a/1/things/twin/events/created", event.path("topic").asText());
        assertEquals("/", event.path("path").asText());
        assertEquals(1, event.path("revision").asLong());
        assertEquals("cz.wujin.a:1", event.path("extra").path("attributes").path("n").asText());
        assertEquals("application/json", event.path("headers").path("content-type").asText());

        twins.registry.put(ADMIN, TwinId.of("cz.wujin.a:1"), JsonPointer.empty(),
                Http.parseJson(q("{'attributes':{'k':'y'}}").getBytes()), WriteCondition.NONE);
        JsonNode replaced = Http.parseJson(sent.get(1).getBytes());
        assertEquals("cz.wujin.a/1/things/twin/events/modified", replaced.path("topic").asText());
        assertEquals("cz.wujin.a:1", replaced.path("value").path("thingId").asText(),
                "the whole thing carries its id, as in Ditto");
        assertEquals("y", replaced.path("value").path("attributes").path("k").asText());

        assertEquals("STOP-SEND-EVENTS:ACK", one("STOP-SEND-EVENTS").asText());
        sent.clear();
        twins.registry.put(ADMIN, TwinId.of("cz.wujin.a:1"), JsonPointer.parse("/attributes/z"),
                Http.MAPPER.getNodeFactory().numberNode(1), WriteCondition.NONE);
        assertEquals(List.of(), sent);
    }

    @Test
    void liveChannelControlsAreAcknowledgedAndUnknownOnesRefused() {
        assertEquals("START-SEND-LIVE-EVENTS:ACK", one("START-SEND-LIVE-EVENTS").asText());
        JsonNode refused = one("START-SEND-EVERYTHING");
        assertEquals("_/_/things/twin/errors", refused.path("topic").asText());
        assertEquals(400, refused.path("status").asInt());
        JsonNode badFilter = one("START-SEND-EVENTS?filter=eq(&correlation-id=c-1");
        assertEquals("rql.expression.invalid", badFilter.path("value").path("error").asText());
        assertEquals("c-1", badFilter.path("headers").path("correlation-id").asText());
        // Ditto's Java client names a correlation id in every control message
        assertEquals("START-SEND-EVENTS:ACK", one("START-SEND-EVENTS?filter=exists(thingId)&correlation-id=c-2").asText());
    }

    @Test
    void searchPagesThroughMatchesOnDemand() {
        for (String id : List.of("cz.wujin:s1", "cz.wujin:s2", "cz.wujin:s3", "cz.xinbei:s4")) {
            twins.registry.put(ADMIN, TwinId.of(id), JsonPointer.empty(),
                    Http.parseJson(q("{'attributes':{'k':'s'}}").getBytes()), WriteCondition.NONE);
        }
        JsonNode created = one(q("{'topic':'_/_/things/twin/search/subscribe','headers':{'correlation-id':'s'},"
                + "'path':'/','value':{'filter':'eq(attributes/k,\\\"s\\\")','options':'sort(+thingId),size(2)',"
                + "'fields':'thingId'}}"));
        assertEquals("_/_/things/twin/search/created", created.path("topic").asText());
        String sid = created.path("value").path("subscriptionId").asText();
        String request = q("{'topic':'_/_/things/twin/search/request','path':'/','value':{'subscriptionId':'" + sid
                + "','demand':%d}}");
        JsonNode first = one(String.format(request, 1));
        assertEquals("_/_/things/twin/search/next", first.path("topic").asText());
        assertEquals(2, first.path("value").path("items").size());
        List<JsonNode> rest = send(String.format(request, 9));
        assertEquals(2, rest.size(), rest.toString());
        assertEquals("cz.wujin:s3", rest.get(0).path("value").path("items").get(0).path("thingId").asText());
        assertEquals(1, rest.get(0).path("value").path("items").get(0).size());
        assertEquals("_/_/things/twin/search/complete", rest.get(1).path("topic").asText());
        JsonNode gone = one(String.format(request, 1));
        assertEquals(404, gone.path("status").asInt());
    }

    @Test
    void aBadSearchFailsAndTooManyAreRefused() {
        JsonNode failed = one(q("{'topic':'_/_/things/twin/search/subscribe','path':'/','value':{'filter':'eq('}}"));
        assertEquals("_/_/things/twin/search/failed", failed.path("topic").asText());
        assertEquals("rql.expression.invalid", failed.path("value").path("error").path("error").asText());
        String subscribe = q("{'topic':'_/_/things/twin/search/subscribe','path':'/','value':{}}");
        one(subscribe);
        one(subscribe);
        ObjectNode third = (ObjectNode) one(subscribe);
        assertEquals(429, third.path("status").asInt());
    }
}
