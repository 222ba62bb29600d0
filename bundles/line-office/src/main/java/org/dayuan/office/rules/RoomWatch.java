package org.dayuan.office.rules;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.Severity;
import org.dayuan.office.OfficeRoom;
import org.dayuan.office.standards.Standards;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.WriteCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the rules to and from the platform, as the line: judges a room whenever it changes and every room once a
 * day, keeps {@code vacantSince} true, and sends the alarm service the edges only: a raise when a finding appears or
 * its severity changes (a lease entering its last 30 days, a leader moving into an over-standard office), a normal
 * when it goes. Not thread-safe: the component calls it from one thread.
 */
final class RoomWatch {
    private static final Logger LOG = LoggerFactory.getLogger(RoomWatch.class);
    static final String ROOMS = "eq(definition," + TwinSearch.literal(OfficeRoom.DEFINITION) + ")";

    private final Caller identity;
    private final TwinRegistry registry;
    private final TwinSearch search;
    private final Alarms alarms;
    private final OfficeRules rules;
    private final Supplier<Standards> standards;
    private final Clock clock;
    /** The conditions raised and not yet reported normal: room → type → severity raised. */
    private final Map<TwinId, Map<String, Severity>> raised = new HashMap<>();
    private LocalDate judgedOn;

    RoomWatch(Caller identity, TwinRegistry registry, TwinSearch search, Alarms alarms, OfficeRules rules,
              Supplier<Standards> standards, Clock clock) {
        this.identity = identity;
        this.registry = registry;
        this.search = search;
        this.alarms = alarms;
        this.rules = rules;
        this.standards = standards;
        this.clock = clock;
    }

    /**
     * Reads back the line's open, active alarms, then judges every room: a condition that lasted through a restart
     * is not raised again, one that went meanwhile (or whose room is gone) is reported normal.
     */
    void start() {
        raised.clear();
        for (Twin alarm : alarms.openAlarms(identity, OfficeRules.LINE + ".")) {
            JsonNode a = alarm.toJson().path(Twin.ATTRIBUTES);
            if (a.path("active").asBoolean(false) && a.path("source").isTextual()) {
                Severity severity;
                try {
                    severity = Severity.of(a.path("severity").asText());
                } catch (RuntimeException e) {
                    severity = Severity.INFO;
                }
                raised.computeIfAbsent(TwinId.of(a.path("source").asText()), k -> new HashMap<>())
                        .put(a.path("type").asText(), severity);
            }
        }
        sweep();
    }

    /** Judges every room the line sees as of today; the daily run of the date rules. */
    void sweep() {
        LocalDate today = today();
        judgedOn = today;
        Set<TwinId> seen = new HashSet<>();
        for (Twin twin : search.all(identity, ROOMS)) {
            seen.add(twin.id());
            room(twin, today);
        }
        for (TwinId gone : List.copyOf(raised.keySet())) {
            if (!seen.contains(gone)) {
                reconcile(gone, List.of(), clock.instant());
            }
        }
    }

    /** Sweeps again once the local date has changed since the last sweep. */
    void tick() {
        if (!today().equals(judgedOn)) {
            sweep();
        }
    }

    void onEvent(TwinEvent event, Optional<Twin> after) {
        if (after.isEmpty()) {
            if (event.deletesTwin()) {
                raised.remove(event.thingId()); // the alarm service deletes a twin's alarms with it
            }
            return;
        }
        if (OfficeRoom.isRoom(after.get())) {
            room(after.get(), today());
        }
    }

    /** Whether {@code room} has the condition {@code type} raised and not yet reported normal. */
    Optional<Severity> raised(TwinId room, String type) {
        return Optional.ofNullable(raised.getOrDefault(room, Map.of()).get(type));
    }

    LocalDate today() {
        return clock.instant().atZone(rules.settings().zone()).toLocalDate();
    }

    private void room(Twin twin, LocalDate today) {
        OfficeRoom room = OfficeRoom.of(twin);
        Optional<OfficeRules.Vacancy> vacancy = OfficeRules.vacancy(room);
        if (vacancy.isPresent() && keepVacancy(room, vacancy.get(), today)) {
            return; // the write's own event brings the room back to be judged as written
        }
        reconcile(room.id(), rules.judge(room, standards.get(), today), clock.instant());
    }

    /**
     * Writes the start or end of a vacancy, checked again inside the registry's write lock against the room as it
     * is then; true when written. A refusal (the room changed meanwhile, or lies outside the line's grant) is left to
     * the next event.
     */
    private boolean keepVacancy(OfficeRoom room, OfficeRules.Vacancy vacancy, LocalDate today) {
        WriteCondition still = (now, value) -> {
            if (now.isEmpty() || !OfficeRules.vacancy(OfficeRoom.of(now.get())).equals(Optional.of(vacancy))) {
                throw ErrorCode.PRECONDITION_FAILED.exception("The room " + room.id() + " changed meanwhile.");
            }
        };
        try {
            if (vacancy == OfficeRules.Vacancy.START) {
                ObjectNode patch = JsonNodeFactory.instance.objectNode().put("vacantSince", today.toString());
                registry.merge(identity, room.id(), OfficeRoom.VACANT_SINCE.parent(), patch, still);
            } else {
                registry.delete(identity, room.id(), OfficeRoom.VACANT_SINCE, still, false);
            }
            LOG.info("Office {}: vacancy {} ({})", room.id(), vacancy == OfficeRules.Vacancy.START ? "starts "
                    + today : "ends", room.name());
            return true;
        } catch (DayuanException e) {
            LOG.info("Office {}: vacancy not written: {}", room.id(), e.getMessage());
            return false;
        }
    }

    private void reconcile(TwinId room, List<Finding> findings, Instant at) {
        Map<String, Finding> wanted = new LinkedHashMap<>();
        findings.forEach(f -> wanted.putIfAbsent(f.type(), f));
        Map<String, Severity> up = raised.getOrDefault(room, Map.of());
        for (Finding f : wanted.values()) {
            if (up.get(f.type()) != f.severity()) {
                raise(f, at);
            }
        }
        for (String type : List.copyOf(up.keySet())) {
            if (!wanted.containsKey(type)) {
                normal(room, type, at);
            }
        }
    }

    private void raise(Finding f, Instant at) {
        try {
            Twin alarm = alarms.raise(identity, new AlarmCondition(f.room(), f.type(), OfficeRules.LINE, f.severity(),
                    f.name(), f.message(), at, f.details()));
            raised.computeIfAbsent(f.room(), k -> new HashMap<>()).put(f.type(), f.severity());
            LOG.info("Office alarm raised: {} {}", alarm.id(), f.message());
        } catch (DayuanException e) {
            LOG.warn("Office alarm {} on {} not raised: {}", f.type(), f.room(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Office alarm {} on {} not raised: {}", f.type(), f.room(), e.getMessage(), e);
        }
    }

    private void normal(TwinId room, String type, Instant at) {
        try {
            alarms.normal(identity, room, type, at).ifPresent(a -> LOG.info("Office alarm back to normal: {}",
                    a.id()));
            forget(room, type);
        } catch (DayuanException e) {
            if (ErrorCode.THING_NOT_FOUND.equals(e.errorCode())) {
                forget(room, type);
            } else {
                LOG.warn("Office alarm {} on {} not reported normal: {}", type, room, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("Office alarm {} on {} not reported normal: {}", type, room, e.getMessage(), e);
        }
    }

    private void forget(TwinId room, String type) {
        Map<String, Severity> up = raised.get(room);
        if (up != null) {
            up.remove(type);
            if (up.isEmpty()) {
                raised.remove(room);
            }
        }
    }
}
