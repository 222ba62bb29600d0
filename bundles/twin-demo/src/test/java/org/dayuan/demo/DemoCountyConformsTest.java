package org.dayuan.demo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.models.Models;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.core.models.ModelCatalog;
import org.dayuan.twin.core.models.ModelValidator;
import org.junit.jupiter.api.Test;

/**
 * Every twin of the demo county passes the registry's own validation against the Thing Models it names (the
 * conformance test next to this one is a quicker check with clearer messages; this one is what a county runs).
 */
class DemoCountyConformsTest {
    /** The demo county's size, as the itests know it. */
    private static final int DEMO_TWINS = 901;

    @Test
    void everyDemoTwinIsValid() throws Exception {
        List<ObjectNode> twins = DemoCounty.twins();
        ModelValidator validator = new ModelValidator(
                ModelCatalog.of("org.dayuan.twin-models", Models.class.getResource(Models.RESOURCE_DIR)));
        assertEquals(DEMO_TWINS, twins.size());
        for (ObjectNode t : twins) {
            TwinId id = TwinId.of(t.path(Twin.THING_ID).asText());
            assertDoesNotThrow(() -> validator.validate(Twin.of(id, t, 1, Instant.EPOCH, Instant.EPOCH)), id::toString);
        }
    }
}
