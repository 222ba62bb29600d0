package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Test;

/**
 * Bulk import over HTTP and the console commands through {@code bin/client}, on a distribution started as an operator
 * starts it: a good file is readable twin by twin, a bad one is refused whole with its per-line report, another
 * organisation's twin is refused for a scoped user, an asynchronous CSV import is followed to its end; then the admin
 * imports, reads, writes, searches, re-indexes and manages users from the console, and the audit trail names it.
 */
public class ImportIT {
    private static final String NDJSON = "application/x-ndjson";
    private static final String IMPORT = "/api/dayuan/import";
    private static final String ROOM = "dayuan:Room:1.0.0";

    private static String room(String id, String parent, String area) {
        return "{\"thingId\":\"" + id + "\",\"definition\":\"" + ROOM + "\",\"attributes\":{\"name\":\"" + id
                + "\",\"parent\":\"" + parent + "\",\"usableArea\":" + area + "}}";
    }

    private static List<String> rooms(String prefix, int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            lines.add(room(prefix + i, "cz.wujin:imp-bldg", String.valueOf(10 + i)));
        }
        return lines;
    }

    private static void awaitStatus(Api api, String path, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int last;
        while ((last = api.get(path).status()) != expected) {
            assertTrue(path + " answered " + last + ", not " + expected, System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }

    /** The console's output without its colours. */
    private static String ansi(String out) {
        return out.replaceAll("\u001B\\[[;\\d]*m", "");
    }

    @Test
    public void importsOverHttpAndTheConsoleCommandsWork() throws Exception {
        try (ProcessDist dist = new ProcessDist("import-")) {
            dist.start();
            Api api = new Api(dist.port);
            api.awaitHealthy(DistributionTest.DEMO_TWINS, Duration.ofSeconds(180));

            // A good file, children before their parent: every twin is there afterwards.
            List<String> good = rooms("cz.wujin:imp-room-", 300);
            good.add("{\"thingId\":\"cz.wujin:imp-bldg\",\"attributes\":{\"name\":\"导入楼\",\"parent\":\""
                    + DistributionTest.CAMPUS + "\"}}");
            Api.Reply ok = api.send("POST", IMPORT, NDJSON, String.join("\n", good));
            assertEquals(ok.toString(), 200, ok.status());
            assertEquals(301, ok.json().path("created").asInt());
            for (int i = 1; i <= 300; i++) {
                Api.Reply twin = api.get("/api/2/things/cz.wujin:imp-room-" + i + "/attributes/usableArea");
                assertEquals(twin.toString(), 10 + i, twin.json().asInt());
            }

            // A bad file: refused whole, each bad line reported, nothing written.
            List<String> bad = rooms("cz.wujin:imp-bad-", 200);
            bad.set(119, room("cz.wujin:imp-bad-120", "cz.wujin:imp-bldg", "\"big\""));
            bad.set(149, "{\"thingId\":\"cz.wujin:imp-bad-150\",");
            bad.set(179, room("cz.wujin:imp-room-1", "cz.wujin:imp-bldg", "1"));
            Api.Reply refused = api.send("POST", IMPORT, NDJSON, String.join("\n", bad));
            assertEquals(refused.toString(), 400, refused.status());
            assertEquals("import:file.refused", refused.json().path("error").asText());
            JsonNode errors = refused.json().path("errors");
            assertEquals(refused.toString(), 3, errors.size());
            assertEquals(120, errors.get(0).path("line").asInt());
            assertEquals("cz.wujin:imp-bad-120", errors.get(0).path("thingId").asText());
            assertEquals("dayuan:model.violation", errors.get(0).path("error").asText());
            assertEquals(150, errors.get(1).path("line").asInt());
            assertEquals("json.invalid", errors.get(1).path("error").asText());
            assertEquals("things:thing.conflict", errors.get(2).path("error").asText());
            for (int i = 1; i <= 200; i++) {
                assertEquals("nothing of the refused file was written", 404,
                        api.get("/api/2/things/cz.wujin:imp-bad-" + i).status());
            }
            assertEquals("the twin the refused file would have replaced is unchanged", 11,
                    api.get("/api/2/things/cz.wujin:imp-room-1/attributes/usableArea").json().asInt());

            // A manager of cz.wujin may not import into another organisation: that line is refused, and so the file.
            Api manager = api.as("wujin-manager", "Wujin-Manager-2026");
            Api.Reply foreign = manager.send("POST", IMPORT, NDJSON, String.join("\n",
                    room("cz.wujin:imp-own", "cz.wujin:imp-bldg", "5"), "{\"thingId\":\"cz.jintan:imp-foreign\"}"));
            assertEquals(foreign.toString(), 400, foreign.status());
            assertEquals(1, foreign.json().path("errors").size());
            assertEquals(2, foreign.json().path("errors").get(0).path("line").asInt());
            assertEquals("things:thing.notmodifiable", foreign.json().path("errors").get(0).path("error").asText());
            assertEquals(404, api.get("/api/2/things/cz.wujin:imp-own").status());
            assertEquals(403, api.as("wujin-viewer", "Wujin-Viewer-2026")
                    .send("POST", IMPORT, NDJSON, room("cz.wujin:imp-v", "cz.wujin:imp-bldg", "5")).status());
            assertEquals(415, api.send("POST", IMPORT, "application/json", "{}").status());
            assertEquals(401, api.anonymous().send("POST", IMPORT, NDJSON, room("cz.wujin:imp-a", "cz.wujin:imp-bldg",
                    "5")).status());
            assertEquals(401, api.anonymous().get(IMPORT).status());

            // CSV, asynchronously: 202 and a status resource to follow until it is done.
            StringBuilder csv = new StringBuilder("thingId,definition,parent,attributes/name,attributes/usableArea\r\n");
            for (int i = 1; i <= 50; i++) {
                csv.append("cz.wujin:imp-csv-").append(i).append(',').append(ROOM)
                        .append(",cz.wujin:imp-bldg,\"CSV room ").append(i).append(", east\",").append(i)
                        .append("\r\n");
            }
            Api.Reply started = manager.send("POST", IMPORT, "text/csv", csv.toString(), "Prefer", "respond-async");
            assertEquals(started.toString(), 202, started.status());
            String location = started.header("Location");
            assertTrue(location, location.startsWith(IMPORT + "/"));
            JsonNode job = manager.get(location).json();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"done".equals(job.path("state").asText()) && !"refused".equals(job.path("state").asText())) {
                assertTrue("the import never finished: " + job, System.nanoTime() < deadline);
                Thread.sleep(200);
                job = manager.get(location).json();
            }
            assertEquals(job.toString(), 50, job.path("result").path("created").asInt());
            assertEquals(50, job.path("linesWritten").asInt());
            assertEquals("CSV room 7, east", api.get("/api/2/things/cz.wujin:imp-csv-7/attributes/name").json()
                    .asText());
            assertEquals("only the admin and the importer see it", 404,
                    api.as("wujin-viewer", "Wujin-Viewer-2026").get(location).status());
            JsonNode audit = api.get("/api/dayuan/audit?thingId=cz.wujin:imp-csv-7").json().path("items").get(0);
            assertEquals("wujin-manager", audit.path("subject").asText());
            assertTrue(audit.toString(), audit.path("origin").asText().startsWith("import "));

            // The console: import a file from disk, then get, put, search, re-index and manage users.
            Files.writeString(dist.home.resolve("console-import.ndjson"), String.join("\n",
                    room("cz.wujin:imp-con-1", "cz.wujin:imp-bldg", "7"),
                    room("cz.wujin:imp-room-1", "cz.wujin:imp-bldg", "99")), StandardCharsets.UTF_8);
            Files.writeString(dist.home.resolve("console-bad.ndjson"),
                    room("cz.jintan:imp-con-bad", "cz.wujin:imp-bldg", "\"x\""), StandardCharsets.UTF_8);
            String out = ansi(dist.console(
                    "dayuan:import --mode upsert console-import.ndjson",
                    "dayuan:import console-bad.ndjson",
                    "dayuan:twin-get cz.wujin:imp-room-1 /attributes/usableArea",
                    "dayuan:twin-put cz.wujin:imp-con-1 /attributes/name '\"控制台\"'",
                    "dayuan:twin-put cz.wujin:imp-con-1 /attributes/usableArea '\"big\"'",
                    "dayuan:twin-search --fields attributes/name 'like(thingId,\"cz.wujin:imp-con-*\")'",
                    "dayuan:reindex",
                    "dayuan:user-add --password Imp-Viewer-2026 imp-viewer viewer ns:cz.wujin",
                    "dayuan:users",
                    "dayuan:import --help"));
            assertTrue(out, out.contains("Imported 2 twins from ") && out.contains("(created 1, replaced 1)"));
            assertTrue(out, out.contains("dayuan:model.violation") && out.contains("1 of 1 lines is refused"));
            assertTrue(out, out.lines().anyMatch(l -> l.strip().equals("99")));
            assertTrue(out, out.contains("Modified cz.wujin:imp-con-1/attributes/name, revision 2."));
            assertTrue(out, out.contains("Error executing command: dayuan:model.violation"));
            assertTrue(out, out.lines().anyMatch(l -> l.contains("cz.wujin:imp-con-1") && l.contains("控制台")));
            assertTrue(out, out.contains("1 twin(s)."));
            Matcher reindexed = Pattern.compile("Re-indexed (\\d+) twins in \\d+ ms").matcher(out);
            assertTrue(out, reindexed.find());
            assertTrue(out, Integer.parseInt(reindexed.group(1)) >= DistributionTest.DEMO_TWINS + 301 + 50 + 1);
            assertTrue(out, out.contains("Added user imp-viewer with viewer, ns:cz.wujin."));
            assertTrue(out, out.lines().anyMatch(l -> l.contains("imp-viewer") && l.contains("viewer")
                    && l.contains("cz.wujin")));
            assertFalse("no password is printed: " + out, out.contains("Wujin-Manager-2026"));
            assertTrue(out, out.contains("--mode") && out.contains("--dry-run"));

            assertEquals(99, api.get("/api/2/things/cz.wujin:imp-room-1/attributes/usableArea").json().asInt());
            assertEquals("控制台", api.get("/api/2/things/cz.wujin:imp-con-1/attributes/name").json().asText());
            assertEquals(404, api.get("/api/2/things/cz.jintan:imp-con-bad").status());
            JsonNode put = api.get("/api/dayuan/audit?thingId=cz.wujin:imp-con-1").json().path("items").get(0);
            assertEquals("admin", put.path("subject").asText());
            assertEquals("console twin-put", put.path("origin").asText());

            // The user added from the console logs in (once the realm has settled its file).
            Api newcomer = api.as("imp-viewer", "Imp-Viewer-2026");
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status;
            while ((status = newcomer.get("/api/2/things/cz.wujin:imp-con-1").status()) != 200) {
                assertTrue("the new user never got in: " + status, System.nanoTime() < deadline);
                Thread.sleep(500);
            }

            // Roles moved and the user removed from the console: its logins see it at once.
            out = ansi(dist.console(
                    "dayuan:user-role-remove imp-viewer ns:cz.wujin",
                    "dayuan:user-role-add imp-viewer ns:cz.jintan",
                    "dayuan:users"));
            assertTrue(out, out.contains("Took ns:cz.wujin from imp-viewer."));
            assertTrue(out, out.contains("Gave imp-viewer ns:cz.jintan."));
            assertTrue(out, out.lines().anyMatch(l -> l.contains("imp-viewer") && l.contains("cz.jintan")
                    && !l.contains("cz.wujin")));
            awaitStatus(newcomer, "/api/2/things/cz.wujin:imp-con-1", 404);
            out = ansi(dist.console("dayuan:user-remove imp-viewer", "dayuan:users"));
            assertTrue(out, out.contains("Removed user imp-viewer."));
            assertFalse(out, out.lines().anyMatch(l -> l.contains("imp-viewer") && !l.contains("user-remove")
                    && !l.contains("Removed")));
            awaitStatus(newcomer, "/api/2/things/cz.wujin:imp-con-1", 401);
        }
    }
}
