package org.dayuan.office.codes;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.office.OfficeRoom;
import org.dayuan.office.standards.Standards;
import org.dayuan.twin.Twin;

/**
 * What the QR code on a door shows: the room's office facts, its code, what the standard says of it and its open
 * office alarms. Entitlement and excess are given for offices only (a meeting room has no occupants to be entitled,
 * and its area is not over any standard), and only while a standard is configured; otherwise they are null.
 */
final class RoomCard {
    private RoomCard() {
    }

    static ObjectNode of(OfficeCodes.Coded coded, OfficeCodes.Reader reader, Optional<Standards> standards,
                         List<Twin> officeAlarms, String cardUrl) {
        OfficeRoom room = OfficeRoom.of(coded.twin());
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode card = f.objectNode();
        card.put("thingId", room.id().toString());
        card.put("name", room.name());
        card.put("code", coded.code());
        card.put("codeDerived", coded.derived());
        card.put("number", room.number().orElse(null));
        card.put("category", room.category().orElse(null));
        card.put("use", room.use().orElse(null));
        card.put("status", room.status().orElse(null));
        card.put("ownership", room.ownership().orElse(null));
        card.put("usableArea", room.usableArea());
        card.put("floor", room.floor().map(Object::toString).orElse(null));
        card.put("floorName", room.floor().flatMap(reader::name).orElse(null));
        card.put("organisation", room.organisation().map(Object::toString).orElse(null));
        // a twin of another organisation the caller cannot see stays a bare id, not a name it may not read
        card.put("organisationName", room.organisation().flatMap(reader::name).orElse(null));
        ArrayNode occupants = card.putArray("occupants");
        room.occupants().forEach(o -> occupants.add(o.toJson()));
        card.put("occupantCount", room.occupants().size());
        Optional<Standards.Assessment> assessment = room.isOffice() ? standards.map(s -> s.assess(room))
                : Optional.empty();
        card.put("standard", room.isOffice() ? standards.map(Standards::edition).orElse(null) : null);
        if (assessment.isPresent()) {
            Standards.Assessment a = assessment.get();
            card.put("entitlement", a.entitled());
            card.put("excess", a.excess());
            card.put("leader", a.leader());
            ArrayNode unknown = card.putArray("unknownRanks");
            a.unknownRanks().forEach(o -> unknown.add(o.toJson()));
        } else {
            card.putNull("entitlement");
            card.putNull("excess");
            card.putNull("leader");
            card.putArray("unknownRanks");
        }
        ArrayNode alarms = card.putArray("alarms");
        for (Twin alarm : officeAlarms) {
            JsonNode a = alarm.toJson().path(Twin.ATTRIBUTES);
            ObjectNode out = alarms.addObject().put("thingId", alarm.id().toString());
            for (String k : List.of("type", "name", "severity", "state", "message", "raisedAt")) {
                if (a.path(k).isTextual()) {
                    out.put(k, a.path(k).asText());
                }
            }
            out.put("active", a.path("active").asBoolean(false));
        }
        card.put("overStandard", officeAlarms.stream().anyMatch(RoomCard::isOverStandard)
                || assessment.map(a -> a.excess() > 0).orElse(false));
        card.put("cardUrl", cardUrl);
        return card;
    }

    static boolean isOverStandard(Twin alarm) {
        return OVER_STANDARD.equals(alarm.toJson().path(Twin.ATTRIBUTES).path("type").asText());
    }

    /** The rules' alarm of an office over its occupants' entitlement (alarm types are lower case). */
    static final String OVER_STANDARD = "office.over-standard";
}
