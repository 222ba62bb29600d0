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
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinWrite;

/**
 * 处置 ({@code dayuan:OfficeDisposal:1.0.0}): a room, or a whole building, transferred, sold, demolished or otherwise
 * disposed of. requested → approved → disposed; rejected; cancelled before it is disposed. {@code dispose} sets every
 * room concerned to {@code disposed} in one write, and only when none has anybody in it or is let out.
 */
public final class Disposals implements Workflow {
    public static final String MODEL = "dayuan:OfficeDisposal:1.0.0";
    public static final String REQUESTED = "requested";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String DISPOSED = "disposed";
    public static final String CANCELLED = "cancelled";
    public static final Set<String> METHODS = Set.of("transfer", "sale", "demolition", "other");

    public static final ErrorCode INVALID = new ErrorCode("office:disposal.invalid", 400,
            "A disposal needs organisation (a thingId), room or building (a thingId, one of them), method"
                    + " (transfer, sale, demolition or other) and reason.");
    public static final ErrorCode ILLEGAL_STEP = new ErrorCode("office:disposal.illegalstep", 409,
            "A disposal goes requested → approved → disposed; it may be rejected before approval and cancelled"
                    + " before it is disposed.");
    public static final ErrorCode OCCUPIED = new ErrorCode("office:disposal.occupied", 409,
            "Rooms with occupants, let out or already disposed cannot be disposed of; reallocate the occupants and"
                    + " end the leases first.");

    private static final StepTable STEPS = new StepTable("disposal", ILLEGAL_STEP, StepTable.USERS, List.of(
            StepTable.Step.of("approve", Set.of(REQUESTED), APPROVED, StepTable.MANAGERS),
            StepTable.Step.of("reject", Set.of(REQUESTED), REJECTED, StepTable.MANAGERS),
            StepTable.Step.of("dispose", Set.of(APPROVED), DISPOSED, StepTable.MANAGERS),
            StepTable.Step.of("cancel", Set.of(REQUESTED, APPROVED), CANCELLED, StepTable.USERS)));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonPointer ATTRIBUTES = JsonPointer.of(Twin.ATTRIBUTES);

    @Override public String kind() { return "disposal"; }
    @Override public String collection() { return "disposals"; }
    @Override public String model() { return MODEL; }
    @Override public StepTable steps() { return STEPS; }
    @Override public Set<String> states() { return Set.of(REQUESTED, APPROVED, REJECTED, DISPOSED, CANCELLED); }
    @Override public List<String> roomFields() { return List.of("attributes/room", "attributes/building"); }

    @Override
    public Draft request(Body body, Reads reads, String by, Instant now, LocalDate today) {
        TwinId organisation = body.thingId("organisation");
        Optional<TwinId> room = body.optionalThingId("room");
        Optional<TwinId> building = body.optionalThingId("building");
        if (room.isPresent() == building.isPresent()) {
            throw body.invalid("Name either 'room' or 'building', not " + (room.isPresent() ? "both." : "neither."));
        }
        String method = body.oneOf("method", METHODS);
        String reason = body.text("reason");
        WorkflowStore.organisation(reads, organisation);
        String target = room.isPresent() ? reads.room(room.get()).name()
                : reads.twin(building.get(), OfficeRoom.BUILDING, "building").toJson().path(Twin.ATTRIBUTES)
                .path("name").asText(building.get().toString());
        ObjectNode a = NODES.objectNode();
        a.put("name", "处置 " + target);
        room.ifPresent(r -> a.put("room", r.toString()));
        building.ifPresent(b -> a.put("building", b.toString()));
        a.put("method", method).put("reason", reason);
        return Draft.of(MODEL, organisation, a, REQUESTED, by, now, body.comment());
    }

    @Override
    public List<TwinWrite> effects(Twin twin, StepTable.Step step, Body body, ObjectNode patch, ObjectNode entry,
                                   Reads reads, String by, Instant now, LocalDate today) {
        switch (step.name()) {
            case "approve", "reject" -> {
                patch.put("approver", by);
                return List.of();
            }
            case "dispose" -> {
                List<OfficeRoom> rooms = rooms(twin.toJson().path(Twin.ATTRIBUTES), reads);
                List<String> blocking = rooms.stream().filter(r -> !r.occupants().isEmpty()
                        || r.hasStatus(OfficeRoom.LET_OUT) || r.hasStatus(OfficeRoom.DISPOSED))
                        .map(r -> r.id() + " (" + r.status().orElse("") + ", " + r.occupants().size()
                                + " occupant(s))").toList();
                if (!blocking.isEmpty()) {
                    throw OCCUPIED.exception("The disposal " + twin.id() + " cannot be carried out: "
                            + String.join(", ", blocking) + ".");
                }
                patch.put("disposedRooms", rooms.size());
                List<TwinWrite> writes = new ArrayList<>();
                for (OfficeRoom r : rooms) {
                    ObjectNode p = NODES.objectNode();
                    p.put("status", OfficeRoom.DISPOSED).putNull("vacantSince");
                    writes.add(TwinWrite.merge(r.id(), ATTRIBUTES, p));
                }
                return writes;
            }
            default -> {
                return List.of();
            }
        }
    }

    /** The room the disposal names, or every room on the floors of the building it names. */
    private static List<OfficeRoom> rooms(JsonNode a, Reads reads) {
        if (a.hasNonNull("room")) {
            return List.of(reads.room(TwinId.of(a.path("room").asText())));
        }
        TwinId building = TwinId.of(a.path("building").asText());
        reads.twin(building, OfficeRoom.BUILDING, "building");
        List<OfficeRoom> rooms = new ArrayList<>();
        for (TwinId floor : reads.children(building)) {
            for (TwinId child : reads.children(floor)) {
                reads.find(child).filter(OfficeRoom::isRoom).map(OfficeRoom::of).ifPresent(rooms::add);
            }
        }
        return rooms;
    }
}
