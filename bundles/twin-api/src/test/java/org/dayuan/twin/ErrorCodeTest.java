package org.dayuan.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/** Error codes are open: a module's own code renders exactly as the platform's do. */
class ErrorCodeTest {
    /** As a line would declare it in its own bundle. */
    private static final ErrorCode BILL_INVALID = new ErrorCode("dayuan:energy.bill.invalid", 400,
            "Send the bill as the utility's CSV export.");

    @Test
    void aModuleOwnedCodeRendersAsDittosErrorJson() {
        ObjectNode json = BILL_INVALID.exception("Line 3 has no meter number.").toJson();
        assertEquals(4, json.size());
        assertEquals(400, json.path("status").asInt());
        assertEquals("dayuan:energy.bill.invalid", json.path("error").asText());
        assertEquals("Line 3 has no meter number.", json.path("message").asText());
        assertEquals("Send the bill as the utility's CSV export.", json.path("description").asText());
        assertEquals("other advice", BILL_INVALID.exception("m", "other advice").toJson().path("description").asText());
    }

    @Test
    void thePlatformsCodesKeepTheirStrings() {
        assertEquals("things:thing.notfound", ErrorCode.THING_NOT_FOUND.code());
        assertEquals(404, ErrorCode.THING_NOT_FOUND.exception("x").status());
        assertEquals("things:notacceptable", ErrorCode.NOT_ACCEPTABLE.code());
        assertEquals("mediatype.unsupported", ErrorCode.MEDIA_TYPE_UNSUPPORTED.code());
        assertEquals(ErrorCode.THING_NOT_FOUND, ErrorCode.THING_NOT_FOUND.exception("x").errorCode());
    }

    @Test
    void aCodeMustBeWellFormedWithAnHttpErrorStatus() {
        assertThrows(IllegalArgumentException.class, () -> new ErrorCode("no spaces.allowed", 400, "d"));
        assertThrows(IllegalArgumentException.class, () -> new ErrorCode("dayuan:", 400, "d"));
        assertThrows(IllegalArgumentException.class, () -> new ErrorCode("dayuan:x.y", 200, "d"));
        assertThrows(NullPointerException.class, () -> new ErrorCode(null, 400, "d"));
        assertFalse(new ErrorCode("acme:kettle.cold", 409, "d").equals(new ErrorCode("acme:kettle.cold", 400, "d")));
    }
}
