package org.dayuan.office.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.office.OfficeRoom;
import org.dayuan.testing.Json;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class RoomLedgerTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);
    private static final String ROOMS = "eq(definition,\"dayuan:Room:1.0.0\")";
    private final OfficeTwins office = new OfficeTwins();

    private RoomLedger.Plan plan(String csv) {
        return new RoomLedger(office.get(OfficeTwins.FGJ), TODAY).plan(
                CsvSheet.read(csv.getBytes(StandardCharsets.UTF_8), 1000, r -> { }),
                office.line.search().all(OfficeTwins.MANAGER, ROOMS), r -> { });
    }

    private void write(RoomLedger.Plan plan) {
        office.line.registry().writeAll(OfficeTwins.MANAGER, plan.writes());
    }

    private JsonNode attributes(String id) {
        return office.get(id).toJson().path(Twin.ATTRIBUTES);
    }

    @Test
    void rowsChangeTheirRoomsFactsAndRowsThatSayWhatTheRoomHoldsChangeNothing() {
        RoomLedger.Plan plan = plan("房间编码,使用面积(㎡),使用状态,权属,使用人\n"
                + "320412-XZZX-A-0305,18.0,在用,自有,王建国|副科|县级|F017\n"
                + "320412-XZZX-A-0306,22.5,idle,,\n");
        assertEquals(2, plan.rows());
        assertEquals(1, plan.changed());
        assertEquals(1, plan.unchanged());
        write(plan);
        JsonNode a306 = attributes("cz.wujin:room-a-0306");
        assertEquals(22.5, a306.path("usableArea").asDouble());
        assertEquals("2026-09-01", a306.path("vacantSince").asText(), "still empty: its vacancy goes on");
        assertEquals("A306 办公室", a306.path("name").asText(), "a column the file leaves out is left as it is");
        assertEquals(0, plan("房间编码,使用面积(㎡),使用状态,权属,使用人\n"
                + "320412-XZZX-A-0305,18.0,在用,自有,王建国|副科|县级|F017\n"
                + "320412-XZZX-A-0306,22.5,idle,,\n").changed());
    }

    @Test
    void occupantsMovingOutStartAVacancyAndMovingInEndIt() {
        write(plan("房间编码,使用人,使用状态\n"
                + "320412-XZZX-A-0305,,闲置\n"
                + "320412-XZZX-A-0306,王建国|副科|county|F017; 李晓明|科员及以下|县级,在用\n"));
        JsonNode a305 = attributes("cz.wujin:room-a-0305");
        assertEquals("2026-12-06", a305.path("vacantSince").asText());
        assertFalse(a305.has("occupants"));
        OfficeRoom a306 = OfficeRoom.of(office.get("cz.wujin:room-a-0306"));
        assertTrue(a306.vacantSince().isEmpty());
        assertEquals(List.of("王建国", "李晓明"), a306.occupants().stream().map(OfficeRoom.Occupant::name).toList());
        assertEquals("county", a306.occupants().get(1).level());
        assertTrue(a306.occupants().get(1).id().isEmpty());
    }

    @Test
    void leaseColumnsFillTheLeaseAndEmptyOnesEndIt() {
        write(plan("房间编码,租赁对方,起租日,到期日,年租金(元),租金已付至\n"
                + "320412-XZZX-A-0306,某公司,2026/3/1,2027-02-28,\"12,000\",2026-11-30\n"
                + "320412-XZZX-A-0307,,,,,\n"));
        OfficeRoom.Lease lease = OfficeRoom.of(office.get("cz.wujin:room-a-0306")).lease().orElseThrow();
        assertEquals("某公司", lease.counterparty());
        assertEquals(LocalDate.of(2026, 3, 1), lease.start().orElseThrow());
        assertEquals(12000.0, lease.annualRent());
        assertFalse(attributes("cz.wujin:room-a-0307").has("lease"));
    }

    @Test
    void wrongColumnsRefuseTheWholeFileNamingThem() {
        LedgerInvalidException e = assertThrows(LedgerInvalidException.class,
                () -> plan("房号,使用面积,面积,使用面积\nX,1,2,3\n"));
        List<String> said = e.problems().stream().map(LedgerProblem::toString).toList();
        assertEquals(4, e.problems().size(), said.toString());
        assertTrue(said.get(0).contains("房号") && said.get(0).contains("unknown column"), said.toString());
        assertTrue(said.stream().anyMatch(s -> s.contains("使用面积 is there twice")), said.toString());
        assertTrue(said.stream().anyMatch(s -> s.contains("required column 房间编码 (code) is missing")),
                said.toString());
        assertTrue(e.problems().stream().allMatch(p -> p.row() == 1));
        assertEquals(422, e.status());
    }

    @Test
    void everyBadRowIsListedWithItsColumnValueAndReasonAndNothingIsPlanned() {
        List<Long> before = office.revisions();
        LedgerInvalidException e = assertThrows(LedgerInvalidException.class, () -> plan(
                "code,usableArea,category,status,occupants,name,organisation\n"
                        + "320412-XZZX-A-0305,-3,office,inUse,,A305,\n"
                        + "320412-XZZX-Z-9999,10,office,inUse,,Z,\n"
                        + "320412-XZZX-A-0306,十八,cafe,busy,,A306," + OfficeTwins.FGJ_CODE + "\n"
                        + "320412-XZZX-A-0305,18,office,inUse,,A305 again,\n"
                        + "320412-XZZX-B-0101,20,office,inUse,,B101,\n"
                        + "320411-X-0001,20,office,inUse,,新北,\n"
                        + "320412-XZZX-A-0307,40,service,inUse,张三|处长|县级,,cz.wujin:org-czj\n"));
        assertEquals(before, office.revisions());
        List<LedgerProblem> p = e.problems();
        assertEquals(List.of(2, 3, 4, 4, 4, 5, 6, 7, 8, 8, 8), p.stream().map(LedgerProblem::row).toList(),
                p.toString());
        assertEquals(new LedgerProblem(2, "usableArea", "-3", "negative; write an area in square metres, 0 or more"),
                p.get(0));
        assertTrue(p.get(1).message().startsWith("no room has this code"), p.get(1).toString());
        assertEquals("320412-XZZX-Z-9999", p.get(1).value());
        assertTrue(p.get(2).message().startsWith("not a number"), p.toString());
        assertTrue(p.get(3).message().startsWith("not a category"), p.toString());
        assertTrue(p.get(4).message().startsWith("not a status") && p.get(4).message().contains("在用 (inUse)"),
                p.toString());
        assertTrue(p.get(5).message().contains("also on row 2"), p.toString());
        assertTrue(p.get(6).message().contains("it is cz.wujin:org-czj's"), p.toString());
        assertTrue(p.get(7).message().startsWith("no room has this code"), "another county's room is not seen: "
                + p.get(7));
        assertEquals("occupants", p.get(8).column());
        assertTrue(p.get(8).message().contains("rank '处长'"), p.toString());
        assertEquals("name", p.get(9).column());
        assertTrue(p.get(10).message().startsWith("not the organisation of this ledger"), p.toString());
        String json = e.toJson().toString();
        assertTrue(json.contains("\"details\":[{\"row\":2,\"column\":\"usableArea\",\"value\":\"-3\""), json);
    }

    @Test
    void disposalIsTheWorkflowsNotTheLedgers() {
        office.room("cz.wujin:room-a-0399", "320412-XZZX-A-0399", OfficeTwins.FGJ, "'name':'A399','status':'disposed'");
        assertEquals(1, plan("房间编码,使用状态\n320412-XZZX-A-0399,已处置\n").unchanged());
        LedgerInvalidException e = assertThrows(LedgerInvalidException.class, () -> plan("房间编码,使用状态\n"
                + "320412-XZZX-A-0305,已处置\n320412-XZZX-A-0399,在用\n"));
        assertEquals(2, e.problems().size());
        assertTrue(e.problems().get(0).message().contains("disposal workflow"), e.problems().toString());
        assertTrue(e.problems().get(1).message().contains("cannot bring it back"), e.problems().toString());
    }

    @Test
    void aPersonInTwoRoomsIsRefused() {
        LedgerInvalidException e = assertThrows(LedgerInvalidException.class, () -> plan("房间编码,使用人\n"
                + "320412-XZZX-A-0305,王建国|副科|县级|F017\n"
                + "320412-XZZX-A-0306,王建国|副科|县级|F017\n"));
        assertEquals(3, e.problems().get(0).row());
        assertTrue(e.problems().get(0).message().contains("F017 is also on row 2"));
    }

    @Test
    void aLedgerLandsWholeOrNotAtAll() {
        RoomLedger.Plan plan = plan("房间编码,使用面积\n"
                + "320412-XZZX-A-0305,19\n"
                + "320412-XZZX-A-0306,25\n"
                + "320412-XZZX-A-0307,41\n");
        assertEquals(3, plan.changed());
        // someone changes the last room between the check and the write: its write is refused, so are the others
        office.line.registry().merge(OfficeTwins.MANAGER, TwinId.of("cz.wujin:room-a-0307"),
                JsonPointer.of(Twin.ATTRIBUTES), Json.object("{'name':'A307 大会议室'}"), null);
        List<Long> before = office.revisions();
        DayuanException e = assertThrows(DayuanException.class, () -> write(plan));
        assertEquals("office:ledger.conflict", e.errorCode().code());
        assertEquals(409, e.status());
        assertEquals(before, office.revisions());
        assertEquals(18.0, attributes("cz.wujin:room-a-0305").path("usableArea").asDouble());
    }
}
