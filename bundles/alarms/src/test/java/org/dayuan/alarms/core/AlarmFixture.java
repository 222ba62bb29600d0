package org.dayuan.alarms.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.alarms.AlarmAction;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.AlarmNotice;
import org.dayuan.alarms.AlarmNotifier;
import org.dayuan.alarms.AlarmStep;
import org.dayuan.alarms.Severity;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.Json;
import org.dayuan.testing.MutableClock;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/** A registry in memory with two rooms, and the alarm service over the views bundle org.dayuan.alarms gets. */
abstract class AlarmFixture {
    static final String BSN = "org.dayuan.alarms";
    static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");
    static final TwinId ROOM = TwinId.of("cz.wujin:room-a-0305");
    static final TwinId OTHER_ROOM = TwinId.of("cz.other:room-1");
    static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    static final Caller LINE = new Caller("org.dayuan.line-safety", Set.of(Caller.ROLE_INTEGRATOR), Set.of("*"),
            "bundle org.dayuan.line-safety");
    static final Caller WANG = new Caller("wang", Set.of(Caller.ROLE_MANAGER), Set.of("cz.wujin"), "test");
    static final Caller LI = new Caller("li", Set.of(Caller.ROLE_MANAGER), Set.of("cz.wujin"), "test");
    static final Caller VIEWER = new Caller("zhao", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"), "test");

    final InMemoryTwins twins = new InMemoryTwins();
    final InMemoryTwins.Views views = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN,
            "integrator, ns:*, name:alarms"));
    final MutableClock clock = new MutableClock(T0);
    final AlarmService alarms = service();

    /** A notifier that records what it was given, and fails when asked to. */
    static final class Recorder implements AlarmNotifier {
        final List<AlarmNotice> notices = new CopyOnWriteArrayList<>();
        final boolean fail;

        Recorder(boolean fail) {
            this.fail = fail;
        }

        @Override
        public void deliver(AlarmNotice notice) throws Exception {
            notices.add(notice);
            if (fail) {
                throw new java.io.IOException("gateway 10.0.0.9 refused the SMS");
            }
        }

        List<String> events() {
            return notices.stream().map(n -> n.event() + (n.reason().isEmpty() ? "" : ":" + n.reason())).toList();
        }
    }

    AlarmFixture() {
        twins.registry.create(ADMIN, ROOM, Json.object("{'definition':'dayuan:Room:1.0.0','attributes':"
                + "{'name':'305'}}"));
        twins.registry.create(ADMIN, OTHER_ROOM, Json.object("{'definition':'dayuan:Room:1.0.0'}"));
    }

    AlarmService service() {
        AlarmService s = new AlarmService(views.registry(), views.search(), clock, new AlarmLifecycle.Settings(
                Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(72), 100), Runnable::run);
        s.buildIndex();
        return s;
    }

    static AlarmCondition fire(TwinId source, Severity severity, Instant at) {
        return new AlarmCondition(source, "safety.fire", "safety", severity, "火警", "烟感报警", at,
                Json.object("{'loop':1,'address':17}"));
    }

    AlarmCondition fire() {
        return fire(ROOM, Severity.CRITICAL, clock.instant());
    }

    Twin get(TwinId id) {
        return twins.registry.get(ADMIN, id).orElseThrow();
    }

    static String attr(Twin t, String name) {
        JsonNode v = AlarmTwins.attribute(t, name);
        return v == null ? null : v.asText();
    }

    static AlarmStep step(AlarmAction action) {
        return AlarmStep.of(action, "");
    }
}
