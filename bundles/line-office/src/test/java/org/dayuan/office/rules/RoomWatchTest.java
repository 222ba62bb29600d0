package org.dayuan.office.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.core.AlarmLifecycle;
import org.dayuan.alarms.core.AlarmService;
import org.dayuan.demo.DemoCounty;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.MutableClock;
import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules carried to the real alarm service over the demo county in memory, as the line's grant allows: the edges
 * only, vacantSince kept by the line, the daily sweep for the date rules, and a restart that raises nothing twice.
 */
class RoomWatchTest {
    static final String BSN = "org.dayuan.line-office";
    static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<ObjectNode> DEMO = DemoCounty.twins();

    final InMemoryTwins twins = new InMemoryTwins();
    final InMemoryTwins.Views line = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN,
            "integrator, ns:*, name:line-office"));
    final MutableClock clock = new MutableClock(DemoCounty.AS_OF.toInstant());
    final ExecutorService work = Executors.newSingleThreadExecutor();
    Alarms alarms;
    RoomWatch watch;
    Subscription subscription;

    @BeforeEach
    void load() {
        for (ObjectNode t : DEMO) {
            twins.registry().create(ADMIN, TwinId.of(t.path(Twin.THING_ID).asText()), t.deepCopy());
        }
        InMemoryTwins.Views alarmViews = twins.of("org.dayuan.alarms",
                InMemoryTwins.grants("bundle.org.dayuan.alarms", "integrator, ns:*, name:alarms"));
        AlarmService service = new AlarmService(alarmViews.registry(), alarmViews.search(), clock,
                new AlarmLifecycle.Settings(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(24), 100),
                Runnable::run);
        service.buildIndex();
        alarms = service;
    }

    void start() {
        if (subscription != null) {
            subscription.close();
        }
        RoomWatch w = new RoomWatch(line.registry().identity(), line.registry(), line.search(), alarms,
                new OfficeRules(OfficeRules.Settings.DEFAULTS), () -> DemoAlarmsTest.STD, clock);
        subscription = line.subscriptions().subscribe(line.registry().identity(), new EventSelection(Set.of(),
                Set.of(), Set.of(), Optional.of(line.search().filter(line.registry().identity(), RoomWatch.ROOMS))),
                -1, new SubscriptionListener() {
                    @Override
                    public void onEvent(TwinEvent event, Optional<Twin> after) {
                        work.execute(() -> w.onEvent(event, after));
                    }

                    @Override
                    public void reset(String reason) {
                        work.execute(w::start);
                    }
                });
        work.execute(w::start);
        watch = w;
        settle();
    }

    /** Waits until the line's thread has worked off every event queued so far (see the fleet line's WatchTest). */
    void settle() {
        try {
            for (int i = 0; i < 3; i++) {
                work.submit(() -> { }).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        work.shutdownNow();
        if (subscription != null) {
            subscription.close();
        }
    }

    /** The active office alarms: type → room names. */
    Map<String, Set<String>> active() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Twin a : alarms.openAlarms(ADMIN, "office.")) {
            JsonNode at = a.toJson().path(Twin.ATTRIBUTES);
            if (at.path("active").asBoolean()) {
                out.computeIfAbsent(at.path("type").asText(), k -> new TreeSet<>())
                        .add(TwinId.of(at.path("source").asText()).name());
            }
        }
        return out;
    }

    JsonNode alarm(String room, String type) {
        return alarms.open(ADMIN, TwinId.of("cz.wujin:" + room), type).orElseThrow().toJson().path(Twin.ATTRIBUTES);
    }

    JsonNode room(String room) {
        return twins.registry().get(ADMIN, TwinId.of("cz.wujin:" + room)).orElseThrow().toJson().path(Twin.ATTRIBUTES);
    }

    void write(String room, String attribute, String json) {
        try {
            twins.registry().put(ADMIN, TwinId.of("cz.wujin:" + room), JsonPointer.of(Twin.ATTRIBUTES, attribute),
                    JSON.readTree(json.replace('\'', '"')), WriteCondition.NONE);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        settle();
    }

    @Test
    void theDemosPlantedCasesRaiseExactlyTheirAlarmsOnceAndTheyGoWhenFixed() {
        start();
        assertEquals(Map.of(OfficeRules.OVER_STANDARD, DemoAlarmsTest.OVER, OfficeRules.IDLE,
                DemoAlarmsTest.IDLE_LONG, OfficeRules.LEASE_EXPIRING, DemoAlarmsTest.LET_OUT,
                OfficeRules.RENT_ARREARS, DemoAlarmsTest.LET_OUT), active());
        JsonNode leader = alarm("room-c-0412", OfficeRules.OVER_STANDARD);
        assertEquals("major", leader.path("severity").asText());
        assertEquals("领导干部办公室超标", leader.path("name").asText());
        assertEquals("office", leader.path("line").asText());
        assertTrue(leader.path("details").path("leader").asBoolean());
        assertEquals("jgswj-", leader.path("details").path("occupants").get(0).path("id").asText().substring(0, 6));

        // everyone moves out of the scenario-5 office: not over standard any more, and empty from today, not idle
        write("room-a-0305", "occupants", "[]");
        assertFalse(active().get(OfficeRules.OVER_STANDARD).contains("room-a-0305"));
        assertEquals(DemoCounty.AS_OF.toLocalDate().toString(), room("room-a-0305").path("vacantSince").asText());
        assertFalse(alarm("room-a-0305", OfficeRules.OVER_STANDARD).path("active").asBoolean(), "normal, still open");
        // someone moves into an idle office: its vacancy ends and so does the idle alarm
        write("room-a-0212", "occupants", "[{'id':'jgswj-0900','name':'周新','rank':'正科','level':'county'},"
                + "{'id':'jgswj-0901','name':'吴敏','rank':'正科','level':'county'}]");
        assertFalse(room("room-a-0212").has("vacantSince"));
        assertFalse(active().get(OfficeRules.IDLE).contains("room-a-0212"));

        // 71 days on: the three recent vacancies are 91 days old, the lease has ended (major, the same alarm)
        clock.advance(Duration.ofDays(71));
        work.execute(watch::tick);
        settle();
        Set<String> idle = new TreeSet<>(DemoAlarmsTest.union(DemoAlarmsTest.IDLE_LONG, DemoAlarmsTest.IDLE_RECENT));
        idle.remove("room-a-0212");
        assertEquals(idle, active().get(OfficeRules.IDLE), "room-a-0305 emptied 71 days ago: not yet idle");
        JsonNode lease = alarm("room-c-0207", OfficeRules.LEASE_EXPIRING);
        assertEquals("major", lease.path("severity").asText());
        assertEquals(2, lease.path("count").asInt());
        assertEquals(-11, lease.path("details").path("daysLeft").asInt());

        // the rent is paid up to the lease's end: the arrears go
        write("room-c-0207", "lease", "{'counterparty':'中国邮政储蓄银行常州市武进区支行','start':'2022-08-02',"
                + "'end':'2025-08-01','annualRent':86400,'paidUntil':'2025-08-01'}");
        assertFalse(active().containsKey(OfficeRules.RENT_ARREARS));

        // a restart reads the line's alarms back and raises nothing twice
        Map<String, Set<String>> before = active();
        int count = alarm("room-a-0503", OfficeRules.OVER_STANDARD).path("count").asInt();
        start();
        assertEquals(before, active());
        assertEquals(count, alarm("room-a-0503", OfficeRules.OVER_STANDARD).path("count").asInt());
        assertEquals(Optional.of(org.dayuan.alarms.Severity.MAJOR), watch.raised(
                TwinId.of("cz.wujin:room-c-0207"), OfficeRules.LEASE_EXPIRING));
        assertEquals(LocalDate.of(2025, 8, 12), watch.today());
    }
}
