package org.dayuan.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

/**
 * Backup under load and restore into a fresh distribution, on the store of the stage (H2 or PostgreSQL): writers
 * keep creating and changing twins over HTTP while {@code POST /api/dayuan/backup} streams the backup; a second,
 * fresh distribution started with it as {@code data/dayuan/restore.zip} holds exactly the source's twins, revisions,
 * audit records and attachment bytes as of the backup's journal seq. Not a Pax Exam test: it needs two distributions.
 */
public class BackupRestoreIT {
    private static final String NS = "cz.wujin.backup";
    private static final String ROOM = "cz.wujin:room-a-0305";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    public void aBackupMadeUnderLoadRestoresIntoAFreshDistributionExactlyAsOfItsSeq() throws Exception {
        byte[] backup;
        byte[] pdf = pdf(200_000);
        String attachmentId;
        Map<String, JsonNode> sourceTwins;
        List<JsonNode> sourceAudit;
        try (ProcessDist source = new ProcessDist("backup-src-", "dayuan_bksrc_")) {
            source.start();
            Api api = new Api(source.port);
            api.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(180));
            HttpResponse<byte[]> uploaded = send(source.port, "POST", "/api/dayuan/attachments/" + ROOM + "?name="
                    + URLEncoder.encode("产权证.pdf", StandardCharsets.UTF_8) + "&kind=deed", "application/pdf", pdf);
            assertEquals(new String(uploaded.body(), StandardCharsets.UTF_8), 201, uploaded.statusCode());
            attachmentId = Api.JSON.readTree(uploaded.body()).path("thingId").asText();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger writes = new AtomicInteger();
            AtomicReference<String> failure = new AtomicReference<>();
            List<Thread> writers = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                int writer = k;
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        Api.Reply created = api.put("/api/2/things/" + NS + ":w" + writer + "-" + i,
                                "{'attributes':{'n':" + i + ",'名':'负载'}}");
                        Api.Reply changed = api.put("/api/2/things/" + NS + ":w" + writer + "-" + (i / 2)
                                + "/attributes/n", String.valueOf(i * 10));
                        if (created.status() != 201 || changed.status() != 204) {
                            failure.compareAndSet(null, created + " / " + changed);
                            return;
                        }
                        writes.addAndGet(2);
                    }
                }, "backup-it-writer-" + k);
                t.start();
                writers.add(t);
            }
            awaitWrites(writes, 200);
            HttpResponse<byte[]> made = send(source.port, "POST", "/api/dayuan/backup", null, null);
            int afterBackup = writes.get();
            awaitWrites(writes, afterBackup + 100);
            stop.set(true);
            for (Thread t : writers) {
                t.join(30_000);
            }
            assertNull(failure.get(), failure.get());
            assertEquals(new String(made.body(), StandardCharsets.UTF_8), 200, made.statusCode());
            assertEquals("application/zip", made.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            backup = made.body();

            HttpResponse<byte[]> refused = send(source.port, "POST", "/api/dayuan/backup", null, null,
                    Api.basic("wujin-manager", "Wujin-Manager-2026"));
            assertEquals(403, refused.statusCode());
            assertEquals("dayuan:access.forbidden", Api.JSON.readTree(refused.body()).path("error").asText());

            Path onServer = source.home.resolve("console-backup.zip");
            String out = source.console("dayuan:backup --help", "dayuan:backup " + onServer);
            assertTrue(out, out.contains("DESCRIPTION") && out.contains("consistent backup"));
            assertTrue(out, out.contains("written to " + onServer));
            assertTrue("the console's backup is complete", entries(Files.readAllBytes(onServer))
                    .containsKey("manifest.json"));

            sourceTwins = twins(api);
            sourceAudit = audit(api);
        }

        Map<String, byte[]> entries = entries(backup);
        JsonNode manifest = Api.JSON.readTree(entries.get("manifest.json"));
        long head = manifest.path("parts").path("journal").path("notes").path("headSeq").asLong();
        assertTrue("the backup names its seq: " + manifest, head > 0);
        assertTrue("the backup holds the attachments: " + manifest, manifest.path("parts").has("attachments"));

        try (ProcessDist copy = new ProcessDist("backup-dst-", "dayuan_bkdst_")) {
            Files.createDirectories(copy.home.resolve("data/dayuan"));
            Files.write(copy.home.resolve("data/dayuan/restore.zip"), backup);
            copy.start();
            Api api = new Api(copy.port);
            api.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(180));
            assertTrue(Files.readString(copy.home.resolve("data/log/karaf.log")).contains("Restored the twin journal"));
            Map<String, JsonNode> copyTwins = twins(api);
            List<JsonNode> copyAudit = audit(api);

            List<JsonNode> sourceUpToHead = sourceAudit.stream().filter(r -> r.path("seq").asLong() <= head).toList();
            assertTrue("writes went on after the backup", sourceAudit.stream().anyMatch(r -> r.path("seq").asLong() > head));
            assertEquals("every audit record up to the backup's seq, and none after",
                    sourceUpToHead, copyAudit.stream().filter(r -> r.path("seq").asLong() <= head).toList());

            // A twin nobody wrote after the backup's seq, on either side, is the same twin with the same revision.
            Set<String> writtenAfter = new HashSet<>();
            for (List<JsonNode> trail : List.of(sourceAudit, copyAudit)) {
                trail.stream().filter(r -> r.path("seq").asLong() > head)
                        .forEach(r -> writtenAfter.add(r.path("thingId").asText()));
            }
            Set<String> ids = new HashSet<>(sourceTwins.keySet());
            ids.addAll(copyTwins.keySet());
            int compared = 0;
            for (String id : ids) {
                if (!writtenAfter.contains(id)) {
                    assertEquals(id, sourceTwins.get(id), copyTwins.get(id));
                    compared++;
                }
            }
            assertTrue("most twins compared whole: " + compared, compared >= DistributionTest.DEMO_TWINS);
            // A load twin written after the seq has the revision and value its last write up to the seq gave it.
            Map<String, JsonNode> lastUpToHead = new HashMap<>();
            for (JsonNode r : sourceUpToHead) {
                lastUpToHead.merge(r.path("thingId").asText(), r,
                        (a, b) -> a.path("seq").asLong() > b.path("seq").asLong() ? a : b);
            }
            int loadChecked = 0;
            for (String id : writtenAfter) {
                if (!id.startsWith(NS + ":")) {
                    continue;
                }
                JsonNode last = lastUpToHead.get(id);
                JsonNode restored = copyTwins.get(id);
                if (last == null) {
                    assertNull(id + " was created after the backup's seq", restored);
                } else {
                    assertEquals(id, last.path("_revision").asLong(), restored.path("_revision").asLong());
                    assertEquals(id, valueOfN(last), restored.path("attributes").path("n"));
                }
                loadChecked++;
            }
            assertTrue("load twins written after the seq were checked", loadChecked > 0);

            HttpResponse<byte[]> file = send(copy.port, "GET", "/api/dayuan/attachments/" + ROOM + "/" + attachmentId,
                    null, null);
            assertEquals(200, file.statusCode());
            assertArrayEquals("the attachment byte for byte", pdf, file.body());
        }
    }

    /** The value attribute n had after the audited change {@code r}. */
    private static JsonNode valueOfN(JsonNode r) {
        String path = r.path("path").asText();
        return path.equals("/attributes/n") ? r.path("after") : r.path("after").path("attributes").path("n");
    }

    private static void awaitWrites(AtomicInteger writes, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (writes.get() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writers made only " + writes.get() + " writes of " + atLeast);
            }
            Thread.sleep(20);
        }
    }

    /** Every twin the admin sees, by thingId. */
    private static Map<String, JsonNode> twins(Api api) {
        Map<String, JsonNode> twins = new TreeMap<>();
        String cursor = "";
        while (cursor != null) {
            Api.Reply page = api.get("/api/2/search/things?option="
                    + URLEncoder.encode("size(200)" + cursor, StandardCharsets.UTF_8)
                    + "&fields=thingId,policyId,definition,attributes,features,_revision,_created,_modified");
            assertEquals(page.toString(), 200, page.status());
            page.json().path("items").forEach(t -> twins.put(t.path("thingId").asText(), t));
            cursor = page.json().has("cursor") ? ",cursor(" + page.json().path("cursor").asText() + ")" : null;
        }
        return twins;
    }

    /** The whole audit trail, oldest first. */
    private static List<JsonNode> audit(Api api) {
        List<JsonNode> records = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            Api.Reply page = api.get("/api/dayuan/audit?limit=1000" + cursor);
            assertEquals(page.toString(), 200, page.status());
            page.json().path("items").forEach(records::add);
            cursor = page.json().has("cursor") ? "&cursor=" + page.json().path("cursor").asText() : null;
        }
        records.sort((a, b) -> Long.compare(a.path("seq").asLong(), b.path("seq").asLong()));
        return records;
    }

    private HttpResponse<byte[]> send(int port, String method, String path, String type, byte[] body,
                                      String... authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", authorization.length > 0 ? authorization[0]
                        : Api.basic(Dist.ADMIN, Dist.ADMIN_PASSWORD))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] pdf(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        byte[] head = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }
}
