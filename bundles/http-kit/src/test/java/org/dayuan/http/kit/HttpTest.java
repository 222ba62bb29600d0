package org.dayuan.http.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.NestingLimit;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;

/** Bodies in, JSON and CSV out, through a servlet that echoes what it read. */
class HttpTest {
    private static final int LIMIT = 64;

    private static final JsonServlet ECHO = new JsonServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Http.writeJson(resp, 201, Http.readJson(req, LIMIT));
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Http.writeCsv(resp, new Csv("name", "value").row(req.getParameter("name"), -1.5));
        }
    };

    private static FakeHttp put(String contentType, String body) throws Exception {
        return new FakeHttp("PUT", "/api/echo").requestBody(contentType, body).send(ECHO);
    }

    private static void refused(FakeHttp http, int status, String error, String says) throws IOException {
        assertEquals(status, http.status, http.body());
        assertEquals("application/json", http.contentType);
        JsonNode json = http.json();
        assertEquals(status, json.path("status").asInt());
        assertEquals(error, json.path("error").asText());
        assertTrue(json.path("message").asText().contains(says), json.toString());
        assertFalse(json.path("description").asText().isEmpty(), json.toString());
    }

    @Test
    void aBodyWithinTheLimitIsReadAndWrittenBack() throws Exception {
        String body = "{\"a\":[1,2,{\"b\":\"武进\"}]}";
        FakeHttp http = put("application/json; charset=UTF-8", body);
        assertEquals(201, http.status, http.body());
        assertEquals(body, http.body());
        assertEquals(body.getBytes("UTF-8").length, http.body.size());
    }

    @Test
    void aBodyPastTheLimitIsA413() throws Exception {
        refused(put("application/json", "{\"a\":\"" + "x".repeat(LIMIT) + "\"}"), 413, "things:thing.toolarge",
                "exceeds the limit of " + LIMIT + " bytes");
    }

    @Test
    void malformedJsonIsA400SayingWhere() throws Exception {
        refused(put("application/json", "{\"a\": tru}"), 400, "json.invalid", "at line 1, column");
        refused(put("application/json", "{} {}"), 400, "json.invalid", "Failed to parse JSON");
        refused(put("application/json", "{\"user\":\"a\",\"user\":\"b\"}"), 400, "json.invalid", "Duplicate");
        refused(put("application/json", ""), 400, "json.invalid", "no body");
    }

    @Test
    void nestingPastTheTwinLimitIsA400() throws Exception {
        int depth = NestingLimit.MAX_DEPTH + 1;
        String deep = "[".repeat(depth) + "]".repeat(depth);
        FakeHttp http = new FakeHttp("PUT", "/api/echo").jsonBody(deep);
        JsonServlet roomy = new JsonServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Http.writeJson(resp, 201, Http.readJson(req, 1000));
            }
        };
        refused(http.send(roomy), 400, "json.invalid", "nests too deep");
        String allowed = "[".repeat(depth - 1) + "]".repeat(depth - 1);
        assertEquals(201, new FakeHttp("PUT", "/api/echo").jsonBody(allowed).send(roomy).status);
    }

    @Test
    void anotherMediaTypeIsA415() throws Exception {
        refused(put("text/plain", "{}"), 415, "mediatype.unsupported", "text/plain");
        refused(put(null, "{}"), 415, "mediatype.unsupported", "none");
    }

    @Test
    void csvIsTextCsvInUtf8WithItsLength() throws Exception {
        FakeHttp http = new FakeHttp("/api/echo").parameter("name", "=cmd()").send(ECHO);
        assertEquals(200, http.status);
        assertEquals("text/csv", http.contentType);
        assertEquals("name,value\r\n\"'=cmd()\",-1.5\r\n", http.body());
    }
}
