package org.dayuan.demo;

import static org.dayuan.demo.DemoData.attributes;
import static org.dayuan.demo.DemoData.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.models.Models;
import org.junit.jupiter.api.Test;

/** Every demo panel is registered for the safety line's GB/T 26875.3 gateway, and its detectors can be found. */
class DemoPanelsTest {
    private static final DemoData DEMO = new DemoData();

    @Test
    void everyPanelHasItsOwnTransmitterAndPanelNumber() {
        List<ObjectNode> panels = DEMO.ofType(Models.FIRE_ALARM_PANEL);
        assertTrue(panels.size() >= 3);
        Set<String> registrations = new HashSet<>();
        for (ObjectNode p : panels) {
            String tx = attributes(p).path("transmitter").asText();
            assertTrue(tx.matches("[0-9a-f]{12}"), id(p) + " transmitter " + tx);
            assertTrue(registrations.add(tx + "/" + attributes(p).path("panelNumber").asInt()), id(p));
        }
        assertEquals("320412000001", attributes(DEMO.byId.get(DemoCounty.NAMESPACE + ":fap-a")).path("transmitter")
                .asText());
    }

    @Test
    void everyDetectorNamesAPanelOfItsOrganisationWithAUniqueLoopAndAddress() {
        Set<String> places = new HashSet<>();
        for (ObjectNode d : DEMO.ofType(Models.FIRE_DETECTOR)) {
            String panel = attributes(d).path("panel").asText();
            assertTrue(DEMO.byId.containsKey(panel), id(d) + " names " + panel);
            assertEquals(id(d).substring(0, id(d).indexOf(':')), panel.substring(0, panel.indexOf(':')));
            assertTrue(places.add(panel + "/" + attributes(d).path("loop").asInt() + "/"
                    + attributes(d).path("address").asInt()), id(d));
        }
    }
}
