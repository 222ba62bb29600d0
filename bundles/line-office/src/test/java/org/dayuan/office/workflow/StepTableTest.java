package org.dayuan.office.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.testing.Json;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** The four workflows' state machines: which step each state allows, who may take it, and what it records. */
class StepTableTest {
    private static final Instant AT = Instant.parse("2026-12-07T02:00:00Z");
    private static final Caller MANAGER = Caller.fromGrants("m", List.of("manager", "ns:cz.wujin"), "test");
    private static final Caller INTEGRATOR = Caller.fromGrants("i", List.of("integrator", "ns:cz.wujin"), "test");
    private static final Caller VIEWER = Caller.fromGrants("v", List.of("viewer", "ns:cz.wujin"), "test");

    private static Twin inState(String state) {
        return Twin.of(TwinId.of("cz.wujin:reallocation-1"), Json.object("{'attributes':{'state':'" + state
                + "','log':[{'action':'create','by':'i','at':'2026-12-06T01:00:00Z','comment':''}]}}"), 3, AT, AT);
    }

    /** Every step of every workflow, from every state: legal exactly from the states the README's table lists. */
    @Test
    void eachStepIsLegalExactlyFromItsStates() {
        Map<Workflow, Map<String, Set<String>>> legal = Map.of(
                new Reallocations(), Map.of("review", Set.of("submitted"), "approve", Set.of("reviewed"),
                        "reject", Set.of("submitted", "reviewed"), "move", Set.of("approved"),
                        "cancel", Set.of("submitted", "reviewed", "approved")),
                new Leases(), Map.of("approve", Set.of("requested"), "reject", Set.of("requested"),
                        "activate", Set.of("approved"), "pay", Set.of("active"), "terminate", Set.of("active"),
                        "expire", Set.of("active"), "cancel", Set.of("requested", "approved")),
                new Disposals(), Map.of("approve", Set.of("requested"), "reject", Set.of("requested"),
                        "dispose", Set.of("approved"), "cancel", Set.of("requested", "approved")),
                new Inspections(), Map.of("record", Set.of("planned", "inspecting"), "rectify", Set.of("inspecting"),
                        "close", Set.of("planned", "inspecting"), "cancel", Set.of("planned")));
        legal.forEach((flow, steps) -> {
            assertEquals(steps.keySet(), flow.steps().names(), flow.kind());
            for (String step : steps.keySet()) {
                StepTable.Step s = flow.steps().step(step).orElseThrow();
                for (String state : flow.states()) {
                    if (steps.get(step).contains(state)) {
                        flow.steps().next(inState(state), s);
                    } else {
                        DayuanException e = assertThrows(DayuanException.class,
                                () -> flow.steps().next(inState(state), s), flow.kind() + " " + step + " " + state);
                        assertEquals(409, e.errorCode().status());
                        assertEquals("office:" + flow.kind() + ".illegalstep", e.errorCode().code());
                        assertEquals(true, e.getMessage().contains(state) && e.getMessage().contains(step),
                                e.getMessage());
                    }
                }
            }
        });
    }

    @Test
    void decisionsAreManagersAndViewersTakeNoStep() {
        StepTable t = new Reallocations().steps();
        t.requireRole(MANAGER, "approve");
        t.requireRole(INTEGRATOR, "cancel");
        t.requireCreator(INTEGRATOR);
        for (String step : List.of("review", "approve", "reject", "move")) {
            assertEquals(ErrorCode.ACCESS_FORBIDDEN, assertThrows(DayuanException.class,
                    () -> t.requireRole(INTEGRATOR, step)).errorCode());
        }
        for (String step : t.names()) {
            assertEquals(ErrorCode.ACCESS_FORBIDDEN, assertThrows(DayuanException.class,
                    () -> t.requireRole(VIEWER, step)).errorCode());
        }
        assertEquals(ErrorCode.ACCESS_FORBIDDEN, assertThrows(DayuanException.class,
                () -> t.requireCreator(VIEWER)).errorCode());
        assertEquals(ErrorCode.ACCESS_FORBIDDEN, assertThrows(DayuanException.class,
                () -> new Inspections().steps().requireCreator(INTEGRATOR)).errorCode());
        assertEquals(ErrorCode.RESOURCE_NOT_FOUND, assertThrows(DayuanException.class,
                () -> t.requireRole(MANAGER, "teleport")).errorCode());
    }

    @Test
    void aStepRecordsTheNextStateAndAppendsToTheLog() {
        StepTable t = new Reallocations().steps();
        ObjectNode patch = t.patch(inState("submitted"), t.step("review").orElseThrow(),
                StepTable.entry("review", "m", AT, "面积核实"));
        assertEquals(Json.json("{'state':'reviewed','log':[{'action':'create','by':'i','at':'2026-12-06T01:00:00Z',"
                + "'comment':''},{'action':'review','by':'m','at':'2026-12-07T02:00:00Z','comment':'面积核实'}]}"),
                patch);
        StepTable leases = new Leases().steps();
        assertEquals("active", leases.patch(inState("active"), leases.step("pay").orElseThrow(),
                StepTable.entry("pay", "i", AT, "")).path("state").asText(), "pay leaves the state");
    }
}
