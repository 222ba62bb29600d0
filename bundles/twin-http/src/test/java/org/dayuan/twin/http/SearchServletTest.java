package org.dayuan.twin.http;

import static org.dayuan.testing.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Http;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSearch;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;

class SearchServletTest {
    private static final Twin ROOM = Twin.of(TwinId.of("cz.wujin:room-a-0305"),
            object("{'definition':'dayuan:Room:1.0.0','attributes':{'name':'A305','status':'idle'}}"), 7, Instant.EPOCH,
            Instant.parse("2025-01-02T03:04:05Z"));

    /** A search that records what it was asked and answers with {@link #result}. */
    private final class StubSearch implements TwinSearch {
        SearchQuery query;
        final List<SearchQuery> queries = new ArrayList<>();
        /** Answered one after the other, before {@link #result}. */
        final Deque<SearchResult> pages = new ArrayDeque<>();
        String countFilter;
        List<String> countNamespaces;

        @Override
        public SearchResult search(Caller caller, SearchQuery q) {
            if (q.filter() != null && q.filter().startsWith("bad")) {
                throw ErrorCode.RQL_INVALID.exception("Invalid RQL at position 0: expected an operator.");
            }
            if ("boom".equals(q.filter())) {
                throw new IllegalStateException("bug");
            }
            query = q;
            queries.add(q);
            return pages.isEmpty() ? result : pages.poll();
        }

        @Override
        public long count(Caller caller, String filter, List<String> namespaces) {
            countFilter = filter;
            countNamespaces = namespaces;
            return 347;
        }

        @Override
        public List<Twin> descendants(Caller caller, TwinId root, String filter, int depth) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Predicate<Twin> filter(Caller caller, String rql) {
            throw new UnsupportedOperationException();
        }
    }

    private final StubSearch search = new StubSearch();
    private final SearchServlet servlet = new SearchServlet(search);
    private SearchResult result = new SearchResult(List.of(ROOM), Optional.of("NEXT"));

    /** Sends a request; {@code params} are name, value pairs as the container decoded them. */
    private FakeHttp send(String method, String path, String contentType, String... params) throws Exception {
        FakeHttp http = new FakeHttp(method, path);
        http.requestContentType = contentType;
        for (int i = 0; i < params.length; i += 2) {
            if (params[i].equals("broken")) {
                http.parameterFailure = new IllegalArgumentException("bad percent-escape");
            }
            http.addParameter(params[i], params[i + 1]);
        }
        return http.send(servlet);
    }

    private static void assertError(FakeHttp r, int status, String code) throws IOException {
        assertEquals(status, r.status);
        assertEquals(status, r.json().path("status").asInt());
        assertEquals(code, r.json().path("error").asText());
        assertFalse(r.json().path("message").asText().isEmpty());
    }

    @Test
    void searchPassesTheParametersAndAnswersItemsAndCursor() throws Exception {
        FakeHttp r = send("GET", SearchServlet.BASE, null, "filter", "eq(attributes/status,\"idle\")",
                "namespaces", "cz.wujin, cz.wujin.energy,", "option", "sort(-_revision),size(5)");
        assertEquals(200, r.status);
        assertEquals("eq(attributes/status,\"idle\")", search.query.filter());
        assertEquals(List.of("cz.wujin", "cz.wujin.energy"), search.query.namespaces());
        assertEquals("sort(-_revision),size(5)", search.query.option());
        assertEquals(object("{'items':[{'thingId':'cz.wujin:room-a-0305','definition':'dayuan:Room:1.0.0',"
                + "'attributes':{'name':'A305','status':'idle'}}],'cursor':'NEXT'}"), r.json());
    }

    @Test
    void theLastPageHasNoCursorAndFieldsSelectLikeThingsDo() throws Exception {
        result = new SearchResult(List.of(ROOM), Optional.empty());
        FakeHttp r = send("GET", SearchServlet.BASE + "/", null,
                "fields", "thingId,attributes(name),_revision,_namespace");
        assertEquals(object("{'items':[{'thingId':'cz.wujin:room-a-0305','attributes':{'name':'A305'},'_revision':7,"
                + "'_namespace':'cz.wujin'}]}"), r.json());
        assertError(send("GET", SearchServlet.BASE, null, "fields", "attributes("), 400, "json.fieldselector.invalid");
    }

    @Test
    void postTakesTheSameParametersFromAForm() throws Exception {
        FakeHttp r = send("POST", SearchServlet.BASE, "application/x-www-form-urlencoded; charset=UTF-8",
                "filter", "exists(features)", "option", "size(2)\nsort(+thingId)\n");
        assertEquals(200, r.status);
        assertEquals("exists(features)", search.query.filter());
        assertEquals("size(2),sort(+thingId)", search.query.option(), "options on separate lines");
        assertError(send("POST", SearchServlet.BASE, "application/json"), 415, "mediatype.unsupported");
        assertEquals(200, send("POST", SearchServlet.BASE, null).status);
    }

    @Test
    void countAnswersABareNumber() throws Exception {
        FakeHttp r = send("GET", SearchServlet.BASE + "/count", null, "filter", "eq(definition,\"x:y:1\")",
                "namespaces", "cz.wujin", "namespaces", "cz.other");
        assertEquals(200, r.status);
        assertEquals("347", r.body.toString());
        assertEquals("eq(definition,\"x:y:1\")", search.countFilter);
        assertEquals(List.of("cz.wujin", "cz.other"), search.countNamespaces);
        assertEquals("347", send("POST", SearchServlet.BASE + "/count/", null).body.toString());
        assertNull(send("GET", SearchServlet.BASE + "/count", null).json().get("items"));
    }

    @Test
    void errorsAreDittoJsonAndNeverStackTraces() throws Exception {
        assertError(send("GET", SearchServlet.BASE, null, "filter", "bad("), 400, "rql.expression.invalid");
        assertError(send("GET", SearchServlet.BASE + "/other", null), 404, "things:resource.notfound");
        assertError(send("GET", SearchServlet.BASE + "/count/x", null), 404, "things:resource.notfound");
        assertError(send("PUT", SearchServlet.BASE, null), 405, "things:method.notallowed");
        assertError(send("DELETE", SearchServlet.BASE + "/count", null), 405, "things:method.notallowed");
        assertError(send("GET", SearchServlet.BASE, null, "condition", "exists(thingId)"), 400,
                "things:parameter.invalid");
        assertError(send("GET", SearchServlet.BASE, null, "broken", "x"), 400, "things:parameter.invalid");
        FakeHttp bug = send("GET", SearchServlet.BASE, null, "filter", "boom");
        assertError(bug, 500, "dayuan:internal.error");
        assertTrue(!bug.body.toString().contains("IllegalStateException"));
    }

    @Test
    void fieldsNestedTooDeepAreA400NotAStackOverflow() throws Exception {
        String deep = "a(".repeat(8_000) + "b" + ")".repeat(8_000);
        assertError(send("POST", SearchServlet.BASE, "application/x-www-form-urlencoded", "fields", deep), 400,
                "json.fieldselector.invalid");
        assertError(send("GET", SearchServlet.BASE, null, "fields", "a(".repeat(1_200) + "b" + ")".repeat(1_200)),
                400, "json.fieldselector.invalid");
        assertEquals(null, search.query);
    }

    private static final Twin HALL = Twin.of(TwinId.of("cz.wujin:room-b-0101"), object("{'attributes':{'name':'B101'}}"),
            2, Instant.EPOCH, Instant.EPOCH);

    @Test
    void anEventStreamSendsEveryMatchPageByPageThenEnds() throws Exception {
        search.pages.add(new SearchResult(List.of(ROOM), Optional.of("C1")));
        search.pages.add(new SearchResult(List.of(HALL), Optional.empty()));
        FakeHttp r = new FakeHttp("GET", SearchServlet.BASE).header("Accept", "text/event-stream")
                .parameter("filter", "exists(attributes/name)").parameter("namespaces", "cz.wujin")
                .parameter("fields", "thingId").send(servlet);
        assertEquals(200, r.status, r.body());
        assertTrue(r.contentType.startsWith("text/event-stream"), r.contentType);
        assertEquals("data:{\"thingId\":\"cz.wujin:room-a-0305\"}\nid:cz.wujin:room-a-0305\n\n"
                + "data:{\"thingId\":\"cz.wujin:room-b-0101\"}\nid:cz.wujin:room-b-0101\n\n", r.body());
        assertEquals(2, search.queries.size());
        assertEquals(new SearchQuery("exists(attributes/name)", List.of("cz.wujin"), "size(200)"),
                search.queries.get(0));
        assertEquals(new SearchQuery("exists(attributes/name)", List.of("cz.wujin"), "size(200),cursor(C1)"),
                search.queries.get(1));
    }

    @Test
    void lastEventIdResumesAfterThatThingInThingIdOrderOnly() throws Exception {
        search.pages.add(new SearchResult(List.of(HALL), Optional.empty()));
        FakeHttp r = new FakeHttp("GET", SearchServlet.BASE).header("Accept", "text/event-stream")
                .header("Last-Event-ID", "cz.wujin:room-a-0305").parameter("option", "sort(+thingId),size(50)")
                .send(servlet);
        assertEquals(200, r.status, r.body());
        assertEquals(new SearchQuery("gt(thingId,\"cz.wujin:room-a-0305\")", List.of(), "sort(+thingId),size(50)"),
                search.queries.get(0));

        FakeHttp sorted = new FakeHttp("GET", SearchServlet.BASE).header("Accept", "text/event-stream")
                .header("Last-Event-ID", "cz.wujin:room-a-0305").parameter("option", "sort(-_modified)")
                .send(servlet);
        assertError(sorted, 400, "things:parameter.invalid");
        assertEquals(1, search.queries.size());
        assertError(new FakeHttp("GET", SearchServlet.BASE + "/count").header("Accept", "text/event-stream")
                .send(servlet), 406, "things:notacceptable");
    }
}
