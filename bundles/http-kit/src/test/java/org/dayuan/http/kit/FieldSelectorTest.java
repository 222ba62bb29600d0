package org.dayuan.http.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldSelectorTest {
    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void expandsParenthesesIntoPointers() {
        assertEquals(List.of(JsonPointer.parse("thingId"), JsonPointer.parse("attributes/model"),
                JsonPointer.parse("attributes/address/city"), JsonPointer.parse("features/f/properties/a/x"),
                JsonPointer.parse("features/f/properties/b"), JsonPointer.parse("_revision")),
                FieldSelector.parse("thingId,attributes(model,address/city),features/f/properties(a(x),b),_revision")
                        .pointers());
    }

    @Test
    void keepsOnlySelectedPathsThatExist() throws Exception {
        var source = M.readTree("{\"thingId\":\"a:b\",\"attributes\":{\"model\":\"X\",\"serial\":1,"
                + "\"address\":{\"city\":\"常州\",\"street\":\"s\"}},\"features\":{}}");
        assertEquals(M.readTree("{\"attributes\":{\"model\":\"X\",\"address\":{\"city\":\"常州\"}}}"),
                FieldSelector.parse("attributes(model,address/city,missing)").apply(source));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", "a,,b", "a(", "a(b", "a)", "()", "a()", "a(b))", "a//b", "a(b)(c)", "a~2"})
    void rejectsMalformedSelectors(String text) {
        DayuanException e = assertThrows(DayuanException.class, () -> FieldSelector.parse(text));
        assertEquals(ErrorCode.FIELD_SELECTOR_INVALID, e.errorCode());
    }

    @Test
    void selectsAsDeepAsATwinNestsAndNoDeeper() {
        int max = org.dayuan.twin.NestingLimit.MAX_DEPTH;
        String deepest = "a(".repeat(max - 1) + "b" + ")".repeat(max - 1);
        assertEquals(max, FieldSelector.parse(deepest).pointers().get(0).size());
        for (int levels : new int[] {max, 1_200, 8_000, 100_000}) {
            DayuanException e = assertThrows(DayuanException.class,
                    () -> FieldSelector.parse("a(".repeat(levels) + "b" + ")".repeat(levels)));
            assertEquals(ErrorCode.FIELD_SELECTOR_INVALID, e.errorCode());
            assertEquals(400, e.errorCode().status());
            assertTrue(e.getMessage().length() < 1_000, "quotes a bounded part: " + e.getMessage().length());
            e = assertThrows(DayuanException.class, () -> FieldSelector.parse("a" + "/a".repeat(levels)));
            assertEquals(ErrorCode.FIELD_SELECTOR_INVALID, e.errorCode());
        }
    }
}
