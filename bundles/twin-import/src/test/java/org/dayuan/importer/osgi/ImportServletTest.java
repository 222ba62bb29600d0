package org.dayuan.importer.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The servlet over a registry in memory: media types, limits, parameters, the asynchronous answer and its status. */
class ImportServletTest {
    private static final String BSN = "org.dayuan.twin-import";
    private static final Caller WANG = new Caller("wang", Set.of(Caller.ROLE_INTEGRATOR), Set.of("cz.wujin"),
            "10.0.0.7");

    private final InMemoryTwins twins = new InMemoryTwins();
    private final TwinRegistry registry = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN, "admin, ns:*"))
            .registry();
    private final ImportService service = new ImportService(registry, 2000, 5, 100, 3, Clock.systemUTC());
    private final ImportServlet servlet = new ImportServlet(service);

    @AfterEach
    void stop() {
        service.deactivate();
    }

    private FakeHttp post(String contentType, String body) {
        return new FakeHttp("POST", ImportServlet.PATH).mountedAt(ImportServlet.PATH).caller(WANG)
                .requestBody(contentType, body);
    }

    @Test
    void aGoodCsvFileIsWrittenAndAnsweredWithItsSummary() throws Exception {
        FakeHttp http = post("text/csv; charset=utf-8", "thingId,attributes/name\ncz.wujin:a,A\ncz.wujin:b,B\n")
                .send(servlet);
        assertEquals(200, http.status, http.body());
        assertEquals(2, http.json().path("created").asInt());
        assertEquals("import 10.0.0.7", twins.journal.audit(new org.dayuan.twin.AuditQuery(null, null, null, null,
                Long.MAX_VALUE, 5, Set.of("*"))).get(0).origin());
    }

    @Test
    void fileLevelRefusalsHaveTheirOwnStatus() throws Exception {
        assertEquals(415, post("application/json", "{}").send(servlet).status);
        assertEquals(413, post("application/x-ndjson", "x".repeat(2001)).send(servlet).status);
        FakeHttp many = post("application/x-ndjson", "{\"thingId\":\"cz.wujin:a\"}\n".repeat(6)).send(servlet);
        assertEquals(413, many.status);
        assertEquals("import:file.toomanylines", many.json().path("error").asText());
        FakeHttp mode = post("application/x-ndjson", "{\"thingId\":\"cz.wujin:a\"}").parameter("mode", "merge")
                .send(servlet);
        assertEquals(400, mode.status);
        assertEquals("things:parameter.invalid", mode.json().path("error").asText());
        FakeHttp viewer = post("application/x-ndjson", "{\"thingId\":\"cz.wujin:a\"}")
                .caller(new Caller("li", Set.of(Caller.ROLE_VIEWER), Set.of("*"), "x")).send(servlet);
        assertEquals(403, viewer.status);
        assertEquals(0, registry.count(FakeHttp.ADMIN));
    }

    @Test
    void aRefusedFileAnswers400WithTheReport() throws Exception {
        FakeHttp http = post("application/x-ndjson", "{\"thingId\":\"cz.wujin:a\"}\n{\"thingId\":\"cz.jintan:b\"}")
                .send(servlet);
        assertEquals(400, http.status);
        JsonNode e = http.json().path("errors").get(0);
        assertEquals(2, e.path("line").asInt());
        assertEquals("cz.jintan:b", e.path("thingId").asText());
        assertEquals(403, e.path("status").asInt());
        assertTrue(registry.get(FakeHttp.ADMIN, TwinId.of("cz.wujin:a")).isEmpty());
    }

    @Test
    void respondAsyncAnswers202AndTheStatusResourceFollowsTheImportToItsEnd() throws Exception {
        FakeHttp started = post("application/x-ndjson", "{\"thingId\":\"cz.wujin:a\"}")
                .header("Prefer", "wait=10, respond-async").send(servlet);
        assertEquals(202, started.status);
        String location = started.responseHeader("Location");
        assertEquals(ImportServlet.PATH + "/" + started.json().path("id").asText(), location);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode job;
        do {
            FakeHttp get = new FakeHttp(location).mountedAt(ImportServlet.PATH).caller(WANG).send(servlet);
            assertEquals(200, get.status);
            job = get.json();
            assertTrue(System.nanoTime() < deadline, job::toString);
        } while (!"done".equals(job.path("state").asText()));
        assertEquals(1, job.path("linesWritten").asInt());
        assertEquals(1, job.path("result").path("created").asInt());
        FakeHttp other = new FakeHttp(location).mountedAt(ImportServlet.PATH)
                .caller(new Caller("li", Set.of(Caller.ROLE_INTEGRATOR), Set.of("*"), "x")).send(servlet);
        assertEquals(404, other.status, "another user's import is not shown");
        FakeHttp list = new FakeHttp(ImportServlet.PATH).mountedAt(ImportServlet.PATH).send(servlet);
        assertEquals(List.of("wang"), list.json().path("items").findValuesAsText("subject"), "an admin sees all");
    }
}
