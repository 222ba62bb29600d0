package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;

import org.dayuan.twin.DayuanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeoutTest {

    @ParameterizedTest
    @CsvSource({"42,42000", "42s,42000", "1500ms,1500", "1m,60000", "60s,60000", "0,0", "0ms,0", " 7s ,7000"})
    void readsDittosForms(String text, long millis) {
        assertEquals(Optional.of(Duration.ofMillis(millis)), Timeout.parse(text));
    }

    @Test
    void isAbsentWhenNotGiven() {
        assertEquals(Optional.empty(), Timeout.parse(null));
    }

    @ParameterizedTest
    @CsvSource({"61s,61000", "2m,120000", "60001ms,60001", "999999999999m,59999999999940000"})
    void refusesMoreThanSixtySecondsAsDittoDoes(String text, long millis) {
        DayuanException e = assertThrows(DayuanException.class, () -> Timeout.parse(text));
        assertEquals("gateway:timeout.invalid", e.errorCode().code());
        assertEquals(400, e.status());
        assertEquals("The timeout <" + millis + "ms> is not inside its allowed bounds <0ms - 60000ms>",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "1h", "1.5s", "10 s", "9999999999999"})
    void refusesWhatIsNoDuration(String text) {
        DayuanException e = assertThrows(DayuanException.class, () -> Timeout.parse(text));
        assertEquals("header.invalid", e.errorCode().code());
        assertEquals(400, e.status());
    }
}
