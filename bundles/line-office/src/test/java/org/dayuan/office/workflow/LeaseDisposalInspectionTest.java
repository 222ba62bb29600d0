package org.dayuan.office.workflow;

import static org.dayuan.office.workflow.Offices.FGJ;
import static org.dayuan.office.workflow.Offices.INTEGRATOR;
import static org.dayuan.office.workflow.Offices.MANAGER;
import static org.dayuan.office.workflow.Offices.VIEWER;
import static org.dayuan.office.workflow.Offices.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.office.OfficeRoom;
import org.junit.jupiter.api.Test;

/** Leases, disposals and inspections over the servlet and a registry in memory. */
class LeaseDisposalInspectionTest {
    private final Offices o = new Offices();

    private static String lease(String room, String direction) {
        return "{'organisation':'" + FGJ + "','room':'cz.wujin:" + room + "','direction':'" + direction
                + "','counterparty':'中国邮政储蓄银行武进支行','start':'2027-01-01','end':'2029-12-31','annualRent':86400}";
    }

    private String through(String collection, String body, String... steps) {
        String id = o.ok(201, INTEGRATOR, collection, body).path("thingId").asText();
        for (String step : steps) {
            o.ok(200, MANAGER, collection + "/" + id + "/" + step, null);
        }
        return id;
    }

    @Test
    void aLetOutLeaseWritesTheRoomWhenActiveAndFreesItWhenEnded() {
        String id = through("leases", lease("room-a-0306", "letOut"), "approve");
        long revision = o.twin("cz.wujin:room-a-0306").revision();
        assertEquals("idle", o.room("cz.wujin:room-a-0306").status().orElseThrow(), "approval leaves the room");
        o.ok(200, MANAGER, "leases/" + id + "/activate", null);
        OfficeRoom room = o.room("cz.wujin:room-a-0306");
        assertEquals(revision + 1, o.twin("cz.wujin:room-a-0306").revision());
        assertEquals(Optional.of(OfficeRoom.LET_OUT), room.status());
        assertEquals("中国邮政储蓄银行武进支行", room.lease().orElseThrow().counterparty());
        assertEquals(Optional.of(LocalDate.of(2029, 12, 31)), room.lease().get().end());
        assertEquals(Optional.empty(), room.vacantSince());

        JsonNode paid = o.ok(200, INTEGRATOR, "leases/" + id + "/pay", "{'paidUntil':'2027-06-30'}");
        assertEquals("active", paid.path("attributes").path("state").asText());
        assertEquals("2027-06-30", paid.path("attributes").path("paidUntil").asText());
        assertEquals(Optional.of(LocalDate.of(2027, 6, 30)),
                o.room("cz.wujin:room-a-0306").lease().orElseThrow().paidUntil());
        assertError(o.post(INTEGRATOR, "leases/" + id + "/pay", "{'paidUntil':'June'}"), 400, "office:lease.invalid",
                "paidUntil");
        assertError(o.post(MANAGER, "leases/" + id + "/expire", null), 409, "office:lease.notexpired", "2029-12-31");
        assertError(o.post(INTEGRATOR, "leases/" + id + "/terminate", null), 403, "dayuan:access.forbidden");

        o.clock.advance(Duration.ofDays(3));
        o.ok(200, MANAGER, "leases/" + id + "/terminate", "{'comment':'承租方提前退租'}");
        room = o.room("cz.wujin:room-a-0306");
        assertEquals(Optional.of(OfficeRoom.IDLE), room.status());
        assertEquals(Optional.empty(), room.lease());
        assertEquals(Optional.of(LocalDate.of(2026, 12, 10)), room.vacantSince());
        assertError(o.post(MANAGER, "leases/" + id + "/pay", "{'paidUntil':'2027-12-31'}"), 409,
                "office:lease.illegalstep", "terminated", "pay");
    }

    @Test
    void anOccupiedRoomIsNotLetOutAndABadLeaseIsRefused() {
        String id = through("leases", lease("room-a-0305", "letOut"), "approve");
        assertError(o.post(MANAGER, "leases/" + id + "/activate", null), 409, "office:lease.roomtaken", "1 occupant");
        assertEquals("approved", StepTable.state(o.twin(id)));
        assertEquals(Optional.of(OfficeRoom.IN_USE), o.room("cz.wujin:room-a-0305").status());
        assertError(o.post(INTEGRATOR, "leases", lease("room-a-0306", "letOut").replace("2029-12-31", "2026-01-01")),
                400, "office:lease.invalid", "end");
        assertError(o.post(INTEGRATOR, "leases", lease("room-a-0306", "rentOut")), 400, "office:lease.invalid",
                "direction");
        assertError(o.post(VIEWER, "leases", lease("room-a-0306", "letOut")), 403, "dayuan:access.forbidden");
        assertError(o.post(INTEGRATOR, "leases", lease("room-z-0001", "letOut")), 404, "things:thing.notfound");

        String in = through("leases", lease("room-a-0307", "leaseIn"), "approve", "activate");
        OfficeRoom rented = o.room("cz.wujin:room-a-0307");
        assertEquals(Optional.of("leasedIn"), rented.ownership());
        assertEquals(Optional.of(OfficeRoom.IN_USE), rented.status(), "a room leased in stays in use");
        assertEquals(List.of(in), o.store().list(INTEGRATOR, new Leases(), Optional.of("active"),
                Optional.of(rented.id()), Optional.empty()).stream().map(t -> t.id().toString()).toList());
    }

    @Test
    void aBuildingIsDisposedOfOnlyWhenEmptyAndAllItsRoomsAtOnce() {
        String occupied = "{'organisation':'" + FGJ + "','building':'cz.wujin:bldg-a','method':'demolition',"
                + "'reason':'危房'}";
        String id = through("disposals", occupied, "approve");
        assertError(o.post(MANAGER, "disposals/" + id + "/dispose", null), 409, "office:disposal.occupied",
                "room-a-0305", "room-a-0307");
        assertEquals(Optional.of(OfficeRoom.IDLE), o.room("cz.wujin:room-a-0306").status(), "nothing changed");

        String c = through("disposals", "{'organisation':'" + FGJ + "','building':'cz.wujin:bldg-c','method':'sale',"
                + "'reason':'整体出售'}", "approve", "dispose");
        assertEquals("disposed", StepTable.state(o.twin(c)));
        assertEquals(Optional.of(OfficeRoom.DISPOSED), o.room("cz.wujin:room-c-0101").status());
        assertEquals(Optional.empty(), o.room("cz.wujin:room-c-0101").vacantSince());

        assertError(o.post(INTEGRATOR, "disposals", "{'organisation':'" + FGJ + "','room':'cz.wujin:room-a-0306',"
                + "'building':'cz.wujin:bldg-a','method':'sale','reason':'x'}"), 400, "office:disposal.invalid", "both");
        assertError(o.post(INTEGRATOR, "disposals", "{'organisation':'" + FGJ + "','room':'cz.wujin:room-a-0306',"
                + "'method':'gift','reason':'x'}"), 400, "office:disposal.invalid", "method");
        String room = through("disposals", "{'organisation':'" + FGJ + "','room':'cz.wujin:room-a-0308',"
                + "'method':'transfer','reason':'划转区档案馆'}", "approve", "dispose");
        assertEquals(Optional.of(OfficeRoom.DISPOSED), o.room("cz.wujin:room-a-0308").status());
        assertError(o.post(MANAGER, "disposals/" + room + "/cancel", null), 409, "office:disposal.illegalstep",
                "disposed", "cancel");
    }

    @Test
    void anInspectionClosesOnlyWhenEveryFindingIsRectified() {
        String plan = "{'organisation':'" + FGJ + "','scope':{'floor':'cz.wujin:bldg-a-f03'},'items':['面积超标',"
                + "'闲置','消防通道'],'plannedDate':'2026-12-08'}";
        assertError(o.post(INTEGRATOR, "inspections", plan), 403, "dayuan:access.forbidden", "manager");
        String id = o.ok(201, MANAGER, "inspections", plan).path("thingId").asText();
        String base = "inspections/" + id;

        assertError(o.post(INTEGRATOR, base + "/record", "{'room':'cz.wujin:room-b-0101','item':'闲置',"
                + "'note':'空置半年'}"), 400, "office:inspection.invalid", "scope");
        assertError(o.post(INTEGRATOR, base + "/record", "{'room':'cz.wujin:room-a-0305','item':'卫生',"
                + "'note':'x'}"), 400, "office:inspection.invalid", "item");
        assertError(o.post(INTEGRATOR, base + "/rectify", "{'finding':1,'note':'x'}"), 409,
                "office:inspection.illegalstep", "planned", "rectify");
        JsonNode recorded = o.ok(200, INTEGRATOR, base + "/record", "{'room':'cz.wujin:room-a-0305','item':'面积超标',"
                + "'note':'副科一人使用18㎡','photos':['cz.wujin:attachment-7f3a']}");
        assertEquals("inspecting", recorded.path("attributes").path("state").asText());
        JsonNode finding = recorded.path("attributes").path("findings").get(0);
        assertEquals(1, finding.path("no").asInt());
        assertEquals("cz.wujin:attachment-7f3a", finding.path("photos").get(0).asText());
        o.ok(200, INTEGRATOR, base + "/record", "{'room':'cz.wujin:room-a-0306','item':'闲置','note':'空置'}");

        assertError(o.post(MANAGER, base + "/close", null), 409, "office:inspection.unrectified", "[1, 2]");
        o.ok(200, INTEGRATOR, base + "/rectify", "{'finding':1,'note':'已调剂至A306'}");
        assertError(o.post(INTEGRATOR, base + "/rectify", "{'finding':1,'note':'again'}"), 409,
                "office:finding.rectified");
        assertError(o.post(INTEGRATOR, base + "/rectify", "{'finding':3,'note':'x'}"), 404,
                "things:resource.notfound");
        assertError(o.post(MANAGER, base + "/close", null), 409, "office:inspection.unrectified", "[2]");
        o.ok(200, MANAGER, base + "/rectify", "{'finding':2,'note':'已出租'}");
        assertError(o.post(INTEGRATOR, base + "/close", null), 403, "dayuan:access.forbidden");
        JsonNode closed = o.ok(200, MANAGER, base + "/close", "{'comment':'整改完毕'}");
        assertEquals("closed", closed.path("attributes").path("state").asText());
        assertEquals("wj-integrator", closed.path("attributes").path("findings").get(0).path("rectification")
                .path("by").asText());
        // found per room through its findings
        assertEquals(List.of(id), o.store().list(VIEWER, new Inspections(), Optional.empty(),
                Optional.of(org.dayuan.twin.TwinId.of("cz.wujin:room-a-0306")), Optional.empty()).stream()
                .map(t -> t.id().toString()).toList());
        assertTrue(o.store().list(VIEWER, new Inspections(), Optional.empty(),
                Optional.of(org.dayuan.twin.TwinId.of("cz.wujin:room-a-0307")), Optional.empty()).isEmpty());
    }
}
