package org.dayuan.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SafetyLineTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalTime AT = LocalTime.of(23, 30);

    @Test
    void gradingRunsAtTheConfiguredLocalTimeTodayOrElseTomorrow() {
        assertEquals(Instant.parse("2026-12-06T15:30:00Z"),
                SafetyLine.nextGrading(Instant.parse("2026-12-06T02:00:00Z"), AT, SHANGHAI), "10:00 local: tonight");
        assertEquals(Instant.parse("2026-12-07T15:30:00Z"),
                SafetyLine.nextGrading(Instant.parse("2026-12-06T15:30:00Z"), AT, SHANGHAI), "at 23:30: tomorrow");
        assertEquals(Instant.parse("2026-12-07T15:30:00Z"),
                SafetyLine.nextGrading(Instant.parse("2026-12-06T16:10:00Z"), AT, SHANGHAI),
                "00:10 local on the 7th: that evening");
    }

    @Test
    void theLineIsReadyOnceEverySensorWasJudgedAndRefusesBadSettings() {
        Fixture f = new Fixture(Instant.parse("2026-12-06T02:00:00Z"));
        SafetyLineAccess line = SafetyLineAccess.start(f, Fixture.config(SafetyConfig.class, Map.of()));
        try {
            line.settle();
            assertTrue(line.line.ready());
            assertEquals(Optional.empty(), line.line.problem());
        } finally {
            line.stop();
        }
        for (Map<String, Object> bad : new Map[] {Map.of("grade_time", "half past eleven"),
                Map.of("grade_zone", "Mars/Olympus"), Map.of("water_levelDeadband", -1.0),
                Map.of("band_blue", 95.0), Map.of("grade_days", 0)}) {
            assertThrows(IllegalArgumentException.class,
                    () -> SafetyLineAccess.start(f, Fixture.config(SafetyConfig.class, bad)), bad.toString());
        }
    }
}
