package org.dayuan.safety.hazards;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * The hazard (隐患) lifecycle, free of OSGi and HTTP: found → assigned → rectified → rechecked → closed; a failed
 * recheck sends it back to assigned, and a hazard found or assigned may be (re)assigned. Every step records who,
 * when and a comment in {@code log}. A hazard is overdue while it waits for its assignee (found or assigned) past
 * its {@code dueAt}.
 */
public final class Hazards {
    public static final String DEFINITION = "dayuan:Hazard:1.0.0";
    public static final String FOUND = "found";
    public static final String ASSIGNED = "assigned";
    public static final String RECTIFIED = "rectified";
    public static final String RECHECKED = "rechecked";
    public static final String CLOSED = "closed";
    public static final Set<String> ACTIONS = Set.of("assign", "rectify", "recheck", "close");

    public static final ErrorCode STEP = new ErrorCode("safety:hazard.step", 409,
            "A hazard goes found → assigned → rectified → rechecked → closed; a failed recheck returns it to"
                    + " assigned. Take the step its state allows.");
    public static final ErrorCode INVALID = new ErrorCode("safety:hazard.invalid", 400,
            "A hazard needs a name and a parent (the place, a thingId); assign needs an assignee, recheck a boolean"
                    + " passed; dueAt is an ISO-8601 date-time with offset.");

    static final JsonPointer STATE = JsonPointer.of(Twin.ATTRIBUTES, "state");
    static final JsonPointer DUE_AT = JsonPointer.of(Twin.ATTRIBUTES, "dueAt");
    static final JsonPointer OVERDUE = JsonPointer.of(Twin.ATTRIBUTES, "overdue");
    private static final JsonPointer LOG = JsonPointer.of(Twin.ATTRIBUTES, "log");

    private final Duration defaultDue;

    /** @param defaultDue the time an assignee gets when a hazard is assigned without a dueAt */
    public Hazards(Duration defaultDue) {
        if (defaultDue.isNegative() || defaultDue.isZero()) {
            throw new IllegalArgumentException("The default time to rectify must be positive: " + defaultDue);
        }
        this.defaultDue = defaultDue;
    }

    public static boolean isHazard(Twin twin) {
        return twin.definition().filter(DEFINITION::equals).isPresent();
    }

    public static String state(Twin hazard) {
        return hazard.get(STATE).map(JsonNode::asText).orElse(FOUND);
    }

    /**
     * The thing JSON of a hazard reported by {@code by} at {@code now} from a request body {name, parent,
     * description, category, assignee, dueAt}: found, or assigned when the body names an assignee.
     */
    public ObjectNode create(JsonNode body, String by, Instant now) {
        if (body == null || !body.isObject()) {
            throw INVALID.exception("The hazard must be a JSON object.");
        }
        String name = text(body, "name", true);
        String parent = text(body, "parent", true);
        try {
            TwinId.of(parent);
        } catch (RuntimeException e) {
            throw INVALID.exception("The parent '" + parent + "' is not a thingId '<namespace>:<name>'.");
        }
        String assignee = text(body, "assignee", false);
        Optional<Instant> due = dueAt(body);
        ObjectNode thing = JsonNodeFactory.instance.objectNode();
        thing.put(Twin.DEFINITION, DEFINITION);
        ObjectNode a = thing.putObject(Twin.ATTRIBUTES);
        a.put("name", name).put("parent", parent);
        putIf(a, "description", text(body, "description", false));
        putIf(a, "category", text(body, "category", false));
        a.put("foundAt", now.toString()).put("foundBy", by);
        a.put("state", assignee == null ? FOUND : ASSIGNED);
        if (assignee != null) {
            a.put("assignee", assignee).put("dueAt", due.orElse(now.plus(defaultDue)).toString());
        } else {
            due.ifPresent(d -> a.put("dueAt", d.toString()));
        }
        a.put("overdue", false);
        ArrayNode log = a.putArray("log");
        log.add(entry("found", by, now, text(body, "comment", false)));
        if (assignee != null) {
            log.add(entry("assign", by, now, null).put("assignee", assignee));
        }
        return thing;
    }

    /**
     * The merge patch of the hazard's attributes that takes {@code action} ({@link #ACTIONS}) with the request
     * {@code body} {comment, assignee, dueAt, passed}, by {@code by} at {@code now}; {@link #STEP} naming the state
     * when the hazard is not in a state to take it, {@link #INVALID} when the body lacks what the step needs.
     */
    public ObjectNode step(Twin hazard, String action, JsonNode body, String by, Instant now) {
        JsonNode b = body == null || body.isNull() || body.isMissingNode() ? JsonNodeFactory.instance.objectNode()
                : body;
        if (!b.isObject()) {
            throw INVALID.exception("The body of a hazard step must be a JSON object.");
        }
        String state = state(hazard);
        String comment = text(b, "comment", false);
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode entry = entry(action, by, now, comment);
        switch (action) {
            case "assign" -> {
                require(hazard, state, action, FOUND, ASSIGNED);
                String assignee = text(b, "assignee", true);
                Instant due = dueAt(b).orElse(now.plus(defaultDue));
                patch.put("state", ASSIGNED).put("assignee", assignee).put("dueAt", due.toString())
                        .put("overdue", due.isBefore(now));
                entry.put("assignee", assignee);
            }
            case "rectify" -> {
                require(hazard, state, action, ASSIGNED);
                patch.put("state", RECTIFIED).put("rectifiedAt", now.toString()).put("overdue", false);
            }
            case "recheck" -> {
                require(hazard, state, action, RECTIFIED);
                JsonNode passed = b.get("passed");
                if (passed == null || !passed.isBoolean()) {
                    throw INVALID.exception("A recheck needs \"passed\": true or false.");
                }
                entry.put("passed", passed.asBoolean());
                if (passed.asBoolean()) {
                    patch.put("state", RECHECKED).put("recheckedAt", now.toString()).put("recheckedBy", by);
                } else {
                    Instant due = dueAt(b).orElse(now.plus(defaultDue));
                    patch.put("state", ASSIGNED).put("dueAt", due.toString()).put("overdue", false);
                }
            }
            case "close" -> {
                require(hazard, state, action, RECHECKED);
                patch.put("state", CLOSED).put("closedAt", now.toString()).put("closedBy", by).put("overdue", false);
            }
            default -> throw INVALID.exception("There is no hazard step '" + action + "'; the steps are assign,"
                    + " rectify, recheck and close.");
        }
        ArrayNode log = hazard.get(LOG).filter(JsonNode::isArray).map(n -> (ArrayNode) n)
                .orElseGet(JsonNodeFactory.instance::arrayNode);
        log.add(entry);
        patch.set("log", log);
        return patch;
    }

    /** Whether the hazard waits for its assignee past its dueAt at {@code now}. */
    public static boolean overdue(Twin hazard, Instant now) {
        String state = state(hazard);
        if (!FOUND.equals(state) && !ASSIGNED.equals(state)) {
            return false;
        }
        return hazard.get(DUE_AT).flatMap(d -> instant(d.asText())).map(now::isAfter).orElse(false);
    }

    public static boolean open(Twin hazard) {
        return !CLOSED.equals(state(hazard));
    }

    private static void require(Twin hazard, String state, String action, String... allowed) {
        for (String s : allowed) {
            if (s.equals(state)) {
                return;
            }
        }
        throw STEP.exception("The hazard " + hazard.id() + " is " + state + "; '" + action + "' needs it "
                + String.join(" or ", allowed) + ".");
    }

    private static ObjectNode entry(String action, String by, Instant at, String comment) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("action", action).put("by", by).put("at", at.toString()).put("comment", comment == null ? "" : comment);
        return e;
    }

    private static Optional<Instant> dueAt(JsonNode body) {
        String text = text(body, "dueAt", false);
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(instant(text).orElseThrow(() -> INVALID.exception("The dueAt '" + text
                + "' is not an ISO-8601 date-time with offset.")));
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw INVALID.exception("The field '" + field + "' is missing.");
            }
            return null;
        }
        if (!v.isTextual() || (required && v.asText().isBlank())) {
            throw INVALID.exception("The field '" + field + "' must be a" + (required ? " non-empty" : "")
                    + " string.");
        }
        return v.asText();
    }

    private static void putIf(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
