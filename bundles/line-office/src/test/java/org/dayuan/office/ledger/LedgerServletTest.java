package org.dayuan.office.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.testing.Configs;
import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The servlet without a container, over a real registry in memory through the line's view. */
class LedgerServletTest {
    private static final String PATH = LedgerServlet.PATH;
    private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");

    private final OfficeTwins office = new OfficeTwins();
    private final LedgerServlet servlet = new LedgerServlet(office.line.registry(), office.line.search(),
            Configs.of(LedgerConfig.class, Map.of("maxBytes", 64 * 1024, "jobs_kept", 3)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        servlet.deactivate();
    }

    private FakeHttp post(Caller caller, String type, byte[] body, boolean wait) throws Exception {
        FakeHttp r = new FakeHttp("POST", PATH).mountedAt(PATH).caller(caller)
                .parameter("organisation", OfficeTwins.FGJ);
        if (wait) {
            r.parameter("wait", "true");
        }
        r.requestContentType = type;
        r.requestBody = body;
        return r.send(servlet);
    }

    private FakeHttp get(Caller caller, String uri) throws Exception {
        return new FakeHttp(uri).mountedAt(PATH).caller(caller).parameter("organisation", OfficeTwins.FGJ)
                .send(servlet);
    }

    private static List<List<String>> table(String csv) {
        return CsvSheet.read(csv.getBytes(StandardCharsets.UTF_8), 1000, r -> { }).stream()
                .map(r -> (List<String>) new ArrayList<>(r.cells())).toList();
    }

    @Test
    void theTemplateImportsBackUnchangedAndAnEditedWorkbookChangesItsTwoRoomsOnce() throws Exception {
        FakeHttp template = get(OfficeTwins.VIEWER, PATH + "/template.csv");
        assertEquals(200, template.status, template.body());
        assertTrue(template.contentType.startsWith("text/csv"));
        String csv = template.body();
        assertTrue(csv.startsWith("\uFEFF房间编码,房间号,房间名称,用房类别,使用功能,\"使用面积(㎡)\",使用单位,权属,使用状态,使用人,"
                + "租赁对方,起租日,到期日,\"年租金(元)\",租金已付至\r\n"), csv);
        assertTrue(csv.contains("320412-XZZX-A-0305,305,\"A305 办公室\",办公室用房,办公室,18.0,cz.wujin:org-fgj,自有,在用,"
                + "\"王建国|副科|县级|F017\",,,,,\r\n"), csv);
        assertTrue(!csv.contains("B-0101"), "only the organisation's rooms: " + csv);

        FakeHttp same = post(OfficeTwins.MANAGER, "text/csv", csv.getBytes(StandardCharsets.UTF_8), true);
        assertEquals(200, same.status, same.body());
        assertEquals("done", same.json().path("state").asText());
        assertEquals(0, same.json().path("changed").asInt());
        assertEquals(3, same.json().path("unchanged").asInt());
        assertEquals(3, same.json().path("rowsTotal").asInt());

        List<List<String>> rows = table(csv.substring(1));
        rows.get(1).set(5, "17.5");
        rows.get(2).set(9, "李晓明|科员及以下|县级|F018");
        rows.get(2).set(8, "在用");
        List<Long> before = office.revisions();
        FakeHttp edited = post(OfficeTwins.MANAGER, LedgerImports.XLSX, Workbooks.xlsx(rows), true);
        assertEquals(200, edited.status, edited.body());
        assertEquals(2, edited.json().path("changed").asInt());
        assertEquals(1, edited.json().path("unchanged").asInt());
        assertEquals("xlsx", edited.json().path("format").asText());
        assertEquals(17.5, office.get("cz.wujin:room-a-0305").toJson().path(Twin.ATTRIBUTES).path("usableArea")
                .asDouble());
        JsonNode a306 = office.get("cz.wujin:room-a-0306").toJson().path(Twin.ATTRIBUTES);
        assertEquals("F018", a306.path("occupants").path(0).path("id").asText());
        assertTrue(!a306.has("vacantSince"));
        assertEquals("inUse", a306.path("status").asText());
        List<Long> after = office.revisions();
        assertEquals(2, java.util.stream.IntStream.range(0, before.size())
                .filter(i -> !before.get(i).equals(after.get(i))).count());

        FakeHttp again = post(OfficeTwins.MANAGER, LedgerImports.XLSX, Workbooks.xlsx(rows), true);
        assertEquals(0, again.json().path("changed").asInt(), again.body());
        assertEquals(after, office.revisions());
    }

    @Test
    void anImportRunsAsAJobWhoseReportIsRead() throws Exception {
        FakeHttp accepted = post(OfficeTwins.MANAGER, "text/csv; charset=utf-8",
                "房间编码,使用面积\n320412-XZZX-A-0305,20\n".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(202, accepted.status, accepted.body());
        String location = accepted.responseHeader("Location");
        assertTrue(location.startsWith(PATH + "/imports/"), location);
        FakeHttp report = new FakeHttp(location).mountedAt(PATH).caller(OfficeTwins.VIEWER).parameter("wait", "true")
                .send(servlet);
        assertEquals(200, report.status, report.body());
        assertEquals("done", report.json().path("state").asText());
        assertEquals(1, report.json().path("changed").asInt());
        assertEquals(1, report.json().path("rowsTotal").asInt());
        assertEquals("wujin-manager", report.json().path("by").asText());
        assertEquals(404, new FakeHttp(location).mountedAt(PATH).caller(OfficeTwins.XINBEI_MANAGER).send(servlet)
                .status, "another county does not see the import");
        assertEquals(404, get(OfficeTwins.MANAGER, PATH + "/imports/nope").status);
    }

    @Test
    void aBadFileAnswers422WithEveryRowsReasonAndChangesNothing() throws Exception {
        List<Long> before = office.revisions();
        FakeHttp r = post(OfficeTwins.MANAGER, "text/csv", ("房间编码,使用面积,用房类别\n"
                + "320412-XZZX-A-0305,-1,office\n"
                + "320412-XZZX-A-0306,20,办公室用房\n"
                + "NO-SUCH-ROOM,20,office\n"
                + "320412-XZZX-A-0306,20,office\n").getBytes(StandardCharsets.UTF_8), true);
        assertEquals(422, r.status, r.body());
        JsonNode e = r.json();
        assertEquals("office:ledger.invalid", e.path("error").asText());
        assertEquals(3, e.path("details").size(), r.body());
        assertEquals(2, e.path("details").path(0).path("row").asInt());
        assertEquals("使用面积", e.path("details").path(0).path("column").asText());
        assertEquals("-1", e.path("details").path(0).path("value").asText());
        assertEquals(4, e.path("details").path(1).path("row").asInt());
        assertEquals(5, e.path("details").path(2).path("row").asInt());
        assertEquals("failed", e.path("import").path("state").asText());
        assertEquals(3, e.path("import").path("errors").size());
        assertEquals(before, office.revisions());

        FakeHttp columns = post(OfficeTwins.MANAGER, "text/csv", "房号,面积\n305,18\n".getBytes(StandardCharsets.UTF_8),
                true);
        assertEquals(422, columns.status);
        assertTrue(columns.json().path("description").asText().contains("房号"), columns.body());
        assertEquals(before, office.revisions());
    }

    @Test
    void whoMayImportAndWhatIsRefusedBeforeAnyJob() throws Exception {
        byte[] csv = "房间编码,使用面积\n320412-XZZX-A-0305,20\n".getBytes(StandardCharsets.UTF_8);
        FakeHttp viewer = post(OfficeTwins.VIEWER, "text/csv", csv, true);
        assertEquals(403, viewer.status, viewer.body());
        assertEquals("dayuan:access.forbidden", viewer.json().path("error").asText());
        assertEquals(404, post(OfficeTwins.XINBEI_MANAGER, "text/csv", csv, true).status);
        assertEquals(404, get(OfficeTwins.XINBEI_MANAGER, PATH + "/template.csv").status);
        assertEquals(415, post(OfficeTwins.MANAGER, "application/json", csv, true).status);
        FakeHttp big = post(OfficeTwins.MANAGER, "text/csv", new byte[64 * 1024 + 1], true);
        assertEquals(413, big.status, big.body());
        FakeHttp noOrg = new FakeHttp("POST", PATH).mountedAt(PATH).caller(OfficeTwins.MANAGER)
                .requestBody("text/csv", "房间编码\n").send(servlet);
        assertEquals(400, noOrg.status);
        assertEquals(18.0, office.get("cz.wujin:room-a-0305").toJson().path(Twin.ATTRIBUTES).path("usableArea")
                .asDouble());
    }

    @Test
    void onlyTheLastImportsAreKept() throws Exception {
        List<String> locations = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            locations.add(post(OfficeTwins.MANAGER, "text/csv", "房间编码\n320412-XZZX-A-0305\n"
                    .getBytes(StandardCharsets.UTF_8), true).responseHeader("Location"));
        }
        assertEquals(404, get(OfficeTwins.MANAGER, locations.get(0)).status);
        assertEquals(200, get(OfficeTwins.MANAGER, locations.get(4)).status);
    }
}
