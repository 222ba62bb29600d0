package org.dayuan.office.workflow;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.office.OfficeRoom;
import org.dayuan.office.OfficeRoom.Occupant;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinWrite;

/**
 * 调剂 (reallocation, {@code dayuan:OfficeReallocation:1.0.0}): an occupant moved from one room to another
 * ({@code move}), or an idle room given to an organisation ({@code assign}). submitted → reviewed → approved →
 * moved; rejected from submitted or reviewed; cancelled before the move. The move changes the request and both rooms
 * in one write, or nothing.
 */
public final class Reallocations implements Workflow {
    public static final String MODEL = "dayuan:OfficeReallocation:1.0.0";
    public static final String MOVE = "move";
    public static final String ASSIGN = "assign";
    public static final String SUBMITTED = "submitted";
    public static final String REVIEWED = "reviewed";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String MOVED = "moved";
    public static final String CANCELLED = "cancelled";

    public static final ErrorCode INVALID = new ErrorCode("office:reallocation.invalid", 400,
            "A reallocation needs organisation (a thingId), kind (move or assign), toRoom, reason; a move also"
                    + " fromRoom and occupant {id or name} (a person in fromRoom), toOrganisation optional; an assign"
                    + " toOrganisation and optionally occupants [{id, name, rank, level}].");
    public static final ErrorCode ILLEGAL_STEP = new ErrorCode("office:reallocation.illegalstep", 409,
            "A reallocation goes submitted → reviewed → approved → moved; it may be rejected before approval and"
                    + " cancelled before the move. Take the step its state allows.");
    public static final ErrorCode STALE = new ErrorCode("office:reallocation.stale", 409,
            "The rooms no longer hold what the reallocation was approved on (the person has left the room, or the"
                    + " target room is taken, let out, under repair or disposed). Nothing was moved; reject or cancel"
                    + " the request and submit a new one.");
    public static final ErrorCode UNAVAILABLE = new ErrorCode("office:room.unavailable", 409,
            "The target room cannot take the occupant: it is let out, under repair or disposed, or another"
                    + " organisation's room with people in it (an assign needs an idle, empty room).");
    public static final ErrorCode NO_OCCUPANT = new ErrorCode("office:occupant.notfound", 404,
            "Name a person who sits in fromRoom, by id (personnel number) or by name.");

    private static final StepTable STEPS = new StepTable("reallocation request", ILLEGAL_STEP, StepTable.USERS, List.of(
            StepTable.Step.of("review", Set.of(SUBMITTED), REVIEWED, StepTable.MANAGERS),
            StepTable.Step.of("approve", Set.of(REVIEWED), APPROVED, StepTable.MANAGERS),
            StepTable.Step.of("reject", Set.of(SUBMITTED, REVIEWED), REJECTED, StepTable.MANAGERS),
            StepTable.Step.of("move", Set.of(APPROVED), MOVED, StepTable.MANAGERS),
            StepTable.Step.of("cancel", Set.of(SUBMITTED, REVIEWED, APPROVED), CANCELLED, StepTable.USERS)));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonPointer ATTRIBUTES = JsonPointer.of(Twin.ATTRIBUTES);
    /** Room statuses an occupant cannot move into. */
    private static final Set<String> CLOSED_ROOMS = Set.of(OfficeRoom.LET_OUT, OfficeRoom.UNDER_REPAIR,
            OfficeRoom.DISPOSED);

    @Override public String kind() { return "reallocation"; }
    @Override public String collection() { return "reallocations"; }
    @Override public String model() { return MODEL; }
    @Override public StepTable steps() { return STEPS; }
    @Override public Set<String> states() {
        return Set.of(SUBMITTED, REVIEWED, APPROVED, REJECTED, MOVED, CANCELLED);
    }
    @Override public List<String> roomFields() { return List.of("attributes/fromRoom", "attributes/toRoom"); }

    /** What a request asks, as the twin records it. */
    public record Ask(String kind, Optional<TwinId> fromRoom, Optional<ObjectNode> occupant, TwinId toRoom,
                      TwinId toOrganisation, List<Occupant> arriving) {
        static Ask of(Twin request) {
            JsonNode a = request.toJson().path(Twin.ATTRIBUTES);
            List<Occupant> arriving = new ArrayList<>();
            for (JsonNode o : a.path("occupants")) {
                arriving.add(toOccupant(o));
            }
            return new Ask(a.path("kind").asText(), optionalId(a, "fromRoom"),
                    a.path("occupant").isObject() ? Optional.of((ObjectNode) a.get("occupant")) : Optional.empty(),
                    TwinId.of(a.path("toRoom").asText()), TwinId.of(a.path("toOrganisation").asText()), arriving);
        }
    }

    @Override
    public Draft request(Body body, Reads reads, String by, Instant now, LocalDate today) {
        TwinId organisation = body.thingId("organisation");
        String kind = body.oneOf("kind", Set.of(MOVE, ASSIGN));
        TwinId toRoom = body.thingId("toRoom");
        String reason = body.text("reason");
        ObjectNode a = NODES.objectNode();
        String name;
        if (MOVE.equals(kind)) {
            TwinId fromRoom = body.thingId("fromRoom");
            if (fromRoom.equals(toRoom)) {
                throw body.invalid("The fields 'fromRoom' and 'toRoom' name the same room " + toRoom + ".");
            }
            Body who = body.object("occupant");
            Optional<String> id = who.optionalText("id");
            Optional<String> person = who.optionalText("name");
            if (id.isEmpty() && person.isEmpty()) {
                throw body.invalid("The field 'occupant' needs an 'id' or a 'name'.");
            }
            WorkflowStore.organisation(reads, organisation);
            OfficeRoom from = reads.room(fromRoom);
            OfficeRoom to = reads.room(toRoom);
            Occupant moving = find(from, id, person).orElseThrow(() -> NO_OCCUPANT.exception("There is no "
                    + id.map(i -> "occupant with id " + i).orElse("occupant named " + person.get()) + " in "
                    + from.id() + "."));
            TwinId toOrganisation = body.optionalThingId("toOrganisation")
                    .or(from::organisation).orElse(organisation);
            if (!toOrganisation.equals(organisation)) {
                WorkflowStore.organisation(reads, toOrganisation);
            }
            requireAccepts(to, toOrganisation, UNAVAILABLE);
            a.put("fromRoom", fromRoom.toString());
            a.set("occupant", moving.toJson());
            a.put("toOrganisation", toOrganisation.toString());
            name = "调剂 " + moving.name() + " " + from.name() + " → " + to.name();
        } else {
            TwinId toOrganisation = body.optionalThingId("toOrganisation").orElse(organisation);
            WorkflowStore.organisation(reads, organisation);
            if (!toOrganisation.equals(organisation)) {
                WorkflowStore.organisation(reads, toOrganisation);
            }
            OfficeRoom to = reads.room(toRoom);
            requireIdle(to, UNAVAILABLE);
            a.put("toOrganisation", toOrganisation.toString());
            a.set("occupants", arriving(body));
            name = "调剂 " + to.name() + " → " + toOrganisation;
        }
        a.put("name", name);
        a.put("kind", kind).put("toRoom", toRoom.toString()).put("reason", reason);
        return Draft.of(MODEL, organisation, a, SUBMITTED, by, now, body.comment());
    }

    @Override
    public List<TwinWrite> effects(Twin twin, StepTable.Step step, Body body, ObjectNode patch, ObjectNode entry,
                                   Reads reads, String by, Instant now, LocalDate today) {
        Ask ask = Ask.of(twin);
        switch (step.name()) {
            case "review", "approve" -> {
                // judged again on the rooms as they are now, so nobody approves a move that can no longer happen
                plan(ask, reads, today, UNAVAILABLE);
                if ("approve".equals(step.name())) {
                    patch.put("approver", by);
                }
                return List.of();
            }
            case "reject" -> {
                patch.put("approver", by);
                return List.of();
            }
            case "move" -> {
                return plan(ask, reads, today, STALE);
            }
            default -> {
                return List.of();
            }
        }
    }

    /**
     * The writes of the move {@code ask} describes, on the rooms as {@code reads} finds them now: the person out of
     * the from-room (vacantSince today, and idle if an office, once it is empty) and into the to-room (in use, no
     * longer vacant, the organisation's); an assign gives the idle room to the organisation with whoever arrives.
     * {@code refusal} when the rooms no longer allow it.
     */
    public static List<TwinWrite> plan(Ask ask, Reads reads, LocalDate today, ErrorCode refusal) {
        OfficeRoom to = reads.room(ask.toRoom());
        List<TwinWrite> writes = new ArrayList<>();
        List<Occupant> arrived = new ArrayList<>(to.occupants());
        if (MOVE.equals(ask.kind())) {
            OfficeRoom from = reads.room(ask.fromRoom().orElseThrow());
            ObjectNode who = ask.occupant().orElseThrow();
            Optional<String> id = text(who, "id");
            Optional<String> name = text(who, "name");
            Occupant moving = find(from, id, name).orElseThrow(() -> refusal.exception(
                    id.map(i -> "The occupant with id " + i).orElse("The occupant " + name.orElse(""))
                            + " is no longer in " + from.id() + "."));
            requireAccepts(to, ask.toOrganisation(), refusal);
            List<Occupant> remaining = new ArrayList<>(from.occupants());
            remaining.remove(moving);
            ObjectNode fromPatch = NODES.objectNode();
            fromPatch.set("occupants", OfficeRoom.occupantsJson(remaining));
            if (remaining.isEmpty()) {
                fromPatch.put("vacantSince", today.toString());
                if (from.isOffice()) {
                    fromPatch.put("status", OfficeRoom.IDLE);
                }
            }
            writes.add(TwinWrite.merge(from.id(), ATTRIBUTES, fromPatch));
            arrived.add(moving);
        } else {
            requireIdle(to, refusal);
            arrived.addAll(ask.arriving());
        }
        ObjectNode toPatch = NODES.objectNode();
        toPatch.set("occupants", OfficeRoom.occupantsJson(arrived));
        toPatch.put("status", OfficeRoom.IN_USE);
        toPatch.putNull("vacantSince");
        toPatch.put("organisation", ask.toOrganisation().toString());
        writes.add(TwinWrite.merge(to.id(), ATTRIBUTES, toPatch));
        return writes;
    }

    /** The one occupant of {@code room} with this id, or else this name; a name two people share needs the id. */
    static Optional<Occupant> find(OfficeRoom room, Optional<String> id, Optional<String> name) {
        if (id.isPresent()) {
            return room.occupants().stream().filter(o -> o.id().equals(id)).findFirst();
        }
        List<Occupant> named = room.occupants().stream().filter(o -> o.name().equals(name.orElse(null))).toList();
        if (named.size() > 1) {
            throw INVALID.exception(named.size() + " occupants of " + room.id() + " are named " + name.get()
                    + "; name the person by 'id'.");
        }
        return named.stream().findFirst();
    }

    /** A room an occupant may move into: open, and the organisation's own or else empty. */
    static void requireAccepts(OfficeRoom to, TwinId organisation, ErrorCode refusal) {
        Optional<String> closed = to.status().filter(CLOSED_ROOMS::contains);
        if (closed.isPresent()) {
            throw refusal.exception("The room " + to.id() + " is " + closed.get() + ".");
        }
        if (!to.occupants().isEmpty() && to.organisation().filter(o -> !o.equals(organisation)).isPresent()) {
            throw refusal.exception("The room " + to.id() + " is " + to.organisation().get() + "'s, with "
                    + to.occupants().size() + " occupant(s), not " + organisation + "'s.");
        }
    }

    static void requireIdle(OfficeRoom to, ErrorCode refusal) {
        if (!to.hasStatus(OfficeRoom.IDLE) || !to.occupants().isEmpty()) {
            throw refusal.exception("The room " + to.id() + " is " + to.status().orElse("without status") + " with "
                    + to.occupants().size() + " occupant(s); only an idle, empty room can be assigned.");
        }
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode arriving(Body body) {
        com.fasterxml.jackson.databind.node.ArrayNode out = NODES.arrayNode();
        JsonNode list = body.json().get("occupants");
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw body.invalid("The field 'occupants' must be an array of {id, name, rank, level}.");
        }
        for (JsonNode o : list) {
            Body b = new Body(o, INVALID);
            b.text("name");
            b.text("rank");
            b.text("level");
            out.add(toOccupant(o).toJson());
        }
        return out;
    }

    private static Occupant toOccupant(JsonNode o) {
        return new Occupant(text(o, "id"), o.path("name").asText(""), o.path("rank").asText(""),
                o.path("level").asText(""));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static Optional<TwinId> optionalId(JsonNode node, String field) {
        return text(node, field).map(TwinId::of);
    }
}
