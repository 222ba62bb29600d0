package org.dayuan.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.gbt26875.Address;
import org.dayuan.gbt26875.ComponentStatus;
import org.junit.jupiter.api.Test;

class SimPanelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode twin(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    static JsonNode detector(String thingId, String panel, Object loop, Object address) throws Exception {
        return twin("{'thingId':'" + thingId + "','attributes':{'kind':'smoke','panel':'" + panel + "','loop':" + loop
                + ",'address':" + address + "}}");
    }

    @Test
    void aPanelTwinWithItsDetectorsInLoopAndAddressOrder() throws Exception {
        JsonNode panel = twin("{'thingId':'cz.wujin:fap-a','attributes':{'transmitter':'0A0B0C0D0E01',"
                + "'panelNumber':1}}");
        SimPanel p = SimPanel.from(panel, List.of(
                detector("cz.wujin:fd-2", "cz.wujin:fap-a", 2, 1),
                detector("cz.wujin:fd-1", "cz.wujin:fap-a", 1, 7),
                detector("cz.wujin:fd-b", "cz.wujin:fap-b", 1, 1),
                detector("other.org:fd-x", "cz.wujin:fap-a", 1, 1),
                detector("cz.wujin:fd-no-loop", "cz.wujin:fap-a", "null", 3),
                detector("cz.wujin:fd-text", "cz.wujin:fap-a", "'1'", 3),
                detector("cz.wujin:fd-big", "cz.wujin:fap-a", 70000, 3))).orElseThrow();
        assertEquals(Address.parse("0a0b0c0d0e01"), p.transmitter());
        assertEquals(1, p.panelNumber());
        assertEquals(List.of("cz.wujin:fd-1", "cz.wujin:fd-2"), p.detectors().stream()
                .map(SimPanel.Detector::thingId).toList());
        SimPanel.Detector first = p.detectors().get(0);
        assertEquals(ComponentStatus.address(1, 7), first.componentAddress());
        assertEquals(ComponentStatus.SMOKE_DETECTOR, first.componentType());
        assertEquals(0, new SimPanel.Detector("cz.wujin:mcp", 1, 1, "manualCallPoint").componentType());
    }

    @Test
    void aPanelTheGatewayCouldNotPlaceIsNotPlayed() throws Exception {
        for (String attributes : List.of("{'panelNumber':1}", "{'transmitter':'0a0b0c0d0e01'}",
                "{'transmitter':'0a0b0c0d0e','panelNumber':1}", "{'transmitter':'0a0b0c0d0e0g','panelNumber':1}",
                "{'transmitter':'0a0b0c0d0e01','panelNumber':256}", "{'transmitter':'0a0b0c0d0e01','panelNumber':'1'}")) {
            assertTrue(SimPanel.from(twin("{'thingId':'cz.wujin:fap-a','attributes':" + attributes + "}"), List.of())
                    .isEmpty(), attributes);
        }
        assertThrows(IllegalArgumentException.class, () -> new SimPanel("cz.wujin:p", Address.parse("000000000001"),
                300, List.of()));
    }
}
