package org.dayuan.twin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class NestingLimitTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final int MAX = NestingLimit.MAX_DEPTH;

    /** {@code levels} objects (or arrays) inside each other, innermost holding a number. */
    static JsonNode nested(int levels, boolean arrays) throws Exception {
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        return M.readTree(open.repeat(levels) + "1" + close.repeat(levels));
    }

    @Test
    void aWholeTwinMayNestExactlyToTheLimit() throws Exception {
        assertDoesNotThrow(() -> NestingLimit.check(JsonPointer.empty(), nested(MAX, false)));
        assertDoesNotThrow(() -> NestingLimit.check(JsonPointer.empty(), nested(MAX, true)));
        DayuanException e = assertThrows(DayuanException.class,
                () -> NestingLimit.check(JsonPointer.empty(), nested(MAX + 1, false)));
        assertEquals(ErrorCode.JSON_INVALID, e.errorCode());
        assertTrue(e.getMessage().contains("at most " + MAX + " levels"), e.getMessage());
        assertThrows(DayuanException.class, () -> NestingLimit.check(JsonPointer.empty(), nested(MAX + 1, true)));
    }

    @Test
    void aValueAtAPathCountsThePathToo() throws Exception {
        JsonPointer path = JsonPointer.parse("/features/f/properties/p");
        assertDoesNotThrow(() -> NestingLimit.check(path, nested(MAX - 4, false)));
        DayuanException e = assertThrows(DayuanException.class,
                () -> NestingLimit.check(path, nested(MAX - 3, false)));
        assertTrue(e.getMessage().contains("</features/f/properties/p>"), e.getMessage());
        JsonPointer deepest = JsonPointer.parse("/a".repeat(MAX));
        assertDoesNotThrow(() -> NestingLimit.check(deepest, M.readTree("1")));
        assertThrows(DayuanException.class, () -> NestingLimit.check(deepest, M.readTree("{}")));
    }

    @Test
    void theDeepestMemberCountsNotTheFirst() throws Exception {
        JsonNode wide = M.readTree("{\"flat\":1,\"list\":[1,2,{}],\"deep\":" + nested(MAX, true) + "}");
        assertThrows(DayuanException.class, () -> NestingLimit.check(JsonPointer.empty(), wide));
        assertDoesNotThrow(() -> NestingLimit.check(JsonPointer.empty(), wide.get("deep")));
    }

    @Test
    void valuesAsDeepAsTheParserAcceptsAreRefusedWithoutRecursion() throws Exception {
        assertThrows(DayuanException.class, () -> NestingLimit.check(JsonPointer.empty(), nested(999, false)));
        assertThrows(DayuanException.class, () -> NestingLimit.check(JsonPointer.empty(), nested(999, true)));
    }
}
