package org.dayuan.alarms.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.alarms.AlarmAction;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.AlarmState;
import org.dayuan.alarms.AlarmStep;
import org.dayuan.alarms.Severity;
import org.dayuan.alarms.Verification;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** The state machine of AlarmState on plain twins: no registry, no OSGi. */
class AlarmLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");
    private static final TwinId ROOM = TwinId.of("cz.wujin:room-a-0305");
    private static final TwinId ID = TwinId.of("cz.wujin:alarm-test");
    private final AlarmLifecycle rules = new AlarmLifecycle(new AlarmLifecycle.Settings(Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(72), 3));
    private long revision = 1;

    private static AlarmCondition condition(Instant at) {
        return new AlarmCondition(ROOM, "safety.fire", "safety", Severity.CRITICAL, "火警", "烟感 3 号报警", at, null);
    }

    private Twin alarm() {
        return Twin.of(ID, rules.newAlarm(condition(T0), "panel"), revision, T0, T0);
    }

    /** {@code alarm} with {@code patch} merged into its attributes, as the registry's merge would. */
    private Twin apply(Twin alarm, ObjectNode patch) {
        ObjectNode json = alarm.toJson();
        ObjectNode attributes = (ObjectNode) json.get(Twin.ATTRIBUTES);
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                attributes.remove(e.getKey());
            } else {
                attributes.set(e.getKey(), e.getValue());
            }
        });
        return Twin.of(ID, json, ++revision, T0, T0);
    }

    private Twin step(Twin alarm, AlarmAction action, Verification result, Instant until, Instant now) {
        return apply(alarm, rules.step(alarm, new AlarmStep(action, "备注 " + action.json(), result, until), "wang",
                now));
    }

    private static String attr(Twin t, String name) {
        JsonNode v = AlarmTwins.attribute(t, name);
        return v == null ? null : v.asText();
    }

    @Test
    void aNewAlarmIsUnacknowledgedActiveAndCountedOnce() {
        Twin a = alarm();
        assertEquals("unacknowledged", attr(a, "state"));
        assertEquals("true", attr(a, "active"));
        assertEquals("1", attr(a, "count"));
        assertEquals(ROOM.toString(), attr(a, "parent"));
        assertEquals(ROOM.toString(), attr(a, "source"));
        assertEquals("2026-12-06T02:00:00.000Z", attr(a, "raisedAt"));
        assertEquals("raise", AlarmTwins.attribute(a, "log").get(0).path("action").asText());
        assertEquals("panel", AlarmTwins.attribute(a, "log").get(0).path("by").asText());
    }

    @Test
    void theWholePathRecordsWhoAndWhen() {
        Twin a = step(alarm(), AlarmAction.ACKNOWLEDGE, null, null, T0.plusSeconds(60));
        assertEquals("acknowledged", attr(a, "state"));
        assertEquals("wang", attr(a, "acknowledgedBy"));
        assertEquals("2026-12-06T02:01:00.000Z", attr(a, "acknowledgedAt"));
        a = step(a, AlarmAction.VERIFY, Verification.FALSE, null, T0.plusSeconds(120));
        assertEquals("verified", attr(a, "state"));
        assertEquals("false", attr(a, "result"));
        assertEquals("wang", attr(a, "verifiedBy"));
        a = step(a, AlarmAction.CLOSE, null, null, T0.plusSeconds(180));
        assertEquals("closed", attr(a, "state"));
        assertEquals("2026-12-06T02:03:00.000Z", attr(a, "closedAt"));
        JsonNode log = AlarmTwins.attribute(a, "log");
        assertEquals(3, log.size(), "logLimit 3 keeps the newest three");
        assertEquals("acknowledge", log.get(0).path("action").asText());
        assertEquals("verify", log.get(1).path("action").asText());
        assertEquals("false", log.get(1).path("result").asText());
        assertEquals("备注 verify", log.get(1).path("comment").asText());
        assertEquals("close", log.get(2).path("action").asText());
    }

    @Test
    void anIllegalStepIsA409NamingAlarmStepAndState() {
        Twin acknowledged = step(alarm(), AlarmAction.ACKNOWLEDGE, null, null, T0);
        DayuanException e = assertThrows(DayuanException.class, () -> step(acknowledged, AlarmAction.CLOSE, null,
                null, T0));
        assertEquals(409, e.status());
        assertEquals("alarms:step.illegal", e.errorCode().code());
        assertTrue(e.getMessage().contains(ID.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("close"), e.getMessage());
        assertTrue(e.getMessage().contains("acknowledged"), e.getMessage());
        assertEquals(409, assertThrows(DayuanException.class, () -> step(acknowledged, AlarmAction.ACKNOWLEDGE,
                null, null, T0)).status());
        assertEquals(409, assertThrows(DayuanException.class, () -> step(alarm(), AlarmAction.VERIFY,
                Verification.REAL, null, T0)).status(), "verify only once acknowledged");
        assertEquals(409, assertThrows(DayuanException.class, () -> step(alarm(), AlarmAction.RETURN_TO_SERVICE,
                null, null, T0)).status());
    }

    @Test
    void missingInputsAre400() {
        Twin acknowledged = step(alarm(), AlarmAction.ACKNOWLEDGE, null, null, T0);
        DayuanException noResult = assertThrows(DayuanException.class, () -> step(acknowledged, AlarmAction.VERIFY,
                null, null, T0));
        assertEquals("alarms:step.invalid", noResult.errorCode().code());
        assertEquals(400, noResult.status());
        assertEquals(400, assertThrows(DayuanException.class, () -> step(alarm(), AlarmAction.SHELVE, null, null,
                T0)).status(), "shelve without until");
        assertEquals(400, assertThrows(DayuanException.class, () -> step(alarm(), AlarmAction.SHELVE, null,
                T0.minusSeconds(1), T0)).status(), "until in the past");
        assertEquals(400, assertThrows(DayuanException.class, () -> step(alarm(), AlarmAction.SHELVE, null,
                T0.plus(Duration.ofHours(73)), T0)).status(), "beyond maxShelveHours");
        assertEquals(400, assertThrows(DayuanException.class, () -> step(alarm(), AlarmAction.ACKNOWLEDGE,
                Verification.REAL, null, T0)).status(), "a result only with verify");
    }

    @Test
    void shelvingReturnsToTheStateItCameFrom() {
        Twin acknowledged = step(alarm(), AlarmAction.ACKNOWLEDGE, null, null, T0);
        Twin shelved = step(acknowledged, AlarmAction.SHELVE, null, T0.plus(Duration.ofHours(2)), T0);
        assertEquals("shelved", attr(shelved, "state"));
        assertEquals("acknowledged", attr(shelved, "shelvedFrom"));
        assertEquals("2026-12-06T04:00:00.000Z", attr(shelved, "shelvedUntil"));
        assertFalse(AlarmLifecycle.shelvingExpired(shelved, T0.plus(Duration.ofMinutes(119))));
        assertTrue(AlarmLifecycle.shelvingExpired(shelved, T0.plus(Duration.ofHours(2))));
        Twin back = step(shelved, AlarmAction.UNSHELVE, null, null, T0.plusSeconds(10));
        assertEquals("acknowledged", attr(back, "state"));
        assertEquals(null, attr(back, "shelvedFrom"));
        assertEquals(null, attr(back, "shelvedUntil"));
        assertEquals("2026-12-06T04:00:00.000Z", AlarmTwins.attribute(shelved, "log").get(2).path("until").asText());
        assertEquals(409, assertThrows(DayuanException.class, () -> step(step(back, AlarmAction.VERIFY,
                Verification.TEST, null, T0), AlarmAction.SHELVE, null, T0.plusSeconds(60), T0)).status(),
                "a verified alarm is not shelved");
    }

    @Test
    void outOfServiceFromAnyOpenStateReturnsUnacknowledged() {
        Twin shelved = step(alarm(), AlarmAction.SHELVE, null, T0.plusSeconds(600), T0);
        Twin out = step(shelved, AlarmAction.OUT_OF_SERVICE, null, null, T0);
        assertEquals("outOfService", attr(out, "state"));
        assertEquals(null, attr(out, "shelvedUntil"));
        assertEquals(409, assertThrows(DayuanException.class, () -> step(out, AlarmAction.OUT_OF_SERVICE, null, null,
                T0)).status());
        assertEquals("unacknowledged", attr(step(out, AlarmAction.RETURN_TO_SERVICE, null, null, T0), "state"));
        Twin closed = step(step(step(alarm(), AlarmAction.ACKNOWLEDGE, null, null, T0), AlarmAction.VERIFY,
                Verification.REAL, null, T0), AlarmAction.CLOSE, null, null, T0);
        assertEquals(409, assertThrows(DayuanException.class, () -> step(closed, AlarmAction.OUT_OF_SERVICE, null,
                null, T0)).status());
    }

    @Test
    void repeatsCountKeepTheLastTwentyInstantsAndReactivate() {
        Twin a = alarm();
        a = apply(a, rules.normal(a, T0.plusSeconds(1)).orElseThrow());
        assertEquals("false", attr(a, "active"));
        assertEquals("unacknowledged", attr(a, "state"), "normal never closes");
        assertTrue(rules.normal(a, T0.plusSeconds(2)).isEmpty(), "already inactive");
        assertTrue(AlarmLifecycle.repeatNotifies(a), "the condition comes back");
        for (int i = 1; i <= 25; i++) {
            a = apply(a, rules.repeat(a, condition(T0.plusSeconds(10L * i))));
        }
        assertFalse(AlarmLifecycle.repeatNotifies(a), "still active: one event");
        assertEquals("26", attr(a, "count"));
        assertEquals("true", attr(a, "active"));
        JsonNode seen = AlarmTwins.attribute(a, "seen");
        assertEquals(20, seen.size());
        assertEquals("2026-12-06T02:04:10.000Z", seen.get(19).asText());
        assertEquals("2026-12-06T02:01:00.000Z", seen.get(0).asText());
        assertEquals(seen.get(19).asText(), attr(a, "lastSeen"));
        Twin shelved = step(apply(a, rules.normal(a, T0).orElseThrow()), AlarmAction.SHELVE, null,
                T0.plusSeconds(60), T0);
        assertFalse(AlarmLifecycle.repeatNotifies(shelved), "shelved: counted, not notified");
    }

    @Test
    void aRepeatCarriesTheLatestSeverityAndNameAndARiseIsNotified() {
        AlarmCondition warning = new AlarmCondition(ROOM, "office.lease-expiring", "office", Severity.WARNING, "租赁到期",
                "剩 60 天", T0, null);
        Twin a = Twin.of(ID, rules.newAlarm(warning, "line-office"), revision, T0, T0);
        AlarmCondition major = new AlarmCondition(ROOM, "office.lease-expiring", "office", Severity.MAJOR, "租赁已到期",
                "剩 20 天", T0.plusSeconds(60), null);
        assertTrue(AlarmLifecycle.repeatNotifies(a, major), "warning → major is news");
        assertFalse(AlarmLifecycle.repeatNotifies(a, warning), "still active, same severity: one event");
        Twin after = apply(a, rules.repeat(a, major));
        assertEquals("major", attr(after, "severity"));
        assertEquals("租赁已到期", attr(after, "name"));
        assertEquals("剩 20 天", attr(after, "message"));
        assertFalse(AlarmLifecycle.repeatNotifies(after, warning), "a fall is recorded, not notified");
        Twin shelved = step(after, AlarmAction.SHELVE, null, T0.plusSeconds(600), T0);
        assertFalse(AlarmLifecycle.repeatNotifies(shelved, new AlarmCondition(ROOM, "office.lease-expiring", "office",
                Severity.CRITICAL, "租赁已到期", "", T0, null)), "shelved: counted, not notified");
    }

    @Test
    void escalationsAreDueOnceAfterTheirDeadlines() {
        Twin a = alarm();
        assertEquals(Optional.empty(), rules.escalationDue(a, T0.plus(Duration.ofMinutes(5))));
        assertEquals(Optional.of("acknowledge"), rules.escalationDue(a, T0.plus(Duration.ofMinutes(6))));
        a = apply(a, rules.escalate(a, "acknowledge", T0.plus(Duration.ofMinutes(6))).orElseThrow());
        assertEquals(Optional.empty(), rules.escalationDue(a, T0.plus(Duration.ofMinutes(60))), "once");
        assertTrue(rules.escalate(a, "acknowledge", T0.plus(Duration.ofMinutes(60))).isEmpty());
        a = step(a, AlarmAction.ACKNOWLEDGE, null, null, T0.plus(Duration.ofMinutes(10)));
        assertEquals(Optional.empty(), rules.escalationDue(a, T0.plus(Duration.ofMinutes(40))));
        assertEquals(Optional.of("verify"), rules.escalationDue(a, T0.plus(Duration.ofMinutes(41))));
        a = apply(a, rules.escalate(a, "verify", T0.plus(Duration.ofMinutes(41))).orElseThrow());
        JsonNode escalations = AlarmTwins.attribute(a, "escalations");
        assertEquals(2, escalations.size());
        assertEquals("verify", escalations.get(1).path("reason").asText());
        assertEquals("2026-12-06T02:41:00.000Z", escalations.get(1).path("at").asText());
    }

    @Test
    void typesAreLineDotWhat() {
        AlarmLifecycle.checkType("safety.water-low");
        AlarmLifecycle.checkType("manual.patrol");
        for (String bad : new String[] {"fire", "Safety.fire", "safety.", "safety fire", ".x", "safety.\"x"}) {
            assertEquals("alarms:alarm.invalid", assertThrows(DayuanException.class,
                    () -> AlarmLifecycle.checkType(bad)).errorCode().code(), bad);
        }
    }
}
