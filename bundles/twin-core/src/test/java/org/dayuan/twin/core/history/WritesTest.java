package org.dayuan.twin.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WritesTest {
    static final JsonPointer POWER = JsonPointer.parse("/features/energy/properties/power");

    static TwinEvent event(String type, String path, String value) {
        return new TwinEvent(1, TwinEvent.Type.valueOf(type), TwinId.of("cz.wujin:m"), JsonPointer.parse(path),
                value.equals("-") ? null : Script.json(value), 2, Instant.EPOCH, null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MODIFIED|/features/energy/properties/power|5|true",
        "MODIFIED|/features/energy/properties/power/phase|5|true",
        "MODIFIED|/features/energy|{}|true",
        "MODIFIED|/features/energy/properties/voltage|230|false",
        "MODIFIED|/attributes|{}|false",
        "CREATED|/|{}|true",
        "DELETED|/|-|true",
        "DELETED|/features/energy/properties|-|true",
        "MERGED|/features/energy/properties|{'power':1}|true",
        "MERGED|/features/energy/properties|{'power':null}|true",
        "MERGED|/features/energy/properties|{'voltage':1}|false",
        "MERGED|/|{'features':{'energy':7}}|true",
        "MERGED|/|{'features':{'other':{}}}|false",
        "MERGED|/features/energy/properties/power|3|true"})
    void anEventWritesWhatIsAtOrBelowItsPathAndWhatItsPatchNames(String type, String path, String value,
                                                                  boolean touches) {
        assertEquals(touches, Writes.touches(event(type, path, value), POWER));
    }

    @ParameterizedTest
    @CsvSource({"PT15M,PT15M,1", "PT15M,PT16M,2", "PT15M,PT30M,2", "PT15M,PT1S,1", "P1D,PT8760H,365"})
    void bucketsCoverTheRangeTheLastOneCutShort(String step, String range, long buckets) {
        Instant from = Instant.parse("2025-03-01T00:00:00Z");
        assertEquals(buckets, SeriesBuilder.bucketCount(from, from.plus(Duration.parse(range)),
                Duration.parse(step)));
    }
}
