package org.dayuan.fleet.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.node.TextNode;
import org.dayuan.fleet.Fixture;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.Test;

class TripIndexTest {
    private static final TwinId CAR = TwinId.of("cz.wujin:vehicle-01");
    private static final OffsetDateTime NINE = OffsetDateTime.parse("2026-12-07T09:00:00+08:00");
    private final Fixture f = new Fixture(Instant.now());

    private void order(String id, String state) {
        f.create(id, "{\"definition\":\"" + Trip.MODEL + "\",\"attributes\":{\"name\":\"派车单\",\"parent\":\""
                + Fixture.CAMPUS + "\",\"organisation\":\"cz.wujin:org-jgswj\",\"vehicle\":\"" + CAR
                + "\",\"state\":\"" + state + "\",\"plannedStart\":\"" + NINE + "\",\"plannedEnd\":\""
                + NINE.plusHours(2) + "\",\"destination\":{\"name\":\"湖塘镇\",\"lat\":31.70,\"lon\":119.96}}}");
    }

    private void state(String id, String state) {
        f.twins.registry().put(Fixture.ADMIN, TwinId.of(id), JsonPointer.parse("/attributes/state"),
                TextNode.valueOf(state), WriteCondition.NONE);
    }

    @Test
    void anActiveOrderAllowsItsCarInItsWindowAndStopsWhenItEnds() {
        order("cz.wujin:trip-old", Trip.DISPATCHED); // found by the first search
        try (TripIndex index = new TripIndex(f.line.subscriptions(), f.line.search(), f.twins.registry().identity())) {
            order("cz.wujin:trip-new", Trip.APPROVED); // followed by events
            Duration grace = Duration.ofMinutes(30);
            Instant ten = NINE.plusHours(1).toInstant();
            assertEquals("cz.wujin:trip-old", index.allowing(CAR, ten, grace).orElseThrow().id().toString());
            assertTrue(index.allowing(CAR, NINE.plusHours(3).toInstant(), grace).isEmpty(), "after the window");
            assertTrue(index.allowing(TwinId.of("cz.wujin:vehicle-02"), ten, grace).isEmpty(), "another car");

            state("cz.wujin:trip-old", Trip.RETURNED);
            assertTrue(index.allowing(CAR, ten, grace).isEmpty(), "returned");
            state("cz.wujin:trip-new", Trip.DISPATCHED);
            assertEquals(1, index.of(CAR).size());
            f.twins.registry().delete(Fixture.ADMIN, TwinId.of("cz.wujin:trip-new"), JsonPointer.parse(""),
                    WriteCondition.NONE, false);
            assertTrue(index.of(CAR).isEmpty(), "deleted");
        }
    }
}
