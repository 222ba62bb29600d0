package org.dayuan.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits every API over a time range shares: the years it may name and the points one answer may hold. */
class HistoryParametersLimitsTest {

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T00:00:00Z", "-999999999-01-01T00:00:00Z",
        "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "0001-01-01T00:00:00Z"})
    void timestampsOutsideTheYearsAllowedAreRejectedNamingTheLimit(String text) {
        DayuanException e = assertThrows(DayuanException.class, () -> HistoryParameters.instant("to", text));
        assertEquals(ErrorCode.PARAMETER_INVALID, e.errorCode());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("'to'") && e.getMessage().contains("1970 to 9999"), e.getMessage());
    }

    @Test
    void theFirstAndLastYearsAreAllowed() {
        assertEquals(Instant.parse("1970-01-01T00:00:00Z"), HistoryParameters.instant("from", "1970-01-01T00:00:00Z"));
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), HistoryParameters.instant("to", "9999-12-31T23:59:59Z"));
    }

    @Test
    void moreThanTheMaximumPointsIsRejectedNamingTheLimit() {
        HistoryParameters.requirePoints("From a to b", TimeSeries.MAX_POINTS, "fewer");
        DayuanException e = assertThrows(DayuanException.class,
                () -> HistoryParameters.requirePoints("From a to b", TimeSeries.MAX_POINTS + 1L, "fewer"));
        assertEquals(ErrorCode.PARAMETER_INVALID, e.errorCode());
        assertEquals("From a to b makes 10001 points, more than the 10000 allowed.", e.getMessage());
    }

    @Test
    void anAuditRangeMustNotEndBeforeItStarts() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        DayuanException e = assertThrows(DayuanException.class, () -> new AuditQuery(null, null, t,
                t.minusSeconds(1), Long.MAX_VALUE, 10, java.util.Set.of(Caller.ALL_NAMESPACES)));
        assertEquals(ErrorCode.PARAMETER_INVALID, e.errorCode());
    }
}
