package org.dayuan.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.models.Models;
import org.dayuan.twin.Twin;

/** The generated demo, generated once per test class, with lookups the tests share. */
final class DemoData {
    static final List<String> DEVICE_TYPES = List.of(Models.ENERGY_METER, Models.WATER_METER,
            Models.FIRE_ALARM_PANEL, Models.FIRE_DETECTOR, Models.WATER_TANK_SENSOR, Models.CAMERA,
            Models.ACCESS_GATE, Models.PARKING_SPACE);

    final List<ObjectNode> twins = DemoCounty.twins();
    final Map<String, ObjectNode> byId = new LinkedHashMap<>();

    DemoData() {
        twins.forEach(t -> byId.put(id(t), t));
    }

    List<ObjectNode> ofType(String type) {
        return twins.stream().filter(t -> type.equals(type(t))).toList();
    }

    static String id(JsonNode twin) {
        return twin.path(Twin.THING_ID).asText();
    }

    static String type(JsonNode twin) {
        return Models.typeOf(twin.path(Twin.DEFINITION).asText()).orElse(null);
    }

    static JsonNode attributes(JsonNode twin) {
        return twin.path(Twin.ATTRIBUTES);
    }

    static Optional<String> parent(JsonNode twin) {
        JsonNode p = attributes(twin).get(Twin.PARENT);
        return p == null ? Optional.empty() : Optional.of(p.asText());
    }

    static JsonNode geometry(JsonNode twin) {
        return attributes(twin).path(ThingBuilder.GEOMETRY);
    }

    static Geometry.Box box(JsonNode twin) {
        JsonNode b = geometry(twin).path("box");
        return new Geometry.Box(b.path("x").asDouble(), b.path("y").asDouble(), b.path("width").asDouble(),
                b.path("depth").asDouble());
    }
}
