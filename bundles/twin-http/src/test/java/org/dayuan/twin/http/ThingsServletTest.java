package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Http;
import org.dayuan.twin.Caller;
import org.dayuan.twin.NestingLimit;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinWrite;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;

/** What the things servlet refuses at the door, before the registry is asked anything. */
class ThingsServletTest {
    private static final String THINGS = "/api/2/things";
    private static final String METER = THINGS + "/cz.wujin:meter";

    /** Twins named {@code cz.wujin:t0...}; records what it was asked and refuses to do more. */
    private static final class RecordingRegistry implements TwinRegistry {
        final List<String> calls = new ArrayList<>();
        List<TwinId> asked;
        /** Thrown by a read once set, as a registry with a bug would. */
        RuntimeException broken;

        private static Twin twin(TwinId id) {
            return Twin.of(id, Http.MAPPER.createObjectNode(), 1, Instant.EPOCH, Instant.EPOCH);
        }

        @Override
        public List<WriteResult> writeAll(Caller caller, List<TwinWrite> writes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<WriteResult> checkAll(Caller caller, List<TwinWrite> writes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Caller identity() {
            throw new UnsupportedOperationException("the servlet acts for its users, never as itself");
        }

        @Override
        public Optional<Twin> get(Caller caller, TwinId id) {
            calls.add("get");
            if (broken != null) {
                throw broken;
            }
            return Optional.of(twin(id));
        }

        @Override
        public List<Twin> getAll(Caller caller, Collection<TwinId> ids) {
            calls.add("getAll");
            asked = List.copyOf(ids);
            return ids.stream().map(RecordingRegistry::twin).toList();
        }

        @Override
        public List<Twin> list(Caller caller) {
            calls.add("list");
            return List.of();
        }

        @Override
        public Twin create(Caller caller, TwinId id, ObjectNode thing) {
            calls.add("create");
            return twin(id);
        }

        @Override
        public WriteResult put(Caller c, TwinId id, JsonPointer path, JsonNode value, WriteCondition condition) {
            calls.add("put");
            ObjectNode thing = Http.MAPPER.createObjectNode();
            ObjectNode at = thing;
            for (int i = 0; i < path.size() - 1; i++) {
                at = at.putObject(path.get(i));
            }
            at.set(path.get(path.size() - 1), value);
            return new WriteResult(Optional.of(Twin.of(id, thing, 2, Instant.EPOCH, Instant.EPOCH)), false, List.of());
        }

        @Override
        public WriteResult merge(Caller c, TwinId id, JsonPointer path, JsonNode patch, WriteCondition condition) {
            calls.add("merge");
            return new WriteResult(Optional.of(twin(id)), false, List.of());
        }

        @Override
        public WriteResult delete(Caller c, TwinId id, JsonPointer path, WriteCondition condition, boolean recursive) {
            calls.add("delete");
            return new WriteResult(Optional.empty(), false, List.of());
        }

        @Override
        public List<TwinId> children(Caller caller, TwinId id) {
            calls.add("children");
            return List.of();
        }

        @Override
        public int count(Caller caller) {
            return 0;
        }
    }

    private final RecordingRegistry registry = new RecordingRegistry();
    private final ThingsServlet servlet = new ThingsServlet(registry, null,
            new HttpSettings(HttpTestConfig.with(Map.of())));

    private static String nested(int levels) {
        return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    private static void assertError(FakeHttp r, int status, String code) throws IOException {
        assertEquals(status, r.status, r.body());
        assertEquals(status, r.json().path("status").asInt());
        assertEquals(code, r.json().path("error").asText(), r.body());
        assertFalse(r.json().path("message").asText().isEmpty());
        assertFalse(r.body().contains("Exception"), r.body());
    }

    private FakeHttp send(String method, String uri, String contentType, String body) throws Exception {
        FakeHttp http = new FakeHttp(method, uri);
        if (body != null) {
            http.requestBody(contentType, body);
        }
        return http.send(servlet);
    }

    @Test
    void withoutSearchTheListWithoutIdsIsRefusedNotTheWholeRegistry() throws Exception {
        // With search, the list is one search page (ThingsApiIT, DoorLimitsIT); without, nothing pages it.
        FakeHttp r = new FakeHttp(THINGS).send(servlet);
        assertError(r, 400, "things:parameter.invalid");
        assertTrue(r.json().path("message").asText().contains("'ids' is required"), r.body());
        assertEquals(List.of(), registry.calls);
    }

    @Test
    void idsNamedManyTimesComeBackOnceInTheOrderFirstNamed() throws Exception {
        String ids = IntStream.range(0, 200).mapToObj(i -> i % 2 == 0 ? "cz.wujin:b" : " cz.wujin:a")
                .collect(Collectors.joining(","));
        FakeHttp r = new FakeHttp(THINGS).parameter("ids", ids + ",cz.wujin:c,,cz.wujin:b").send(servlet);
        assertEquals(200, r.status, r.body());
        assertEquals(List.of(TwinId.of("cz.wujin:b"), TwinId.of("cz.wujin:a"), TwinId.of("cz.wujin:c")),
                registry.asked);
        assertEquals(3, r.json().size());
    }

    @Test
    void atMostMaxIdsDistinctThingsPerRequest() throws Exception {
        String most = IntStream.range(0, ThingsServlet.MAX_IDS).mapToObj(i -> "cz.wujin:t" + i)
                .collect(Collectors.joining(","));
        assertEquals(200, new FakeHttp(THINGS).parameter("ids", most).send(servlet).status);
        assertEquals(ThingsServlet.MAX_IDS, registry.asked.size());
        registry.calls.clear();
        FakeHttp r = new FakeHttp(THINGS).parameter("ids", most + ",cz.wujin:one-more").send(servlet);
        assertError(r, 400, "things:parameter.invalid");
        assertTrue(r.json().path("message").asText().contains("more than " + ThingsServlet.MAX_IDS), r.body());
        assertEquals(List.of(), registry.calls);
    }

    @Test
    void bodiesNestedTooDeepAreA400AndReachNoRegistry() throws Exception {
        int tooDeep = NestingLimit.MAX_DEPTH + 1;
        String property = METER + "/features/f/properties/p";
        for (String body : List.of(nested(1_000), nested(999), nested(tooDeep),
                "{\"features\":{\"f\":{\"properties\":" + nested(NestingLimit.MAX_DEPTH - 2) + "}}}")) {
            assertError(send("PUT", METER, "application/json", body), 400, "json.invalid");
            assertError(send("PATCH", METER, "application/merge-patch+json", body), 400, "json.invalid");
            assertError(send("POST", THINGS, "application/json", body), 400, "json.invalid");
        }
        // At a path, the path's segments count too.
        String fitsAlone = nested(NestingLimit.MAX_DEPTH - 4);
        assertError(send("PUT", property, "application/json", nested(NestingLimit.MAX_DEPTH - 3)), 400,
                "json.invalid");
        assertError(send("PATCH", property, "application/merge-patch+json", nested(NestingLimit.MAX_DEPTH - 3)), 400,
                "json.invalid");
        assertEquals(List.of(), registry.calls);
        assertEquals(204, send("PUT", property, "application/json", fitsAlone).status);
        assertEquals(204, send("PATCH", property, "application/merge-patch+json", fitsAlone).status);
        assertEquals(List.of("put", "merge"), registry.calls);
    }

    @Test
    void pathsDeeperThanAnyTwinAreA400() throws Exception {
        for (int segments : new int[] {NestingLimit.MAX_DEPTH + 1, 1_100, 3_000}) {
            String path = METER + "/attributes" + "/a".repeat(segments - 1);
            assertError(send("PUT", path, "application/json", "1"), 400, "json.pointer.invalid");
            assertError(send("PATCH", path, "application/merge-patch+json", "1"), 400, "json.pointer.invalid");
            assertError(send("GET", path, null, null), 400, "json.pointer.invalid");
            assertError(send("DELETE", path, null, null), 400, "json.pointer.invalid");
        }
        assertEquals(List.of(), registry.calls);
    }

    @Test
    void fieldsNestedTooDeepAreA400() throws Exception {
        String deep = "a(".repeat(1_200) + "b" + ")".repeat(1_200);
        String longPath = "attributes" + "/a".repeat(1_200);
        for (String fields : List.of(deep, longPath)) {
            assertError(new FakeHttp(METER).parameter("fields", fields).send(servlet), 400,
                    "json.fieldselector.invalid");
            assertError(new FakeHttp(THINGS).parameter("ids", "cz.wujin:a").parameter("fields", fields).send(servlet),
                    400, "json.fieldselector.invalid");
        }
        assertEquals(List.of(), registry.calls);
    }

    @Test
    void anUnexpectedFailureIsA500InJsonWithoutAStackTrace() throws Exception {
        registry.broken = new IllegalStateException("index of cz.wujin corrupt at /var/lib/dayuan");
        FakeHttp r = send("GET", METER, null, null);
        r.internalErrorId();
        assertFalse(r.body().contains("corrupt") || r.body().contains("/var/lib"), r.body());
    }

    @Test
    void aMethodTheResourceDoesNotTakeIsA405NamingTheOnesItDoes() throws Exception {
        FakeHttp onCollection = send("PUT", THINGS, "application/json", "{}");
        assertError(onCollection, 405, "things:method.notallowed");
        assertEquals("GET, HEAD, POST", onCollection.responseHeader("Allow"));
        FakeHttp onThing = send("POST", METER, "application/json", "{}");
        assertError(onThing, 405, "things:method.notallowed");
        assertEquals("GET, HEAD, PUT, PATCH, DELETE", onThing.responseHeader("Allow"));
        assertEquals("GET, HEAD", send("DELETE", METER + "/children", null, null).responseHeader("Allow"));
        assertTrue(registry.calls.isEmpty(), registry.calls.toString());
    }

    @Test
    void aPatchCreatingAThingDropsItsNullsAtEveryLevel() throws Exception {
        assertEquals(Http.MAPPER.readTree("{\"attributes\":{\"a\":1,\"o\":{}},\"features\":{}}"),
                ThingsServlet.withoutNulls((ObjectNode) Http.MAPPER.readTree(
                        "{\"attributes\":{\"a\":1,\"b\":null,\"o\":{\"x\":null}},\"features\":{},\"policyId\":null}")));
    }
}
