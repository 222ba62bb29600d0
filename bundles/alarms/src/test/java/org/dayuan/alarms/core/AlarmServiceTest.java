package org.dayuan.alarms.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.alarms.AlarmAction;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.AlarmNotifier;
import org.dayuan.alarms.AlarmStep;
import org.dayuan.alarms.Severity;
import org.dayuan.alarms.Verification;
import org.dayuan.testing.Json;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinWrite;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;
import org.junit.jupiter.api.Test;

/** The service over a real registry in memory, through the views bundle org.dayuan.alarms gets under its grant. */
class AlarmServiceTest extends AlarmFixture {
    @Test
    void aRaiseCreatesOneAlarmPerSourceAndTypeAndCountsRepeats() {
        AlarmService.Raised first = alarms.raised(LINE, fire());
        assertTrue(first.created());
        TwinId id = first.twin().id();
        assertEquals("cz.wujin", id.namespace());
        assertTrue(id.name().startsWith("alarm-safety.fire-room-a-0305-20261206T020000-"), id.toString());
        assertEquals("org.dayuan.line-safety", AlarmTwins.attribute(first.twin(), "log").get(0).path("by").asText());
        assertEquals("17", AlarmTwins.attribute(first.twin(), "details").path("address").asText());
        clock.advance(Duration.ofSeconds(30));
        AlarmService.Raised again = alarms.raised(LINE, fire());
        assertFalse(again.created());
        assertEquals(id, again.twin().id());
        assertEquals("2", attr(again.twin(), "count"));
        assertEquals(2, AlarmTwins.attribute(again.twin(), "seen").size());
        Twin fault = alarms.raise(LINE, new AlarmCondition(ROOM, "safety.fault", "safety", Severity.WARNING, "故障",
                null, clock.instant(), null));
        assertNotEquals(id, fault.id());
        assertEquals(id, alarms.open(LINE, ROOM, "safety.fire").orElseThrow().id());
        assertEquals(List.of(fault.id(), id), alarms.openAlarms(LINE, "safety.").stream().map(Twin::id).toList());
        assertEquals(List.of(id), alarms.openAlarms(LINE, "safety.fire").stream().map(Twin::id).toList());
    }

    @Test
    void afterCloseARaiseGivesANewAlarm() {
        TwinId id = alarms.raise(LINE, fire()).id();
        alarms.act(WANG, id, step(AlarmAction.ACKNOWLEDGE));
        alarms.act(WANG, id, new AlarmStep(AlarmAction.VERIFY, "烟雾来自厨房", Verification.FALSE, null));
        Twin closed = alarms.act(LI, id, step(AlarmAction.CLOSE));
        assertEquals("closed", attr(closed, "state"));
        assertEquals("li", attr(closed, "closedBy"));
        assertEquals("wang", attr(closed, "verifiedBy"));
        assertTrue(alarms.open(LINE, ROOM, "safety.fire").isEmpty());
        clock.advance(Duration.ofSeconds(1));
        Twin next = alarms.raise(LINE, fire());
        assertNotEquals(id, next.id());
        assertEquals("1", attr(next, "count"));
        assertEquals("closed", attr(get(id), "state"));
    }

    @Test
    void theIndexIsRebuiltFromSearchAtStart() {
        TwinId id = alarms.raise(LINE, fire()).id();
        AlarmService restarted = service();
        assertTrue(restarted.ready());
        Twin repeat = restarted.raise(LINE, fire());
        assertEquals(id, repeat.id());
        assertEquals("2", attr(repeat, "count"));
    }

    @Test
    void concurrentRaisesOfOneConditionMakeOneAlarm() throws Exception {
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TwinId>> ids = new ArrayList<>();
        for (int t = 0; t < threads * each; t++) {
            ids.add(pool.submit(() -> {
                start.await();
                return alarms.raise(LINE, fire()).id();
            }));
        }
        start.countDown();
        Set<TwinId> distinct = ConcurrentHashMap.newKeySet();
        for (Future<TwinId> f : ids) {
            distinct.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, distinct.size());
        assertEquals(String.valueOf(threads * each), attr(get(distinct.iterator().next()), "count"));
        assertEquals(1, views.search().count(ADMIN, AlarmTwins.ALARMS_FILTER, List.of()));
    }

    @Test
    void ofTwoConcurrentAcknowledgesOneWinsTheOtherIs409() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        for (int i = 0; i < 20; i++) {
            TwinId id = alarms.raise(LINE, new AlarmCondition(ROOM, "safety.test-" + i, "safety", Severity.MAJOR,
                    "测试", null, clock.instant(), null)).id();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (Caller who : List.of(WANG, LI)) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        alarms.act(who, id, step(AlarmAction.ACKNOWLEDGE));
                        return "ok";
                    } catch (DayuanException e) {
                        return e.errorCode().code();
                    }
                }));
            }
            start.countDown();
            List<String> got = new ArrayList<>();
            for (Future<String> f : outcomes) {
                got.add(f.get(30, TimeUnit.SECONDS));
            }
            got.sort(null);
            assertEquals(List.of("alarms:step.illegal", "ok"), got);
            JsonNode log = AlarmTwins.attribute(get(id), "log");
            assertEquals(2, log.size(), "raise and one acknowledge");
        }
        pool.shutdown();
    }

    @Test
    void escalationFollowsTheClockAndIsNotifiedOnce() {
        Recorder ok = new Recorder(false);
        Recorder failing = new Recorder(true);
        alarms.addNotifier(ok, Map.of(AlarmNotifier.NAME, "duty-screen"));
        alarms.addNotifier(failing, Map.of(AlarmNotifier.NAME, "sms", AlarmNotifier.MIN_SEVERITY, "major",
                AlarmNotifier.NAMESPACES, new String[] {"cz"}));
        TwinId id = alarms.raise(LINE, fire()).id();
        clock.advance(Duration.ofMinutes(5));
        alarms.check();
        assertEquals(0, AlarmTwins.attribute(get(id), "escalations").size());
        clock.advance(Duration.ofMinutes(1));
        alarms.check();
        alarms.check();
        JsonNode escalations = AlarmTwins.attribute(get(id), "escalations");
        assertEquals(1, escalations.size());
        assertEquals("acknowledge", escalations.get(0).path("reason").asText());
        assertEquals("2026-12-06T02:06:00.000Z", escalations.get(0).path("at").asText());
        assertEquals(List.of("raised", "escalated:acknowledge"), ok.events());
        assertEquals(List.of("raised", "escalated:acknowledge"), failing.events());

        alarms.act(WANG, id, step(AlarmAction.ACKNOWLEDGE));
        clock.advance(Duration.ofMinutes(31));
        alarms.check();
        assertEquals("verify", AlarmTwins.attribute(get(id), "escalations").get(1).path("reason").asText());
        alarms.act(WANG, id, new AlarmStep(AlarmAction.VERIFY, "", Verification.REAL, null));
        assertEquals(List.of("raised", "escalated:acknowledge", "escalated:verify", "verified"), ok.events());

        JsonNode deliveries = AlarmTwins.attribute(get(id), "deliveries");
        assertEquals(8, deliveries.size());
        for (JsonNode d : deliveries) {
            boolean sms = d.path("notifier").asText().equals("sms");
            assertEquals(!sms, d.path("ok").asBoolean(), d.toString());
            assertEquals(sms ? "gateway 10.0.0.9 refused the SMS" : "", d.path("error").asText(), d.toString());
        }
        assertEquals("escalated", deliveries.get(2).path("event").asText());
        assertEquals("acknowledge", deliveries.get(2).path("reason").asText());
        assertEquals("verified", deliveries.get(7).path("event").asText());
    }

    @Test
    void notifiersGetOnlyTheSeveritiesAndOrganisationsTheyAskFor() {
        Recorder critical = new Recorder(false);
        Recorder other = new Recorder(false);
        Recorder all = new Recorder(false);
        Recorder unnamed = new Recorder(false);
        alarms.addNotifier(critical, Map.of(AlarmNotifier.NAME, "critical", AlarmNotifier.MIN_SEVERITY, "critical"));
        alarms.addNotifier(other, Map.of(AlarmNotifier.NAME, "other", AlarmNotifier.NAMESPACES, "cz.other"));
        alarms.addNotifier(all, Map.of(AlarmNotifier.NAME, "all", AlarmNotifier.NAMESPACES, "*"));
        alarms.addNotifier(unnamed, Map.of(AlarmNotifier.MIN_SEVERITY, "info"));
        alarms.raise(LINE, fire(ROOM, Severity.MAJOR, T0));
        alarms.raise(LINE, fire(OTHER_ROOM, Severity.CRITICAL, T0));
        assertEquals(1, critical.notices.size());
        assertEquals(OTHER_ROOM.toString(), attr(critical.notices.get(0).alarm(), "source"));
        assertEquals(1, other.notices.size());
        assertEquals(2, all.notices.size());
        assertEquals(0, unnamed.notices.size(), "a notifier without a name is left out");
        alarms.removeNotifier(all);
        alarms.raise(LINE, new AlarmCondition(ROOM, "safety.link", "safety", Severity.INFO, "联动", null, T0, null));
        assertEquals(2, all.notices.size());
    }

    @Test
    void repeatsNotifyOnlyWhenTheConditionComesBackAndNotWhileShelved() {
        Recorder screen = new Recorder(false);
        alarms.addNotifier(screen, Map.of(AlarmNotifier.NAME, "screen"));
        TwinId id = alarms.raise(LINE, fire()).id();
        alarms.raise(LINE, fire());
        assertEquals(1, screen.notices.size(), "still active: counted only");
        Twin normal = alarms.normal(LINE, ROOM, "safety.fire", clock.instant()).orElseThrow();
        assertEquals("false", attr(normal, "active"));
        assertEquals("unacknowledged", attr(normal, "state"));
        assertTrue(alarms.normal(LINE, ROOM, "safety.fire", clock.instant()).isEmpty());
        alarms.raise(LINE, fire());
        assertEquals(2, screen.notices.size(), "the condition came back");
        alarms.normal(LINE, ROOM, "safety.fire", clock.instant());
        alarms.act(WANG, id, new AlarmStep(AlarmAction.SHELVE, "维保", null, clock.instant().plusSeconds(3600)));
        Twin repeat = alarms.raise(LINE, fire());
        assertEquals("4", attr(repeat, "count"));
        assertEquals(2, screen.notices.size(), "shelved: counted, not notified");
    }

    @Test
    void anExpiredShelvingEndsByTheService() {
        TwinId id = alarms.raise(LINE, fire()).id();
        alarms.act(WANG, id, step(AlarmAction.ACKNOWLEDGE));
        alarms.act(WANG, id, new AlarmStep(AlarmAction.SHELVE, "检修", null, clock.instant().plusSeconds(3600)));
        clock.advance(Duration.ofMinutes(59));
        alarms.check();
        assertEquals("shelved", attr(get(id), "state"));
        clock.advance(Duration.ofMinutes(1));
        alarms.check();
        Twin back = get(id);
        assertEquals("acknowledged", attr(back, "state"));
        JsonNode last = AlarmTwins.attribute(back, "log").get(3);
        assertEquals("unshelve", last.path("action").asText());
        assertEquals("alarms", last.path("by").asText());
    }

    @Test
    void callersAreChecked() {
        TwinId id = alarms.raise(LINE, fire()).id();
        alarms.act(WANG, id, step(AlarmAction.ACKNOWLEDGE));
        DayuanException viewer = assertThrows(DayuanException.class, () -> alarms.act(VIEWER, id,
                step(AlarmAction.ACKNOWLEDGE)));
        assertEquals(403, viewer.status(), "a viewer hears 403 whatever the state");
        assertEquals(403, assertThrows(DayuanException.class, () -> alarms.raise(VIEWER, fire())).status());
        assertEquals(404, assertThrows(DayuanException.class, () -> alarms.raise(WANG,
                fire(OTHER_ROOM, Severity.INFO, T0))).status(), "a source the caller cannot see");
        assertEquals(404, assertThrows(DayuanException.class, () -> alarms.act(WANG,
                TwinId.of("cz.wujin:alarm-nothing"), step(AlarmAction.ACKNOWLEDGE))).status());
        assertEquals(404, assertThrows(DayuanException.class, () -> alarms.act(WANG, ROOM,
                step(AlarmAction.ACKNOWLEDGE))).status(), "a twin that is no alarm");
        assertEquals(400, assertThrows(DayuanException.class, () -> alarms.raise(LINE, new AlarmCondition(ROOM,
                "fire", "safety", Severity.INFO, "火", null, T0, null))).status());
        assertEquals(1, AlarmTwins.attribute(get(id), "log").size() - 1, "nothing refused was written");
    }

    /** A view that lets a person close the alarm just before the service's next merge reaches the registry. */
    private static final class ClosingFirst implements TwinRegistry {
        private final TwinRegistry delegate;
        TwinId close;

        ClosingFirst(TwinRegistry delegate) {
            this.delegate = delegate;
        }

        @Override public Caller identity() { return delegate.identity(); }
        @Override public Optional<Twin> get(Caller c, TwinId id) { return delegate.get(c, id); }
        @Override public List<Twin> getAll(Caller c, Collection<TwinId> ids) { return delegate.getAll(c, ids); }
        @Override public List<Twin> list(Caller c) { return delegate.list(c); }
        @Override public Twin create(Caller c, TwinId id, ObjectNode t) { return delegate.create(c, id, t); }
        @Override public WriteResult put(Caller c, TwinId id, JsonPointer p, JsonNode v, WriteCondition w) {
            return delegate.put(c, id, p, v, w);
        }
        @Override public WriteResult delete(Caller c, TwinId id, JsonPointer p, WriteCondition w, boolean r) {
            return delegate.delete(c, id, p, w, r);
        }
        @Override public List<TwinId> children(Caller c, TwinId id) { return delegate.children(c, id); }
        @Override public int count(Caller c) { return delegate.count(c); }
        @Override public List<WriteResult> writeAll(Caller c, List<TwinWrite> w) { return delegate.writeAll(c, w); }
        @Override public List<WriteResult> checkAll(Caller c, List<TwinWrite> w) { return delegate.checkAll(c, w); }

        @Override
        public WriteResult merge(Caller c, TwinId id, JsonPointer p, JsonNode patch, WriteCondition w) {
            if (id.equals(close)) {
                close = null;
                delegate.merge(ADMIN, id, p, Json.object("{'state':'closed'}"), WriteCondition.NONE);
            }
            return delegate.merge(c, id, p, patch, w);
        }
    }

    @Test
    void aRepeatThatFindsTheAlarmClosedMeanwhileRaisesANewOne() {
        ClosingFirst racing = new ClosingFirst(views.registry());
        AlarmService service = new AlarmService(racing, views.search(), clock, new AlarmLifecycle.Settings(
                Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(72), 100), Runnable::run);
        service.buildIndex();
        TwinId first = service.raise(LINE, fire()).id();
        racing.close = first;
        AlarmService.Raised next = service.raised(LINE, fire());
        assertTrue(next.created());
        assertNotEquals(first, next.twin().id());
        assertEquals("1", attr(get(first), "count"), "the closed alarm got no repeat");
        assertEquals(next.twin().id(), service.open(LINE, ROOM, "safety.fire").orElseThrow().id());
    }
}
