package org.dayuan.alarms.workorders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.alarms.workorders.WorkOrderRules.Action;
import org.dayuan.alarms.workorders.WorkOrderRules.State;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** The lifecycle, the log and overdue, on twins built by hand. */
class WorkOrderRulesTest {
    private static final TwinId ID = TwinId.of("cz.wujin:wo-1");
    private static final TwinId ROOM = TwinId.of("cz.wujin:room-301");
    private static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");
    private long revision = 1;

    private Twin order(ObjectNode thing) {
        return Twin.of(ID, thing, revision++, T0, T0);
    }

    /** {@code order} after {@code patch} of its attributes, as the registry's merge would leave it. */
    private Twin apply(Twin order, ObjectNode patch) {
        ObjectNode thing = order.toJson();
        ((ObjectNode) thing.get("attributes")).setAll(patch);
        return order(thing);
    }

    private Twin opened() {
        return order(WorkOrderRules.newOrder(ROOM, " 更换烟感 ", "3楼走廊烟感故障", TwinId.of("cz.wujin:alarm-1"),
                T0, Duration.ofHours(24), "wang"));
    }

    private Twin step(Twin order, Action action, String comment, String assignee, Instant at) {
        return apply(order, WorkOrderRules.step(order, action, comment, assignee, "li", at));
    }

    @Test
    void aNewOrderIsOpenDueAfterItsSlaAndLogsItsOpening() {
        Twin order = opened();
        JsonNode a = order.toJson().get("attributes");
        assertEquals("更换烟感", a.get("name").asText(), "the title is trimmed");
        assertEquals("cz.wujin:room-301", a.get("parent").asText());
        assertEquals("cz.wujin:alarm-1", a.get("origin").asText());
        assertEquals("open", a.get("state").asText());
        assertEquals("2026-12-07T01:00:00Z", a.get("dueAt").asText());
        assertFalse(a.get("overdue").asBoolean());
        assertEquals("open", a.at("/log/0/action").asText());
        assertEquals("wang", a.at("/log/0/by").asText());
        assertEquals(T0.toString(), a.at("/log/0/at").asText());
    }

    @Test
    void anOrderGoesOpenAssignedDoneConfirmedAndEveryStepIsLogged() {
        Instant t1 = T0.plusSeconds(60);
        Twin order = step(opened(), Action.ASSIGN, "请今天处理", "zhang", t1);
        assertEquals(State.ASSIGNED, WorkOrderRules.state(order));
        assertEquals("zhang", order.get(WorkOrderRules.ASSIGNEE).orElseThrow().asText());
        order = step(order, Action.DONE, "已更换", null, t1.plusSeconds(60));
        assertEquals(State.DONE, WorkOrderRules.state(order));
        assertEquals(t1.plusSeconds(60).toString(), order.toJson().at("/attributes/doneAt").asText());
        order = step(order, Action.CONFIRM, "", null, t1.plusSeconds(120));
        assertEquals(State.CONFIRMED, WorkOrderRules.state(order));
        JsonNode log = order.get(WorkOrderRules.LOG).orElseThrow();
        assertEquals(4, log.size());
        assertEquals("assign", log.get(1).get("action").asText());
        assertEquals("li", log.get(1).get("by").asText());
        assertEquals("请今天处理", log.get(1).get("comment").asText());
        assertEquals("zhang", log.get(1).get("assignee").asText());
        assertEquals("done", log.get(2).get("action").asText());
        assertEquals("confirm", log.get(3).get("action").asText());
        assertEquals(t1.plusSeconds(120).toString(), log.get(3).get("at").asText());
    }

    @Test
    void aDoneOrderNotFixedIsReopenedToAssignedWithAComment() {
        Twin done = step(step(opened(), Action.ASSIGN, "", "zhang", T0), Action.DONE, "", null, T0);
        DayuanException noComment = assertThrows(DayuanException.class,
                () -> WorkOrderRules.step(done, Action.REOPEN, "  ", null, "li", T0));
        assertEquals("workorders:comment.required", noComment.errorCode().code());
        assertEquals(400, noComment.status());
        Twin reopened = step(done, Action.REOPEN, "仍在报警", null, T0.plusSeconds(5));
        assertEquals(State.ASSIGNED, WorkOrderRules.state(reopened));
        assertEquals("zhang", reopened.get(WorkOrderRules.ASSIGNEE).orElseThrow().asText(), "same assignee");
        Twin handedOver = step(step(reopened, Action.DONE, "", null, T0), Action.REOPEN, "换人", "zhao", T0);
        assertEquals("zhao", handedOver.get(WorkOrderRules.ASSIGNEE).orElseThrow().asText());
        assertEquals("reopen", handedOver.toJson().at("/attributes/log/5/action").asText());
    }

    @Test
    void anIllegalStepIsA409NamingTheCurrentState() {
        Twin open = opened();
        for (Action action : new Action[] {Action.DONE, Action.CONFIRM, Action.REOPEN, Action.OPEN}) {
            DayuanException e = assertThrows(DayuanException.class,
                    () -> WorkOrderRules.step(open, action, "x", "x", "li", T0), action.json());
            assertEquals("workorders:step.illegal", e.errorCode().code());
            assertEquals(409, e.status());
            assertTrue(e.getMessage().contains("is open"), e.getMessage());
        }
        Twin confirmed = step(step(step(open, Action.ASSIGN, "", "zhang", T0), Action.DONE, "", null, T0),
                Action.CONFIRM, "", null, T0);
        DayuanException again = assertThrows(DayuanException.class,
                () -> WorkOrderRules.step(confirmed, Action.ASSIGN, "", "zhao", "li", T0));
        assertTrue(again.getMessage().contains("is confirmed"), again.getMessage());
    }

    @Test
    void assigningNeedsAnAssignee() {
        DayuanException e = assertThrows(DayuanException.class,
                () -> WorkOrderRules.step(opened(), Action.ASSIGN, "", " ", "li", T0));
        assertEquals("workorders:assignee.required", e.errorCode().code());
    }

    @Test
    void anOrderIsOverdueOnlyPastItsDueAtWhileWorkIsOwed() {
        Twin order = opened();
        Instant due = T0.plus(Duration.ofHours(24));
        assertEquals(Optional.empty(), WorkOrderRules.overdueChange(order, due), "due, not yet past");
        assertEquals(Optional.of(true), WorkOrderRules.overdueChange(order, due.plusSeconds(1)));
        Twin late = step(order, Action.ASSIGN, "", "zhang", due.plusSeconds(1));
        assertTrue(late.get(WorkOrderRules.OVERDUE).orElseThrow().asBoolean(), "a step past due keeps it overdue");
        Twin done = step(late, Action.DONE, "", null, due.plusSeconds(2));
        assertFalse(done.get(WorkOrderRules.OVERDUE).orElseThrow().asBoolean(), "done is not overdue");
        Twin reopened = step(done, Action.REOPEN, "没修好", null, due.plusSeconds(3));
        assertTrue(reopened.get(WorkOrderRules.OVERDUE).orElseThrow().asBoolean(), "reopened past due is");
        assertEquals(Optional.empty(), WorkOrderRules.overdueChange(reopened, due.plusSeconds(4)));
    }

    @Test
    void aTitleOrSlaOutOfBoundsIsRefused() {
        assertEquals("workorders:order.invalid", assertThrows(DayuanException.class,
                () -> WorkOrderRules.newOrder(ROOM, " ", null, null, T0, Duration.ofHours(1), "wang"))
                .errorCode().code());
        assertThrows(DayuanException.class, () -> WorkOrderRules.sla(Duration.ZERO, Duration.ofHours(24)));
        assertThrows(DayuanException.class, () -> WorkOrderRules.sla(Duration.ofDays(400), Duration.ofHours(24)));
        assertEquals(Duration.ofHours(24), WorkOrderRules.sla(null, Duration.ofHours(24)));
    }
}
