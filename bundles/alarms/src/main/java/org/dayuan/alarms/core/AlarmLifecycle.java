package org.dayuan.alarms.core;

import static org.dayuan.alarms.core.AlarmTwins.instant;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.alarms.AlarmAction;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.AlarmState;
import org.dayuan.alarms.AlarmStep;
import org.dayuan.alarms.Severity;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * The alarm lifecycle of {@link AlarmState} as rules on alarm twins: each method looks at an alarm as it is and
 * answers the merge patch of its attributes that a raise, repeat, return to normal, step or escalation makes, or
 * refuses it. No OSGi and no registry: the service applies the patches, and calls the same method again inside the
 * registry's write lock so that a decision is never taken on a state that changed meanwhile.
 */
public final class AlarmLifecycle {
    public static final ErrorCode STEP_ILLEGAL = new ErrorCode("alarms:step.illegal", 409,
            "Alarms move unacknowledged → acknowledged → verified → closed; only unacknowledged or acknowledged"
                    + " alarms are shelved, any open alarm may be taken out of service. Read the alarm's state first.");
    public static final ErrorCode STEP_INVALID = new ErrorCode("alarms:step.invalid", 400,
            "verify needs a result (real, false or test); shelve needs an 'until' instant in the future, within the"
                    + " configured maxShelveHours; result and until go with no other step.");
    public static final ErrorCode ALARM_INVALID = new ErrorCode("alarms:alarm.invalid", 400,
            "An alarm needs a source thingId, a type '<line>.<what>' of lower-case letters, digits, dots and dashes,"
                    + " a line, a severity (info, warning, major, critical) and a name.");

    /** How many raise instants {@code seen} keeps. */
    public static final int SEEN_LIMIT = 20;
    public static final String RAISE = "raise";
    public static final String REASON_ACKNOWLEDGE = "acknowledge";
    public static final String REASON_VERIFY = "verify";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final java.util.regex.Pattern TYPE = java.util.regex.Pattern.compile(
            "[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");

    /**
     * @param acknowledgeWithin T1: an alarm unacknowledged for longer after its raise is escalated
     * @param verifyWithin      T2: an alarm acknowledged and not verified for longer after its acknowledgement is
     *                          escalated
     * @param maxShelve         the longest shelving allowed
     * @param logLimit          how many entries {@code log} and {@code deliveries} keep (the newest)
     */
    public record Settings(Duration acknowledgeWithin, Duration verifyWithin, Duration maxShelve, int logLimit) {
        public Settings {
            if (logLimit < 1) {
                throw new IllegalArgumentException("logLimit must be at least 1, not " + logLimit);
            }
        }
    }

    private final Settings settings;

    public AlarmLifecycle(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** A 400 unless {@code type} is {@code <line>.<what>} in lower case. */
    public static void checkType(String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw ALARM_INVALID.exception("The alarm type '" + type + "' is not '<line>.<what>' in lower-case"
                    + " letters, digits, dots and dashes.");
        }
    }

    /** The whole twin of a new alarm for {@code condition}, raised by {@code by}. */
    public ObjectNode newAlarm(AlarmCondition condition, String by) {
        checkType(condition.type());
        if (condition.name().isBlank() || condition.line().isBlank()) {
            throw ALARM_INVALID.exception("An alarm needs a name and a line; " + condition.type() + " on "
                    + condition.source() + " has " + (condition.name().isBlank() ? "no name." : "no line."));
        }
        String at = instant(condition.at());
        ObjectNode a = NODES.objectNode();
        a.put(AlarmTwins.NAME, condition.name());
        a.put(Twin.PARENT, condition.source().toString());
        a.put(AlarmTwins.SOURCE, condition.source().toString());
        a.put(AlarmTwins.TYPE, condition.type());
        a.put(AlarmTwins.LINE, condition.line());
        a.put(AlarmTwins.SEVERITY, condition.severity().json());
        a.put(AlarmTwins.MESSAGE, condition.message());
        a.put(AlarmTwins.STATE, AlarmState.UNACKNOWLEDGED.json());
        a.put(AlarmTwins.ACTIVE, true);
        a.put(AlarmTwins.RAISED_AT, at);
        a.put(AlarmTwins.LAST_SEEN, at);
        a.put(AlarmTwins.COUNT, 1);
        a.putArray(AlarmTwins.SEEN).add(at);
        a.putArray(AlarmTwins.ESCALATIONS);
        a.putArray(AlarmTwins.LOG).add(entry(RAISE, by, at, condition.message()));
        a.putArray(AlarmTwins.DELIVERIES);
        if (condition.details() != null) {
            a.set(AlarmTwins.DETAILS, condition.details().deepCopy());
        }
        ObjectNode thing = NODES.objectNode();
        thing.put(Twin.DEFINITION, AlarmTwins.DEFINITION);
        thing.set(Twin.ATTRIBUTES, a);
        return thing;
    }

    /**
     * A repeat of the open {@code alarm}'s condition: counted, seen, active again, the latest severity, name, message
     * and details (a condition whose urgency changed, e.g. a lease now within its last 30 days, says so on its alarm).
     */
    public ObjectNode repeat(Twin alarm, AlarmCondition condition) {
        requireOpen(alarm, RAISE);
        String at = instant(condition.at());
        ObjectNode patch = NODES.objectNode();
        JsonNode count = AlarmTwins.attribute(alarm, AlarmTwins.COUNT);
        patch.put(AlarmTwins.COUNT, (count == null ? 1 : count.asLong()) + 1);
        patch.put(AlarmTwins.LAST_SEEN, at);
        patch.put(AlarmTwins.ACTIVE, true);
        patch.set(AlarmTwins.SEEN, appendBounded(alarm, AlarmTwins.SEEN, NODES.textNode(at), SEEN_LIMIT));
        patch.put(AlarmTwins.MESSAGE, condition.message());
        patch.put(AlarmTwins.SEVERITY, condition.severity().json());
        patch.put(AlarmTwins.NAME, condition.name());
        if (condition.details() != null) {
            patch.set(AlarmTwins.DETAILS, condition.details().deepCopy());
        }
        return patch;
    }

    /**
     * Whether a repeat on {@code before} is told to the notifiers as a raise: only when the condition had returned
     * to normal and comes back (a still-active condition is one event, however often the line reports it), and not
     * while the alarm is shelved or out of service, which is what those states are for.
     */
    public static boolean repeatNotifies(Twin before) {
        AlarmState state = AlarmTwins.state(before);
        JsonNode active = AlarmTwins.attribute(before, AlarmTwins.ACTIVE);
        return state != AlarmState.SHELVED && state != AlarmState.OUT_OF_SERVICE
                && active != null && !active.asBoolean();
    }

    /**
     * {@link #repeatNotifies(Twin)}, and also a repeat that raises the alarm's severity: a notifier that only takes
     * major alarms hears of a warning that became major. Not while shelved or out of service.
     */
    public static boolean repeatNotifies(Twin before, AlarmCondition condition) {
        if (repeatNotifies(before)) {
            return true;
        }
        AlarmState state = AlarmTwins.state(before);
        if (state == AlarmState.SHELVED || state == AlarmState.OUT_OF_SERVICE) {
            return false;
        }
        try {
            return condition.severity().compareTo(Severity.of(AlarmTwins.text(before, AlarmTwins.SEVERITY))) > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The condition's return to normal: inactive, normalAt. Empty when the alarm is closed or already inactive. */
    public Optional<ObjectNode> normal(Twin alarm, Instant at) {
        JsonNode active = AlarmTwins.attribute(alarm, AlarmTwins.ACTIVE);
        if (!AlarmTwins.state(alarm).open() || active == null || !active.asBoolean()) {
            return Optional.empty();
        }
        ObjectNode patch = NODES.objectNode();
        patch.put(AlarmTwins.ACTIVE, false);
        patch.put(AlarmTwins.NORMAL_AT, instant(at));
        return Optional.of(patch);
    }

    /** The states each step starts from. */
    private static Set<AlarmState> from(AlarmAction action) {
        return switch (action) {
            case ACKNOWLEDGE -> EnumSet.of(AlarmState.UNACKNOWLEDGED);
            case SHELVE -> EnumSet.of(AlarmState.UNACKNOWLEDGED, AlarmState.ACKNOWLEDGED);
            case UNSHELVE -> EnumSet.of(AlarmState.SHELVED);
            case OUT_OF_SERVICE -> EnumSet.of(AlarmState.UNACKNOWLEDGED, AlarmState.ACKNOWLEDGED,
                    AlarmState.VERIFIED, AlarmState.SHELVED);
            case RETURN_TO_SERVICE -> EnumSet.of(AlarmState.OUT_OF_SERVICE);
            case VERIFY -> EnumSet.of(AlarmState.ACKNOWLEDGED);
            case CLOSE -> EnumSet.of(AlarmState.VERIFIED);
        };
    }

    /**
     * The patch of one lifecycle step by {@code by} at {@code now}: the new state, the step's *At/*By attributes and
     * a log entry. A 400 {@link #STEP_INVALID} for a step without what it needs (checked first: it is wrong in any
     * state), a 409 {@link #STEP_ILLEGAL} naming the alarm, the step and the current state for one the state does
     * not allow.
     */
    public ObjectNode step(Twin alarm, AlarmStep step, String by, Instant now) {
        AlarmAction action = step.action();
        checkInputs(alarm.id(), step, now);
        AlarmState state = AlarmTwins.state(alarm);
        Set<AlarmState> allowed = from(action);
        if (!allowed.contains(state)) {
            throw STEP_ILLEGAL.exception("Cannot " + action.json() + " alarm " + alarm.id() + ": it is "
                    + state.json() + "; " + action.json() + " is allowed only when it is "
                    + String.join(" or ", allowed.stream().map(AlarmState::json).toList()) + ".");
        }
        String at = instant(now);
        ObjectNode patch = NODES.objectNode();
        AlarmState next = switch (action) {
            case ACKNOWLEDGE -> AlarmState.ACKNOWLEDGED;
            case SHELVE -> AlarmState.SHELVED;
            case UNSHELVE -> shelvedFrom(alarm);
            case OUT_OF_SERVICE -> AlarmState.OUT_OF_SERVICE;
            case RETURN_TO_SERVICE -> AlarmState.UNACKNOWLEDGED;
            case VERIFY -> AlarmState.VERIFIED;
            case CLOSE -> AlarmState.CLOSED;
        };
        patch.put(AlarmTwins.STATE, next.json());
        switch (action) {
            case ACKNOWLEDGE -> stamp(patch, "acknowledged", by, at);
            case VERIFY -> {
                stamp(patch, "verified", by, at);
                patch.put(AlarmTwins.RESULT, step.result().json());
            }
            case CLOSE -> stamp(patch, "closed", by, at);
            case SHELVE -> {
                patch.put(AlarmTwins.SHELVED_UNTIL, instant(step.until()));
                patch.put(AlarmTwins.SHELVED_FROM, state.json());
            }
            default -> { }
        }
        if (state == AlarmState.SHELVED) {
            patch.putNull(AlarmTwins.SHELVED_UNTIL);
            patch.putNull(AlarmTwins.SHELVED_FROM);
        }
        ObjectNode entry = entry(action.json(), by, at, step.comment());
        if (step.result() != null) {
            entry.put("result", step.result().json());
        }
        if (step.until() != null) {
            entry.put("until", instant(step.until()));
        }
        patch.set(AlarmTwins.LOG, appendBounded(alarm, AlarmTwins.LOG, entry, settings.logLimit()));
        return patch;
    }

    private void checkInputs(TwinId id, AlarmStep step, Instant now) {
        AlarmAction action = step.action();
        if (action == AlarmAction.VERIFY && step.result() == null) {
            throw STEP_INVALID.exception("Verifying alarm " + id + " needs a result: real, false or test.");
        }
        if (action != AlarmAction.VERIFY && step.result() != null) {
            throw STEP_INVALID.exception("A result goes only with verify, not with " + action.json() + " of alarm "
                    + id + ".");
        }
        if (action == AlarmAction.SHELVE) {
            if (step.until() == null || !step.until().isAfter(now)) {
                throw STEP_INVALID.exception("Shelving alarm " + id + " needs an 'until' in the future, not "
                        + (step.until() == null ? "none" : step.until()) + ".");
            }
            if (step.until().isAfter(now.plus(settings.maxShelve()))) {
                throw STEP_INVALID.exception("Alarm " + id + " may be shelved for at most "
                        + settings.maxShelve().toHours() + " hours, until " + now.plus(settings.maxShelve())
                        + ", not until " + step.until() + ".");
            }
        } else if (step.until() != null) {
            throw STEP_INVALID.exception("An 'until' goes only with shelve, not with " + action.json() + " of alarm "
                    + id + ".");
        }
    }

    private static AlarmState shelvedFrom(Twin alarm) {
        String from = AlarmTwins.text(alarm, AlarmTwins.SHELVED_FROM);
        try {
            AlarmState s = from == null ? AlarmState.UNACKNOWLEDGED : AlarmState.of(from);
            // A shelvedFrom written by hand must not send the alarm anywhere shelving cannot start from.
            return s == AlarmState.ACKNOWLEDGED ? s : AlarmState.UNACKNOWLEDGED;
        } catch (IllegalArgumentException e) {
            return AlarmState.UNACKNOWLEDGED;
        }
    }

    /** The escalation due on {@code alarm} at {@code now}, if one is: each reason at most once per alarm. */
    public Optional<String> escalationDue(Twin alarm, Instant now) {
        AlarmState state = AlarmTwins.state(alarm);
        if (state == AlarmState.UNACKNOWLEDGED) {
            return due(alarm, REASON_ACKNOWLEDGE, AlarmTwins.RAISED_AT, settings.acknowledgeWithin(), now);
        }
        if (state == AlarmState.ACKNOWLEDGED) {
            return due(alarm, REASON_VERIFY, "acknowledgedAt", settings.verifyWithin(), now);
        }
        return Optional.empty();
    }

    private static Optional<String> due(Twin alarm, String reason, String since, Duration within, Instant now) {
        Instant start = parse(AlarmTwins.text(alarm, since));
        if (start == null || !now.isAfter(start.plus(within)) || escalated(alarm, reason)) {
            return Optional.empty();
        }
        return Optional.of(reason);
    }

    private static boolean escalated(Twin alarm, String reason) {
        JsonNode escalations = AlarmTwins.attribute(alarm, AlarmTwins.ESCALATIONS);
        if (escalations != null) {
            for (JsonNode e : escalations) {
                if (reason.equals(e.path("reason").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The patch recording escalation {@code reason}; empty when it is no longer due (the alarm moved on). */
    public Optional<ObjectNode> escalate(Twin alarm, String reason, Instant now) {
        if (!escalationDue(alarm, now).filter(reason::equals).isPresent()) {
            return Optional.empty();
        }
        ObjectNode e = NODES.objectNode();
        e.put("reason", reason);
        e.put("at", instant(now));
        ObjectNode patch = NODES.objectNode();
        // Each reason is recorded once, so the array is bounded by the number of reasons.
        patch.set(AlarmTwins.ESCALATIONS, appendBounded(alarm, AlarmTwins.ESCALATIONS, e, Integer.MAX_VALUE));
        return Optional.of(patch);
    }

    /** Whether {@code alarm} is shelved and its shelving has expired at {@code now}. */
    public static boolean shelvingExpired(Twin alarm, Instant now) {
        if (AlarmTwins.state(alarm) != AlarmState.SHELVED) {
            return false;
        }
        Instant until = parse(AlarmTwins.text(alarm, AlarmTwins.SHELVED_UNTIL));
        return until == null || !now.isBefore(until);
    }

    /** The patch appending one delivery record. */
    public ObjectNode delivery(Twin alarm, ObjectNode record) {
        ObjectNode patch = NODES.objectNode();
        patch.set(AlarmTwins.DELIVERIES, appendBounded(alarm, AlarmTwins.DELIVERIES, record, settings.logLimit()));
        return patch;
    }

    private static void requireOpen(Twin alarm, String what) {
        AlarmState state = AlarmTwins.state(alarm);
        if (!state.open()) {
            throw STEP_ILLEGAL.exception("Cannot " + what + " alarm " + alarm.id() + ": it is " + state.json() + ".");
        }
    }

    private static void stamp(ObjectNode patch, String prefix, String by, String at) {
        patch.put(prefix + "At", at);
        patch.put(prefix + "By", by);
    }

    private static ObjectNode entry(String action, String by, String at, String comment) {
        ObjectNode e = NODES.objectNode();
        e.put("action", action);
        e.put("by", by);
        e.put("at", at);
        e.put("comment", comment == null ? "" : comment);
        return e;
    }

    /** The array attribute {@code name} with {@code item} appended, the oldest dropped beyond {@code limit}. */
    private static ArrayNode appendBounded(Twin alarm, String name, JsonNode item, int limit) {
        ArrayNode out = NODES.arrayNode();
        JsonNode old = AlarmTwins.attribute(alarm, name);
        if (old != null && old.isArray()) {
            int skip = Math.max(0, old.size() + 1 - limit);
            for (int i = skip; i < old.size(); i++) {
                out.add(old.get(i));
            }
        }
        out.add(item);
        return out;
    }

    /** An instant as written in an alarm; null when missing or unreadable. */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
