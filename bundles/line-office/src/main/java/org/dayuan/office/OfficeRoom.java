package org.dayuan.office;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * A {@code dayuan:Room:1.0.0} twin as the office line reads it: every package (rules, indicators, codes, workflows,
 * the ledger) takes its facts from here, so one reading of the platform's Room model serves them all. Missing or
 * ill-typed attributes read as absent (zero area, no occupants), never as an exception: a room a person half filled
 * in is still a room.
 */
public record OfficeRoom(TwinId id, String name, Optional<TwinId> floor, Optional<String> code, Optional<String> number,
                         Optional<TwinId> organisation, Optional<String> category, Optional<String> use,
                         double usableArea, Optional<String> ownership, Optional<String> status,
                         List<Occupant> occupants, Optional<Lease> lease, Optional<LocalDate> vacantSince) {
    public static final String DEFINITION = "dayuan:Room:1.0.0";
    /** 机关事务 days are China's days: the zone of "today" for vacantSince, lease and rent dates. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final String BUILDING = "dayuan:Building:1.0.0";
    public static final String FLOOR = "dayuan:Floor:1.0.0";
    public static final String ORGANISATION = "dayuan:Organisation:1.0.0";

    /** Category values of the standard's four classes (the Room model's {@code category}). */
    public static final String OFFICE = "office";
    public static final String SERVICE = "service";
    public static final String EQUIPMENT = "equipment";
    public static final String ANCILLARY = "ancillary";

    /** Status values (the Room model's {@code status}). */
    public static final String IN_USE = "inUse";
    public static final String IDLE = "idle";
    public static final String LET_OUT = "letOut";
    public static final String UNDER_REPAIR = "underRepair";
    /** Disposed of (已处置): transferred, sold or demolished; kept as a record. */
    public static final String DISPOSED = "disposed";

    /** An occupant's {@code rank} values, in the Room model's (and the 2014 standard's) order. */
    public static final List<String> RANKS = List.of("部级正职", "部级副职", "正司(局)", "副司(局)", "处级", "省级正职",
            "省级副职", "正厅(局)", "副厅(局)", "正处", "副处", "市级正职", "市级副职", "正局(处)", "副局(处)", "县级正职",
            "县级副职", "正科", "副科", "科员及以下", "乡级正职", "乡级副职");
    /** An occupant's {@code level} values (the Room and Organisation models' government levels). */
    public static final List<String> LEVELS = List.of("central", "provincial", "city", "county", "township");

    public static final JsonPointer ATTRIBUTES = JsonPointer.of(Twin.ATTRIBUTES);
    public static final JsonPointer OCCUPANTS = JsonPointer.of(Twin.ATTRIBUTES, "occupants");
    public static final JsonPointer STATUS = JsonPointer.of(Twin.ATTRIBUTES, "status");
    public static final JsonPointer VACANT_SINCE = JsonPointer.of(Twin.ATTRIBUTES, "vacantSince");
    public static final JsonPointer LEASE = JsonPointer.of(Twin.ATTRIBUTES, "lease");

    public OfficeRoom {
        occupants = List.copyOf(occupants);
    }

    /** One person with a desk in the room: {@code id} is the personnel number when the ledger has one. */
    public record Occupant(Optional<String> id, String name, String rank, String level) {
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            id.ifPresent(v -> o.put("id", v));
            o.put("name", name);
            // the Room model's rank and level are enums: a person read without them is written back without them
            if (!rank.isEmpty()) {
                o.put("rank", rank);
            }
            if (!level.isEmpty()) {
                o.put("level", level);
            }
            return o;
        }

        static Occupant of(JsonNode o) {
            return new Occupant(text(o, "id"), text(o, "name").orElse(""), text(o, "rank").orElse(""),
                    text(o, "level").orElse(""));
        }
    }

    /** The room's lease when it is leased in or let out. */
    public record Lease(String counterparty, Optional<LocalDate> start, Optional<LocalDate> end, double annualRent,
                        Optional<LocalDate> paidUntil) {
        static Lease of(JsonNode l) {
            return new Lease(text(l, "counterparty").orElse(""), date(l, "start"), date(l, "end"),
                    l.path("annualRent").asDouble(0), date(l, "paidUntil"));
        }
    }

    public static boolean isRoom(Twin twin) {
        return twin.definition().filter(DEFINITION::equals).isPresent();
    }

    /** Reads a Room twin; use {@link #isRoom} first when the twin may be something else. */
    public static OfficeRoom of(Twin twin) {
        JsonNode a = twin.toJson().path(Twin.ATTRIBUTES);
        List<Occupant> occupants = occupantsOf(a);
        JsonNode lease = a.path("lease");
        return new OfficeRoom(twin.id(), text(a, "name").orElse(twin.id().toString()), id(a, "parent"),
                text(a, "code"), text(a, "number"), id(a, "organisation"), text(a, "category"), text(a, "use"),
                a.path("usableArea").isNumber() ? a.path("usableArea").asDouble() : 0, text(a, "ownership"),
                text(a, "status"), occupants, lease.isObject() ? Optional.of(Lease.of(lease)) : Optional.empty(),
                date(a, "vacantSince"));
    }

    /** The occupants a Room's {@code attributes} list (none when absent or ill-typed). */
    public static List<Occupant> occupantsOf(JsonNode attributes) {
        List<Occupant> occupants = new ArrayList<>();
        for (JsonNode o : attributes.path("occupants")) {
            if (o.isObject()) {
                occupants.add(Occupant.of(o));
            }
        }
        return occupants;
    }

    public boolean isOffice() {
        return category.filter(OFFICE::equals).isPresent();
    }

    public boolean hasStatus(String value) {
        return status.filter(value::equals).isPresent();
    }

    /** The occupants as the Room model writes them, for a write of {@link #OCCUPANTS}. */
    public static ArrayNode occupantsJson(List<Occupant> occupants) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        occupants.forEach(o -> out.add(o.toJson()));
        return out;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static Optional<TwinId> id(JsonNode node, String field) {
        return text(node, field).flatMap(s -> {
            try {
                return Optional.of(TwinId.of(s));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<LocalDate> date(JsonNode node, String field) {
        return text(node, field).flatMap(s -> {
            try {
                return Optional.of(LocalDate.parse(s));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
