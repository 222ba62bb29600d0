package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.HistoryParameters;
import org.dayuan.twin.HistoryRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How the HTTP resources read Ditto's history headers and parameters ({@link HistoryParameters}). */
class HistoryParametersTest {
    static final Instant T = Instant.parse("2022-10-24T03:11:00Z");

    static void assertInvalid(Runnable r, String naming) {
        DayuanException e = assertThrows(DayuanException.class, r::run);
        assertEquals(ErrorCode.PARAMETER_INVALID, e.errorCode());
        assertTrue(e.getMessage().contains(naming), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2022-10-24T03:11:00Z", "2022-10-24T03:11Z", "2022-10-24T11:11:00+08:00",
            "2022-10-24T11:11:00 08:00", " 2022-10-24T03:11:00.000Z "})
    void instantsAreIsoWithAZoneAsDittoShowsThem(String text) {
        assertEquals(T, HistoryParameters.instant("at-historical-timestamp", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2022-10-24T03:11:00", "2022-10-24", "yesterday", "1666581060", ""})
    void instantsWithoutAZoneOrGarbageAreRejectedNamingTheParameter(String text) {
        assertInvalid(() -> HistoryParameters.instant("at-historical-timestamp", text), "at-historical-timestamp");
    }

    @Test
    void revisionsAreWholeNumbersFromZero() {
        assertEquals(42, HistoryParameters.revision("at-historical-revision", " 42 "));
        assertInvalid(() -> HistoryParameters.revision("at-historical-revision", "-1"), "at-historical-revision");
        assertInvalid(() -> HistoryParameters.revision("at-historical-revision", "1.5"), "<1.5>");
        assertInvalid(() -> HistoryParameters.revision("at-historical-revision", null), "nothing");
    }

    @ParameterizedTest
    @CsvSource({"PT15M,900", "P1D,86400", "PT0.5S,0"})
    void stepsArePositiveIsoDurations(String text, long seconds) {
        assertEquals(seconds, HistoryParameters.duration("step", text).getSeconds());
    }

    @Test
    void zeroAndNegativeStepsAreRejected() {
        assertInvalid(() -> HistoryParameters.duration("step", "PT0S"), "'step'");
        assertInvalid(() -> HistoryParameters.duration("step", "-PT1M"), "'step'");
        assertEquals(Duration.ofMillis(500), HistoryParameters.duration("step", "PT0.5S"));
    }

    static Optional<HistoryRange> range(Map<String, String> parameters) {
        return HistoryParameters.range(parameters::get);
    }

    @Test
    void aStreamRangeIsRevisionsOrTimestampsAsInDitto() {
        assertEquals(Optional.empty(), range(Map.of()));
        assertEquals(Optional.of(new HistoryRange.Revisions(0, Long.MAX_VALUE)),
                range(Map.of("from-historical-revision", "0")));
        assertEquals(Optional.of(new HistoryRange.Revisions(23, 42)),
                range(Map.of("from-historical-revision", "23", "to-historical-revision", "42")));
        assertEquals(Optional.of(new HistoryRange.Instants(T, Instant.MAX)),
                range(Map.of("from-historical-timestamp", "2022-10-24T03:11:00Z")));
    }

    @Test
    void mixedIncompleteOrBackwardRangesAreRejected() {
        assertInvalid(() -> range(Map.of("from-historical-revision", "1", "to-historical-timestamp",
                "2022-10-24T03:11:00Z")), "not both");
        assertInvalid(() -> range(Map.of("to-historical-revision", "4")), "'from-historical-revision' is required");
        assertInvalid(() -> range(Map.of("from-historical-revision", "9", "to-historical-revision", "4")),
                "9 to 4");
        assertInvalid(() -> range(Map.of("from-historical-timestamp", "2022-10-24T03:11:00Z",
                "to-historical-timestamp", "2022-10-24T03:10:00Z")), "must not end before it starts");
    }
}
