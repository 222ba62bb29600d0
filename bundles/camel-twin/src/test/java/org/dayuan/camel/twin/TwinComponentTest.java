package org.dayuan.camel.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.core.Registry;
import org.dayuan.twin.core.grants.BundleGrants;
import org.dayuan.testing.InMemoryTwins;
import org.junit.jupiter.api.Test;

class TwinComponentTest extends CamelTestSupport {
    private static final String METER = "cz.wujin:meter-1";
    private final InMemoryTwins twins = new InMemoryTwins();

    /** The line's bundle may do anything; a second bundle only views cz.wujin. */
    private final BundleGrants grants = InMemoryTwins.grants(
            "bundle.org.dayuan.line-test", "admin, ns:*, name:line-test",
            "bundle.org.dayuan.wujin-test", "viewer, ns:cz.wujin");

    /** Component {@code twin} as the line's bundle has it, and {@code wujin} as the second bundle's would be. */
    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        InMemoryTwins.Views line = twins.of("org.dayuan.line-test", grants);
        context.addComponent("twin", new TwinComponent(line.registry(), line.search(), line.subscriptions()::subscribe));
        InMemoryTwins.Views wujin = twins.of("org.dayuan.wujin-test", grants);
        context.addComponent("wujin", new TwinComponent(wujin.registry(), wujin.search(), wujin.subscriptions()::subscribe));
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:put").to("twin:put");
                from("direct:merge").to("twin:merge");
                from("direct:reading").to("twin:setProperty?feature=energy&property=reading");
                from("direct:get").to("twin:get");
                from("direct:getQuiet").to("twin:get?ignoreNotFound=true");
                from("direct:delete").to("twin:delete?recursive=true");
                from("direct:search").to("twin:search?namespaces=cz.wujin&option=sort(%2BthingId),size(2)");
                from("direct:count").to("twin:count");
                from("direct:searchAll").to("twin:search?allPages=true&option=size(1)");
                from("direct:children").to("twin:children?thingId=cz.wujin:bldg-a");
                from("twin:events?namespaces=cz.wujin&types=modified,merged&filter=eq(attributes/kind,\"meter\")")
                        .routeId("meters").to("mock:meterEvents");
                from("twin:events").routeId("all").to("mock:allEvents");
                from("twin:events?filter=eq(attributes/kind,\"meter\")").routeId("meterLife").to("mock:meterLife");
                from("wujin:events").routeId("wujin").to("mock:wujinEvents");
                from("direct:viewerGet").to("wujin:get");
                from("direct:viewerMerge").to("wujin:merge");
                from("direct:viewerCount").to("wujin:count");
            }
        };
    }

    private Object send(String uri, String thingId, String path, Object body) {
        return template.requestBodyAndHeaders(uri, body, path == null ? Map.of(TwinConstants.THING_ID, thingId)
                : Map.of(TwinConstants.THING_ID, thingId, TwinConstants.PATH, path));
    }

    private void meter() {
        send("direct:put", METER, null, "{\"attributes\":{\"kind\":\"meter\"},\"features\":{\"energy\":"
                + "{\"properties\":{\"reading\":1.5}}}}");
    }

    @Test
    void putCreatesATwinThroughTheRegistryAndReturnsIt() {
        Exchange out = template.request("direct:put", e -> {
            e.getMessage().setHeader(TwinConstants.THING_ID, METER);
            e.getMessage().setBody(Map.of("attributes", Map.of("kind", "meter")));
        });
        assertNull(out.getException());
        assertEquals(METER, out.getMessage().getBody(JsonNode.class).path("thingId").asText());
        assertEquals(1L, out.getMessage().getHeader(TwinConstants.REVISION));
        assertEquals(Boolean.TRUE, out.getMessage().getHeader(TwinConstants.CREATED));
        assertEquals("meter", twins.registry.get(Registry.SELF, TwinId.of(METER)).orElseThrow()
                .get(JsonPointer.parse("/attributes/kind")).orElseThrow().asText());
    }

    @Test
    void setPropertyWritesOneFeaturePropertyAsTheRouteIdentityAndIsStreamed() throws Exception {
        meter();
        MockEndpoint events = getMockEndpoint("mock:meterEvents");
        events.expectedMessageCount(1);
        events.expectedHeaderReceived(TwinConstants.THING_ID, METER);
        events.expectedHeaderReceived(TwinConstants.PATH, "/features/energy/properties/reading");
        events.expectedHeaderReceived(TwinConstants.EVENT_TYPE, "modified");
        template.sendBodyAndHeader("direct:reading", 1234.5, TwinConstants.THING_ID, METER);
        events.assertIsSatisfied();
        JsonNode event = events.getExchanges().get(0).getMessage().getBody(JsonNode.class);
        assertEquals(1234.5, event.path("value").asDouble());
        assertEquals("line-test", event.path("subject").asText());
        assertEquals(2L, event.path("_revision").asLong());
    }

    @Test
    void eventsAreFilteredByNamespaceTypeAndRql() throws Exception {
        meter();
        MockEndpoint meters = getMockEndpoint("mock:meterEvents");
        MockEndpoint all = getMockEndpoint("mock:allEvents");
        all.expectedMessageCount(5);
        send("direct:put", "cz.xinbei:meter-1", null, "{\"attributes\":{\"kind\":\"meter\"}}"); // other namespace
        send("direct:put", "cz.wujin:room-1", null, "{\"attributes\":{\"kind\":\"room\"}}"); // filter does not match
        send("direct:merge", "cz.wujin:room-1", "/attributes", "{\"area\":18}"); // merged, still not a meter
        send("direct:merge", METER, "/attributes", "{\"area\":1}"); // the one that passes
        all.assertIsSatisfied();
        meters.expectedMessageCount(1);
        meters.assertIsSatisfied();
        assertEquals("merged", meters.getExchanges().get(0).getMessage().getHeader(TwinConstants.EVENT_TYPE));
        assertTrue(all.getExchanges().stream().map(e -> e.getMessage().getHeader(TwinConstants.SEQ, Long.class))
                .reduce(0L, (prev, seq) -> {
                    assertTrue(seq > prev, "events arrive in journal order");
                    return seq;
                }) > 0);
    }

    @Test
    void aFilteredRouteGetsTheDeletionOfATwinThatMatched() throws Exception {
        MockEndpoint life = getMockEndpoint("mock:meterLife");
        life.expectedMessageCount(3);
        meter();
        send("direct:put", "cz.wujin:room-1", null, "{\"attributes\":{\"kind\":\"room\"}}");
        send("direct:delete", "cz.wujin:room-1", null, null);
        send("direct:merge", METER, "/attributes", "{\"area\":1}");
        send("direct:delete", METER, null, null);
        life.assertIsSatisfied();
        assertEquals(List.of("created", "merged", "deleted"), life.getExchanges().stream()
                .map(e -> e.getMessage().getHeader(TwinConstants.EVENT_TYPE, String.class)).toList());
        Exchange deleted = life.getExchanges().get(2);
        assertEquals(METER, deleted.getMessage().getHeader(TwinConstants.THING_ID));
        assertNull(deleted.getMessage().getHeader(TwinConstants.TWIN), "no state after a deletion");
    }

    @Test
    void getReadsTheTwinOrAPathAndReportsUnknownOnes() {
        meter();
        assertEquals(1.5, ((JsonNode) send("direct:get", METER, "/features/energy/properties/reading", null))
                .asDouble());
        CamelExecutionException unknown = assertThrows(CamelExecutionException.class,
                () -> send("direct:get", "cz.wujin:nope", null, null));
        assertEquals(ErrorCode.THING_NOT_FOUND,
                assertInstanceOf(DayuanException.class, unknown.getCause()).errorCode());
        assertNull(send("direct:getQuiet", METER, "/attributes/nope", null));
    }

    @Test
    void refusedWritesThrowTheRegistryErrorAndChangeNothing() {
        meter();
        long revision = twins.registry.get(Registry.SELF, TwinId.of(METER)).orElseThrow().revision();
        for (Object bad : List.of("{\"broken\":", "", "[1,2")) {
            CamelExecutionException e = assertThrows(CamelExecutionException.class,
                    () -> send("direct:merge", METER, "/attributes", bad));
            assertEquals(ErrorCode.JSON_INVALID, assertInstanceOf(DayuanException.class, e.getCause()).errorCode());
        }
        CamelExecutionException notAThing = assertThrows(CamelExecutionException.class,
                () -> send("direct:merge", "cz.wujin:nope", "/attributes", "{\"a\":1}"));
        assertEquals(ErrorCode.THING_NOT_FOUND,
                assertInstanceOf(DayuanException.class, notAThing.getCause()).errorCode());
        CamelExecutionException badId = assertThrows(CamelExecutionException.class,
                () -> send("direct:merge", "no namespace", "/attributes", "{\"a\":1}"));
        assertEquals(ErrorCode.THING_ID_INVALID,
                assertInstanceOf(DayuanException.class, badId.getCause()).errorCode());
        assertEquals(revision, twins.registry.get(Registry.SELF, TwinId.of(METER)).orElseThrow().revision());
        assertEquals(1, twins.registry.count(Registry.SELF));
    }

    @Test
    void searchPagesCountsAndChildren() {
        send("direct:put", "cz.wujin:bldg-a", null, "{\"attributes\":{\"kind\":\"building\"}}");
        for (String room : List.of("r1", "r2", "r3")) {
            send("direct:put", "cz.wujin:" + room, null,
                    "{\"attributes\":{\"kind\":\"room\",\"parent\":\"cz.wujin:bldg-a\"}}");
        }
        send("direct:put", "cz.xinbei:r9", null, "{\"attributes\":{\"kind\":\"room\"}}");
        Exchange page = template.request("direct:search",
                e -> e.getMessage().setHeader(TwinConstants.FILTER, "eq(attributes/kind,\"room\")"));
        @SuppressWarnings("unchecked")
        List<JsonNode> items = page.getMessage().getBody(List.class);
        assertEquals(List.of("cz.wujin:r1", "cz.wujin:r2"), items.stream().map(i -> i.path("thingId").asText())
                .toList());
        assertTrue(page.getMessage().getHeader(TwinConstants.CURSOR, String.class).length() > 0);
        List<?> all = template.requestBodyAndHeader("direct:searchAll", null, TwinConstants.FILTER,
                "eq(attributes/kind,\"room\")", List.class);
        assertEquals(4, all.size(), "every page, one twin per page");
        assertEquals(4L, template.requestBodyAndHeader("direct:count", null, TwinConstants.FILTER,
                "eq(attributes/kind,\"room\")"));
        assertEquals(List.of("cz.wujin:r1", "cz.wujin:r2", "cz.wujin:r3"),
                template.requestBody("direct:children", (Object) null));
    }

    @Test
    void recursiveDeleteRemovesTheSubtree() {
        send("direct:put", "cz.wujin:bldg-a", null, "{\"attributes\":{}}");
        send("direct:put", "cz.wujin:r1", null, "{\"attributes\":{\"parent\":\"cz.wujin:bldg-a\"}}");
        assertNull(send("direct:delete", "cz.wujin:bldg-a", null, null));
        assertEquals(0, twins.registry.count(Registry.SELF));
    }

    @Test
    void badUrisFailWhenTheEndpointIsCreated() {
        for (String uri : List.of("twin:nope", "twin:events?filter=eq(", "twin:setProperty?feature=energy",
                "twin:get?thingId=bad", "twin:events?types=exploded")) {
            assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint(uri), uri);
        }
    }

    @Test
    void aRouteCannotNameAnotherIdentity() {
        for (String uri : List.of("wujin:merge?subject=line-test", "twin:get?subject=line-test",
                "wujin:events?subject=org.dayuan.line-test")) {
            ResolveEndpointFailedException refused = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint(uri), uri);
            assertTrue(refused.getMessage().contains("etc/org.dayuan.identities.cfg"), refused.getMessage());
        }
        assertEquals(Caller.fromGrants("org.dayuan.wujin-test", List.of("viewer", "ns:cz.wujin"),
                "bundle org.dayuan.wujin-test"), ((TwinComponent) context.getComponent("wujin")).identity());
    }

    @Test
    void anEditedGrantTakesEffectAtOnce() throws Exception {
        meter();
        assertEquals(1L, template.requestBody("direct:viewerCount", (Object) null));
        MockEndpoint wujin = getMockEndpoint("mock:wujinEvents");
        wujin.expectedMessageCount(1); // the meter's creation, not the merge after its bundle was removed
        wujin.setAssertPeriod(300);

        grants.modified(Map.of("bundle.org.dayuan.line-test", "admin, ns:*"));
        assertEquals(0L, template.requestBody("direct:viewerCount", (Object) null));
        send("direct:merge", METER, "/attributes", "{\"area\":1}");
        wujin.assertIsSatisfied();
    }

    @Test
    void aRouteActsWithinItsBundlesIdentity() throws Exception {
        meter();
        send("direct:put", "cz.xinbei:meter-1", null, "{\"attributes\":{\"kind\":\"meter\"}}");
        MockEndpoint wujin = getMockEndpoint("mock:wujinEvents");
        wujin.expectedMessageCount(2); // the meter's creation and its merge; nothing of cz.xinbei
        send("direct:merge", "cz.xinbei:meter-1", "/attributes", "{\"area\":2}");
        send("direct:merge", METER, "/attributes", "{\"area\":1}");
        wujin.assertIsSatisfied();
        wujin.getExchanges().forEach(e -> assertEquals(METER, e.getMessage().getHeader(TwinConstants.THING_ID)));

        assertEquals(1L, template.requestBody("direct:viewerCount", (Object) null));
        CamelExecutionException hidden = assertThrows(CamelExecutionException.class,
                () -> send("direct:viewerGet", "cz.xinbei:meter-1", null, null));
        assertEquals(ErrorCode.THING_NOT_FOUND,
                assertInstanceOf(DayuanException.class, hidden.getCause()).errorCode());
        CamelExecutionException refused = assertThrows(CamelExecutionException.class,
                () -> send("direct:viewerMerge", METER, "/attributes", "{\"area\":9}"));
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE,
                assertInstanceOf(DayuanException.class, refused.getCause()).errorCode());
        assertEquals(1, twins.registry.get(Registry.SELF, TwinId.of(METER)).orElseThrow()
                .get(JsonPointer.parse("/attributes/area")).orElseThrow().asInt());
    }
}
