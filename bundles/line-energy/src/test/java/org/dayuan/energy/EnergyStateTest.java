package org.dayuan.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.dayuan.energy.rules.Finding;
import org.junit.jupiter.api.Test;

/** What the line knows of meters that come and go. */
class EnergyStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METER = "cz.wujin:meter-1";
    private static final String OTHER = "cz.wujin:meter-2";

    private final EnergyState state = new EnergyState(Settings.empty());

    private void meter(String id) {
        state.twin(JSON.valueToTree(Map.of("thingId", id, "definition", "dayuan:EnergyMeter:1.0.0",
                "attributes", Map.of("carrier", "electricity", "role", "main"))));
    }

    private void reading(String id, double kwh, String at) {
        state.reading(id, JSON.valueToTree(Map.of("reading", kwh, "timestamp", at + "+08:00")));
    }

    private List<String> staleMeters(String at) {
        return state.findings(Fixtures.at(at)).stream().filter(f -> f.ruleId().equals("energy.stale-meter"))
                .map(Finding::subject).toList();
    }

    @Test
    void aDeletedMeterIsForgottenAndNeverReportedStale() {
        meter(METER);
        meter(OTHER);
        reading(METER, 100, "2024-05-06T10:00");
        reading(OTHER, 100, "2024-05-06T10:00");
        assertEquals(List.of(METER, OTHER), staleMeters("2024-05-06T12:00").stream().sorted().toList());

        state.deleted(METER);
        assertEquals(List.of(OTHER), staleMeters("2024-05-06T12:00"));
        assertEquals(List.of(OTHER), state.meters().stream().map(MeterInfo::id).toList());
        assertFalse(state.isMeter(METER));
        assertEquals(List.of(), state.reading(METER, JSON.valueToTree(Map.of("reading", 200,
                "timestamp", "2024-05-06T12:15+08:00"))), "a late reading of it is ignored");
        assertEquals(List.of(OTHER), staleMeters("2024-05-06T13:00"));
    }
}
