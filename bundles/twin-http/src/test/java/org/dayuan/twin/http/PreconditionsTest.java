package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class PreconditionsTest {
    private final Twin rev3 = Twin.of(TwinId.of("cz.wujin:a"), JsonNodeFactory.instance.objectNode(), 3,
            Instant.EPOCH, Instant.EPOCH);

    @Test
    void ifMatchOnRevisionPassesOnlyForTheCurrentOne() {
        new Preconditions("\"rev:3\"", null).forWrite(JsonPointer.empty()).check(Optional.of(rev3),
                Optional.of(rev3.toJson()));
        DayuanException e = assertThrows(DayuanException.class, () -> new Preconditions("\"rev:2\"", null)
                .forWrite(JsonPointer.empty()).check(Optional.of(rev3), Optional.of(rev3.toJson())));
        assertEquals(ErrorCode.PRECONDITION_FAILED, e.errorCode());
    }

    @Test
    void ifNoneMatchStarAllowsOnlyCreation() {
        var createOnly = new Preconditions(null, "*").forWrite(JsonPointer.empty());
        createOnly.check(Optional.empty(), Optional.empty());
        assertThrows(DayuanException.class, () -> createOnly.check(Optional.of(rev3), Optional.of(rev3.toJson())));
    }

    @Test
    void ifMatchStarNeedsAnExistingSubResource() {
        var path = JsonPointer.parse("/attributes/x");
        var mustExist = new Preconditions("*", null).forWrite(path);
        assertThrows(DayuanException.class, () -> mustExist.check(Optional.of(rev3), Optional.empty()));
        mustExist.check(Optional.of(rev3), Optional.of(JsonNodeFactory.instance.numberNode(1)));
    }

    @Test
    void readWithMatchingIfNoneMatchIsNotModified() {
        assertTrue(new Preconditions(null, "\"rev:1\", W/\"rev:3\"").notModified("\"rev:3\""));
        assertFalse(new Preconditions(null, "\"rev:1\"").notModified("\"rev:3\""));
    }
}
