package org.dayuan.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPointerTest {
    @Test
    void leadingSlashIsOptionalAndEscapesRoundTrip() {
        assertEquals(JsonPointer.parse("/a/b"), JsonPointer.parse("a/b"));
        JsonPointer p = JsonPointer.parse("/a~1b/c~0d");
        assertEquals(List.of("a/b", "c~d"), p.segments());
        assertEquals("/a~1b/c~0d", p.toString());
        assertEquals(p, JsonPointer.parse(p.toString()));
        assertTrue(JsonPointer.parse("/").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a//b", "//", "/a~2", "/a~"})
    void rejectsMalformedPointersQuotingThem(String text) {
        DayuanException e = assertThrows(DayuanException.class, () -> JsonPointer.parse(text));
        assertEquals(ErrorCode.JSON_POINTER_INVALID, e.errorCode());
        assertTrue(e.getMessage().contains(text));
    }

    @Test
    void navigates() {
        JsonPointer p = JsonPointer.parse("/features/f/properties/x");
        assertEquals(JsonPointer.parse("/features/f/properties"), p.parent());
        assertEquals(JsonPointer.parse("/properties/x"), p.dropFirst(2));
        assertTrue(JsonPointer.parse("/features").isPrefixOf(p));
    }

    @Test
    void refusesPointersDeeperThanAnyTwinWithA400() {
        assertEquals(NestingLimit.MAX_DEPTH, JsonPointer.parse("/a".repeat(NestingLimit.MAX_DEPTH)).size());
        for (int depth : new int[] {NestingLimit.MAX_DEPTH + 1, 1_100, 3_000, 100_000}) {
            DayuanException e = assertThrows(DayuanException.class, () -> JsonPointer.parse("/a".repeat(depth)));
            assertEquals(ErrorCode.JSON_POINTER_INVALID, e.errorCode());
            assertEquals(400, e.errorCode().status());
            assertTrue(e.getMessage().contains(depth + " levels deep"), e.getMessage());
            String[] segments = new String[depth];
            java.util.Arrays.fill(segments, "a");
            assertEquals(ErrorCode.JSON_POINTER_INVALID,
                    assertThrows(DayuanException.class, () -> JsonPointer.of(segments)).errorCode());
        }
    }
}
