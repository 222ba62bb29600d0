package org.dayuan.office.workflow;

import static org.dayuan.office.workflow.Offices.ADMIN;
import static org.dayuan.office.workflow.Offices.CZJ;
import static org.dayuan.office.workflow.Offices.FGJ;
import static org.dayuan.office.workflow.Offices.INTEGRATOR;
import static org.dayuan.office.workflow.Offices.MANAGER;
import static org.dayuan.office.workflow.Offices.OTHER;
import static org.dayuan.office.workflow.Offices.VIEWER;
import static org.dayuan.office.workflow.Offices.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.office.OfficeRoom;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.Json;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.Test;

/** Reallocations over the servlet and a registry in memory, as the demo county's users take them. */
class ReallocationTest {
    private final Offices o = new Offices();

    private static String move(String from, String who, String to) {
        return "{'organisation':'" + FGJ + "','kind':'move','fromRoom':'cz.wujin:" + from + "','occupant':" + who
                + ",'toRoom':'cz.wujin:" + to + "','reason':'超标准使用办公用房整改'}";
    }

    /** Creates the request and takes it to approved; its thingId. */
    private String approved(String body) {
        String id = o.ok(201, INTEGRATOR, "reallocations", body).path("thingId").asText();
        o.ok(200, MANAGER, "reallocations/" + id + "/review", "{'comment':'面积已核实'}");
        o.ok(200, MANAGER, "reallocations/" + id + "/approve", null);
        return id;
    }

    @Test
    void aMoveChangesTheRequestAndBothRoomsInOneCommit() {
        String id = approved(move("room-a-0305", "{'name':'王建国'}", "room-a-0306"));
        assertTrue(id.matches("cz\\.wujin:reallocation-20261207-[0-9a-f]{8}"), id);
        long fromRev = o.twin("cz.wujin:room-a-0305").revision();
        long toRev = o.twin("cz.wujin:room-a-0306").revision();
        long before = o.twins.journal.lastSeq();

        JsonNode moved = o.ok(200, MANAGER, "reallocations/" + id + "/move", "{'comment':'已搬迁'}");

        assertEquals("moved", moved.path("attributes").path("state").asText());
        List<String> actions = new ArrayList<>();
        moved.path("attributes").path("log").forEach(e -> actions.add(e.path("action").asText() + ":"
                + e.path("by").asText()));
        assertEquals(List.of("create:wj-integrator", "review:wj-manager", "approve:wj-manager", "move:wj-manager"),
                actions);
        OfficeRoom from = o.room("cz.wujin:room-a-0305");
        OfficeRoom to = o.room("cz.wujin:room-a-0306");
        assertEquals(List.of(), from.occupants());
        assertEquals(Optional.of(OfficeRoom.IDLE), from.status());
        assertEquals(Optional.of(LocalDate.of(2026, 12, 7)), from.vacantSince());
        assertEquals(List.of("王建国"), to.occupants().stream().map(OfficeRoom.Occupant::name).toList());
        assertEquals("副科", to.occupants().get(0).rank());
        assertEquals(Optional.of(OfficeRoom.IN_USE), to.status());
        assertEquals(Optional.empty(), to.vacantSince());
        assertEquals(fromRev + 1, o.twin("cz.wujin:room-a-0305").revision());
        assertEquals(toRev + 1, o.twin("cz.wujin:room-a-0306").revision());
        // one commit: three events, consecutive, each naming the manager who moved
        List<TwinEvent> events = new ArrayList<>();
        o.twins.journal.replay(before, events::add);
        assertEquals(List.of(id, "cz.wujin:room-a-0305", "cz.wujin:room-a-0306"),
                events.stream().map(e -> e.thingId().toString()).toList());
        assertEquals(events.get(0).seq() + 2, events.get(2).seq());
        events.forEach(e -> assertEquals("wj-manager", e.subject(), e.toString()));

        assertError(o.post(MANAGER, "reallocations/" + id + "/move", null), 409, "office:reallocation.illegalstep",
                "moved", "move");
    }

    @Test
    void aStaleRequestChangesNothing() {
        String id = approved(move("room-a-0305", "{'name':'王建国'}", "room-a-0306"));
        // someone else moved him out meanwhile
        o.twins.registry().put(ADMIN, TwinId.of("cz.wujin:room-a-0305"), OfficeRoom.OCCUPANTS, Json.json("[]"),
                WriteCondition.NONE);
        long fromRev = o.twin("cz.wujin:room-a-0305").revision();
        long toRev = o.twin("cz.wujin:room-a-0306").revision();
        long requestRev = o.twin(id).revision();

        assertError(o.post(MANAGER, "reallocations/" + id + "/move", null), 409, "office:reallocation.stale",
                "王建国", "room-a-0305");

        assertEquals(fromRev, o.twin("cz.wujin:room-a-0305").revision());
        assertEquals(toRev, o.twin("cz.wujin:room-a-0306").revision());
        assertEquals(requestRev, o.twin(id).revision());
        assertEquals("approved", StepTable.state(o.twin(id)));

        String toRepair = approved(move("room-a-0307", "{'id':'F021'}", "room-a-0308"));
        o.twins.registry().merge(ADMIN, TwinId.of("cz.wujin:room-a-0308"), JsonPointer.of("attributes"),
                Json.json("{'status':'underRepair'}"), WriteCondition.NONE);
        assertError(o.post(MANAGER, "reallocations/" + toRepair + "/move", null), 409, "office:reallocation.stale",
                "underRepair");
        assertEquals(2, o.room("cz.wujin:room-a-0307").occupants().size());
    }

    @Test
    void ofTwoConcurrentMovesOfOnePersonOneWinsAndOneIsStale() throws Exception {
        String first = approved(move("room-a-0307", "{'id':'F021'}", "room-a-0306"));
        String second = approved(move("room-a-0307", "{'id':'F021'}", "room-a-0308"));
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<FakeHttp>> answers = new ArrayList<>();
            for (String id : List.of(first, second)) {
                answers.add(pool.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    return o.post(MANAGER, "reallocations/" + id + "/move", null);
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<FakeHttp> f : answers) {
                FakeHttp a = f.get(10, TimeUnit.SECONDS);
                statuses.add(a.status);
                if (a.status == 409) {
                    assertError(a, 409, "office:reallocation.stale", "F021");
                }
            }
            assertEquals(List.of(200, 409), statuses.stream().sorted().toList(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        int inNewRooms = o.room("cz.wujin:room-a-0306").occupants().size()
                + o.room("cz.wujin:room-a-0308").occupants().size();
        assertEquals(1, inNewRooms, "李晓明 sits in exactly one room");
        assertEquals(List.of("张丽华"), o.room("cz.wujin:room-a-0307").occupants().stream()
                .map(OfficeRoom.Occupant::name).toList());
    }

    @Test
    void anIdleRoomIsAssignedToAnotherOrganisation() {
        String body = "{'organisation':'" + CZJ + "','kind':'assign','toRoom':'cz.wujin:room-c-0101','toOrganisation':'"
                + CZJ + "','reason':'财政局新增编制','occupants':[{'id':'C101','name':'周敏','rank':'正科','level':'county'}]}";
        String id = approved(body);
        o.ok(200, ADMIN, "reallocations/" + id + "/move", null);
        OfficeRoom room = o.room("cz.wujin:room-c-0101");
        assertEquals(Optional.of(TwinId.of(CZJ)), room.organisation());
        assertEquals(Optional.of(OfficeRoom.IN_USE), room.status());
        assertEquals(Optional.empty(), room.vacantSince());
        assertEquals(List.of("周敏"), room.occupants().stream().map(OfficeRoom.Occupant::name).toList());

        // an occupied room cannot be assigned; a room of another organisation with people in it cannot be moved into
        assertError(o.post(INTEGRATOR, "reallocations", body), 409, "office:room.unavailable", "room-c-0101");
        assertError(o.post(INTEGRATOR, "reallocations", move("room-a-0305", "{'name':'王建国'}", "room-c-0101")),
                409, "office:room.unavailable", CZJ);
    }

    @Test
    void rolesBodiesAndUnknownsAreRefusedAndChangeNothing() {
        long before = o.twins.journal.lastSeq();
        String body = move("room-a-0305", "{'name':'王建国'}", "room-a-0306");
        assertError(o.post(VIEWER, "reallocations", body), 403, "dayuan:access.forbidden");
        assertError(o.post(INTEGRATOR, "reallocations", body.replace("'kind':'move'", "'kind':'swap'")), 400,
                "office:reallocation.invalid", "kind");
        assertError(o.post(INTEGRATOR, "reallocations", body.replace("'reason':'超标准使用办公用房整改'", "'x':1")), 400,
                "office:reallocation.invalid", "reason");
        assertError(o.post(INTEGRATOR, "reallocations", move("room-a-0305", "{'name':'王建国'}", "room-a-0305")), 400,
                "office:reallocation.invalid", "toRoom");
        assertError(o.post(INTEGRATOR, "reallocations", move("room-a-0305", "{'name':'赵六'}", "room-a-0306")), 404,
                "office:occupant.notfound", "赵六");
        assertError(o.post(INTEGRATOR, "reallocations", move("room-a-0399", "{'name':'王建国'}", "room-a-0306")), 404,
                "things:thing.notfound", "room-a-0399");
        assertError(o.post(INTEGRATOR, "reallocations", move("room-a-0305", "{'name':'王建国'}", "room-a-0309")), 409,
                "office:room.unavailable", "underRepair");
        assertError(o.post(OTHER, "reallocations", body), 404, "things:thing.notfound", FGJ);
        assertEquals(before, o.twins.journal.lastSeq());

        String id = o.ok(201, INTEGRATOR, "reallocations", body).path("thingId").asText();
        assertError(o.post(INTEGRATOR, "reallocations/" + id + "/review", null), 403, "dayuan:access.forbidden",
                "manager");
        assertError(o.post(VIEWER, "reallocations/" + id + "/cancel", null), 403, "dayuan:access.forbidden");
        assertError(o.post(MANAGER, "reallocations/" + id + "/move", null), 409, "office:reallocation.illegalstep",
                "submitted", "move");
        assertError(o.post(MANAGER, "reallocations/" + id + "/teleport", null), 404, "things:resource.notfound");
        assertEquals("submitted", StepTable.state(o.twin(id)));
        o.ok(200, INTEGRATOR, "reallocations/" + id + "/cancel", "{'comment':'撤回'}");
    }

    @Test
    void requestsAreFoundPerRoomStateAndOrganisation() {
        String a = approved(move("room-a-0305", "{'name':'王建国'}", "room-a-0306"));
        String b = o.ok(201, INTEGRATOR, "reallocations", move("room-a-0307", "{'id':'F022'}", "room-a-0308"))
                .path("thingId").asText();
        assertEquals(List.of(a), ids(o.get(VIEWER, "reallocations", "room", "cz.wujin:room-a-0306")));
        assertEquals(List.of(a), ids(o.get(VIEWER, "reallocations", "room", "cz.wujin:room-a-0305")));
        assertEquals(List.of(b), ids(o.get(VIEWER, "reallocations", "state", "submitted")));
        assertEquals(2, ids(o.get(VIEWER, "reallocations", "organisation", FGJ)).size());
        assertEquals(List.of(), ids(o.get(OTHER, "reallocations")));
        assertEquals(a, Offices.answer(o.get(VIEWER, "reallocations/" + a)).path("thingId").asText());
        assertError(o.get(VIEWER, "reallocations", "state", "lost"), 400, "things:parameter.invalid");
        assertFalse(ids(o.get(VIEWER, "reallocations")).isEmpty());
    }

    private static List<String> ids(FakeHttp answer) {
        assertEquals(200, answer.status, answer.body());
        List<String> ids = new ArrayList<>();
        Offices.answer(answer).path("items").forEach(t -> ids.add(t.path("thingId").asText()));
        return ids;
    }
}
