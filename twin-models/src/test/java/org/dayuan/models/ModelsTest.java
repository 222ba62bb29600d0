package org.dayuan.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelsTest {
    private static final List<String> COMMON_ATTRIBUTES = List.of("name", "parent", "geometry", "relations");
    private static final Set<String> JSON_TYPES = Set.of("string", "number", "integer", "boolean", "object", "array");
    private static final String SUBMODEL = "tm:submodel";

    /** Every model file of the bundle: the files are the only list there is. */
    private static final List<String> ALL = shipped();
    /** The feature types: those a thing model links as its submodel. */
    private static final Set<String> FEATURES = ALL.stream()
            .flatMap(t -> StreamSupport.stream(Models.read(t).path("links").spliterator(), false))
            .filter(l -> SUBMODEL.equals(l.path("rel").asText()))
            .map(l -> l.path("href").asText().replaceFirst("^\\./", "").replace(".tm.jsonld", ""))
            .collect(Collectors.toCollection(TreeSet::new));
    private static final List<String> THINGS = ALL.stream().filter(t -> !FEATURES.contains(t)).toList();

    static List<String> all() {
        return ALL;
    }

    static List<String> things() {
        return THINGS;
    }

    private static List<String> shipped() {
        try {
            File dir = new File(Models.class.getResource(Models.RESOURCE_DIR).toURI());
            return Arrays.stream(dir.list()).sorted().map(f -> f.replace(Models.RESOURCE_SUFFIX, "")).toList();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theBundleShipsFourteenThingTypesAndEightFeatureTypesEachWithItsConstant() throws IllegalAccessException {
        assertEquals(14, THINGS.size());
        assertEquals(8, FEATURES.size());
        Set<String> constants = new TreeSet<>();
        for (Field f : Models.class.getFields()) {
            if (f.getType() == String.class && f.getName().matches("[A-Z_]+")
                    && Models.isKnown((String) f.get(null))) {
                constants.add((String) f.get(null));
            }
        }
        assertEquals(new TreeSet<>(ALL), constants);
    }

    @ParameterizedTest
    @MethodSource("all")
    void modelHasTheThingModelKeys(String type) {
        ObjectNode tm = Models.read(type);
        assertEquals(Models.TD_CONTEXT, tm.path("@context").asText());
        assertEquals(Models.THING_MODEL, tm.path("@type").asText());
        assertEquals(type, tm.path("title").asText());
        assertEquals(Models.VERSION, tm.path("version").path("model").asText());
        assertEquals(Models.definitionOf(type), tm.path(Models.DEFINITION_KEY).asText());
        assertTrue(tm.path("description").asText().contains(Models.definitionOf(type)), "description names the definition");
        assertTrue(tm.path("properties").isObject() && !tm.path("properties").isEmpty(), "has properties");
    }

    @ParameterizedTest
    @MethodSource("all")
    void everyPropertyHasAJsonTypeAndADescription(String type) {
        Models.read(type).path("properties").fields().forEachRemaining(e -> checkSchema(type + "/" + e.getKey(), e.getValue()));
    }

    private static void checkSchema(String where, JsonNode schema) {
        assertTrue(JSON_TYPES.contains(schema.path("type").asText()), where + " has a JSON type");
        assertFalse(schema.path("description").asText().isBlank(), where + " has a description");
        schema.path("properties").fields().forEachRemaining(e -> checkSchema(where + "/" + e.getKey(), e.getValue()));
        if (schema.has("minimum") && schema.has("maximum")) {
            assertTrue(schema.get("minimum").asDouble() <= schema.get("maximum").asDouble(), where + " range");
        }
    }

    @ParameterizedTest
    @MethodSource("all")
    void requiredEntriesNameExistingProperties(String type) {
        ObjectNode tm = Models.read(type);
        for (JsonNode r : tm.path("tm:required")) {
            String key = r.asText().replaceFirst("^#/properties/", "");
            assertTrue(tm.path("properties").has(key), type + " requires missing property " + r);
        }
    }

    @ParameterizedTest
    @MethodSource("things")
    void thingModelDocumentsTheCommonAttributes(String type) {
        JsonNode properties = Models.read(type).path("properties");
        for (String attribute : COMMON_ATTRIBUTES) {
            assertTrue(properties.has(attribute), type + " documents " + attribute);
        }
    }

    @Test
    void submodelLinksNameFeatureModelsAndEveryFeatureModelIsLinked() {
        Set<String> linked = new HashSet<>();
        for (String type : THINGS) {
            for (JsonNode link : Models.read(type).path("links")) {
                assertEquals(SUBMODEL, link.path("rel").asText());
                assertFalse(link.path("instanceName").asText().isBlank(), type + " link has an instanceName");
                String target = link.path("href").asText().replaceFirst("^\\./", "").replace(".tm.jsonld", "");
                assertTrue(Models.isKnown(target), type + " links unknown feature model " + target);
                linked.add(target);
            }
        }
        assertEquals(FEATURES, linked);
    }

    @Test
    void definitionsRoundTrip() {
        assertEquals("dayuan:Room:1.0.0", Models.definitionOf(Models.ROOM));
        for (String type : ALL) {
            assertEquals(Optional.of(type), Models.typeOf(Models.definitionOf(type)));
        }
        for (String other : List.of("dayuan:Room:2.0.0", "acme:Room:1.0.0", "dayuan:Kettle:1.0.0", "dayuan::1.0.0", "")) {
            assertEquals(Optional.empty(), Models.typeOf(other), other);
        }
        assertEquals(Optional.empty(), Models.typeOf(null));
    }

    @Test
    void unknownTypesAreRejectedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Models.definitionOf("Kettle"));
        assertTrue(e.getMessage().contains("Kettle"));
        assertThrows(IllegalArgumentException.class, () -> Models.open("../Room"));
    }

    @Test
    void readGivesIndependentCopies() {
        ObjectNode first = Models.read(Models.ROOM);
        first.put("title", "changed");
        assertNotEquals("changed", Models.read(Models.ROOM).path("title").asText());
    }

    @Test
    void featureModelInstanceNamesAreTheDocumentedOnes() {
        Map<String, String> expected = Map.of(Models.ENERGY_METER, "energy", Models.VEHICLE, "location",
                Models.PARKING_SPACE, "occupancy");
        expected.forEach((type, feature) -> assertEquals(feature,
                Models.read(type).path("links").get(0).path("instanceName").asText()));
    }
}
