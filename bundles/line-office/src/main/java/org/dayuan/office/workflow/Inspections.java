package org.dayuan.office.workflow;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.office.OfficeRoom;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinWrite;

/**
 * 检查 ({@code dayuan:OfficeInspection:1.0.0}): an inspection of a building, a floor or a list of rooms against a
 * checklist. planned → inspecting (findings recorded) → closed, or cancelled while planned. Each finding names a
 * room in the scope and a checklist item, with photos (attachment thingIds, stored as ids only); {@code rectify}
 * records its rectification (整改); {@code close} only once every finding is rectified.
 */
public final class Inspections implements Workflow {
    public static final String MODEL = "dayuan:OfficeInspection:1.0.0";
    public static final String PLANNED = "planned";
    public static final String INSPECTING = "inspecting";
    public static final String CLOSED = "closed";
    public static final String CANCELLED = "cancelled";

    public static final ErrorCode INVALID = new ErrorCode("office:inspection.invalid", 400,
            "An inspection needs organisation (a thingId), scope {building | floor | rooms: [thingIds]} and items"
                    + " (the checklist, strings); record needs room (in the scope), item (of the checklist), note and"
                    + " optionally photos (attachment thingIds); rectify needs finding (its number) and note.");
    public static final ErrorCode ILLEGAL_STEP = new ErrorCode("office:inspection.illegalstep", 409,
            "An inspection goes planned → inspecting → closed; findings are recorded and rectified while it is"
                    + " planned or inspecting; a planned one may be cancelled.");
    public static final ErrorCode UNRECTIFIED = new ErrorCode("office:inspection.unrectified", 409,
            "An inspection closes only when every finding is rectified; rectify the open findings first.");
    public static final ErrorCode RECTIFIED = new ErrorCode("office:finding.rectified", 409,
            "The finding is already rectified; a rectification is recorded once.");

    private static final StepTable STEPS = new StepTable("inspection", ILLEGAL_STEP, StepTable.MANAGERS, List.of(
            StepTable.Step.of("record", Set.of(PLANNED, INSPECTING), INSPECTING, StepTable.USERS),
            StepTable.Step.of("rectify", Set.of(INSPECTING), null, StepTable.USERS),
            StepTable.Step.of("close", Set.of(PLANNED, INSPECTING), CLOSED, StepTable.MANAGERS),
            StepTable.Step.of("cancel", Set.of(PLANNED), CANCELLED, StepTable.MANAGERS)));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override public String kind() { return "inspection"; }
    @Override public String collection() { return "inspections"; }
    @Override public String model() { return MODEL; }
    @Override public StepTable steps() { return STEPS; }
    @Override public Set<String> states() { return Set.of(PLANNED, INSPECTING, CLOSED, CANCELLED); }
    @Override public List<String> roomFields() {
        return List.of("attributes/findings/room", "attributes/scope/rooms", "attributes/scope/floor",
                "attributes/scope/building");
    }

    @Override
    public Draft request(Body body, Reads reads, String by, Instant now, LocalDate today) {
        TwinId organisation = body.thingId("organisation");
        Body scope = body.object("scope");
        Optional<TwinId> building = scope.optionalThingId("building");
        Optional<TwinId> floor = scope.optionalThingId("floor");
        List<TwinId> rooms = scope.thingIds("rooms");
        int named = (building.isPresent() ? 1 : 0) + (floor.isPresent() ? 1 : 0) + (rooms.isEmpty() ? 0 : 1);
        if (named != 1) {
            throw body.invalid("The field 'scope' names exactly one of building, floor or rooms (non-empty).");
        }
        Set<String> items = new LinkedHashSet<>();
        JsonNode list = body.json().get("items");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw body.invalid("The field 'items' is required: the checklist, a non-empty array of strings.");
        }
        for (JsonNode item : list) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw body.invalid("The field 'items' must hold non-empty strings, not " + item + ".");
            }
            items.add(item.asText().trim());
        }
        Optional<LocalDate> planned = body.has("plannedDate") ? Optional.of(body.date("plannedDate"))
                : Optional.empty();
        WorkflowStore.organisation(reads, organisation);
        building.ifPresent(b -> reads.twin(b, OfficeRoom.BUILDING, "building"));
        floor.ifPresent(f -> reads.twin(f, OfficeRoom.FLOOR, "floor"));
        rooms.forEach(reads::room);
        ObjectNode a = NODES.objectNode();
        a.put("name", "检查 " + planned.orElse(today) + " " + building.or(() -> floor).map(TwinId::toString)
                .orElse(rooms.size() + " 间"));
        ObjectNode s = a.putObject("scope");
        building.ifPresent(b -> s.put("building", b.toString()));
        floor.ifPresent(f -> s.put("floor", f.toString()));
        if (!rooms.isEmpty()) {
            ArrayNode r = s.putArray("rooms");
            rooms.forEach(id -> r.add(id.toString()));
        }
        ArrayNode checklist = a.putArray("items");
        items.forEach(checklist::add);
        planned.ifPresent(d -> a.put("plannedDate", d.toString()));
        a.putArray("findings");
        return Draft.of(MODEL, organisation, a, PLANNED, by, now, body.comment());
    }

    @Override
    public List<TwinWrite> effects(Twin twin, StepTable.Step step, Body body, ObjectNode patch, ObjectNode entry,
                                   Reads reads, String by, Instant now, LocalDate today) {
        JsonNode a = twin.toJson().path(Twin.ATTRIBUTES);
        ArrayNode findings = a.path("findings").isArray() ? ((ArrayNode) a.get("findings")).deepCopy()
                : NODES.arrayNode();
        switch (step.name()) {
            case "record" -> {
                TwinId roomId = body.thingId("room");
                String item = body.text("item");
                String note = body.text("note");
                List<TwinId> photos = body.thingIds("photos");
                Set<String> checklist = new LinkedHashSet<>();
                a.path("items").forEach(i -> checklist.add(i.asText()));
                if (!checklist.contains(item)) {
                    throw body.invalid("The field 'item' is '" + item + "', not on the checklist "
                            + String.join(", ", checklist) + ".");
                }
                OfficeRoom room = reads.room(roomId);
                requireInScope(a.path("scope"), room, reads, body);
                ObjectNode finding = findings.addObject();
                finding.put("no", findings.size()).put("room", roomId.toString()).put("item", item).put("note", note);
                ArrayNode p = finding.putArray("photos");
                photos.forEach(id -> p.add(id.toString()));
                finding.put("by", by).put("at", now.toString());
                entry.put("finding", findings.size());
                patch.set("findings", findings);
            }
            case "rectify" -> {
                int no = body.integer("finding", 1);
                if (no > findings.size()) {
                    throw ErrorCode.RESOURCE_NOT_FOUND.exception("The inspection " + twin.id() + " has "
                            + findings.size() + " finding(s), no finding " + no + ".");
                }
                ObjectNode finding = (ObjectNode) findings.get(no - 1);
                if (finding.hasNonNull("rectification")) {
                    throw RECTIFIED.exception("Finding " + no + " of " + twin.id() + " was rectified by "
                            + finding.path("rectification").path("by").asText() + " at "
                            + finding.path("rectification").path("at").asText() + ".");
                }
                finding.putObject("rectification").put("by", by).put("at", now.toString())
                        .put("note", body.text("note"));
                entry.put("finding", no);
                patch.set("findings", findings);
            }
            case "close" -> {
                List<Integer> open = new ArrayList<>();
                for (int i = 0; i < findings.size(); i++) {
                    if (!findings.get(i).hasNonNull("rectification")) {
                        open.add(i + 1);
                    }
                }
                if (!open.isEmpty()) {
                    throw UNRECTIFIED.exception("The inspection " + twin.id() + " has " + open.size()
                            + " finding(s) not rectified: " + open + ".");
                }
            }
            default -> { }
        }
        return List.of();
    }

    private static void requireInScope(JsonNode scope, OfficeRoom room, Reads reads, Body body) {
        boolean in;
        if (scope.has("rooms")) {
            in = false;
            for (JsonNode r : scope.path("rooms")) {
                in |= r.asText().equals(room.id().toString());
            }
        } else if (scope.has("floor")) {
            in = room.floor().filter(f -> f.toString().equals(scope.path("floor").asText())).isPresent();
        } else {
            in = room.floor().flatMap(reads::find).flatMap(Twin::parent)
                    .filter(b -> b.equals(scope.path("building").asText())).isPresent();
        }
        if (!in) {
            throw body.invalid("The field 'room' names " + room.id() + ", which is outside the inspection's scope "
                    + scope + ".");
        }
    }
}
