package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSearch;
import org.junit.jupiter.api.Test;

class SearchServletTest {
    private static final Twin ROOM = Twin.of(TwinId.of("cz.wujin:room-a-0305"),
            json("{'definition':'dayuan:Room:1.0.0','attributes':{'name':'A305','status':'idle'}}"), 7, Instant.EPOCH,
            Instant.parse("2025-01-02T03:04:05Z"));

    /** A search that records what it was asked and answers with {@link #result}. */
    private final class StubSearch implements TwinSearch {
        SearchQuery query;
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
            return result;
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
        public Predicate<Twin> filter(String rql) {
            throw new UnsupportedOperationException();
        }
    }

    private final StubSearch search = new StubSearch();
    private final SearchServlet servlet = new SearchServlet(search);
    private SearchResult result = new SearchResult(List.of(ROOM), Optional.of("NEXT"));

    private static ObjectNode json(String s) {
        try {
            return (ObjectNode) Http.MAPPER.readTree(s.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final class Reply {
        int status = 200;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        JsonNode json() throws IOException {
            return Http.MAPPER.readTree(body.toByteArray());
        }
    }

    /** Sends a request; {@code params} are name, value pairs as the container decoded them. */
    private Reply send(String method, String path, String contentType, String... params) throws IOException {
        Map<String, String[]> decoded = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            decoded.merge(params[i], new String[] {params[i + 1]}, (a, b) -> new String[] {a[0], b[0]});
        }
        Map<String, Object> answers = Map.of("getMethod", method, "getRequestURI", path,
                "getRemoteAddr", "127.0.0.1", "getContentType", contentType == null ? "" : contentType);
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                    case "getParameter" -> {
                        if (decoded.containsKey("broken")) {
                            throw new IllegalArgumentException("bad percent-escape");
                        }
                        String[] v = decoded.get((String) args[0]);
                        yield v == null ? null : v[0];
                    }
                    case "getParameterValues" -> decoded.get((String) args[0]);
                    case "getContentType" -> contentType;
                    default -> answers.getOrDefault(m.getName(), defaultOf(m.getReturnType()));
                });
        Reply reply = new Reply();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                reply.body.write(b);
            }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        reply.status = (Integer) args[0];
                        yield null;
                    }
                    case "getOutputStream" -> out;
                    default -> defaultOf(m.getReturnType());
                });
        servlet.service(req, resp);
        return reply;
    }

    private static Object defaultOf(Class<?> type) {
        return type == boolean.class ? Boolean.FALSE : type == int.class ? (Object) 0 : type == long.class ? (Object) 0L
                : null;
    }

    private static void assertError(Reply r, int status, String code) throws IOException {
        assertEquals(status, r.status);
        assertEquals(status, r.json().path("status").asInt());
        assertEquals(code, r.json().path("error").asText());
        assertFalse(r.json().path("message").asText().isEmpty());
    }

    @Test
    void searchPassesTheParametersAndAnswersItemsAndCursor() throws Exception {
        Reply r = send("GET", SearchServlet.BASE, null, "filter", "eq(attributes/status,\"idle\")",
                "namespaces", "cz.wujin, cz.wujin.energy,", "option", "sort(-_revision),size(5)");
        assertEquals(200, r.status);
        assertEquals("eq(attributes/status,\"idle\")", search.query.filter());
        assertEquals(List.of("cz.wujin", "cz.wujin.energy"), search.query.namespaces());
        assertEquals("sort(-_revision),size(5)", search.query.option());
        assertEquals(json("{'items':[{'thingId':'cz.wujin:room-a-0305','definition':'dayuan:Room:1.0.0',"
                + "'attributes':{'name':'A305','status':'idle'}}],'cursor':'NEXT'}"), r.json());
    }

    @Test
    void theLastPageHasNoCursorAndFieldsSelectLikeThingsDo() throws Exception {
        result = new SearchResult(List.of(ROOM), Optional.empty());
        Reply r = send("GET", SearchServlet.BASE + "/", null,
                "fields", "thingId,attributes(name),_revision,_namespace");
        assertEquals(json("{'items':[{'thingId':'cz.wujin:room-a-0305','attributes':{'name':'A305'},'_revision':7,"
                + "'_namespace':'cz.wujin'}]}"), r.json());
        assertError(send("GET", SearchServlet.BASE, null, "fields", "attributes("), 400, "json.fieldselector.invalid");
    }

    @Test
    void postTakesTheSameParametersFromAForm() throws Exception {
        Reply r = send("POST", SearchServlet.BASE, "application/x-www-form-urlencoded; charset=UTF-8",
                "filter", "exists(features)", "option", "size(2)\nsort(+thingId)\n");
        assertEquals(200, r.status);
        assertEquals("exists(features)", search.query.filter());
        assertEquals("size(2),sort(+thingId)", search.query.option(), "options on separate lines");
        assertError(send("POST", SearchServlet.BASE, "application/json"), 415, "mediatype.unsupported");
        assertEquals(200, send("POST", SearchServlet.BASE, null).status);
    }

    @Test
    void countAnswersABareNumber() throws Exception {
        Reply r = send("GET", SearchServlet.BASE + "/count", null, "filter", "eq(definition,\"x:y:1\")",
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
        Reply bug = send("GET", SearchServlet.BASE, null, "filter", "boom");
        assertError(bug, 500, "dayuan:internal.error");
        assertTrue(!bug.body.toString().contains("IllegalStateException"));
    }
}
