package org.dayuan.alarms.workorders;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * The work order's rules, free of OSGi, HTTP and the registry: what a new order holds, which step is legal in which
 * state and what it changes, and when an order is overdue. The service only carries these decisions to and from the
 * registry.
 *
 * <pre>
 * open --assign(assignee)--> assigned --done--> done --confirm--> confirmed
 *                            assigned --assign(assignee)--> assigned      (handed to someone else)
 *                                        done --reopen(comment)--> assigned   (not fixed)
 * </pre>
 */
public final class WorkOrderRules {
    public static final String DEFINITION = org.dayuan.alarms.WorkOrders.DEFINITION;
    /** Longest title and description kept; longer ones are refused rather than cut. */
    static final int MAX_TITLE = 200;
    static final int MAX_TEXT = 4000;
    /** The longest time an order may be given: past a year it is a plan, not a work order. */
    static final Duration MAX_SLA = Duration.ofDays(366);

    public static final ErrorCode STEP_ILLEGAL = new ErrorCode("workorders:step.illegal", 409,
            "A work order goes open → assigned → done → confirmed; done may be reopened to assigned. Take the step"
                    + " the order's current state allows.");
    public static final ErrorCode ASSIGNEE_REQUIRED = new ErrorCode("workorders:assignee.required", 400,
            "Name who does the work: {\"assignee\": \"...\"}.");
    public static final ErrorCode COMMENT_REQUIRED = new ErrorCode("workorders:comment.required", 400,
            "Say why the work is not fixed: {\"comment\": \"...\"}.");
    public static final ErrorCode ORDER_INVALID = new ErrorCode("workorders:order.invalid", 400,
            "A work order needs a subject (thingId), a title of 1 to 200 characters, optionally a description, an"
                    + " origin (thingId) and slaHours (more than 0, at most a year).");
    /** Only ever seen inside the service, which retries the step on the order as it is now. */
    static final ErrorCode CHANGED = new ErrorCode("workorders:order.changed", 409,
            "The work order changed while the step was taken; take it again.");

    static final JsonPointer STATE = JsonPointer.of(Twin.ATTRIBUTES, "state");
    static final JsonPointer DUE_AT = JsonPointer.of(Twin.ATTRIBUTES, "dueAt");
    static final JsonPointer OVERDUE = JsonPointer.of(Twin.ATTRIBUTES, "overdue");
    static final JsonPointer ASSIGNEE = JsonPointer.of(Twin.ATTRIBUTES, "assignee");
    static final JsonPointer ORIGIN = JsonPointer.of(Twin.ATTRIBUTES, "origin");
    static final JsonPointer LOG = JsonPointer.of(Twin.ATTRIBUTES, "log");

    private WorkOrderRules() {
    }

    /** Where an order stands; the JSON value is {@link #json()}. */
    public enum State {
        OPEN, ASSIGNED, DONE, CONFIRMED;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether work is still owed: an order open or assigned can run late, one done or confirmed cannot. */
        public boolean pending() {
            return this == OPEN || this == ASSIGNED;
        }

        /** The state named {@code text}, or an IllegalArgumentException. */
        public static State of(String text) {
            for (State s : values()) {
                if (s.json().equals(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("No work order state '" + text + "'");
        }
    }

    /** A step on an order; the JSON and URL value is {@link #json()}. */
    public enum Action {
        OPEN, ASSIGN, DONE, CONFIRM, REOPEN;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The step named {@code text}, or an IllegalArgumentException. */
        public static Action of(String text) {
            for (Action a : values()) {
                if (a.json().equals(text)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("No work order step '" + text + "'");
        }
    }

    public static boolean isOrder(Twin twin) {
        return twin.definition().filter(DEFINITION::equals).isPresent();
    }

    /** The order's state; an order written around the service without one reads as open. */
    public static State state(Twin order) {
        try {
            return order.get(STATE).map(JsonNode::asText).map(State::of).orElse(State.OPEN);
        } catch (IllegalArgumentException e) {
            return State.OPEN;
        }
    }

    /** The checked title: 1 to {@value #MAX_TITLE} characters after trimming. */
    static String title(String title) {
        String t = title == null ? "" : title.strip();
        if (t.isEmpty() || t.length() > MAX_TITLE) {
            throw ORDER_INVALID.exception("The title must have 1 to " + MAX_TITLE + " characters; it has "
                    + t.length() + ".");
        }
        return t;
    }

    /** The time allowed: {@code sla}, or {@code defaultSla} when null; more than zero and at most a year. */
    static Duration sla(Duration sla, Duration defaultSla) {
        Duration d = sla == null ? defaultSla : sla;
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_SLA) > 0) {
            throw ORDER_INVALID.exception("The time allowed must be more than zero and at most " + MAX_SLA.toDays()
                    + " days; it is " + d + ".");
        }
        return d;
    }

    /** The Thing JSON of a new order about {@code subject}, opened at {@code now} by {@code by}. */
    public static ObjectNode newOrder(TwinId subject, String title, String description, TwinId origin, Instant now,
                                      Duration sla, String by) {
        String text = description == null ? "" : description.strip();
        if (text.length() > MAX_TEXT) {
            throw ORDER_INVALID.exception("The description must have at most " + MAX_TEXT + " characters; it has "
                    + text.length() + ".");
        }
        ObjectNode thing = JsonNodeFactory.instance.objectNode();
        thing.put(Twin.DEFINITION, DEFINITION);
        ObjectNode a = thing.putObject(Twin.ATTRIBUTES);
        a.put("name", title(title));
        a.put(Twin.PARENT, subject.toString());
        if (!text.isEmpty()) {
            a.put("description", text);
        }
        if (origin != null) {
            a.put("origin", origin.toString());
        }
        a.put("state", State.OPEN.json());
        a.put("openedAt", now.toString());
        a.put("dueAt", now.plus(sla).toString());
        a.put("overdue", false);
        a.putArray("log").add(entry(Action.OPEN, by, now, "", null));
        return thing;
    }

    /** Refuses {@code action} on an order in {@code state} with a 409 naming the state. */
    static void requireLegal(Twin order, Action action) {
        State state = state(order);
        boolean legal = switch (action) {
            case OPEN -> false;
            case ASSIGN -> state == State.OPEN || state == State.ASSIGNED;
            case DONE -> state == State.ASSIGNED;
            case CONFIRM, REOPEN -> state == State.DONE;
        };
        if (!legal) {
            throw STEP_ILLEGAL.exception("The work order " + order.id() + " is " + state.json() + "; it cannot be "
                    + past(action) + ".");
        }
    }

    private static String past(Action action) {
        return switch (action) {
            case OPEN -> "opened again";
            case ASSIGN -> "assigned";
            case DONE -> "reported done";
            case CONFIRM -> "confirmed";
            case REOPEN -> "reopened";
        };
    }

    /**
     * The merge patch of the order's attributes that takes {@code action} on {@code order} at {@code now}, by
     * {@code by}, with the log entry appended: a 409 {@link #STEP_ILLEGAL} when the state does not allow it, a 400
     * when an assign has no assignee or a reopen no comment.
     */
    public static ObjectNode step(Twin order, Action action, String comment, String assignee, String by,
                                  Instant now) {
        requireLegal(order, action);
        String note = comment == null ? "" : comment.strip();
        String who = assignee == null ? "" : assignee.strip();
        if (note.length() > MAX_TEXT || who.length() > MAX_TITLE) {
            throw ORDER_INVALID.exception("A comment has at most " + MAX_TEXT + " characters, an assignee at most "
                    + MAX_TITLE + ".");
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        State next;
        switch (action) {
            case ASSIGN -> {
                if (who.isEmpty()) {
                    throw ASSIGNEE_REQUIRED.exception("Assigning the work order " + order.id()
                            + " needs an assignee.");
                }
                next = State.ASSIGNED;
                patch.put("assignee", who);
            }
            case DONE -> {
                next = State.DONE;
                patch.put("doneAt", now.toString());
            }
            case CONFIRM -> {
                next = State.CONFIRMED;
                patch.put("confirmedAt", now.toString());
            }
            case REOPEN -> {
                if (note.isEmpty()) {
                    throw COMMENT_REQUIRED.exception("Reopening the work order " + order.id()
                            + " needs a comment saying what is not fixed.");
                }
                next = State.ASSIGNED;
                if (!who.isEmpty()) {
                    patch.put("assignee", who);
                }
            }
            default -> throw new IllegalStateException(action + " passed requireLegal");
        }
        patch.put("state", next.json());
        patch.put("overdue", overdue(next, dueAt(order), now));
        ArrayNode log = order.get(LOG).filter(JsonNode::isArray).map(n -> (ArrayNode) n)
                .orElseGet(JsonNodeFactory.instance::arrayNode);
        log.add(entry(action, by, now, note, who.isEmpty() ? null : who));
        patch.set("log", log);
        return patch;
    }

    private static ObjectNode entry(Action action, String by, Instant at, String comment, String assignee) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("action", action.json()).put("by", by).put("at", at.toString()).put("comment", comment);
        if (assignee != null) {
            e.put("assignee", assignee);
        }
        return e;
    }

    /** Whether an order in {@code state} due at {@code dueAt} is overdue at {@code now}. */
    public static boolean overdue(State state, Optional<Instant> dueAt, Instant now) {
        return state.pending() && dueAt.isPresent() && now.isAfter(dueAt.get());
    }

    /** The value {@code overdue} must have at {@code now}, when it has another now; empty when it is right. */
    public static Optional<Boolean> overdueChange(Twin order, Instant now) {
        boolean should = overdue(state(order), dueAt(order), now);
        boolean is = order.get(OVERDUE).map(JsonNode::asBoolean).orElse(false);
        return should == is ? Optional.empty() : Optional.of(should);
    }

    static Optional<Instant> dueAt(Twin order) {
        try {
            return order.get(DUE_AT).map(JsonNode::asText).map(t -> OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
