package org.dayuan.twin.core.history;

import static org.dayuan.twin.core.history.HistoryTest.C;
import static org.dayuan.twin.core.history.HistoryTest.METER;
import static org.dayuan.twin.core.history.HistoryTest.POWER;
import static org.dayuan.twin.core.history.HistoryTest.fails;
import static org.dayuan.twin.core.history.Script.minute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.TimeSeries;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** A property as a time series, with numbers worked out by hand. */
class HistorySeriesTest {
    static final Duration QUARTER = Duration.ofMinutes(15);
    final Script script = new Script();

    /**
     * Power 0 at creation; 10, 20 by PUT and 30 by a merge that also sets the voltage; the voltage alone (not a
     * power reading); "offline"; 5 just before minute 30; 7 after the range.
     */
    History meter() {
        script.create(METER, minute(0), "{'features':{'energy':{'properties':{'power':0}}}}");
        script.put(METER, POWER.toString(), minute(1), "10");
        script.put(METER, POWER.toString(), minute(5), "20");
        script.merge(METER, "/features/energy/properties", minute(14), "{'power':30,'voltage':230}");
        script.put(METER, "/features/energy/properties/voltage", minute(16), "231");
        script.put(METER, POWER.toString(), minute(20), "'offline'");
        script.put(METER, POWER.toString(), minute(30).minusMillis(1), "5");
        script.put(METER, POWER.toString(), minute(31), "7");
        return script.history(minute(60));
    }

    static TimeSeries.Point point(String t, double min, double max, double avg, String last, long count) {
        return new TimeSeries.Point(minute(Double.parseDouble(t)), OptionalDouble.of(min), OptionalDouble.of(max),
                OptionalDouble.of(avg), Script.json(last), count);
    }

    @Test
    void bucketsAggregateTheValuesWrittenInThem() {
        TimeSeries s = meter().series(C, TwinId.of(METER), POWER, minute(1), minute(31), QUARTER);

        // [1, 16): 10, 20, 30 -> min 10, max 30, avg 20. [16, 31): "offline" (counted, not a number) and 5.
        assertEquals(List.of(point("1", 10, 30, 20, "30", 3), point("16", 5, 5, 5, "5", 2)), s.points());
        assertEquals(Optional.of(Script.json("0")), s.initial(), "the reading at minute 1 opens the first bucket");
        assertEquals(minute(1), s.from());
        assertEquals(QUARTER, s.step());
    }

    @Test
    void bucketsWithoutReadingsHaveNoPointAndTheLastBucketMayBeShort() {
        TimeSeries s = meter().series(C, TwinId.of(METER), POWER, minute(0), minute(40), Duration.ofMinutes(25));
        // [0, 25): 0, 10, 20, 30, "offline" -> numbers 0..30, avg 15. [25, 40), cut short: 5 and 7... 7 is at 31.
        assertEquals(List.of(point("0", 0, 30, 15, "'offline'", 5), point("25", 5, 7, 6, "7", 2)), s.points());
        assertEquals(Optional.empty(), s.initial(), "nothing existed before minute 0");
        TimeSeries quiet = meter().series(C, TwinId.of(METER), POWER, minute(32), minute(59), QUARTER);
        assertEquals(List.of(), quiet.points());
        assertEquals(Optional.of(Script.json("7")), quiet.initial());
    }

    @Test
    void aBucketOfTextOnlyHasNoNumbers() {
        TimeSeries s = meter().series(C, TwinId.of(METER), POWER, minute(20), minute(21), QUARTER);
        TimeSeries.Point p = s.points().get(0);
        assertEquals(OptionalDouble.empty(), p.avg());
        assertEquals("offline", p.last().asText());
        assertEquals(1, p.count());
    }

    @Test
    void badRangesAndStepsAreRejectedBeforeAnyReading() {
        History h = meter();
        TwinId id = TwinId.of(METER);
        assertEquals(ErrorCode.PARAMETER_INVALID,
                fails(() -> h.series(C, id, POWER, minute(5), minute(5), QUARTER)).errorCode());
        assertEquals(ErrorCode.PARAMETER_INVALID,
                fails(() -> h.series(C, id, POWER, minute(5), minute(1), QUARTER)).errorCode());
        assertEquals(ErrorCode.PARAMETER_INVALID,
                fails(() -> h.series(C, id, POWER, minute(0), minute(5), Duration.ZERO)).errorCode());
        String tooMany = fails(() -> h.series(C, id, POWER, minute(0), minute(0).plus(Duration.ofDays(365)),
                Duration.ofSeconds(1))).getMessage();
        assertTrue(tooMany.contains("31536000 points") && tooMany.contains("10000"), tooMany);
        // Exactly the limit is fine.
        h.series(C, id, POWER, minute(0), minute(0).plusSeconds(TimeSeries.MAX_POINTS), Duration.ofSeconds(1));
    }

    @Test
    void aSeriesOfAnUnknownTwinIsNotFound() {
        assertEquals(ErrorCode.THING_NOT_FOUND, fails(() -> meter().series(C, TwinId.of("cz.wujin.hist:none"),
                POWER, minute(0), minute(10), QUARTER)).errorCode());
    }
}
