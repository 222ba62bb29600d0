package org.dayuan.office.workflow;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
 * 租赁 / 出租出借 ({@code dayuan:OfficeLease:1.0.0}): a room let out ({@code letOut}) or leased in ({@code leaseIn}).
 * requested → approved → active → terminated | expired; rejected; cancelled before it is active. Activating writes
 * the lease onto the room (let out: status letOut), ending it takes it off again (let out: idle, vacant from today);
 * {@code pay} records how far the rent is paid on the lease and on the room, where the arrears rule reads it.
 */
public final class Leases implements Workflow {
    public static final String MODEL = "dayuan:OfficeLease:1.0.0";
    public static final String LET_OUT = "letOut";
    public static final String LEASE_IN = "leaseIn";
    public static final String REQUESTED = "requested";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String ACTIVE = "active";
    public static final String TERMINATED = "terminated";
    public static final String EXPIRED = "expired";
    public static final String CANCELLED = "cancelled";

    public static final ErrorCode INVALID = new ErrorCode("office:lease.invalid", 400,
            "A lease needs organisation and room (thingIds), direction (letOut or leaseIn), counterparty, start and"
                    + " end (yyyy-MM-dd, end not before start), annualRent >= 0; pay needs paidUntil (yyyy-MM-dd).");
    public static final ErrorCode ILLEGAL_STEP = new ErrorCode("office:lease.illegalstep", 409,
            "A lease goes requested → approved → active → terminated or expired; it may be rejected before"
                    + " approval and cancelled before it is active; rent is paid while it is active.");
    public static final ErrorCode ROOM_TAKEN = new ErrorCode("office:lease.roomtaken", 409,
            "A room is let out only while it is idle, empty and under no other lease; a room leased in must not be"
                    + " under another lease. Move the occupants or end the other lease first.");
    public static final ErrorCode NOT_EXPIRED = new ErrorCode("office:lease.notexpired", 409,
            "A lease expires only after its end date; end it earlier with 'terminate'.");

    private static final StepTable STEPS = new StepTable("lease", ILLEGAL_STEP, StepTable.USERS, List.of(
            StepTable.Step.of("approve", Set.of(REQUESTED), APPROVED, StepTable.MANAGERS),
            StepTable.Step.of("reject", Set.of(REQUESTED), REJECTED, StepTable.MANAGERS),
            StepTable.Step.of("activate", Set.of(APPROVED), ACTIVE, StepTable.MANAGERS),
            StepTable.Step.of("pay", Set.of(ACTIVE), null, StepTable.USERS),
            StepTable.Step.of("terminate", Set.of(ACTIVE), TERMINATED, StepTable.MANAGERS),
            StepTable.Step.of("expire", Set.of(ACTIVE), EXPIRED, StepTable.MANAGERS),
            StepTable.Step.of("cancel", Set.of(REQUESTED, APPROVED), CANCELLED, StepTable.USERS)));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonPointer ATTRIBUTES = JsonPointer.of(Twin.ATTRIBUTES);

    @Override public String kind() { return "lease"; }
    @Override public String collection() { return "leases"; }
    @Override public String model() { return MODEL; }
    @Override public StepTable steps() { return STEPS; }
    @Override public Set<String> states() {
        return Set.of(REQUESTED, APPROVED, REJECTED, ACTIVE, TERMINATED, EXPIRED, CANCELLED);
    }
    @Override public List<String> roomFields() { return List.of("attributes/room"); }

    @Override
    public Draft request(Body body, Reads reads, String by, Instant now, LocalDate today) {
        TwinId organisation = body.thingId("organisation");
        TwinId roomId = body.thingId("room");
        String direction = body.oneOf("direction", Set.of(LET_OUT, LEASE_IN));
        String counterparty = body.text("counterparty");
        LocalDate start = body.date("start");
        LocalDate end = body.date("end");
        if (end.isBefore(start)) {
            throw body.invalid("The field 'end' (" + end + ") is before 'start' (" + start + ").");
        }
        double rent = body.number("annualRent", 0);
        WorkflowStore.organisation(reads, organisation);
        OfficeRoom room = reads.room(roomId);
        ObjectNode a = NODES.objectNode();
        a.put("name", (LET_OUT.equals(direction) ? "出租 " : "租入 ") + room.name() + " " + counterparty);
        a.put("room", roomId.toString()).put("direction", direction).put("counterparty", counterparty);
        a.put("start", start.toString()).put("end", end.toString()).put("annualRent", rent);
        return Draft.of(MODEL, organisation, a, REQUESTED, by, now, body.comment());
    }

    @Override
    public List<TwinWrite> effects(Twin twin, StepTable.Step step, Body body, ObjectNode patch, ObjectNode entry,
                                   Reads reads, String by, Instant now, LocalDate today) {
        JsonNode lease = twin.toJson().path(Twin.ATTRIBUTES);
        boolean letOut = LET_OUT.equals(lease.path("direction").asText());
        TwinId roomId = TwinId.of(lease.path("room").asText());
        ObjectNode roomPatch = NODES.objectNode();
        switch (step.name()) {
            case "approve", "reject" -> {
                patch.put("approver", by);
                return List.of();
            }
            case "activate" -> {
                OfficeRoom room = reads.room(roomId);
                if (room.lease().isPresent() || letOut && (!room.occupants().isEmpty()
                        || !room.hasStatus(OfficeRoom.IDLE))) {
                    throw ROOM_TAKEN.exception("The room " + roomId + " is " + room.status().orElse("without status")
                            + " with " + room.occupants().size() + " occupant(s)"
                            + (room.lease().isPresent() ? " and a lease to " + room.lease().get().counterparty() : "")
                            + ".");
                }
                ObjectNode l = roomPatch.putObject("lease");
                l.put("counterparty", lease.path("counterparty").asText());
                l.put("start", lease.path("start").asText()).put("end", lease.path("end").asText());
                l.put("annualRent", lease.path("annualRent").asDouble());
                if (letOut) {
                    roomPatch.put("status", OfficeRoom.LET_OUT).putNull("vacantSince");
                } else {
                    roomPatch.put("ownership", "leasedIn");
                }
            }
            case "pay" -> {
                LocalDate paidUntil = body.date("paidUntil");
                patch.put("paidUntil", paidUntil.toString());
                entry.put("paidUntil", paidUntil.toString());
                reads.room(roomId);
                roomPatch.putObject("lease").put("paidUntil", paidUntil.toString());
            }
            case "terminate", "expire" -> {
                if ("expire".equals(step.name()) && !today.isAfter(LocalDate.parse(lease.path("end").asText()))) {
                    throw NOT_EXPIRED.exception("The lease " + twin.id() + " runs until " + lease.path("end").asText()
                            + "; today is " + today + ".");
                }
                OfficeRoom room = reads.room(roomId);
                roomPatch.putNull("lease");
                if (letOut) {
                    roomPatch.put("status", OfficeRoom.IDLE);
                    if (room.occupants().isEmpty()) {
                        roomPatch.put("vacantSince", today.toString());
                    }
                }
            }
            default -> {
                return List.of();
            }
        }
        return List.of(TwinWrite.merge(roomId, ATTRIBUTES, roomPatch));
    }
}
