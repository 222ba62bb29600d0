package org.dayuan.office.indicators;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.office.OfficeRoom;
import org.dayuan.office.rules.Finding;
import org.dayuan.office.rules.OfficeRules;
import org.dayuan.office.standards.Standards;

/**
 * The office-space figures of one set of rooms (an organisation, a county, all the caller sees), summed room by
 * room; a room disposed of is only counted ({@code disposedRooms}), no longer measured. Areas are usable m². An office is <em>occupied</em> with someone in it, <em>idle</em> (空置) with nobody in
 * it while neither let out nor under repair; utilisation is occupied office area over office area; m² per person is
 * office area over the people seated in offices. Over-standard figures are the standard's verdict on each occupied
 * office; leases expiring and rent in arrears are the rules' findings on the same day as the alarms'.
 */
final class Figures {
    static final List<String> HEADER = List.of("rooms", "totalArea", "officeArea", "serviceArea", "equipmentArea",
            "ancillaryArea", "otherArea", "disposedRooms", "offices", "occupiedOffices", "occupiedOfficeArea", "idleOffices",
            "idleArea", "letOutRooms", "letOutArea", "underRepairArea", "headcount", "utilisation", "officeAreaPerPerson",
            "overStandard", "overStandardExcess", "leaderOverStandard", "unknownRankOffices", "leasesExpiring",
            "rentArrears");

    int rooms;
    double totalArea;
    double officeArea;
    double serviceArea;
    double equipmentArea;
    double ancillaryArea;
    double otherArea;
    int disposedRooms;
    int offices;
    int occupiedOffices;
    double occupiedOfficeArea;
    int idleOffices;
    double idleArea;
    int letOutRooms;
    double letOutArea;
    double underRepairArea;
    int headcount;
    int overStandard;
    double overStandardExcess;
    int leaderOverStandard;
    int unknownRankOffices;
    int leasesExpiring;
    int rentArrears;

    void add(OfficeRoom room, Standards standards, List<Finding> findings) {
        double area = room.usableArea();
        if (room.hasStatus(OfficeRoom.DISPOSED)) {
            disposedRooms++; // no longer the organisation's space: counted, not measured
            return;
        }
        rooms++;
        totalArea += area;
        switch (room.category().orElse("")) {
            case OfficeRoom.OFFICE -> officeArea += area;
            case OfficeRoom.SERVICE -> serviceArea += area;
            case OfficeRoom.EQUIPMENT -> equipmentArea += area;
            case OfficeRoom.ANCILLARY -> ancillaryArea += area;
            default -> otherArea += area;
        }
        if (room.hasStatus(OfficeRoom.LET_OUT)) {
            letOutRooms++;
            letOutArea += area;
        }
        if (room.hasStatus(OfficeRoom.UNDER_REPAIR)) {
            underRepairArea += area;
        }
        if (room.isOffice()) {
            offices++;
            headcount += room.occupants().size();
            if (!room.occupants().isEmpty()) {
                occupiedOffices++;
                occupiedOfficeArea += area;
            } else if (OfficeRules.canStandEmpty(room)) {
                idleOffices++;
                idleArea += area;
            }
            if (Standards.judges(room)) {
                Standards.Assessment a = standards.assess(room);
                if (!a.unknownRanks().isEmpty()) {
                    unknownRankOffices++;
                } else if (a.excess() > 1e-6) {
                    overStandard++;
                    overStandardExcess += a.excess();
                    leaderOverStandard += a.leader() ? 1 : 0;
                }
            }
        }
        for (Finding f : findings) {
            leasesExpiring += f.type().equals(OfficeRules.LEASE_EXPIRING) ? 1 : 0;
            rentArrears += f.type().equals(OfficeRules.RENT_ARREARS) ? 1 : 0;
        }
    }

    Double utilisation() {
        return officeArea > 0 ? round(occupiedOfficeArea / officeArea, 4) : null;
    }

    Double officeAreaPerPerson() {
        return headcount > 0 ? round(officeArea / headcount, 2) : null;
    }

    /** The figures in {@link #HEADER}'s order, as the CSV writes them. */
    List<Object> cells() {
        return java.util.Arrays.asList(rooms, round(totalArea, 2), round(officeArea, 2), round(serviceArea, 2),
                round(equipmentArea, 2), round(ancillaryArea, 2), round(otherArea, 2), disposedRooms, offices, occupiedOffices,
                round(occupiedOfficeArea, 2), idleOffices, round(idleArea, 2), letOutRooms, round(letOutArea, 2),
                round(underRepairArea, 2), headcount, utilisation(), officeAreaPerPerson(), overStandard,
                round(overStandardExcess, 2), leaderOverStandard, unknownRankOffices, leasesExpiring, rentArrears);
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        List<Object> cells = cells();
        for (int i = 0; i < HEADER.size(); i++) {
            Object v = cells.get(i);
            if (v == null) {
                o.putNull(HEADER.get(i));
            } else if (v instanceof Integer n) {
                o.put(HEADER.get(i), n);
            } else {
                o.put(HEADER.get(i), (Double) v);
            }
        }
        return o;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
