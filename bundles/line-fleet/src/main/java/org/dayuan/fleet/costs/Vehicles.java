package org.dayuan.fleet.costs;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinSearch;

/** The vehicles a caller sees, found by thingId or by plate however it is written (苏D·12345, 苏D12345, 苏d 12345). */
public final class Vehicles {
    public static final String DEFINITION = "dayuan:Vehicle:1.0.0";

    private final Map<String, Twin> byId = new LinkedHashMap<>();
    private final Map<String, Twin> byPlate = new HashMap<>();

    private Vehicles() {
    }

    public static Vehicles visibleTo(TwinSearch search, Caller caller) {
        Vehicles v = new Vehicles();
        for (Twin t : search.all(caller, "eq(definition," + TwinSearch.literal(DEFINITION) + ")")) {
            v.byId.put(t.id().toString(), t);
            plate(t).ifPresent(p -> v.byPlate.put(normalPlate(p), t));
        }
        return v;
    }

    /** By thingId, else by plate. */
    public Optional<Twin> find(String text) {
        String t = text.trim();
        Twin found = byId.get(t);
        return found != null ? Optional.of(found) : Optional.ofNullable(byPlate.get(normalPlate(t)));
    }

    public Collection<Twin> all() {
        return byId.values();
    }

    public static Optional<String> plate(Twin vehicle) {
        return attribute(vehicle, "plate");
    }

    public static Optional<String> organisation(Twin vehicle) {
        return attribute(vehicle, "organisation");
    }

    public static Optional<String> attribute(Twin twin, String name) {
        return twin.get(JsonPointer.of(Twin.ATTRIBUTES, name)).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /** Plates are written with or without the middle dot and spaces, in either case. */
    static String normalPlate(String plate) {
        return plate.replaceAll("[\\s·.•\\-]", "").toUpperCase(Locale.ROOT);
    }
}
