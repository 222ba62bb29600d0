package org.dayuan.twin.core.models;

import static org.dayuan.twin.core.models.ModelFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.models.Models;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    private static final ModelCatalog CATALOG = ModelCatalog.load();

    /** A catalog of hand-written models, {@code type -> JSON}. */
    private static ModelCatalog catalog(List<String> things, List<String> features, Map<String, String> models) {
        return new ModelCatalog(things, features, type -> (ObjectNode) json(models.get(type)));
    }

    private static String model(String type, String rest) {
        return "{'dayuan:definition':'dayuan:" + type + ":1.0.0'," + rest + "}";
    }

    @Test
    void everyModelOfTwinModelsCompilesWithItsKind() {
        assertEquals(Models.ALL_TYPES.size(), CATALOG.size());
        for (String type : Models.THING_TYPES) {
            assertEquals(CompiledModel.Kind.THING, CATALOG.get(Models.definitionOf(type)).orElseThrow().kind());
        }
        for (String type : Models.FEATURE_TYPES) {
            assertEquals(CompiledModel.Kind.FEATURE, CATALOG.get(Models.definitionOf(type)).orElseThrow().kind());
        }
        assertTrue(CATALOG.get("dayuan:Room:2.0.0").isEmpty());
    }

    @Test
    void submodelLinksMapFeatureIdsToFeatureDefinitions() {
        assertEquals(Map.of("energy", "dayuan:EnergyMeasurement:1.0.0"),
                CATALOG.get("dayuan:EnergyMeter:1.0.0").orElseThrow().submodels());
        assertEquals(Map.of(), CATALOG.get("dayuan:Room:1.0.0").orElseThrow().submodels());
    }

    @Test
    void requiredAffordancesAreRequiredAttributesButNotDesiredOnes() {
        CompiledModel room = CATALOG.get("dayuan:Room:1.0.0").orElseThrow();
        Violation v = room.properties().check(json("{'name':'305'}"));
        assertEquals("/parent", v.path());
        assertEquals("tm:required", v.rule());
        assertNull(room.desired().check(json("{'name':'305'}")));
    }

    @Test
    void extendsBringsInTheBaseAffordancesAndRequiredOnes() {
        ModelCatalog c = catalog(List.of("Lamp"), List.of("Switch"), Map.of(
                "Switch", model("Switch", "'tm:required':['#/properties/on'],'properties':{'on':{'type':'boolean'},"
                        + "'level':{'type':'integer','maximum':10}}"),
                "Lamp", model("Lamp", "'links':[{'rel':'tm:extends','href':'./Switch.tm.jsonld'}],"
                        + "'tm:required':['#/properties/name'],'properties':{'name':{'type':'string'},"
                        + "'level':{'type':'integer','maximum':100}}")));
        CompiledModel lamp = c.get("dayuan:Lamp:1.0.0").orElseThrow();
        assertEquals("/on", lamp.properties().check(json("{'name':'a'}")).path());
        assertEquals("/name", lamp.properties().check(json("{'on':true}")).path());
        assertEquals("type boolean", lamp.properties().check(json("{'name':'a','on':1}")).rule());
        assertNull(lamp.properties().check(json("{'name':'a','on':true,'level':50}")), "the extension's own wins");
    }

    @Test
    void refIsReplacedByItsTargetAndTheKeysBesideItOverride() {
        ModelCatalog c = catalog(List.of("Room"), List.of(), Map.of(
                "Geo", model("Geo", "'properties':{'area':{'type':'number','minimum':0,'maximum':1000}}"),
                "Room", model("Room", "'properties':{"
                        + "'usableArea':{'tm:ref':'./Geo.tm.jsonld#/properties/area','maximum':50},"
                        + "'grossArea':{'tm:ref':'#/properties/usableArea'}}")));
        CompiledModel room = c.get("dayuan:Room:1.0.0").orElseThrow();
        assertEquals("minimum 0", room.properties().check(json("{'usableArea':-1}")).rule());
        assertEquals("maximum 50", room.properties().check(json("{'usableArea':60}")).rule());
        assertEquals("minimum 0", room.properties().check(json("{'grossArea':-1}")).rule());
        assertNotNull(c.get("dayuan:Room:1.0.0"));
    }

    @Test
    void brokenModelsFailTheLoadNamingTheModel() {
        var circular = assertThrows(IllegalStateException.class, () -> catalog(List.of("A"), List.of(), Map.of(
                "A", model("A", "'properties':{'x':{'tm:ref':'#/properties/x'}}"))));
        assertTrue(circular.getMessage().contains("A"), circular.getMessage());
        assertThrows(IllegalStateException.class, () -> catalog(List.of("A"), List.of(), Map.of(
                "A", model("A", "'links':[{'rel':'tm:extends','href':'./A.tm.jsonld'}],'properties':{}"))));
        assertThrows(IllegalStateException.class, () -> catalog(List.of("A"), List.of(), Map.of(
                "A", "{'properties':{}}")));
        assertThrows(IllegalStateException.class, () -> catalog(List.of("A"), List.of(), Map.of(
                "A", model("A", "'tm:required':['name'],'properties':{}"))));
        assertThrows(IllegalStateException.class, () -> catalog(List.of("A"), List.of(), Map.of(
                "A", model("A", "'links':[{'rel':'tm:submodel','href':'./B.tm.jsonld','instanceName':'b'}]"))));
    }
}
