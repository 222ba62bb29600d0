package org.dayuan.fleet.trips;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * The trip order (派车单) workflow, free of OSGi and HTTP: what a request becomes, which step each state allows, who
 * may take it, and what each step writes.
 *
 * <p>States: requested → approved | rejected | cancelled; approved → dispatched | cancelled; dispatched → onTrip |
 * cancelled; onTrip → returned; returned → closed. Roles: approve, reject, dispatch and close are a manager's (or an
 * admin's) decisions; request, cancel, start and return are an integrator's or above (the office that uses the car);
 * viewers only read. Every step appends {action, by, at, comment} to {@code log}.
 */
public final class TripOrders {
    public static final ErrorCode ILLEGAL_STEP = new ErrorCode("fleet:trip.illegalstep", 409,
            "A trip order goes requested → approved → dispatched → onTrip → returned → closed; a request may be"
                    + " rejected, and an order not yet on trip cancelled. Take the step its state allows.");
    public static final ErrorCode INVALID = new ErrorCode("fleet:trip.invalid", 400,
            "A trip request needs organisation (a thingId), purpose, destination {name, lat, lon}, plannedStart and"
                    + " plannedEnd (ISO 8601 with offset, end after start); passengers 1 to 60 and corridorMeters"
                    + " >= 0 are optional. A dispatch needs vehicle (a thingId) and driver.");
    public static final ErrorCode VEHICLE_BUSY = new ErrorCode("fleet:trip.vehiclebusy", 409,
            "The vehicle is on another dispatched or running order whose window overlaps this one; dispatch another"
                    + " car or wait until that order is returned or cancelled.");

    public static final String REQUEST = "request";
    public static final String APPROVE = "approve";
    public static final String REJECT = "reject";
    public static final String DISPATCH = "dispatch";
    public static final String START = "start";
    public static final String RETURN = "return";
    public static final String CLOSE = "close";
    public static final String CANCEL = "cancel";

    /** Per step: the states it may be taken from, and the state it leads to. */
    private record Transition(Set<String> from, String to) {
    }

    private static final Map<String, Transition> STEPS = Map.of(
            APPROVE, new Transition(Set.of(Trip.REQUESTED), Trip.APPROVED),
            REJECT, new Transition(Set.of(Trip.REQUESTED), Trip.REJECTED),
            DISPATCH, new Transition(Set.of(Trip.APPROVED), Trip.DISPATCHED),
            START, new Transition(Set.of(Trip.DISPATCHED), Trip.ON_TRIP),
            RETURN, new Transition(Set.of(Trip.ON_TRIP), Trip.RETURNED),
            CLOSE, new Transition(Set.of(Trip.RETURNED), Trip.CLOSED),
            CANCEL, new Transition(Set.of(Trip.REQUESTED, Trip.APPROVED, Trip.DISPATCHED), Trip.CANCELLED));
    public static final Set<String> ACTIONS = STEPS.keySet();
    /** Steps that decide about the car: a manager's. */
    private static final Set<String> DECISIONS = Set.of(APPROVE, REJECT, DISPATCH, CLOSE);
    private static final Set<String> MANAGERS = Set.of(Caller.ROLE_ADMIN, Caller.ROLE_MANAGER);
    private static final Set<String> USERS = Set.of(Caller.ROLE_ADMIN, Caller.ROLE_MANAGER, Caller.ROLE_INTEGRATOR);
    public static final Set<String> STATES = Set.of(Trip.REQUESTED, Trip.APPROVED, Trip.REJECTED, Trip.DISPATCHED,
            Trip.ON_TRIP, Trip.RETURNED, Trip.CLOSED, Trip.CANCELLED);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final int defaultCorridorMeters;

    public TripOrders(int defaultCorridorMeters) {
        this.defaultCorridorMeters = defaultCorridorMeters;
    }

    /**
     * Refuses {@code action} ({@link #REQUEST} or a step) to a caller whose roles do not allow it. Checked on the
     * user's own roles: through the line's grant a manager acts as an integrator, so the registry cannot tell them
     * apart.
     */
    public static void requireRole(Caller caller, String action) {
        Set<String> allowed = DECISIONS.contains(action) ? MANAGERS : USERS;
        if (caller.roles().stream().noneMatch(allowed::contains)) {
            throw ErrorCode.ACCESS_FORBIDDEN.exception("'" + caller.subject() + "' with role(s) " + caller.roles()
                    + " may not " + action + " a trip order; that needs "
                    + (allowed == MANAGERS ? "manager or admin." : "integrator, manager or admin."));
        }
    }

    /** The organisation a request body names; {@link #INVALID} when missing or not a thingId. */
    public static TwinId organisation(JsonNode body) {
        requireObject(body, "A trip request");
        return thingId(body, "organisation");
    }

    /** The thing JSON of the order {@code by} requests at {@code now} from {@code body} (see {@link #INVALID}). */
    public ObjectNode request(JsonNode body, String by, Instant now) {
        requireObject(body, "A trip request");
        TwinId organisation = thingId(body, "organisation");
        String purpose = text(body, "purpose");
        ObjectNode destination = place(body, "destination", true);
        ObjectNode origin = body.hasNonNull("origin") ? place(body, "origin", false) : null;
        OffsetDateTime start = time(body, "plannedStart");
        OffsetDateTime end = time(body, "plannedEnd");
        if (!end.isAfter(start)) {
            throw INVALID.exception("The plannedEnd " + end + " is not after the plannedStart " + start + ".");
        }
        ObjectNode thing = NODES.objectNode();
        thing.put(Twin.DEFINITION, Trip.MODEL);
        ObjectNode a = thing.putObject(Twin.ATTRIBUTES);
        a.put("name", "派车单 " + start.toLocalDate() + " " + start.toLocalTime() + " → "
                + destination.path("name").asText());
        a.put("parent", organisation.toString()).put("organisation", organisation.toString());
        a.put("requester", by).put("purpose", purpose);
        if (body.hasNonNull("passengers")) {
            JsonNode p = body.get("passengers");
            if (!p.isIntegralNumber() || p.asInt() < 1 || p.asInt() > 60) {
                throw INVALID.exception("The field 'passengers' must be a whole number from 1 to 60, not " + p + ".");
            }
            a.put("passengers", p.asInt());
        }
        if (origin != null) {
            a.set("origin", origin);
        }
        a.set("destination", destination);
        double corridor = defaultCorridorMeters;
        if (body.hasNonNull("corridorMeters")) {
            JsonNode c = body.get("corridorMeters");
            if (!c.isNumber() || c.asDouble() < 0) {
                throw INVALID.exception("The field 'corridorMeters' must be a number >= 0, not " + c + ".");
            }
            corridor = c.asDouble();
        }
        a.put("corridorMeters", corridor);
        a.put("plannedStart", start.toString()).put("plannedEnd", end.toString());
        a.put("state", Trip.REQUESTED);
        a.putArray("log").add(entry(REQUEST, by, now, comment(body)));
        return thing;
    }

    /**
     * The merge patch of the order's attributes that takes {@code action} by {@code by} at {@code now}: the new
     * state, what the step records, and the log with its entry. {@link #ILLEGAL_STEP} naming state and step when the
     * order's state does not allow it; {@link #INVALID} when the body lacks what the step needs. What the registry or
     * the track must add (actual figures) the caller merges in afterwards.
     */
    public ObjectNode step(Twin order, String action, JsonNode body, String by, Instant now) {
        Transition t = STEPS.get(action);
        if (t == null) {
            throw INVALID.exception("There is no trip step '" + action + "'; the steps are "
                    + String.join(", ", ACTIONS.stream().sorted().toList()) + ".");
        }
        JsonNode b = body == null || body.isNull() || body.isMissingNode() ? NODES.objectNode() : body;
        requireObject(b, "The body of a trip step");
        String state = state(order);
        if (!t.from().contains(state)) {
            throw ILLEGAL_STEP.exception("The trip order " + order.id() + " is " + state + "; '" + action
                    + "' needs it " + String.join(" or ", t.from().stream().sorted().toList()) + ".");
        }
        ObjectNode patch = NODES.objectNode();
        patch.put("state", t.to());
        ObjectNode entry = entry(action, by, now, comment(b));
        switch (action) {
            case APPROVE, REJECT -> patch.put("approver", by);
            case DISPATCH -> {
                patch.put("vehicle", thingId(b, "vehicle").toString()).put("driver", text(b, "driver"));
                entry.put("vehicle", patch.get("vehicle").asText()).put("driver", patch.get("driver").asText());
            }
            default -> { }
        }
        ArrayNode log = NODES.arrayNode();
        JsonNode kept = order.toJson().path(Twin.ATTRIBUTES).path("log");
        if (kept.isArray()) {
            log.addAll((ArrayNode) kept);
        }
        log.add(entry);
        patch.set("log", log);
        return patch;
    }

    public static String state(Twin order) {
        return order.toJson().path(Twin.ATTRIBUTES).path("state").asText("");
    }

    public static boolean isOrder(Twin twin) {
        return twin.definition().filter(Trip.MODEL::equals).isPresent();
    }

    /** The states {@code action} may be taken from (for messages and tests). */
    public static List<String> from(String action) {
        return STEPS.get(action).from().stream().sorted().toList();
    }

    private static ObjectNode entry(String action, String by, Instant at, String comment) {
        ObjectNode e = NODES.objectNode();
        e.put("action", action).put("by", by).put("at", at.toString()).put("comment", comment);
        return e;
    }

    private static void requireObject(JsonNode body, String what) {
        if (body == null || !body.isObject()) {
            throw INVALID.exception(what + " must be a JSON object.");
        }
    }

    private static String comment(JsonNode body) {
        JsonNode c = body.get("comment");
        if (c == null || c.isNull()) {
            return "";
        }
        if (!c.isTextual()) {
            throw INVALID.exception("The field 'comment' must be a string.");
        }
        return c.asText();
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw INVALID.exception("The field '" + field + "' is missing.");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw INVALID.exception("The field '" + field + "' must be a non-empty string.");
        }
        return v.asText().trim();
    }

    private static TwinId thingId(JsonNode body, String field) {
        String text = text(body, field);
        try {
            return TwinId.of(text);
        } catch (RuntimeException e) {
            throw INVALID.exception("The field '" + field + "' is not a thingId '<namespace>:<name>': '" + text
                    + "'.");
        }
    }

    private static OffsetDateTime time(JsonNode body, String field) {
        String text = text(body, field);
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw INVALID.exception("The field '" + field + "' is not an ISO 8601 date-time with offset: '" + text
                    + "'.");
        }
    }

    private static ObjectNode place(JsonNode body, String field, boolean nameRequired) {
        JsonNode p = body.get(field);
        if (p == null || p.isNull()) {
            throw INVALID.exception("The field '" + field + "' is missing.");
        }
        if (!p.isObject()) {
            throw INVALID.exception("The field '" + field + "' must be an object {name, lat, lon}.");
        }
        JsonNode lat = p.get("lat");
        JsonNode lon = p.get("lon");
        if (lat == null || !lat.isNumber() || Math.abs(lat.asDouble()) > 90) {
            throw INVALID.exception("The field '" + field + ".lat' must be a latitude from -90 to 90.");
        }
        if (lon == null || !lon.isNumber() || Math.abs(lon.asDouble()) > 180) {
            throw INVALID.exception("The field '" + field + ".lon' must be a longitude from -180 to 180.");
        }
        ObjectNode out = NODES.objectNode();
        JsonNode name = p.get("name");
        if (name != null && !name.isNull() || nameRequired) {
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw INVALID.exception("The field '" + field + ".name' must be a non-empty string.");
            }
            out.put("name", name.asText().trim());
        }
        out.put("lat", lat.asDouble()).put("lon", lon.asDouble());
        return out;
    }
}
