package org.dayuan.sample;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class VisitorPassesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

    private static Twin pass(String state, String validUntil) throws Exception {
        ObjectNode thing = (ObjectNode) JSON.readTree("{\"definition\":\"" + VisitorPasses.DEFINITION + "\","
                + "\"attributes\":{\"name\":\"张三 来访\",\"parent\":\"cz.wujin:room-101\",\"visitor\":\"张三\","
                + "\"host\":\"李四\",\"validUntil\":\"" + validUntil + "\"}}");
        if (state != null) {
            thing.putObject("features").putObject("pass").putObject("properties").put("state", state);
        }
        return Twin.of(TwinId.of("cz.wujin:pass-1"), thing, 1, NOW, NOW);
    }

    @Test
    void aNewPassIsIssuedOnceAndAPassWithAStateOrAnotherTypeIsLeftAlone() throws Exception {
        assertTrue(VisitorPasses.needsIssuing(pass(null, "2026-12-06T18:00:00+08:00")));
        assertFalse(VisitorPasses.needsIssuing(pass("issued", "2026-12-06T18:00:00+08:00")));
        assertFalse(VisitorPasses.needsIssuing(pass("checkedIn", "2026-12-06T18:00:00+08:00")));
        Twin room = Twin.of(TwinId.of("cz.wujin:room-101"),
                JSON.readTree("{\"definition\":\"dayuan:Room:1.0.0\"}"), 1, NOW, NOW);
        assertFalse(VisitorPasses.needsIssuing(room));
        assertEquals("{\"features\":{\"pass\":{\"properties\":{\"state\":\"issued\"}}}}",
                VisitorPasses.issue().toString());
    }

    @Test
    void onlyAnIssuedPassWithinItsValidityChecksIn() throws Exception {
        VisitorPasses passes = new VisitorPasses(Duration.ZERO);
        assertDoesNotThrow(() -> passes.requireCheckIn(pass("issued", "2026-12-06T17:00:00+08:00"), NOW));
        DayuanException twice = assertThrows(DayuanException.class,
                () -> passes.requireCheckIn(pass("checkedIn", "2026-12-06T18:00:00+08:00"), NOW));
        assertEquals(VisitorPasses.NOT_ISSUED, twice.errorCode());
        assertEquals(409, twice.status());
        assertEquals(VisitorPasses.NOT_ISSUED, assertThrows(DayuanException.class,
                () -> passes.requireCheckIn(pass(null, "2026-12-06T18:00:00+08:00"), NOW)).errorCode());
        DayuanException late = assertThrows(DayuanException.class,
                () -> passes.requireCheckIn(pass("issued", "2026-12-06T16:59:59+08:00"), NOW));
        assertEquals(VisitorPasses.EXPIRED, late.errorCode());
        assertTrue(late.getMessage().contains("2026-12-06T08:59:59Z"), late.getMessage());
    }

    @Test
    void theGracePeriodLetsALateVisitorIn() throws Exception {
        VisitorPasses passes = new VisitorPasses(Duration.ofMinutes(15));
        assertDoesNotThrow(() -> passes.requireCheckIn(pass("issued", "2026-12-06T16:45:00+08:00"), NOW));
        assertThrows(DayuanException.class,
                () -> passes.requireCheckIn(pass("issued", "2026-12-06T16:44:59+08:00"), NOW));
        assertThrows(IllegalArgumentException.class, () -> new VisitorPasses(Duration.ofMinutes(-1)));
    }

    @Test
    void aCheckInRecordsItsTime() {
        assertEquals("{\"state\":\"checkedIn\",\"checkedInAt\":\"2026-12-06T09:00:00Z\"}",
                VisitorPasses.checkedIn(NOW).toString());
    }
}
