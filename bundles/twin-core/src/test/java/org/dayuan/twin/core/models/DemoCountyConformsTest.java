package org.dayuan.twin.core.models;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.demo.DemoCounty;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** Every twin of the demo county passes validation against the Thing Models it names. */
class DemoCountyConformsTest {
    /** The demo county's size, as the itests know it. */
    private static final int DEMO_TWINS = 901;

    @Test
    void everyDemoTwinIsValid() throws Exception {
        List<ObjectNode> twins = DemoCounty.twins();
        ModelValidator validator = new ModelValidator(ModelFixtures.CORE);
        assertEquals(DEMO_TWINS, twins.size());
        for (ObjectNode t : twins) {
            TwinId id = TwinId.of(t.path(Twin.THING_ID).asText());
            assertDoesNotThrow(() -> validator.validate(Twin.of(id, t, 1, Instant.EPOCH, Instant.EPOCH)), id::toString);
        }
    }
}
