package org.dayuan.demo;

import static org.dayuan.demo.DemoData.attributes;
import static org.dayuan.demo.DemoData.id;
import static org.dayuan.demo.DemoData.parent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.models.Models;
import org.junit.jupiter.api.Test;

/** The office-space facts the demo is meant to show, checked against the §2.1 county entitlements. */
class DemoOfficeSpaceTest {
    private static final DemoData DEMO = new DemoData();
    private static final Map<String, Rank> RANKS =
            Arrays.stream(Rank.values()).collect(Collectors.toMap(r -> r.label, r -> r));

    @Test
    void onlyTheDeliberateRoomsAreOverStandard() {
        Set<String> over = new HashSet<>();
        for (ObjectNode room : DEMO.ofType(Models.ROOM)) {
            JsonNode occupants = attributes(room).path("occupants");
            if (occupants.isEmpty()) {
                continue;
            }
            double entitled = 0;
            for (JsonNode o : occupants) {
                assertEquals(Rank.LEVEL, o.path("level").asText());
                entitled += RANKS.get(o.path("rank").asText()).entitlement;
            }
            if (attributes(room).path("usableArea").asDouble() > entitled) {
                over.add(id(room));
            }
        }
        assertEquals(RoomUse.overStandardRooms(), over);
    }

    @Test
    void scenarioFiveRoomHoldsOneDeputySectionChiefIn18SquareMetres() {
        JsonNode room = attributes(DEMO.byId.get(DemoCounty.OVER_STANDARD_ROOM_ID));
        assertEquals(18.0, room.path("usableArea").asDouble());
        assertEquals(1, room.path("occupants").size());
        assertEquals("副科", room.path("occupants").get(0).path("rank").asText());
    }

    @Test
    void someRoomsAreIdleLetOutOrUnderRepair() {
        Map<String, Long> byStatus = DEMO.ofType(Models.ROOM).stream()
                .collect(Collectors.groupingBy(r -> attributes(r).path("status").asText(), Collectors.counting()));
        assertTrue(byStatus.getOrDefault(RoomUse.IDLE, 0L) >= 10, "idle offices: " + byStatus);
        assertEquals(1L, byStatus.get(RoomUse.LET_OUT));
        assertEquals(1L, byStatus.get(RoomUse.UNDER_REPAIR));
        JsonNode letOut = attributes(DEMO.byId.get(RoomUse.LET_OUT_ROOM));
        assertTrue(letOut.path("lease").path("end").asText().compareTo(DemoCounty.AS_OF.toLocalDate().toString()) > 0);
        assertEquals(DemoCounty.AS_OF.toLocalDate().minusDays(48).toString(),
                letOut.path("lease").path("paidUntil").asText(), "rent in arrears");
    }

    @Test
    void everyIdleOfficeSaysSinceWhenAndOnlyThey() {
        java.time.LocalDate asOf = DemoCounty.AS_OF.toLocalDate();
        int recent = 0;
        for (ObjectNode room : DEMO.ofType(Models.ROOM)) {
            JsonNode a = attributes(room);
            boolean idle = a.path("status").asText().equals(RoomUse.IDLE);
            assertEquals(idle, a.has("vacantSince"), id(room));
            if (idle) {
                java.time.LocalDate since = java.time.LocalDate.parse(a.path("vacantSince").asText());
                assertTrue(since.isBefore(asOf), id(room));
                recent += since.isAfter(asOf.minusDays(90)) ? 1 : 0;
            }
        }
        assertEquals(3, recent, "a few offices emptied recently, not yet idle under a 90-day rule");
    }

    @Test
    void everyOccupantHasAPersonnelNumberUniqueInTheCounty() {
        Set<String> ids = new HashSet<>();
        for (ObjectNode room : DEMO.ofType(Models.ROOM)) {
            String org = attributes(room).path("organisation").asText().replace("cz.wujin:org-", "");
            for (JsonNode o : attributes(room).path("occupants")) {
                String id = o.path("id").asText();
                assertTrue(id.matches(java.util.regex.Pattern.quote(org) + "-\\d{4}"), id + " in " + id(room));
                assertTrue(ids.add(id), "repeated " + id);
            }
        }
    }

    @Test
    void countyLeadersSitOnTheLeadershipFloors() {
        List<JsonNode> heads = DEMO.ofType(Models.ROOM).stream()
                .filter(r -> attributes(r).path("occupants").findValuesAsText("rank").contains(Rank.COUNTY_HEAD.label))
                .map(DemoData::attributes).toList();
        assertEquals(2, heads.size(), "the party secretary and the district head");
        heads.forEach(r -> assertEquals(30.0, r.path("usableArea").asDouble()));
    }

    @Test
    void organisationTotalsAddUpFromTheirRoomsAndFloors() {
        Map<String, Integer> headcount = new HashMap<>();
        Map<String, Set<String>> floors = new HashMap<>();
        for (ObjectNode room : DEMO.ofType(Models.ROOM)) {
            String org = attributes(room).path("organisation").asText();
            headcount.merge(org, attributes(room).path("occupants").size(), Integer::sum);
            floors.computeIfAbsent(org, o -> new HashSet<>()).add(parent(room).orElseThrow());
        }
        for (ObjectNode org : DEMO.ofType(Models.ORGANISATION)) {
            JsonNode a = attributes(org);
            assertEquals(headcount.get(id(org)), a.path("headcount").asInt(), id(org) + " headcount");
            assertTrue(a.path("energyHeadcount").asInt() >= a.path("headcount").asInt());
            double area = floors.get(id(org)).stream()
                    .mapToDouble(f -> attributes(DEMO.byId.get(f)).path("grossArea").asDouble()).sum();
            assertEquals(area, a.path("buildingArea").asDouble(), 1e-6, id(org) + " building area");
        }
    }
}
