package org.dayuan.energy.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.energy.EnergyState;
import org.dayuan.energy.Settings;
import org.dayuan.energy.rules.StaleMeterRule;
import org.junit.jupiter.api.Test;

/** A config change costs what it changes: new thresholds apply to the consumption already built, nothing replayed. */
class ReconfigurationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METER = "cz.wujin:meter-1";
    private static final Instant NOW = Instant.parse("2026-05-06T12:00:00Z");

    /** The component's typed view of {@code values}, as DS would hand it over. */
    static EnergyConfig config(Map<String, String> values) {
        return (EnergyConfig) Proxy.newProxyInstance(EnergyConfig.class.getClassLoader(),
                new Class<?>[] {EnergyConfig.class}, (proxy, m, args) -> {
                    String value = values.get(m.getName().replace('_', '.'));
                    if (value == null) {
                        return m.getDefaultValue();
                    }
                    return m.getReturnType() == int.class ? (Object) Integer.parseInt(value)
                            : m.getReturnType() == boolean.class ? (Object) Boolean.parseBoolean(value)
                            : m.getReturnType() == double.class ? (Object) Double.parseDouble(value) : value;
                });
    }

    private static EnergyLine.Plan plan(Map<String, String> after) {
        return EnergyLine.plan(config(Map.of()), Settings.empty(), config(after), Settings.of(after));
    }

    @Test
    void thresholdsFactorsTargetsAndTheCalendarReplayNothing() {
        assertEquals(new EnergyLine.Plan(false, false), plan(Map.of("spike.factor", "3", "staleMeter.afterMinutes",
                "10", "kgce.electricity", "0.2", "co2.electricity.east-china.2024", "0.5", "target.perM2", "-8",
                "calendar.workStart", "09:00", "alarms", "false", "nightWater.severity", "critical")));
    }

    @Test
    void onlyWhatShapesTheConsumptionReplaysTheHistory() {
        assertEquals(new EnergyLine.Plan(false, true), plan(Map.of("keepDays", "100")));
        assertEquals(new EnergyLine.Plan(false, true), plan(Map.of("maxIntervalHours", "6")));
        assertEquals(new EnergyLine.Plan(false, true), plan(Map.of("maxPerHour.electricity", "5000")));
        assertEquals(new EnergyLine.Plan(false, true), plan(Map.of("calendar.zone", "Asia/Urumqi")));
        assertEquals(new EnergyLine.Plan(true, false), plan(Map.of("billsDir", "/srv/bills")));
        assertEquals(new EnergyLine.Plan(true, false), plan(Map.of("evaluateSeconds", "30")));
        assertThrows(IllegalArgumentException.class, () -> plan(Map.of("maxIntervalHours", "a day")));
    }

    @Test
    void aThresholdChangeKeepsTheConsumptionAndAppliesAtOnce() {
        EnergyState state = new EnergyState(Settings.empty());
        state.twin(JSON.valueToTree(Map.of("thingId", METER, "definition", "dayuan:EnergyMeter:1.0.0", "attributes",
                Map.of("carrier", "electricity", "role", "main", "relations", Map.of("feeds", List.of("cz.wujin:org"))))));
        Instant first = NOW.minus(Duration.ofMinutes(40));
        read(state, 100, first);
        read(state, 110, NOW.minus(Duration.ofMinutes(20)));
        double used = state.ledger().sum(METER, first, NOW);
        assertEquals(10, used, 1e-9);
        assertTrue(stale(state).isEmpty(), "20 minutes without a reading is not stale after the default 30");

        assertFalse(state.reconfigure(Settings.of(Map.of("staleMeter.afterMinutes", "10", "spike.factor", "4"))),
                "a threshold change needs no replay");
        assertEquals(used, state.ledger().sum(METER, first, NOW), 1e-9, "the consumption is kept");
        assertEquals(List.of(METER), stale(state), "the new threshold applies at once");

        assertThrows(IllegalArgumentException.class,
                () -> state.reconfigure(Settings.of(Map.of("staleMeter.afterMinutes", "soon"))));
        assertEquals(List.of(METER), stale(state), "a refused change changes nothing");

        assertTrue(state.reconfigure(Settings.of(Map.of("staleMeter.afterMinutes", "10", "maxIntervalHours", "6"))),
                "a change of what shapes the consumption asks for a replay");
        assertEquals(0, state.ledger().sum(METER, first, NOW), 1e-9, "and forgets what the replay rebuilds");
        assertTrue(state.isMeter(METER), "the meters stay known for the replay");
    }

    private static List<String> stale(EnergyState state) {
        return state.findings(NOW).stream().filter(f -> f.ruleId().equals(StaleMeterRule.ID))
                .map(f -> f.subject()).toList();
    }

    private static void read(EnergyState state, double reading, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put("reading", reading);
        p.put("timestamp", OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(8)).toString());
        state.reading(METER, JSON.valueToTree(p));
    }
}
