package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The office line's room ledger (房间台账) on the booted demo county: the template of 区发改局's rooms, two rooms
 * changed and sent back as an Excel workbook, change those two rooms once (a second import changes nothing); a file
 * with every kind of bad row is refused with each row's reason and changes no room; a 50 MB upload is refused with
 * 413 and changes nothing; a viewer may not import and another county does not see the organisation.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OfficeLedgerIT extends DistributionTest {
    private static final String LEDGER = "/api/dayuan/office/ledger";
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String FGJ = "cz.wujin:org-fgj";

    private Reply upload(String user, String password, String organisation, String type, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + LEDGER + "?organisation="
                        + organisation + "&wait=true")).timeout(Duration.ofSeconds(120))
                .header("Authorization", Api.basic(user, password)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("POST " + LEDGER + " failed: " + e, e);
        }
    }

    private Reply manager(String type, byte[] body) {
        return upload("wujin-manager", "Wujin-Manager-2026", FGJ, type, body);
    }

    /** The template's rows, each cell unquoted (RFC 4180), the BOM dropped. */
    private List<List<String>> template(String organisation) {
        Reply r = api.as("wujin-manager", "Wujin-Manager-2026").get(LEDGER + "/template.csv?organisation="
                + organisation);
        assertEquals(r.toString(), 200, r.status());
        String text = r.raw().body();
        assertTrue(text.startsWith("\uFEFF房间编码,"));
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        return rows;
    }

    /**
     * A minimal Excel workbook with shared strings, numbers as numbers, as Excel itself stores them: a conformant
     * package (content types, relationships), as POI requires and Excel writes.
     */
    private static byte[] xlsx(List<List<String>> rows) throws IOException {
        List<String> strings = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        StringBuilder sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        for (int r = 0; r < rows.size(); r++) {
            sheet.append("<row r=\"").append(r + 1).append("\">");
            for (int c = 0; c < rows.get(r).size(); c++) {
                String v = rows.get(r).get(c);
                if (v.isEmpty()) {
                    continue;
                }
                String ref = (char) ('A' + c) + String.valueOf(r + 1);
                if (r > 0 && v.matches("\\d+(\\.\\d+)?")) {
                    sheet.append("<c r=\"").append(ref).append("\"><v>").append(v).append("</v></c>");
                } else {
                    Integer i = index.computeIfAbsent(v, k -> {
                        strings.add(k);
                        return strings.size() - 1;
                    });
                    sheet.append("<c r=\"").append(ref).append("\" t=\"s\"><v>").append(i).append("</v></c>");
                }
            }
            sheet.append("</row>");
        }
        sheet.append("</sheetData></worksheet>");
        StringBuilder shared = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        strings.forEach(s -> shared.append("<si><t xml:space=\"preserve\">").append(s.replace("&", "&amp;")
                .replace("<", "&lt;")).append("</t></si>"));
        shared.append("</sst>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas"
                    + ".openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType="
                    + "\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" "
                    + "ContentType=\"application/xml\"/>" + override("/xl/workbook.xml", "sheet.main")
                    + override("/xl/worksheets/sheet1.xml", "worksheet")
                    + override("/xl/sharedStrings.xml", "sharedStrings") + "</Types>");
            put(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns="
                    + "\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
                    + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
                    + "Target=\"xl/workbook.xml\"/></Relationships>");
            put(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas"
                    + ".openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
                    + "officeDocument/2006/relationships\"><sheets><sheet name=\"台账\" sheetId=\"1\" r:id=\"rId1\"/>"
                    + "</sheets></workbook>");
            put(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns="
                    + "\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
                    + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                    + "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats"
                    + ".org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                    + "</Relationships>");
            put(zip, "xl/worksheets/sheet1.xml", sheet.toString());
            put(zip, "xl/sharedStrings.xml", shared.toString());
        }
        return out.toByteArray();
    }

    private static String override(String part, String type) {
        return "<Override PartName=\"" + part + "\" ContentType=\"application/vnd.openxmlformats-officedocument"
                + ".spreadsheetml." + type + "+xml\"/>";
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private Map<String, Long> revisions(List<List<String>> rows) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            out.put(row.get(0), api.get("/api/2/things/" + room(row.get(0)).path("thingId").asText()
                    + "?fields=_revision").json().path("_revision").asLong(-1));
        }
        return out;
    }

    private JsonNode room(String code) {
        return api.get("/api/2/search/things?filter=" + URLEncoder.encode("eq(attributes/code,\"" + code + "\")",
                StandardCharsets.UTF_8)).json().path("items").path(0);
    }

    @Test
    public void aLedgerChangesItsRoomsOnceAndABadOneChangesNothingSayingWhyRowByRow() throws Exception {
        List<List<String>> rows = template(FGJ);
        assertTrue("区发改局 has rooms: " + rows, rows.size() >= 4);
        assertEquals("使用面积(㎡)", rows.get(0).get(5));
        Map<String, Long> before = revisions(rows);
        assertTrue(before.toString(), before.values().stream().allMatch(r -> r > 0));

        Reply same = manager("text/csv", String.join("\r\n", rows.stream().map(r -> String.join(",", r.stream()
                .map(c -> "\"" + c.replace("\"", "\"\"") + "\"").toList())).toList()).getBytes(StandardCharsets.UTF_8));
        assertEquals(same.toString(), 200, same.status());
        assertEquals(same.toString(), 0, same.json().path("changed").asInt());
        assertEquals(before, revisions(rows));

        List<List<String>> edited = new ArrayList<>();
        rows.forEach(r -> edited.add(new ArrayList<>(r)));
        double area = Double.parseDouble(edited.get(1).get(5));
        edited.get(1).set(5, String.valueOf(area + 1.5));
        edited.get(2).set(8, "维修");
        Reply changed = manager(XLSX, xlsx(edited));
        assertEquals(changed.toString(), 200, changed.status());
        assertEquals(changed.toString(), "done", changed.json().path("state").asText());
        assertEquals(changed.toString(), 2, changed.json().path("changed").asInt());
        assertEquals(rows.size() - 3, changed.json().path("unchanged").asInt());
        assertTrue(changed.header("Location").startsWith(LEDGER + "/imports/"));
        Map<String, Long> after = revisions(rows);
        int moved = 0;
        for (String code : before.keySet()) {
            moved += after.get(code).equals(before.get(code)) ? 0 : 1;
        }
        assertEquals(after.toString(), 2, moved);
        assertEquals("underRepair", room(rows.get(2).get(0)).path("attributes").path("status").asText());
        Reply report = api.as("wujin-viewer", "Wujin-Viewer-2026").get(changed.header("Location"));
        assertEquals(report.toString(), 2, report.json().path("changed").asInt());

        Reply again = manager(XLSX, xlsx(edited));
        assertEquals(again.toString(), 0, again.json().path("changed").asInt());
        assertEquals(after, revisions(rows));

        // every kind of bad row at once: refused whole, each row's reason, no room changed
        String other = template("cz.wujin:org-czj").get(1).get(0);
        String first = rows.get(1).get(0);
        String bad = "房间编码,使用面积(㎡),用房类别,使用状态,使用人\n"
                + first + ",-5,办公室用房,在用,\n"
                + rows.get(2).get(0) + ",很大,办公室用房,在用,\n"
                + "320412-XZZX-Z-9999,10,办公室用房,在用,\n"
                + other + ",10,办公室用房,在用,\n"
                + first + ",10,办公室用房,在用,\n"
                + rows.get(3).get(0) + ",10,食堂用房,忙,张三|处长|县级\n";
        Reply refused = manager("text/csv", bad.getBytes(StandardCharsets.UTF_8));
        assertError(refused, 422, "office:ledger.invalid");
        JsonNode details = refused.json().path("details");
        assertEquals(refused.toString(), 8, details.size());
        List<Integer> problemRows = new ArrayList<>();
        details.forEach(d -> problemRows.add(d.path("row").asInt()));
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 7, 7), problemRows);
        assertEquals("-5", details.path(0).path("value").asText());
        assertTrue(details.toString(), details.path(0).path("message").asText().startsWith("negative"));
        assertTrue(details.path(1).path("message").asText().startsWith("not a number"));
        assertTrue(details.path(2).path("message").asText().startsWith("no room has this code"));
        assertTrue(details.path(3).path("message").asText().contains("cz.wujin:org-czj"));
        assertTrue(details.path(4).path("message").asText().contains("also on row 2"));
        assertTrue(details.path(7).path("message").asText().contains("rank '处长'"));
        assertEquals(after, revisions(rows));
        assertError(manager("text/csv", "房号,面积\n305,18\n".getBytes(StandardCharsets.UTF_8)), 422,
                "office:ledger.invalid");

        assertError(upload("wujin-viewer", "Wujin-Viewer-2026", FGJ, "text/csv", bad.getBytes(StandardCharsets.UTF_8)),
                403, "dayuan:access.forbidden");
        assertError(upload("xinbei-viewer", "Xinbei-Viewer-2026", FGJ, "text/csv",
                bad.getBytes(StandardCharsets.UTF_8)), 404, "things:thing.notfound");

        // 50 MB: refused on its Content-Length, before a job exists
        assertEquals(413, fiftyMegabytes());
        assertEquals(after, revisions(rows));
    }

    /** The status of a 50 MB CSV upload, sent byte for byte while the answer is read (it comes before the end). */
    private int fiftyMegabytes() throws Exception {
        long size = 50L * 1024 * 1024;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + LEDGER + "?organisation=" + FGJ + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + Api.basic("wujin-manager", "Wujin-Manager-2026") + "\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: " + size + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            Thread writer = new Thread(() -> {
                byte[] chunk = "320412-XZZX-A-0000,18\n".repeat(3000).getBytes(StandardCharsets.UTF_8);
                try {
                    for (long sent = 0; sent < size; sent += chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
                    }
                } catch (IOException closedByTheServer) {
                    // expected once the server has answered
                }
            });
            writer.setDaemon(true);
            writer.start();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
