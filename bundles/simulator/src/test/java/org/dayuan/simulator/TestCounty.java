package org.dayuan.simulator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A small county shaped like the demo's, built through {@link SimMeter#from} from twin-like attributes. */
final class TestCounty {
    static final String NS = "cz.wujin";
    /** Wednesday 2025-06-04 10:00 in Changzhou. */
    static final Instant NOW = local(2025, 6, 4, 10, 0);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TestCounty() {
    }

    static Instant local(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(SimulatorConstants.ZONE).toInstant();
    }

    /** Buildings a (3 floors, computer room), b (3 floors), c (2 floors, canteen). */
    static List<SimMeter> meters() {
        List<SimMeter> meters = new ArrayList<>();
        building(meters, "a", 3);
        building(meters, "b", 3);
        building(meters, "c", 2);
        meters.add(meter("meter-e-a-special", electricity("sub", "special", 1), 80_000));
        meters.add(meter("meter-g-c-kitchen", attributes("carrier", "gas", "role", "main", "ctMultiplier", 1), 60_000));
        meters.add(meter("meter-w-c-canteen", attributes("role", "sub", "use", "canteen", "diameter", 50), 9_000));
        return meters;
    }

    private static void building(List<SimMeter> meters, String k, int floors) {
        meters.add(meter("meter-e-" + k + "-main", electricity("main", null, 40), 50_000));
        meters.add(meter("meter-e-" + k + "-power", electricity("sub", "power", 10), 12_000));
        meters.add(meter("meter-w-" + k + "-main", attributes("role", "main", "use", "domestic", "diameter", 80),
                40_000));
        for (int f = 1; f <= floors; f++) {
            String floor = String.format(Locale.ROOT, "f%02d", f);
            meters.add(meter("meter-e-" + k + "-" + floor + "-lighting", electricity("sub", "lighting", 1), 30_000));
            meters.add(meter("meter-e-" + k + "-" + floor + "-hvac", electricity("sub", "hvac", 1), 40_000));
        }
    }

    static String id(String name) {
        return NS + ":" + name;
    }

    static SimMeter meter(String name, ObjectNode attributes, double reading) {
        ObjectNode properties = JSON.objectNode().put("reading", reading).put("timestamp", "2025-06-02T08:00:00+08:00");
        return SimMeter.from(id(name), attributes, properties).orElseThrow();
    }

    static ObjectNode electricity(String role, String endUse, int ct) {
        ObjectNode a = attributes("carrier", "electricity", "role", role, "ctMultiplier", ct);
        if (endUse != null) {
            a.put("endUse", endUse);
        }
        return a;
    }

    static ObjectNode attributes(Object... keysAndValues) {
        ObjectNode node = JSON.objectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            Object value = keysAndValues[i + 1];
            if (value instanceof Integer n) {
                node.put(key, n);
            } else {
                node.put(key, (String) value);
            }
        }
        return node;
    }
}
