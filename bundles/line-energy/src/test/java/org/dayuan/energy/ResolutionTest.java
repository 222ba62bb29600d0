package org.dayuan.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The buckets a range makes are counted without walking them, and the count is what the series returns. */
class ResolutionTest {

    /** Ranges across both DST changes of Berlin (23- and 25-hour days) and in Shanghai, starting inside a bucket. */
    @ParameterizedTest
    @CsvSource({
        "Europe/Berlin, 2024-03-30T00:00, 2024-04-01T00:00",
        "Europe/Berlin, 2024-10-26T13:07, 2024-10-28T00:00",
        "Europe/Berlin, 2024-01-15T00:00, 2025-02-01T00:00",
        "Asia/Shanghai, 2024-05-06T23:59, 2024-05-08T00:01",
        "Asia/Shanghai, 1970-01-01T00:00, 1972-03-01T00:00",
        "Asia/Kolkata, 2024-02-28T10:40, 2024-03-02T10:41"})
    void theCountIsTheLengthOfTheSeries(String zoneName, String fromLocal, String toLocal) {
        ZoneId zone = ZoneId.of(zoneName);
        Instant from = LocalDateTime.parse(fromLocal).atZone(zone).toInstant();
        Instant to = LocalDateTime.parse(toLocal).atZone(zone).toInstant();
        Ledger ledger = new Ledger(zone);
        for (Resolution r : Resolution.values()) {
            assertEquals(ledger.series("m", from, to, r).length, r.buckets(from, to, zone), r + " " + zoneName);
        }
    }

    @ParameterizedTest
    @CsvSource({"2024-05-06T00:00, 2024-05-06T00:00", "2024-05-07T00:00, 2024-05-06T00:00"})
    void anEmptyRangeHasNoBuckets(String fromLocal, String toLocal) {
        Instant from = LocalDateTime.parse(fromLocal).atZone(Fixtures.SHANGHAI).toInstant();
        Instant to = LocalDateTime.parse(toLocal).atZone(Fixtures.SHANGHAI).toInstant();
        for (Resolution r : Resolution.values()) {
            assertEquals(0, r.buckets(from, to, Fixtures.SHANGHAI));
        }
    }
}
