package org.dayuan.twin.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.core.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a filter matches, twin by twin, following Ditto's search semantics. */
class EvaluationTest {
    private Campus campus;
    private Twin room;
    private Twin meter;

    @BeforeEach
    void setUp() {
        campus = new Campus("attributes/status");
        campus.create("cz.wujin:campus", "{'definition':'dayuan:Campus:1.0.0'}");
        campus.create("cz.wujin:bldg-a", "{'attributes':{'parent':'cz.wujin:campus'}}");
        campus.create("cz.wujin:bldg-a-f03", "{'attributes':{'parent':'cz.wujin:bldg-a'}}");
        room = campus.create("cz.wujin:room-a-0305", "{'policyId':'cz.wujin:policy','definition':'dayuan:Room:1.0.0',"
                + "'attributes':{'parent':'cz.wujin:bldg-a-f03','name':'A305 办公室','area':18,'ratio':0.5,"
                + "'status':'inUse','leased':false,'note':null,'empty':'','none':[],'nothing':{},"
                + "'tags':['quiet',2,true,{'floor':3,'side':'south'}],"
                + "'occupants':[{'name':'王伟','rank':'科员'},{'name':'李娜','rank':'副科'}]}}");
        meter = campus.create("cz.wujin.energy:meter-1", "{'definition':'dayuan:EnergyMeter:1.0.0',"
                + "'attributes':{'parent':'cz.wujin:bldg-a','area':'18'},'features':{"
                + "'energy':{'definition':['dayuan:EnergyMeasurement:1.0.0'],'properties':{'kwh':1200.5,'on':true},"
                + "'desiredProperties':{'kw':3}},'status':{'properties':{'fault':false}}}}");
    }

    private boolean matches(String rql, Twin t) {
        return campus.searcher.predicate(Registry.SELF, rql).test(t);
    }

    private void both(String rql, boolean room, boolean meter) {
        assertEquals(room, matches(rql, this.room), rql + " on the room");
        assertEquals(meter, matches(rql, this.meter), rql + " on the meter");
    }

    @Test
    void equalityComparesSameTypesOnlyAndNumbersByValue() {
        both("eq(attributes/area,18)", true, false);
        both("eq(attributes/area,18.0)", true, false);
        both("eq(attributes/area,\"18\")", false, true);
        both("eq(attributes/ratio,0.5)", true, false);
        both("eq(attributes/leased,false)", true, false);
        both("eq(attributes/status,'inUse')", true, false);
        both("eq(attributes/name,\"A305 办公室\")", true, false);
        both("eq(attributes/missing,1)", false, false);
    }

    @Test
    void nullMatchesJsonNullOnlyAndEmptyCoversAbsence() {
        both("eq(attributes/note,null)", true, false);
        both("exists(attributes/note)", true, false);
        for (String f : new String[] {"note", "empty", "none", "nothing", "missing"}) {
            both("empty(attributes/" + f + ")", true, true);
        }
        both("empty(attributes/area)", false, false);
        both("empty(attributes/tags)", false, true);
    }

    @Test
    void relationalOperatorsCompareStringsByCharactersAndNumbersByValue() {
        both("gt(attributes/area,17)", true, false);
        both("ge(attributes/area,18)", true, false);
        both("lt(attributes/area,18.5)", true, false);
        both("le(attributes/area,17.9)", false, false);
        both("gt(attributes/area,\"17\")", false, true);
        both("lt(thingId,\"cz.wujin:room-b\")", true, true);
        both("lt(thingId,\"cz.wujin:\")", false, true);
        both("ge(_revision,1)", true, true);
        both("gt(_revision,1)", false, false);
    }

    @Test
    void neNeedsTheFieldAndNotNegatesEverything() {
        both("ne(attributes/area,18)", false, true);
        both("ne(attributes/status,'idle')", true, false);
        both("not(eq(attributes/status,'inUse'))", false, true);
        both("not(exists(features))", true, false);
    }

    @Test
    void inMatchesAnyListedValue() {
        both("in(attributes/area,1,18,'x')", true, false);
        both("in(attributes/area,'18',null)", false, true);
        both("in(thingId,'cz.wujin.energy:meter-1','x:y')", false, true);
    }

    @Test
    void likeAndIlikeUseDittoWildcardsOnStringsOnly() {
        both("like(thingId,'cz.wujin:room-*')", true, false);
        both("like(thingId,'*-1')", false, true);
        both("like(thingId,'*room*')", true, false);
        both("like(thingId,'cz.wujin:room-a-030?')", true, false);
        both("like(thingId,'cz.wujin:room-a-03?')", false, false);
        both("like(attributes/name,'A305*')", true, false);
        both("like(attributes/name,'a305*')", false, false);
        both("ilike(attributes/name,'a305*')", true, false);
        both("like(attributes/area,'1*')", false, true);
        both("like(definition,'dayuan:*:1.0.0')", true, true);
    }

    @Test
    void arraysMatchWhenAnyElementDoes() {
        both("eq(attributes/tags,'quiet')", true, false);
        both("eq(attributes/tags,2)", true, false);
        both("eq(attributes/tags,true)", true, false);
        both("ne(attributes/tags,'quiet')", false, false);
        both("ne(attributes/tags,'loud')", true, false);
        both("gt(attributes/tags,6)", false, false);
        both("in(attributes/tags,'loud',2)", true, false);
        both("like(attributes/tags,'qu*')", true, false);
        both("eq(attributes/tags/side,'south')", true, false);
        both("ge(attributes/tags/floor,3)", true, false);
        both("exists(attributes/tags/side)", true, false);
        both("eq(attributes/occupants/rank,'副科')", true, false);
        both("eq(attributes/occupants/rank,'正科')", false, false);
    }

    @Test
    void featureFieldsAndTheFeatureWildcard() {
        both("eq(features/energy/properties/kwh,1200.5)", false, true);
        both("eq(features/energy/desiredProperties/kw,3)", false, true);
        both("eq(features/energy/definition,'dayuan:EnergyMeasurement:1.0.0')", false, true);
        both("eq(features/*/properties/on,true)", false, true);
        both("eq(features/*/properties/fault,false)", false, true);
        both("eq(features/*/properties/fault,true)", false, false);
        both("eq(features/*/definition,'dayuan:EnergyMeasurement:1.0.0')", false, true);
        both("exists(features/*)", false, true);
        both("exists(features/*/desiredProperties)", false, true);
        both("exists(features/energy)", false, true);
    }

    @Test
    void thingLevelFieldsAndContainment() {
        both("eq(policyId,'cz.wujin:policy')", true, false);
        both("eq(definition,'dayuan:Room:1.0.0')", true, false);
        both("eq(_namespace,'cz.wujin.energy')", false, true);
        both("eq(_parent,'cz.wujin:bldg-a')", false, true);
        both("eq(attributes/parent,'cz.wujin:bldg-a-f03')", true, false);
        both("eq(_ancestors,'cz.wujin:bldg-a')", true, true);
        both("eq(_ancestors,'cz.wujin:campus')", true, true);
        both("eq(_ancestors,'cz.wujin:bldg-a-f03')", true, false);
        both("in(_ancestors,'x:y','cz.wujin:bldg-a-f03')", true, false);
        both("exists(_ancestors)", true, true);
        assertFalse(matches("exists(_ancestors)", campus.get("cz.wujin:campus")));
        assertTrue(matches("empty(_ancestors)", campus.get("cz.wujin:campus")));
    }

    @Test
    void timestampsCompareChronologicallyAsStrings() {
        Instant modified = room.modified();
        String year = modified.toString().substring(0, 4);
        both("gt(_modified,'" + year + "')", true, true);
        both("eq(_created,'" + modified + "')", true, false);
        both("le(_created,'" + modified + "')", true, false);
        both("lt(_created,'" + modified + "')", false, false);
        both("lt(_created,'" + modified.plusNanos(1) + "')", true, false);
        String wholeSecond = modified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        both("ge(_modified,'" + wholeSecond + "')", true, true);
        both("gt(_modified,'9999-12-31T23:59:59Z')", false, false);
        both("like(_created,'" + year + "-*')", true, true);
    }

    @Test
    void logicalOperatorsCombine() {
        both("and(eq(definition,'dayuan:Room:1.0.0'),eq(attributes/status,'inUse'))", true, false);
        both("and(eq(definition,'dayuan:Room:1.0.0'),eq(attributes/status,'idle'))", false, false);
        both("or(eq(attributes/status,'idle'),exists(features/energy))", false, true);
        both("not(or(eq(attributes/status,'inUse'),exists(features)))", false, false);
    }

    @Test
    void predicateTestsTwinsTheIndexDoesNotHold() {
        Twin older = room;
        campus.put("cz.wujin:room-a-0305", "/attributes/status", "'idle'");
        assertTrue(matches("eq(attributes/status,'inUse')", older), "the revision given is tested, not the latest");
        assertTrue(matches("eq(attributes/status,'idle')", campus.get("cz.wujin:room-a-0305")));
        assertTrue(matches("", older));
        assertTrue(matches(null, older));
    }
}
