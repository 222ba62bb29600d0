package org.dayuan.http.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.twin.ErrorCode;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;

class JsonServletTest {
    /** GET answers, POST fails in every way a servlet can; nothing else is implemented. */
    static class Sample extends JsonServlet {
        private static final long serialVersionUID = 1L;
        Throwable failure;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Http.writeJson(resp, 200, Http.MAPPER.createObjectNode().put("caller", Http.caller(req).subject()));
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getOutputStream().write("half an answer".getBytes(StandardCharsets.UTF_8));
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            throw (Error) failure;
        }
    }

    private final Sample servlet = new Sample();

    @Test
    void anUnexpectedFailureIsA500InJsonNamingAnErrorIdThatTheLogHoldsWithTheStackTrace() throws Exception {
        for (Throwable failure : new Throwable[] {new IllegalStateException("secret detail of the inside"),
                new IOException("secret detail of the inside"), new NoClassDefFoundError("secret/detail/Inside")}) {
            servlet.failure = failure;
            PrintStream err = System.err;
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            FakeHttp http;
            try {
                System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
                http = new FakeHttp("POST", "/api/sample").send(servlet);
            } finally {
                System.setErr(err);
            }

            String id = http.internalErrorId();
            assertFalse(http.body().contains("secret") || http.body().contains("Error")
                    || http.body().contains("half an answer"), http.body());
            String logged = log.toString(StandardCharsets.UTF_8);
            assertTrue(logged.contains("error id " + id), logged);
            assertTrue(logged.contains("secret") && logged.contains("\tat "), "the log has the stack trace: " + logged);
        }
    }

    @Test
    void twoFailuresGetTwoErrorIds() throws Exception {
        servlet.failure = new IllegalStateException("boom");
        String first = new FakeHttp("POST", "/api/sample").send(servlet).internalErrorId();
        String second = new FakeHttp("POST", "/api/sample").send(servlet).internalErrorId();
        assertFalse(first.equals(second), first);
    }

    @Test
    void aDayuanExceptionAnswersWithItsOwnStatusAndJson() throws Exception {
        servlet.failure = ErrorCode.THING_NOT_FOUND.exception("No such twin.");
        FakeHttp http = new FakeHttp("POST", "/api/sample").send(servlet);
        assertEquals(404, http.status);
        assertEquals(ErrorCode.THING_NOT_FOUND.exception("No such twin.").toJson(), http.json());
    }

    @Test
    void noCallerIsA401() throws Exception {
        FakeHttp http = new FakeHttp("/api/sample").caller(null).send(servlet);
        assertEquals(401, http.status);
        assertEquals("gateway:authentication.failed", http.json().path("error").asText());
    }

    @Test
    void aMethodTheServletDoesNotImplementIsA405InJsonWithAllow() throws Exception {
        for (String method : new String[] {"PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "BREW"}) {
            FakeHttp http = new FakeHttp(method, "/api/sample").send(servlet);
            assertEquals(405, http.status, method);
            assertEquals("GET, HEAD, POST", http.responseHeader("Allow"), method);
            assertEquals("things:method.notallowed", http.json().path("error").asText());
            assertTrue(http.json().path("message").asText().contains(method), http.body());
        }
    }

    @Test
    void headIsAGetWithoutItsBody() throws Exception {
        FakeHttp http = new FakeHttp("HEAD", "/api/sample").send(servlet);
        assertEquals(200, http.status);
        assertEquals("", http.body());
    }

    @Test
    void aServletNarrowsItsMethodsPerPath() throws Exception {
        JsonServlet narrowed = new Sample() {
            private static final long serialVersionUID = 1L;

            @Override
            protected Set<String> allowedMethods(HttpServletRequest req) {
                if (req.getRequestURI().endsWith("/read")) {
                    return Set.of("GET");
                }
                throw ErrorCode.RESOURCE_NOT_FOUND.exception("Nothing at " + req.getRequestURI() + ".");
            }
        };
        FakeHttp post = new FakeHttp("POST", "/api/sample/read").send(narrowed);
        assertEquals(405, post.status);
        assertEquals("GET", post.responseHeader("Allow"));
        assertEquals(404, new FakeHttp("GET", "/api/sample/other").send(narrowed).status);
        assertEquals(200, new FakeHttp("GET", "/api/sample/read").send(narrowed).status);
    }

    @Test
    void implementedMethodsAreThoseOverriddenBelowTheKit() {
        assertEquals("[GET, HEAD, POST]", JsonServlet.implemented(Sample.class).toString());
        class Patching extends Sample {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doPatch(HttpServletRequest req, HttpServletResponse resp) {
                resp.setStatus(204);
            }
        }
        assertEquals("[GET, HEAD, POST, PATCH]", JsonServlet.implemented(Patching.class).toString());
    }

    @Test
    void patchReachesAServletThatImplementsIt() throws Exception {
        JsonServlet patching = new JsonServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doPatch(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Http.writeJson(resp, 200, Http.readJson(req, "application/merge-patch+json", 100));
            }
        };
        FakeHttp http = new FakeHttp("PATCH", "/api/sample").requestBody("application/merge-patch+json", "{\"a\":1}")
                .send(patching);
        assertEquals(200, http.status, http.body());
        assertEquals("{\"a\":1}", http.body());
    }
}
