package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThingResourceTest {
    @Test
    void mapsSubResourcesOntoPointers() {
        var r = ThingResource.parse("/cz.wujin:room-0305/features/smoke/properties/status/fire");
        assertEquals(TwinId.of("cz.wujin:room-0305"), r.id());
        assertEquals(JsonPointer.parse("/features/smoke/properties/status/fire"), r.path());
        assertEquals(ThingResource.Kind.COLLECTION, ThingResource.parse("/").kind());
        assertEquals(ThingResource.Kind.CHILDREN, ThingResource.parse("/cz.wujin:a/children").kind());
    }

    @Test
    void decodesPercentEscapesButKeepsPlus() {
        assertEquals(TwinId.of("cz.wujin:会议室+1"), ThingResource.parse("/cz.wujin:%E4%BC%9A%E8%AE%AE%E5%AE%A4+1").id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cz.wujin:a/nothing", "/cz.wujin:a/policyId/x", "/cz.wujin:a/features/f/other",
            "/cz.wujin:a/features/f/definition/0", "/cz.wujin:a/children/x"})
    void unknownSubResourceIsNotFound(String path) {
        assertEquals(ErrorCode.RESOURCE_NOT_FOUND,
                assertThrows(DayuanException.class, () -> ThingResource.parse(path)).errorCode());
    }

    @Test
    void invalidThingIdIsRejected() {
        assertEquals(ErrorCode.THING_ID_INVALID,
                assertThrows(DayuanException.class, () -> ThingResource.parse("/no-colon")).errorCode());
    }
}
