package org.dayuan.twin.core.models;

import static org.dayuan.twin.core.models.ModelFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dayuan.models.Models;
import org.dayuan.twin.ThingModel;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    private static final ModelCatalog CATALOG = ModelFixtures.CORE;

    /** A catalog of hand-written models of one bundle, {@code type -> JSON}. */
    private static ModelCatalog catalog(Map<String, String> models) {
        ModelCatalog c = new ModelCatalog();
        c.add("org.acme.test", files(models));
        return c;
    }

    /** Model files as a bundle carries them: {@code <Type>.tm.jsonld -> JSON}, written with single quotes. */
    private static Map<String, String> files(Map<String, String> models) {
        Map<String, String> out = new TreeMap<>();
        models.forEach((type, text) -> out.put(type + ".tm.jsonld", text.replace('\'', '"')));
        return out;
    }

    private static String model(String type, String rest) {
        return "{'dayuan:definition':'dayuan:" + type + ":1.0.0','title':'" + type + "'," + rest + "}";
    }

    @Test
    void everyModelOfTwinModelsCompilesWithItsKindAndBundle() {
        assertEquals(22, CATALOG.size());
        Set<String> features = Set.of("EnergyMeasurement", "WaterMeasurement", "FireStatus", "TankStatus",
                "VideoStatus", "GateStatus", "Occupancy", "Location");
        for (ThingModel m : CATALOG.installed()) {
            assertEquals(Models.definitionOf(m.type()), m.definition());
            assertEquals(features.contains(m.type()) ? ThingModel.Kind.FEATURE : ThingModel.Kind.THING, m.kind());
            assertEquals(m.kind(), CATALOG.get(m.definition()).orElseThrow().kind());
            assertEquals("org.dayuan.twin-models", m.bundle());
        }
        assertTrue(CATALOG.get("dayuan:Room:2.0.0").isEmpty());
        assertTrue(CATALOG.find("dayuan:Room:1.0.0").orElseThrow().source().contains("\"title\": \"Room\""));
    }

    @Test
    void aBundlesModelsComeWhenItStartsAndGoWhenItStopsAndTheOthersStay() {
        ModelCatalog c = ModelFixtures.core();
        ModelCatalog.Installation added = c.add("org.acme.kettles", files(Map.of(
                "Kettle", model("Kettle", "'links':[{'rel':'tm:submodel','href':'./Boil.tm.jsonld','instanceName':"
                        + "'boil'},{'rel':'tm:submodel','href':'./Location.tm.jsonld','instanceName':'location'}],"
                        + "'properties':{'litres':{'type':'number','maximum':2}}}"),
                "Boil", model("Boil", "'properties':{'on':{'type':'boolean'}}"))));
        assertEquals(List.of(), added.refused());
        assertEquals(List.of("dayuan:Boil:1.0.0", "dayuan:Kettle:1.0.0"),
                added.installed().stream().map(ThingModel::definition).toList());
        assertEquals(24, c.size());
        assertEquals(ThingModel.Kind.FEATURE, c.find("dayuan:Boil:1.0.0").orElseThrow().kind());
        assertEquals(Map.of("boil", "dayuan:Boil:1.0.0", "location", "dayuan:Location:1.0.0"),
                c.get("dayuan:Kettle:1.0.0").orElseThrow().submodels(), "links reach models of other bundles");
        assertEquals("org.acme.kettles", c.find("dayuan:Kettle:1.0.0").orElseThrow().bundle());

        assertEquals(2, c.remove("org.acme.kettles"));
        assertTrue(c.find("dayuan:Kettle:1.0.0").isEmpty());
        assertEquals(java.util.Optional.of("org.acme.kettles"), c.removedWith("dayuan:Kettle:1.0.0"));
        assertEquals(22, c.size());

        c.add("org.acme.kettles", files(Map.of("Boil", model("Boil", "'properties':{}"))));
        assertTrue(c.removedWith("dayuan:Boil:1.0.0").isEmpty(), "back again");
        assertTrue(c.removedWith("dayuan:Kettle:1.0.0").isPresent());
    }

    @Test
    void aLineMarksAFeatureModelForAPlatformThingByItsKind() {
        ModelCatalog c = ModelFixtures.core();
        c.add("org.acme.fleet", files(Map.of(
                "Tag", model("Tag", "'dayuan:kind':'feature','properties':{'code':{'type':'string'}}"),
                "Plain", model("Plain", "'properties':{}"))));
        assertEquals(ThingModel.Kind.FEATURE, c.find("dayuan:Tag:1.0.0").orElseThrow().kind());
        assertEquals(ThingModel.Kind.THING, c.find("dayuan:Plain:1.0.0").orElseThrow().kind());
    }

    @Test
    void aBrokenModelIsLeftOutNamingBundleAndFileAndTheBundlesOthersLoad() {
        ModelCatalog c = new ModelCatalog();
        ModelCatalog.Installation added = c.add("org.acme.mixed", files(Map.of(
                "Good", model("Good", "'properties':{'x':{'type':'string'}}"),
                "Broken", "{'dayuan:definition': 'dayuan:Broken:1.0.0', 'properties': {",
                "Nameless", "{'properties':{}}",
                "Linking", model("Linking", "'links':[{'rel':'tm:submodel','href':'./Gone.tm.jsonld',"
                        + "'instanceName':'g'}]"))));
        assertEquals(List.of("dayuan:Good:1.0.0"), added.installed().stream().map(ThingModel::definition).toList());
        assertEquals(3, added.refused().size(), added.refused().toString());
        for (String file : List.of("Broken", "Nameless", "Linking")) {
            assertTrue(added.refused().stream().anyMatch(r -> r.contains("OSGI-INF/dayuan/models/" + file
                    + ".tm.jsonld of bundle org.acme.mixed")), file + " " + added.refused());
        }
        assertEquals(1, c.size());
    }

    @Test
    void aDefinitionBelongsToTheFirstBundleThatBringsIt() {
        ModelCatalog c = ModelFixtures.core();
        ModelCatalog.Installation second = c.add("org.acme.rooms", files(Map.of(
                "Room", model("Room", "'properties':{'anything':{'type':'string'}}"),
                "Desk", model("Desk", "'properties':{}"))));
        assertEquals(List.of("dayuan:Desk:1.0.0"), second.installed().stream().map(ThingModel::definition).toList());
        assertEquals(1, second.refused().size());
        assertTrue(second.refused().get(0).contains("Room.tm.jsonld of bundle org.acme.rooms defines"
                + " dayuan:Room:1.0.0, which the bundle org.dayuan.twin-models brought first"), second.refused().get(0));
        assertEquals("org.dayuan.twin-models", c.find("dayuan:Room:1.0.0").orElseThrow().bundle());
        c.remove("org.acme.rooms");
        assertTrue(c.find("dayuan:Room:1.0.0").isPresent(), "the refused bundle's stop leaves the first one's model");
        assertTrue(c.removedWith("dayuan:Room:1.0.0").isEmpty());
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
        ModelCatalog c = catalog(Map.of(
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
        ModelCatalog c = catalog(Map.of(
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
    void brokenModelsAreLeftOutNamingTheModel() {
        for (String broken : List.of(model("A", "'properties':{'x':{'tm:ref':'#/properties/x'}}"),
                model("A", "'links':[{'rel':'tm:extends','href':'./A.tm.jsonld'}],'properties':{}"),
                "{'properties':{}}",
                model("A", "'tm:required':['name'],'properties':{}"),
                model("A", "'links':[{'rel':'tm:submodel','href':'./B.tm.jsonld','instanceName':'b'}]"))) {
            ModelCatalog c = new ModelCatalog();
            ModelCatalog.Installation added = c.add("org.acme.test", files(Map.of("A", broken)));
            assertEquals(0, c.size(), broken);
            assertTrue(added.refused().get(0).contains("A.tm.jsonld"), added.refused().toString());
        }
    }
}
