package org.dayuan.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CodesTest {
    @Test
    void organisationCodeCheckMatchesTheStandardsExample() {
        // GB 32100's example code 91350100M000100Y43 embeds the organisation code M000100Y4
        assertEquals("M000100Y4", Codes.orgCode("M000100Y"));
    }

    @Test
    void creditCodeCheckMatchesTheStandardsExample() {
        assertEquals('3', Codes.usccCheck("91350100M000100Y4"));
    }

    @Test
    void creditCodeOfAStateOrganIsPrefix11RegionOrganisationCodeAndCheck() {
        String code = Codes.uscc("320412", "01404136");
        assertEquals("11" + "320412" + Codes.orgCode("01404136"), code.substring(0, 17));
        assertEquals(Codes.usccCheck(code.substring(0, 17)), code.charAt(17));
    }

    @Test
    void vinCheckDigitMatchesTheWellKnownExample() {
        assertEquals("1M8GDM9AXKP042788", Codes.vin("1M8GDM9A0KP042788"));
    }

    @Test
    void vinWithIOrOIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Codes.vin("LSVAB6A40MN12345O"));
    }
}
