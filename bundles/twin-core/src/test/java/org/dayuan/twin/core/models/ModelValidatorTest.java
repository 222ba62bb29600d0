package org.dayuan.twin.core.models;

import static org.dayuan.twin.core.models.ModelFixtures.json;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.dayuan.models.Models;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The validator on the real models of twin-models. */
class ModelValidatorTest {
    private static final ModelValidator VALIDATOR = new ModelValidator(ModelFixtures.CORE);
    private static final String ROOM = "'definition':'dayuan:Room:1.0.0'";
    private static final String ROOM_ATTRIBUTES = "'name':'305 室','parent':'cz.wujin:bldg-a-f3'";
    private static final String METER = "'definition':'dayuan:EnergyMeter:1.0.0','attributes':{'name':'总表',"
            + "'parent':'cz.wujin:bldg-a'}";

    private static Twin twin(String body) {
        return Twin.of(TwinId.of("cz.wujin:t"), json(body), 1, Instant.EPOCH, Instant.EPOCH);
    }

    private static void valid(String body) {
        assertDoesNotThrow(() -> VALIDATOR.validate(twin(body)));
    }

    /** The refusal's message; checks it is a 400 model violation. */
    private static String refused(String body) {
        DayuanException e = assertThrows(DayuanException.class, () -> VALIDATOR.validate(twin(body)));
        assertEquals(ModelErrors.MODEL_VIOLATION, e.errorCode());
        assertEquals(400, e.status());
        return e.getMessage();
    }

    private static void refused(String body, String path, String rule) {
        String message = refused(body);
        assertTrue(message.contains(" at " + path + " "), message);
        assertTrue(message.contains("'" + rule), message);
    }

    static java.util.List<String> thingTypes() {
        return ModelFixtures.thingTypes();
    }

    @ParameterizedTest
    @MethodSource("thingTypes")
    void aTwinWithEveryAttributeAndFeatureOfItsModelIsValid(String type) {
        assertDoesNotThrow(() -> VALIDATOR.validate(Twin.of(TwinId.of("cz.wujin:x"),
                ModelFixtures.validTwin(type, "cz.wujin:x", "cz.wujin:p"), 1, Instant.EPOCH, Instant.EPOCH)));
    }

    @Test
    void messageNamesValuePathRuleAndModel() {
        assertEquals("The value -3 at /attributes/usableArea violates 'minimum 0' of model dayuan:Room:1.0.0.",
                refused("{" + ROOM + ",'attributes':{" + ROOM_ATTRIBUTES + ",'usableArea':-3}}"));
    }

    @Test
    void attributesAreCheckedForTypeEnumAndRange() {
        String room = "{" + ROOM + ",'attributes':{" + ROOM_ATTRIBUTES + ",";
        valid(room + "'usableArea':18,'status':'idle','capacity':12}}");
        refused(room + "'usableArea':'18'}}", "/attributes/usableArea", "type number (unit m2)");
        refused(room + "'status':'free'}}", "/attributes/status", "enum [inUse, idle, letOut, underRepair, disposed]");
        refused(room + "'capacity':12.5}}", "/attributes/capacity", "type integer");
        refused("{'definition':'dayuan:Building:1.0.0','attributes':{'name':'A','parent':'cz.wujin:c',"
                + "'yearBuilt':2200}}", "/attributes/yearBuilt", "maximum 2100");
    }

    @Test
    void aValueInAUnitIsAPlainNumberNotAnObjectWithTheUnit() {
        refused("{" + ROOM + ",'attributes':{" + ROOM_ATTRIBUTES + ",'usableArea':{'value':18,'unit':'m2'}}}",
                "/attributes/usableArea", "type number (unit m2)");
    }

    @Test
    void nestedObjectsAndArrayItemsAreCheckedWithTheirPath() {
        String room = "{" + ROOM + ",'attributes':{" + ROOM_ATTRIBUTES + ",";
        refused(room + "'lease':{'annualRent':-1}}}", "/attributes/lease/annualRent", "minimum 0");
        refused(room + "'lease':{'start':'2025-13-01'}}}", "/attributes/lease/start", "format date");
        refused(room + "'occupants':[{'name':'张三','rank':'正科'},{'name':'李四','rank':'老板'}]}}",
                "/attributes/occupants/1/rank", "enum [");
        refused(room + "'geometry':{'footprint':[[0,0],[10,0,3]]}}}", "/attributes/geometry/footprint/1",
                "maxItems 2");
        refused(room + "'geometry':{'anchor':{'lat':91}}}}", "/attributes/geometry/anchor/lat", "maximum 90");
    }

    @Test
    void requiredAttributesMustBeThereAfterEveryWrite() {
        refused("{" + ROOM + ",'attributes':{'name':'305 室'}}", "/attributes/parent", "tm:required");
        refused("{" + ROOM + "}", "/attributes/name", "tm:required");
        valid("{'definition':'dayuan:Campus:1.0.0','attributes':{'name':'行政中心'}}");
    }

    @Test
    void attributesAndPropertiesTheModelDoesNotDescribeAreAllowed() {
        valid("{" + ROOM + ",'attributes':{" + ROOM_ATTRIBUTES + ",'area':18,'custom':{'x':[1]}}}");
        valid("{" + METER + ",'features':{'energy':{'properties':{'reading':1,'timestamp':"
                + "'2025-06-02T08:00:00+08:00','phase':'A'}},'extra':{'properties':{'anything':true}}}}");
    }

    @Test
    void featureIsCheckedAgainstTheSubmodelLinkedForItsId() {
        String energy = "{" + METER + ",'features':{'energy':{'properties':{";
        valid(energy + "'reading':1200.5,'power':3.2,'timestamp':'2025-06-02T08:00:00+08:00'}}}}");
        refused(energy + "'reading':-1,'timestamp':'2025-06-02T08:00:00+08:00'}}}}",
                "/features/energy/properties/reading", "minimum 0");
        refused(energy + "'reading':1}}}}", "/features/energy/properties/timestamp", "tm:required");
        refused("{" + METER + ",'features':{'energy':{}}}", "/features/energy/properties/reading", "tm:required");
    }

    @Test
    void featureIsCheckedAgainstTheModelsItsDefinitionNames() {
        String occupancy = "{'features':{'spot':{'definition':['dayuan:Occupancy:1.0.0'],'properties':{";
        valid(occupancy + "'occupied':true}}}}");
        refused(occupancy + "'occupied':'yes'}}}}", "/features/spot/properties/occupied", "type boolean");
        refused(occupancy + "'since':'now'}}}}", "/features/spot/properties/occupied", "tm:required");
        refused("{" + METER + ",'features':{'energy':{'definition':['acme:Meter:1.0.0'],'properties':{'reading':-1,"
                + "'timestamp':'2025-06-02T08:00:00+08:00'}}}}", "/features/energy/properties/reading", "minimum 0");
    }

    @Test
    void desiredPropertiesFollowTheRulesButNeedNothing() {
        String gate = "{'features':{'gate':{'definition':['dayuan:GateStatus:1.0.0'],"
                + "'properties':{'open':false,'online':true},'desiredProperties':";
        valid(gate + "{'open':true}}}}");
        refused(gate + "{'open':'now'}}}}", "/features/gate/desiredProperties/open", "type boolean");
    }

    @Test
    void unknownModelsAndModelsOfTheWrongKindAreRefused() {
        assertTrue(refused("{'definition':'dayuan:Kettle:1.0.0'}").contains(
                "\"dayuan:Kettle:1.0.0\" at /definition names an unknown model"));
        assertTrue(refused("{'definition':'dayuan:Room:2.0.0'}").contains("unknown model"));
        assertTrue(refused("{'features':{'f':{'definition':['dayuan:Kettle:1.0.0']}}}").contains(
                " at /features/f/definition/0 names an unknown model"));
        assertTrue(refused("{'definition':'dayuan:Occupancy:1.0.0'}").contains("names a feature model where a thing"
                + " model belongs"));
        assertTrue(refused("{'features':{'f':{'definition':['acme:X:1','dayuan:EnergyMeter:1.0.0']}}}").contains(
                " at /features/f/definition/1 names a thing model where a feature model belongs"));
    }

    @Test
    void definitionsOfOtherNamespacesAreNotChecked() {
        valid("{'definition':'acme:Room:1.0.0','attributes':{'usableArea':-3}}");
        valid("{'definition':'https://example.org/room.tm.jsonld','attributes':{'usableArea':-3}}");
        valid("{'attributes':{'usableArea':-3},'features':{'energy':{'properties':{'reading':-1}}}}");
    }
}
