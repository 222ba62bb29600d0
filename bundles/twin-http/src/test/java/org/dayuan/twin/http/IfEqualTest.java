package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IfEqualTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return M.readTree(text);
    }

    private static Twin lamp() throws Exception {
        return Twin.of(TwinId.of("cz.wujin:lamp"), json("{\"attributes\":{\"room\":\"101\"},"
                + "\"features\":{\"power\":{\"properties\":{\"on\":true,\"watts\":9}}}}"), 3, Instant.EPOCH,
                Instant.EPOCH);
    }

    /** Runs {@code condition} as the registry would for a write at {@code path} of {@link #lamp()}. */
    private static void check(WriteCondition condition, String path) throws Exception {
        Twin twin = lamp();
        JsonPointer p = JsonPointer.parse(path);
        condition.check(Optional.of(twin), twin.get(p));
    }

    private static void assertSkipped(WriteCondition condition, String path) {
        DayuanException e = assertThrows(DayuanException.class, () -> check(condition, path));
        assertEquals(ErrorCode.PRECONDITION_FAILED, e.errorCode());
        assertEquals(412, e.status());
        assertEquals("The previous value was equal to the new value and the 'if-equal' header was set to 'skip'.",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"update,UPDATE", "skip,SKIP", "skip-minimizing-merge,SKIP_MINIMIZING_MERGE", "Skip,SKIP"})
    void parsesDittosOptions(String header, IfEqual expected) {
        assertSame(expected, IfEqual.parse(header));
    }

    @Test
    void updatesWhenAbsentAndRefusesAnyOtherValue() {
        assertSame(IfEqual.UPDATE, IfEqual.parse(null));
        DayuanException e = assertThrows(DayuanException.class, () -> IfEqual.parse("sometimes"));
        assertEquals("header.invalid", e.errorCode().code());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("'sometimes'"), e.getMessage());
    }

    @Test
    void skipRefusesAPutOfTheValueThereAndLetsAnotherThrough() throws Exception {
        assertSkipped(IfEqual.SKIP.forPut(JsonPointer.parse("features/power/properties/on"), json("true")),
                "features/power/properties/on");
        assertDoesNotThrow(() -> check(IfEqual.SKIP.forPut(JsonPointer.parse("features/power/properties/on"),
                json("false")), "features/power/properties/on"));
        assertDoesNotThrow(() -> check(IfEqual.SKIP.forPut(JsonPointer.parse("attributes/floor"), json("1")),
                "attributes/floor"));
    }

    @Test
    void skipComparesAWholeThingWithOrWithoutItsThingId() throws Exception {
        String same = "\"attributes\":{\"room\":\"101\"},\"features\":{\"power\":{\"properties\":{\"on\":true,"
                + "\"watts\":9}}}}";
        assertSkipped(IfEqual.SKIP.forPut(JsonPointer.empty(), json("{" + same)), "");
        assertSkipped(IfEqual.SKIP.forPut(JsonPointer.empty(), json("{\"thingId\":\"cz.wujin:lamp\"," + same)), "");
        assertDoesNotThrow(() -> check(IfEqual.SKIP.forPut(JsonPointer.empty(),
                json("{\"attributes\":{\"room\":\"101\"}}")), ""));
    }

    @Test
    void updateNeverRefuses() throws Exception {
        assertSame(WriteCondition.NONE, IfEqual.UPDATE.forPut(JsonPointer.empty(), json("{}")));
        assertSame(WriteCondition.NONE, IfEqual.UPDATE.forMerge(json("{}")));
    }

    @Test
    void skipRefusesAMergeThatChangesNothing() throws Exception {
        for (IfEqual skip : new IfEqual[] {IfEqual.SKIP, IfEqual.SKIP_MINIMIZING_MERGE}) {
            assertSkipped(skip.forMerge(json("{\"features\":{\"power\":{\"properties\":{\"on\":true}}},"
                    + "\"attributes\":{\"gone\":null}}")), "");
            assertSkipped(skip.forMerge(json("{\"on\":true}")), "features/power/properties");
            assertDoesNotThrow(() -> check(skip.forMerge(json("{\"attributes\":{\"room\":null}}")), ""));
            assertDoesNotThrow(() -> check(skip.forMerge(json("{\"on\":true,\"dim\":4}")),
                    "features/power/properties"));
        }
    }

    @Test
    void aMergeOfAnObjectOntoAScalarOrNothingChangesIt() throws Exception {
        assertFalse(IfEqual.unchangedBy(json("9"), json("{}")));
        assertFalse(IfEqual.unchangedBy(null, json("{\"a\":null}")));
        assertTrue(IfEqual.unchangedBy(json("{\"a\":{\"b\":[1,2]}}"), json("{\"a\":{\"b\":[1,2],\"c\":null}}")));
        assertFalse(IfEqual.unchangedBy(json("{\"a\":{\"b\":[1,2]}}"), json("{\"a\":{\"b\":[2,1]}}")));
    }
}
