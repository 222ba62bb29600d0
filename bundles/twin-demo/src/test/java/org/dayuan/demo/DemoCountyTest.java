package org.dayuan.demo;

import static org.dayuan.demo.DemoData.attributes;
import static org.dayuan.demo.DemoData.id;
import static org.dayuan.demo.DemoData.parent;
import static org.dayuan.demo.DemoData.type;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.models.Models;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class DemoCountyTest {
    private static final DemoData DEMO = new DemoData();
    private static final int MAX_TWIN_BYTES = 100_000;
    /** Twins at the top of the tree: the campus, and organisations, which belong to no place. */
    private static final Set<String> ROOT_TYPES = Set.of(Models.CAMPUS, Models.ORGANISATION);

    @Test
    void hasTheAskedForNumbersOfTwins() {
        assertEquals(1, DEMO.ofType(Models.CAMPUS).size());
        assertEquals(3, DEMO.ofType(Models.BUILDING).size());
        assertEquals(20, DEMO.ofType(Models.FLOOR).size());
        assertEquals(8, DEMO.ofType(Models.ORGANISATION).size());
        assertEquals(12, DEMO.ofType(Models.VEHICLE).size());
        assertTrue(DEMO.ofType(Models.ROOM).size() >= 150, "at least 150 rooms");
        long devices = DEMO.twins.stream().filter(t -> DemoData.DEVICE_TYPES.contains(type(t))).count();
        assertTrue(devices >= 300, "at least 300 devices, got " + devices);
        for (String type : DemoData.DEVICE_TYPES) {
            assertTrue(!DEMO.ofType(type).isEmpty(), "some " + type);
        }
    }

    @Test
    void publishedIdsNameTwinsOfTheRightType() {
        assertEquals(Models.CAMPUS, type(DEMO.byId.get(DemoCounty.CAMPUS_ID)));
        for (String b : List.of(DemoCounty.BUILDING_A_ID, DemoCounty.BUILDING_B_ID, DemoCounty.BUILDING_C_ID)) {
            assertEquals(Models.BUILDING, type(DEMO.byId.get(b)));
        }
        assertEquals(Models.ROOM, type(DEMO.byId.get(DemoCounty.OVER_STANDARD_ROOM_ID)));
        assertEquals(Models.ENERGY_METER, type(DEMO.byId.get(DemoCounty.MAIN_METER_A_ID)));
        assertEquals(Models.ORGANISATION, type(DEMO.byId.get(DemoCounty.MANAGING_ORGANISATION_ID)));
    }

    @Test
    void everyThingIdIsValidUniqueAndInTheCountyNamespace() {
        Set<String> seen = new HashSet<>();
        for (ObjectNode twin : DEMO.twins) {
            TwinId id = assertDoesNotThrow(() -> TwinId.of(id(twin)), id(twin));
            assertEquals(DemoCounty.NAMESPACE, id.namespace());
            assertTrue(id.name().chars().allMatch(c -> c < 128), "ASCII id " + id);
            assertTrue(seen.add(id.toString()), "duplicate " + id);
        }
    }

    @Test
    void everyTwinButTheRootsHasAParentEarlierInTheList() {
        Set<String> earlier = new HashSet<>();
        for (ObjectNode twin : DEMO.twins) {
            if (!ROOT_TYPES.contains(type(twin))) {
                String parent = parent(twin).orElse(null);
                assertNotNull(parent, id(twin) + " has a parent");
                assertTrue(earlier.contains(parent), id(twin) + " comes after its parent " + parent);
            }
            earlier.add(id(twin));
        }
        assertTrue(parent(DEMO.byId.get(DemoCounty.CAMPUS_ID)).isEmpty());
    }

    /** Any string in the attributes that looks like one of our thingIds is a reference: organisation, feeds, panel... */
    @Test
    void everyReferenceNamesATwinEarlierInTheList() {
        Set<String> earlier = new HashSet<>();
        int references = 0;
        for (ObjectNode twin : DEMO.twins) {
            for (String ref : references(attributes(twin))) {
                assertTrue(earlier.contains(ref), id(twin) + " refers to " + ref + " before it exists");
                references++;
            }
            earlier.add(id(twin));
        }
        assertTrue(references > DEMO.twins.size(), "references were found");
    }

    @Test
    void roomsAndMetersReferToOrganisations() {
        for (ObjectNode room : DEMO.ofType(Models.ROOM)) {
            assertEquals(Models.ORGANISATION, type(DEMO.byId.get(attributes(room).path("organisation").asText())));
        }
        for (ObjectNode meter : DEMO.ofType(Models.ENERGY_METER)) {
            assertTrue(attributes(meter).path("relations").path("feeds").size() > 0, id(meter) + " feeds something");
        }
        long floorMetersFeedingOrganisations = DEMO.ofType(Models.ENERGY_METER).stream()
                .filter(m -> references(attributes(m).path("relations")).stream()
                        .anyMatch(r -> Models.ORGANISATION.equals(type(DEMO.byId.get(r)))))
                .count();
        assertTrue(floorMetersFeedingOrganisations >= 40, "per-floor meters meter organisations");
    }

    @Test
    void everyDefinitionNamesAThingModelAndEveryFeatureAFeatureModel() {
        for (ObjectNode twin : DEMO.twins) {
            String type = type(twin);
            assertTrue(type != null && Models.read(type).path("properties").has(Twin.PARENT),
                    id(twin) + " has a thing model, not " + twin.get("definition"));
            JsonNode links = Models.read(type).path("links");
            twin.path(Twin.FEATURES).fields().forEachRemaining(feature -> {
                assertEquals(1, feature.getValue().path(Twin.DEFINITION).size());
                String featureType =
                        Models.typeOf(feature.getValue().path(Twin.DEFINITION).get(0).asText()).orElse(null);
                boolean linked = false;
                for (JsonNode link : links) {
                    linked |= link.path("instanceName").asText().equals(feature.getKey())
                            && link.path("href").asText().equals("./" + featureType + ".tm.jsonld");
                }
                assertTrue(linked, id(twin) + " feature " + feature.getKey() + " has the feature model its thing model"
                        + " links, not " + featureType);
            });
        }
    }

    @Test
    void everyTwinPassesDayuansThingValidation() {
        Instant now = Instant.now();
        for (ObjectNode twin : DEMO.twins) {
            Twin t = assertDoesNotThrow(() -> Twin.of(TwinId.of(id(twin)), twin, 1, now, now), id(twin));
            assertEquals(twin, t.toJson(), id(twin) + " survives validation unchanged");
        }
    }

    @Test
    void everyTwinIsWellUnderTheSizeLimit() throws JsonProcessingException {
        ObjectMapper mapper = new ObjectMapper();
        for (ObjectNode twin : DEMO.twins) {
            int size = mapper.writeValueAsBytes(twin).length;
            assertTrue(size < MAX_TWIN_BYTES / 10, id(twin) + " is " + size + " bytes");
        }
    }

    @Test
    void isDeterministic() {
        assertEquals(DEMO.twins, DemoCounty.twins());
        assertEquals(DemoCounty.twins().toString(), DemoCounty.twins().toString());
    }

    private static List<String> references(JsonNode node) {
        List<String> out = new ArrayList<>();
        collectReferences(node, out);
        return out;
    }

    private static void collectReferences(JsonNode node, List<String> out) {
        if (node.isTextual() && node.asText().startsWith(DemoCounty.NAMESPACE + ":")) {
            out.add(node.asText());
        }
        node.forEach(child -> collectReferences(child, out));
    }
}
