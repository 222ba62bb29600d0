package org.dayuan.twin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TwinEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TwinEvent event(TwinEvent.Type type, String path, String value) throws Exception {
        JsonNode v = value == null ? null : JSON.readTree(value);
        return new TwinEvent(1, type, TwinId.of("cz.wujin:car"), JsonPointer.parse(path), v, 2, Instant.EPOCH, "s");
    }

    @Test
    void onlyChangesBelowFeaturesAreFeaturesOnly() throws Exception {
        assertTrue(event(TwinEvent.Type.MODIFIED, "/features/location/properties/speed", "60").featuresOnly());
        assertTrue(event(TwinEvent.Type.DELETED, "/features/location", null).featuresOnly());
        assertTrue(event(TwinEvent.Type.MERGED, "", "{\"features\":{\"location\":{}}}").featuresOnly());

        assertFalse(event(TwinEvent.Type.MODIFIED, "/attributes/terminalId", "\"1\"").featuresOnly());
        assertFalse(event(TwinEvent.Type.MERGED, "", "{\"features\":{},\"attributes\":{}}").featuresOnly(),
                "a root merge that also touches attributes");
        assertFalse(event(TwinEvent.Type.MODIFIED, "", "{\"features\":{}}").featuresOnly(),
                "a whole-twin put replaces the attributes too");
        assertFalse(event(TwinEvent.Type.CREATED, "", "{\"features\":{}}").featuresOnly());
        assertFalse(event(TwinEvent.Type.DELETED, "", null).featuresOnly());
    }
}
