package org.dayuan.energy.osgi;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.Severity;
import org.dayuan.energy.rules.Finding;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the rules' findings to the alarm service: a finding that appears raises an alarm about its subject (type
 * = the rule id, e.g. {@code energy.spike}), one that goes reports the condition's return to normal. The rules are
 * level-triggered (a lasting condition is found again at every evaluation), so only these two edges are sent: a
 * steady condition costs nothing, and an alarm's {@code count} and {@code seen} record real recurrences rather than
 * the evaluation period. The line never acknowledges, verifies or closes an alarm: people do, through the alarm
 * service; a condition found again after it returned to normal is a repeat on the alarm while that is still open.
 *
 * <p>The alarm service keeps each alarm under the twin it is about, so deleting that twin (a meter taken out) deletes
 * its alarms with it: the line forgets the twin, its finding goes, and the return to normal, answered with the
 * registry's 404, is dropped rather than tried again at every evaluation.
 */
final class AlarmWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmWriter.class);
    static final String LINE = "energy";
    static final String TYPES = LINE + ".";

    /** An alarm's identity at the alarm service: one open alarm per (source, type). */
    record Key(String source, String type) {
        static Key of(Finding f) {
            return new Key(f.subject(), f.ruleId());
        }
    }

    private final Alarms alarms;
    private final Caller identity;
    /** The conditions raised and not yet reported normal. */
    private final Set<Key> active = new HashSet<>();

    /** Acting as {@code identity}, the line's own (its grant), at {@code alarms}. */
    AlarmWriter(Alarms alarms, Caller identity) {
        this.alarms = alarms;
        this.identity = identity;
    }

    /**
     * The line's conditions that are active at the alarm service, read back after a (re)start, so a lasting
     * condition is not raised again and one that went while the line was down is reported normal.
     */
    synchronized void load() {
        for (Twin t : alarms.openAlarms(identity, TYPES)) {
            JsonNode a = t.toJson().path(Twin.ATTRIBUTES);
            if (a.path("active").asBoolean(false) && a.path("source").isTextual()) {
                active.add(new Key(a.path("source").asText(), a.path("type").asText()));
            }
        }
    }

    synchronized void reconcile(List<Finding> findings, Instant now) {
        Map<Key, Finding> wanted = new LinkedHashMap<>();
        findings.forEach(f -> wanted.putIfAbsent(Key.of(f), f));
        wanted.forEach((key, f) -> {
            if (!active.contains(key)) {
                try {
                    Twin alarm = alarms.raise(identity, condition(f));
                    active.add(key);
                    LOG.info("Energy alarm raised: {} {}", alarm.id(), f.message());
                } catch (DayuanException e) {
                    if (ErrorCode.THING_NOT_FOUND.equals(e.errorCode())) {
                        // deleted between the evaluation and the raise: the line forgets it with the next event
                        LOG.info("Energy alarm {} on {} not raised: the twin is gone", f.ruleId(), f.subject());
                    } else {
                        LOG.warn("Energy alarm {} on {} not raised: {}", f.ruleId(), f.subject(), e.getMessage());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Energy alarm {} on {} not raised: {}", f.ruleId(), f.subject(), e.getMessage());
                }
            }
        });
        for (Key key : List.copyOf(active)) {
            if (!wanted.containsKey(key)) {
                try {
                    alarms.normal(identity, TwinId.of(key.source()), key.type(), now)
                            .ifPresent(a -> LOG.info("Energy alarm back to normal: {}", a.id()));
                    active.remove(key);
                } catch (DayuanException e) {
                    if (ErrorCode.THING_NOT_FOUND.equals(e.errorCode())) {
                        active.remove(key);
                        LOG.info("Energy alarm {} on {} is gone with its twin", key.type(), key.source());
                    } else {
                        LOG.warn("Energy alarm {} on {} not reported normal: {}", key.type(), key.source(),
                                e.getMessage());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Energy alarm {} on {} not reported normal: {}", key.type(), key.source(),
                            e.getMessage());
                }
            }
        }
    }

    /** The open energy alarms {@code caller} sees at the alarm service, newest first. */
    List<Twin> open(Caller caller) {
        return alarms.openAlarms(caller, TYPES);
    }

    /** The conditions raised and not yet reported normal. */
    synchronized Set<Key> active() {
        return Set.copyOf(active);
    }

    /** The condition of a finding: its Chinese text as the name, the whole text as the message, its figures. */
    static AlarmCondition condition(Finding f) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        if (Double.isFinite(f.value())) {
            details.put("value", f.value());
        }
        if (Double.isFinite(f.threshold())) {
            details.put("threshold", f.threshold());
        }
        details.put("unit", f.unit());
        return new AlarmCondition(TwinId.of(f.subject()), f.ruleId(), LINE, Severity.of(f.severity()),
                f.message().split(" / ")[0], f.message(), f.at(), details);
    }
}
