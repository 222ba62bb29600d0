package org.dayuan.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * 一房一档 in the distribution as shipped: a PDF deed and a PNG photo attached to a room read back byte for byte,
 * before and after a restart, on the store's database (H2, and PostgreSQL in CI); the upload is in the audit trail;
 * every refused upload changes nothing. Not a Pax Exam test, because Pax Exam cannot restart its own container.
 */
public class AttachmentsIT {
    private static final String ROOM = "cz.wujin:room-a-0305";
    private static final String BASE = "/api/dayuan/attachments/" + ROOM;
    private static final int LIMIT = 1024 * 1024;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ProcessDist dist;
    private Api admin;

    @Before
    public void unpack() throws Exception {
        dist = new ProcessDist("attachments-");
        // a small limit, so the 413 is cheap to provoke
        dist.append("etc/org.dayuan.attachments.cfg", "maxFileBytes = " + LIMIT);
    }

    @After
    public void stop() {
        dist.close();
    }

    private record Binary(int status, byte[] body, HttpResponse<byte[]> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode json() throws IOException {
            return Api.JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    private Binary send(String method, String path, String user, String password, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dist.port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", Api.basic(user, password))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Binary(r.statusCode(), r.body(), r);
    }

    private Binary upload(String user, String password, String owner, String name, String kind, String type,
                          byte[] body) throws Exception {
        return send("POST", "/api/dayuan/attachments/" + owner + "?name=" + URLEncoder.encode(name,
                StandardCharsets.UTF_8) + "&kind=" + kind, user, password, type, body);
    }

    private Binary manager(String method, String path) throws Exception {
        return send(method, path, "wujin-manager", "Wujin-Manager-2026", null, null);
    }

    private Binary viewer(String method, String path) throws Exception {
        return send(method, path, "wujin-viewer", "Wujin-Viewer-2026", null, null);
    }

    private static byte[] file(byte[] head, int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private void awaitUp() throws Exception {
        admin.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(180));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // The demo users are written shortly after the first start; a login before would count towards the lockout.
        while (!Files.readString(dist.home.resolve("data/log/karaf.log")).contains("demo user 'wujin-viewer'")) {
            assertTrue("the demo users were never created", System.nanoTime() < deadline);
            Thread.sleep(200);
        }
    }

    /** The attachment downloads as {@code bytes}, with its type, length, name and SHA-256 as ETag. */
    private void assertDownloads(String id, byte[] bytes, String type, String encodedName) throws Exception {
        Binary d = viewer("GET", BASE + "/" + id);
        assertEquals(d.toString(), 200, d.status());
        assertArrayEquals(bytes, d.body());
        assertEquals(sha256(bytes), sha256(d.body()));
        assertEquals("\"" + sha256(bytes) + "\"", d.header("ETag"));
        assertEquals(type, d.header("Content-Type"));
        assertEquals(String.valueOf(bytes.length), d.header("Content-Length"));
        assertTrue(d.header("Content-Disposition"), d.header("Content-Disposition")
                .endsWith("filename*=UTF-8''" + encodedName));
    }

    private JsonNode list() throws Exception {
        Binary l = viewer("GET", BASE);
        assertEquals(l.toString(), 200, l.status());
        return l.json().path("items");
    }

    private long newestAuditSeq() {
        return admin.get("/api/dayuan/audit?limit=1").json().path("items").get(0).path("seq").asLong();
    }

    @Test
    public void aRoomsFilesReadBackByteForByteAcrossARestartAndRefusalsChangeNothing() throws Exception {
        dist.start();
        admin = new Api(dist.port);
        awaitUp();

        byte[] pdf = file("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 400_000);
        byte[] png = file(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 120_000);
        Binary deed = upload("wujin-manager", "Wujin-Manager-2026", ROOM, "产权证明 A-0305.pdf", "deed",
                "application/pdf", pdf);
        assertEquals(deed.toString(), 201, deed.status());
        Binary photo = upload("wujin-manager", "Wujin-Manager-2026", ROOM, "巡检照片.png", "photo", "image/png", png);
        assertEquals(photo.toString(), 201, photo.status());
        String deedId = deed.json().path("thingId").asText();
        String photoId = photo.json().path("thingId").asText();
        assertTrue(deedId, deedId.startsWith("cz.wujin:att-"));
        assertEquals(sha256(pdf), deed.json().path("sha256").asText());

        JsonNode items = list();
        assertEquals(items.toString(), 2, items.size());
        String deedName = "%E4%BA%A7%E6%9D%83%E8%AF%81%E6%98%8E%20A-0305.pdf";
        String photoName = "%E5%B7%A1%E6%A3%80%E7%85%A7%E7%89%87.png";
        assertDownloads(deedId, pdf, "application/pdf", deedName);
        assertDownloads(photoId, png, "image/png", photoName);

        // the attachment is a twin of the room, and its upload is in the audit trail under the user who made it
        JsonNode twin = admin.get("/api/2/things/" + deedId).json();
        assertEquals("dayuan:Attachment:1.0.0", twin.path("definition").asText());
        assertEquals(ROOM, twin.path("attributes").path("parent").asText());
        JsonNode audit = manager("GET", "/api/dayuan/audit?thingId=" + deedId).json().path("items");
        assertEquals(audit.toString(), 1, audit.size());
        assertEquals("created", audit.get(0).path("type").asText());
        assertEquals("wujin-manager", audit.get(0).path("subject").asText());

        // refusals, each with its code, changing nothing
        long seq = newestAuditSeq();
        Binary tooLarge = upload("wujin-manager", "Wujin-Manager-2026", ROOM, "big.png", "photo", "image/png",
                file(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, LIMIT + 1));
        assertEquals(tooLarge.toString(), 413, tooLarge.status());
        assertEquals("attachments:file.toolarge", tooLarge.json().path("error").asText());
        Binary mislabelled = upload("wujin-manager", "Wujin-Manager-2026", ROOM, "a.pdf", "deed", "application/pdf",
                png);
        assertEquals(mislabelled.toString(), 415, mislabelled.status());
        assertEquals("attachments:type.unsupported", mislabelled.json().path("error").asText());
        Binary byViewer = upload("wujin-viewer", "Wujin-Viewer-2026", ROOM, "a.pdf", "deed", "application/pdf", pdf);
        assertEquals(byViewer.toString(), 403, byViewer.status());
        Binary unknownOwner = upload("wujin-manager", "Wujin-Manager-2026", "cz.wujin:room-none", "a.pdf", "deed",
                "application/pdf", pdf);
        assertEquals(unknownOwner.toString(), 404, unknownOwner.status());
        Binary otherCounty = send("GET", BASE + "/" + deedId, "xinbei-viewer", "Xinbei-Viewer-2026", null, null);
        assertEquals(otherCounty.toString(), 404, otherCounty.status());
        assertEquals(2, list().size());
        assertEquals("no refused upload wrote anything", seq, newestAuditSeq());

        dist.stop();
        dist.start();
        awaitUp();
        assertEquals(2, list().size());
        assertDownloads(deedId, pdf, "application/pdf", deedName);
        assertDownloads(photoId, png, "image/png", photoName);

        Binary deleted = manager("DELETE", BASE + "/" + photoId);
        assertEquals(deleted.toString(), 204, deleted.status());
        assertEquals(1, list().size());
        assertEquals(404, viewer("GET", BASE + "/" + photoId).status());
        assertEquals("deleted", manager("GET", "/api/dayuan/audit?thingId=" + photoId).json().path("items").get(0)
                .path("type").asText());
    }
}
