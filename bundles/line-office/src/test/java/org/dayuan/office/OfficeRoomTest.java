package org.dayuan.office;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class OfficeRoomTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Twin room(String attributes) throws Exception {
        ObjectNode thing = (ObjectNode) JSON.readTree("{\"definition\":\"dayuan:Room:1.0.0\",\"attributes\":"
                + attributes + "}");
        return Twin.of(TwinId.of("cz.wujin:room-a-0305"), thing, 1, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void readsTheFactsTheRulesNeed() throws Exception {
        OfficeRoom r = OfficeRoom.of(room("{\"name\":\"A305 办公室\",\"parent\":\"cz.wujin:bldg-a-f03\","
                + "\"code\":\"320412-XZZX-A-0305\",\"category\":\"office\",\"usableArea\":18,"
                + "\"organisation\":\"cz.wujin:org-fgj\",\"status\":\"inUse\","
                + "\"occupants\":[{\"id\":\"F017\",\"name\":\"王建国\",\"rank\":\"副科\",\"level\":\"county\"}],"
                + "\"lease\":{\"counterparty\":\"某银行\",\"end\":\"2027-02-04\",\"annualRent\":86400,"
                + "\"paidUntil\":\"2026-10-31\"}}"));
        assertTrue(r.isOffice());
        assertTrue(r.hasStatus(OfficeRoom.IN_USE));
        assertEquals(18.0, r.usableArea());
        assertEquals(Optional.of(TwinId.of("cz.wujin:bldg-a-f03")), r.floor());
        assertEquals(List.of(new OfficeRoom.Occupant(Optional.of("F017"), "王建国", "副科", "county")), r.occupants());
        assertEquals(Optional.of(LocalDate.of(2026, 10, 31)), r.lease().orElseThrow().paidUntil());
        assertEquals("{\"id\":\"F017\",\"name\":\"王建国\",\"rank\":\"副科\",\"level\":\"county\"}",
                r.occupants().get(0).toJson().toString());
    }

    @Test
    void aHalfFilledRoomReadsAsAbsentFactsNotAnError() throws Exception {
        OfficeRoom r = OfficeRoom.of(room("{\"name\":\"?\",\"usableArea\":\"big\",\"occupants\":\"none\","
                + "\"organisation\":\"not an id\",\"vacantSince\":\"yesterday\"}"));
        assertFalse(r.isOffice());
        assertEquals(0.0, r.usableArea());
        assertEquals(List.of(), r.occupants());
        assertEquals(Optional.empty(), r.organisation());
        assertEquals(Optional.empty(), r.vacantSince());
    }
}
