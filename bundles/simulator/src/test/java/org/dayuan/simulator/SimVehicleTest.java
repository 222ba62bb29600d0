package org.dayuan.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SimVehicleTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A vehicle twin as the demo county writes it (twin-demo Fleet). */
    static JsonNode twin(String energyType, String terminalId) throws Exception {
        return JSON.readTree("""
                {"thingId": "cz.wujin:vehicle-10", "definition": "dayuan:Vehicle:1.0.0",
                 "attributes": {"plate": "苏D·F29106", "energyType": "%s", "terminalId": "%s",
                   "organisation": "cz.wujin:org-sthjj", "homeParking": "cz.wujin:park-010"},
                 "features": {"location": {"properties": {"lat": 31.700181, "lon": 119.940512, "speed": 0.0,
                   "heading": 0, "acc": false, "odometer": 23456.7, "fuel": 31.5, "soc": 77, "online": true}}}}
                """.formatted(energyType, terminalId));
    }

    @Test
    void aVehicleTwinIsPlayedWithItsTerminalHomeAndGauges() throws Exception {
        SimVehicle v = SimVehicle.from(twin("plugInHybrid", "013951200010")).orElseThrow();
        assertEquals(new SimVehicle("cz.wujin:vehicle-10", "013951200010", "苏D·F29106", "cz.wujin:org-sthjj",
                SimVehicle.Energy.PLUG_IN_HYBRID, 31.700181, 119.940512, 23456.7, 31.5, 77), v);
        assertEquals("vehicle-10", v.name());
        assertEquals("cz.wujin", v.namespace());
        SimVehicle e = SimVehicle.from(twin("electric", "013951200002")).orElseThrow();
        assertTrue(Double.isNaN(e.fuel()), "an electric car has no tank");
        SimVehicle g = SimVehicle.from(twin("gasoline", "013951200001")).orElseThrow();
        assertTrue(Double.isNaN(g.soc()), "a petrol car has no traction battery");
    }

    @Test
    void aTwinWithoutAPlayableTerminalIsLeftOut() throws Exception {
        assertTrue(SimVehicle.from(twin("gasoline", "")).isEmpty());
        assertTrue(SimVehicle.from(twin("gasoline", "0139512000101")).isEmpty(), "13 digits");
        assertTrue(SimVehicle.from(twin("gasoline", "01395A")).isEmpty());
        assertTrue(SimVehicle.from(twin("hydrogen", "013951200010")).isEmpty());
    }
}
