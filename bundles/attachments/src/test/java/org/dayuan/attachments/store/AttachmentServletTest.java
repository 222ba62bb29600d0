package org.dayuan.attachments.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTP, on a real H2 and the registry in memory, as the attachments bundle's grant bounds it. */
class AttachmentServletTest extends StoreFixture {
    private static final String BASE = AttachmentServlet.BASE;
    private static final String ROOM_PATH = BASE + "/" + ROOM;

    @TempDir
    Path dir;
    private AttachmentServlet servlet;

    AttachmentServletTest() throws Exception {
    }

    @Override
    DataSource database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("twins").toAbsolutePath() + ";WRITE_DELAY=0");
        return ds;
    }

    @BeforeEach
    void start() throws Exception {
        servlet = new AttachmentServlet(store(Map.of("maxFileBytes", 100_000)));
    }

    private FakeHttp send(String method, String uri, Caller caller) throws Exception {
        return new FakeHttp(method, uri).mountedAt(BASE).caller(caller);
    }

    private FakeHttp upload(Caller caller, String query, String type, byte[] body) throws Exception {
        FakeHttp http = send("POST", ROOM_PATH, caller);
        for (String p : query.split("&")) {
            String[] kv = p.split("=", 2);
            http.parameter(kv[0], kv[1]);
        }
        http.requestContentType = type;
        http.requestBody = body;
        return http.send(servlet);
    }

    @Test
    void uploadListDownloadDelete() throws Exception {
        byte[] pdf = Files.pdf(50_000);
        FakeHttp created = upload(MANAGER, "name=租赁合同 2026.pdf&kind=lease&description=三年", "application/pdf", pdf);
        assertEquals(201, created.status, created.body());
        JsonNode a = created.json();
        String id = a.path("thingId").asText();
        assertEquals(ROOM_PATH + "/" + id, created.responseHeader("Location"));
        assertEquals("lease", a.path("kind").asText());
        assertEquals("租赁合同", a.path("kindLabel").asText());
        assertEquals(pdf.length, a.path("size").asLong());
        assertEquals(sha256(pdf), a.path("sha256").asText());
        assertEquals("wujin-manager", a.path("uploadedBy").asText());
        assertEquals("cz.wujin:room-a-0305", a.path("parent").asText());

        FakeHttp list = send("GET", ROOM_PATH, VIEWER).send(servlet);
        assertEquals(200, list.status);
        assertEquals(1, list.json().path("items").size());
        assertEquals(a, list.json().path("items").get(0));

        FakeHttp download = send("GET", ROOM_PATH + "/" + id, VIEWER).send(servlet);
        assertEquals(200, download.status);
        assertArrayEquals(pdf, download.body.toByteArray());
        assertEquals("application/pdf", download.contentType);
        assertEquals("\"" + sha256(pdf) + "\"", download.responseHeader("ETag"));
        assertEquals("attachment; filename=\"____ 2026.pdf\"; filename*=UTF-8''"
                + "%E7%A7%9F%E8%B5%81%E5%90%88%E5%90%8C%202026.pdf", download.responseHeader("Content-Disposition"));
        assertEquals("nosniff", download.responseHeader("X-Content-Type-Options"));

        FakeHttp cached = send("GET", ROOM_PATH + "/" + id, VIEWER).header("If-None-Match", "\"" + sha256(pdf) + "\"")
                .send(servlet);
        assertEquals(304, cached.status);
        assertEquals(0, cached.body.size());

        // under another twin, the attachment is not found
        create("cz.wujin:room-a-0306");
        assertEquals(404, send("GET", BASE + "/cz.wujin:room-a-0306/" + id, VIEWER).send(servlet).status);
        assertEquals(404, send("DELETE", BASE + "/cz.wujin:room-a-0306/" + id, MANAGER).send(servlet).status);

        FakeHttp viewerDelete = send("DELETE", ROOM_PATH + "/" + id, VIEWER).send(servlet);
        assertEquals(403, viewerDelete.status);
        assertEquals(204, send("DELETE", ROOM_PATH + "/" + id, MANAGER).send(servlet).status);
        assertEquals(404, send("GET", ROOM_PATH + "/" + id, VIEWER).send(servlet).status);
        assertEquals(0, send("GET", ROOM_PATH, VIEWER).send(servlet).json().path("items").size());
    }

    @Test
    void refusedUploadsAnswerTheirCodeAndChangeNothing() throws Exception {
        byte[] png = Files.png(2000);
        expect(413, "attachments:file.toolarge", upload(MANAGER, "name=big.png", "image/png", Files.png(100_001)));
        expect(415, "attachments:type.unsupported", upload(MANAGER, "name=a.png", "application/pdf", png));
        expect(415, "attachments:type.unsupported", upload(MANAGER, "name=a.html", "text/html",
                "<html>".getBytes(StandardCharsets.UTF_8)));
        FakeHttp form = upload(MANAGER, "name=a.png", "multipart/form-data; boundary=x", png);
        expect(415, "attachments:type.unsupported", form);
        assertTrue(form.json().path("message").asText().contains("query parameters"), form.body());
        expect(400, "attachments:file.empty", upload(MANAGER, "name=a.png", "image/png", new byte[0]));
        expect(400, "things:parameter.invalid", upload(MANAGER, "kind=photo", "image/png", png));
        expect(403, "things:thing.notmodifiable", upload(VIEWER, "name=a.png", "image/png", png));
        expect(401, "gateway:authentication.failed", upload(null, "name=a.png", "image/png", png));
        FakeHttp unknownOwner = send("POST", BASE + "/cz.wujin:no-such-room", MANAGER).parameter("name", "a.png");
        unknownOwner.requestContentType = "image/png";
        unknownOwner.requestBody = png;
        expect(404, "things:thing.notfound", unknownOwner.send(servlet));
        expect(404, "things:thing.notfound", send("GET", BASE + "/cz.wujin:no-such-room", MANAGER).send(servlet));
        expect(400, "things:id.invalid", send("GET", BASE + "/not-an-id", MANAGER).send(servlet));
        expect(404, "things:resource.notfound", send("GET", BASE, MANAGER).send(servlet));
        expect(404, "things:resource.notfound", send("GET", ROOM_PATH + "/a/b", MANAGER).send(servlet));
        FakeHttp put = send("PUT", ROOM_PATH, MANAGER).send(servlet);
        expect(405, "things:method.notallowed", put);
        assertEquals("GET, HEAD, POST", put.responseHeader("Allow"));
        assertEquals("GET, HEAD, DELETE",
                send("POST", ROOM_PATH + "/cz.wujin:att-x", MANAGER).send(servlet).responseHeader("Allow"));

        assertEquals(0, send("GET", ROOM_PATH, VIEWER).send(servlet).json().path("items").size());
        assertEquals(0, rows());
        assertEquals(1, twinCount());
    }

    private void create(String id) throws Exception {
        twins.registry().create(FakeAdmin.ADMIN, org.dayuan.twin.TwinId.of(id), (ObjectNode) JSON.readTree(
                "{\"definition\":\"dayuan:Room:1.0.0\",\"attributes\":{\"name\":\"x\"}}"));
    }

    private static void expect(int status, String error, FakeHttp http) throws Exception {
        assertEquals(status, http.status, http.body());
        assertEquals(error, http.json().path("error").asText(), http.body());
        assertTrue(http.json().path("message").asText().length() > 0);
    }
}
