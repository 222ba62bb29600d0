package org.dayuan.alarms.workorders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.dayuan.alarms.workorders.WorkOrderRules.Action;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.Json;
import org.dayuan.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * A step whose order another person changes between the service's read and its write: the write's condition, run
 * inside the registry's lock, sees the change; the step is then refused when the order's new state does not allow
 * it, and computed again (with the other person's log entry kept) when it still does.
 */
class WorkOrderRaceTest {
    private static final String BSN = "org.dayuan.alarms";
    private static final Caller WANG = new Caller("wang", Set.of(Caller.ROLE_INTEGRATOR), Set.of("cz.wujin"), "test");
    private static final Caller ZHAO = new Caller("zhao", Set.of(Caller.ROLE_MANAGER), Set.of("cz.wujin"), "test");

    private final InMemoryTwins twins = new InMemoryTwins();
    private final TwinRegistry view = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN, "integrator, ns:*"))
            .registry();
    /** Run once, just before the service's next merge reaches the registry. */
    private final AtomicReference<Runnable> meanwhile = new AtomicReference<>();
    private final TwinRegistry racing = (TwinRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {TwinRegistry.class}, (proxy, m, args) -> {
                if (m.getName().equals("merge")) {
                    Runnable r = meanwhile.getAndSet(null);
                    if (r != null) {
                        r.run();
                    }
                }
                try {
                    return m.invoke(view, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T01:00:00Z"));
    private final WorkOrderService service = new WorkOrderService(racing, twins.of(BSN,
            InMemoryTwins.grants("bundle." + BSN, "integrator, ns:*")).search(), clock, Duration.ofHours(24));
    private final WorkOrderService other = new WorkOrderService(view, twins.search, clock, Duration.ofHours(24));
    private final TwinId id;

    WorkOrderRaceTest() {
        twins.registry().create(FakeHttp.ADMIN, TwinId.of("cz.wujin:room-301"), Json.object("{'attributes':{}}"));
        id = service.open(WANG, TwinId.of("cz.wujin:room-301"), "更换烟感", null, null, null).id();
        service.act(WANG, id, Action.ASSIGN, "", "zhang");
        service.act(WANG, id, Action.DONE, "", null);
    }

    @Test
    void twoConfirmingAtOnceOneWinsTheOtherGets409NamingConfirmed() {
        meanwhile.set(() -> other.act(ZHAO, id, Action.CONFIRM, "复核通过", null));
        DayuanException e = assertThrows(DayuanException.class,
                () -> service.act(WANG, id, Action.CONFIRM, "我也确认", null));
        assertEquals("workorders:step.illegal", e.errorCode().code());
        assertTrue(e.getMessage().contains("is confirmed"), e.getMessage());
        Twin order = twins.registry().get(FakeHttp.ADMIN, id).orElseThrow();
        assertEquals("zhao", order.get(JsonPointer.of("attributes", "log")).orElseThrow().get(3).get("by").asText());
        assertEquals(4, order.get(JsonPointer.of("attributes", "log")).orElseThrow().size(), "one confirm logged");
    }

    @Test
    void aStepStillLegalAfterAnotherChangeIsTakenAgainKeepingTheOtherEntry() {
        TwinId assigned = service.open(WANG, TwinId.of("cz.wujin:room-301"), "巡检", null, null, null).id();
        service.act(WANG, assigned, Action.ASSIGN, "", "zhang");
        meanwhile.set(() -> other.act(ZHAO, assigned, Action.ASSIGN, "换人", "li"));
        Twin order = service.act(WANG, assigned, Action.ASSIGN, "交给赵", "zhao");
        var log = order.get(WorkOrderRules.LOG).orElseThrow();
        assertEquals("zhao", order.get(WorkOrderRules.ASSIGNEE).orElseThrow().asText(), "the later step wins");
        assertEquals(4, log.size(), log.toString());
        assertEquals("li", log.get(2).get("assignee").asText(), "the other person's step is kept");
        assertEquals("zhao", log.get(3).get("assignee").asText());
    }
}
