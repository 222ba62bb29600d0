package org.dayuan.twin.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/**
 * Puts and merges inside attributes and properties share the parts of the twin they leave alone ({@link Twin#with});
 * the twin they make must be the one editing and checking the whole Thing JSON makes, to the byte, and refuse what
 * it refuses.
 */
class EventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TwinId ID = TwinId.of("cz.wujin:room-1");
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2026-01-02T00:00:00Z");

    private static final String[] TWINS = {
        "{}",
        "{'policyId':'cz.wujin:p','definition':'dayuan:Room:1.0.0','features':{'energy':{'properties':{'power':1}}}}",
        "{'attributes':{'name':'A608','floor':6,'geo':{'x':1.5,'y':[1,2]},'parent':'cz.wujin:b1'},"
                + "'features':{'energy':{'definition':['dayuan:Meter:1.0.0'],'properties':{'power':1.5,"
                + "'limits':{'max':9}},'desiredProperties':{'power':2}},'door':{}}}",
        "{'attributes':{'text':'plain'},'features':{'f':{'desiredProperties':{'a':1}}}}",
    };

    private static final String[] PATHS = {
        "/attributes", "/attributes/name", "/attributes/new", "/attributes/geo/x", "/attributes/geo/z/deep",
        "/attributes/name/inside", "/attributes/geo/y/0", "/features/energy/properties",
        "/features/energy/properties/power", "/features/energy/properties/limits/min",
        "/features/energy/desiredProperties/power", "/features/door/properties/open",
        "/features/new/properties/a/b", "/features/f/properties/x", "/features/energy/properties/名称",
    };

    private static final String[] VALUES = {
        "1", "2.5", "'text'", "null", "true", "{}", "{'a':1,'b':{'c':null}}", "[1,{'k':'v'}]", "{'power':null}",
        "{'limits':{'max':null,'min':0}}",
    };

    @Test
    void putsAndMergesMakeTheTwinEditingTheWholeJsonMakes() throws Exception {
        int compared = 0;
        for (String twin : TWINS) {
            Twin before = Twin.of(ID, json(twin), 3, CREATED, CREATED);
            for (String path : PATHS) {
                for (String value : VALUES) {
                    for (TwinEvent.Type type : List.of(TwinEvent.Type.MODIFIED, TwinEvent.Type.MERGED)) {
                        TwinEvent e = event(type, path, json(value));
                        Twin whole;
                        try {
                            whole = Events.whole(before, e);
                        } catch (DayuanException refused) {
                            DayuanException shared = assertThrows(DayuanException.class,
                                    () -> Events.apply(before, e), type + " " + path + " " + value + " on " + twin);
                            assertEquals(refused.errorCode(), shared.errorCode());
                            continue;
                        }
                        Twin shared = Events.apply(before, e);
                        String what = type + " " + path + " = " + value + " on " + twin;
                        assertArrayEquals(whole.jsonBytes(), shared.jsonBytes(), what + ": "
                                + new String(whole.jsonBytes()) + " but " + new String(shared.jsonBytes()));
                        assertEquals(4, shared.revision(), what);
                        assertEquals(CREATED, shared.created(), what);
                        assertEquals(LATER, shared.modified(), what);
                        assertEquals(before.toJson(), Twin.of(ID, json(twin), 3, CREATED, CREATED).toJson(),
                                "the twin edited is left as it was");
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 800, "compared " + compared);
    }

    @Test
    void whatTheWholeCheckRefusesIsRefused() throws Exception {
        Twin before = Twin.of(ID, json(TWINS[2]), 3, CREATED, CREATED);
        for (TwinEvent.Type type : List.of(TwinEvent.Type.MODIFIED, TwinEvent.Type.MERGED)) {
            assertRefused(ErrorCode.THING_INVALID, before, event(type, "/attributes/geo",
                    DoubleNode.valueOf(Double.NaN)));
            assertRefused(ErrorCode.THING_INVALID, before, event(type, "/attributes/geo", json("{'a\\u0001':1}")));
            assertRefused(ErrorCode.THING_INVALID, before, event(type, "/features/energy/properties/a\u0001/b",
                    json("1")));
            assertRefused(ErrorCode.FEATURE_ID_INVALID, before, event(type, "/features/a\u0001/properties/x",
                    json("1")));
            assertRefused(ErrorCode.THING_INVALID, before, event(type, "/features/energy/properties", json("7")));
        }
    }

    /**
     * The size bound a shared edit carries never undercounts: after many random edits it is at least the length of
     * the JSON, which it saves serializing at every write.
     */
    @Test
    void theLengthBoundIsNeverBelowTheLength() throws Exception {
        Random random = new Random(7);
        Twin t = Twin.of(ID, json(TWINS[2]), 1, CREATED, CREATED);
        t.jsonLength();
        List<String> keys = new ArrayList<>(List.of("a", "bb", "名称", "q\"uote", "back\\slash"));
        for (int i = 0; i < 2000; i++) {
            String path = "/features/energy/properties/" + keys.get(random.nextInt(keys.size()))
                    + (random.nextBoolean() ? "" : "/" + keys.get(random.nextInt(keys.size())));
            JsonNode value = random.nextInt(4) == 0 ? json("{'x':'" + "y".repeat(random.nextInt(40)) + "'}")
                    : DoubleNode.valueOf(random.nextInt(100_000) / 7.0);
            t = Events.apply(t, event(random.nextBoolean() ? TwinEvent.Type.MODIFIED : TwinEvent.Type.MERGED, path,
                    value));
            long bound = t.jsonLengthAtMost();
            assertTrue(bound >= t.jsonBytes().length, "bound " + bound + " below " + t.jsonBytes().length);
        }
    }

    private static void assertRefused(ErrorCode code, Twin before, TwinEvent e) {
        DayuanException whole = assertThrows(DayuanException.class, () -> Events.whole(before, e));
        DayuanException shared = assertThrows(DayuanException.class, () -> Events.apply(before, e));
        assertEquals(code, whole.errorCode(), e.toString());
        assertEquals(code, shared.errorCode(), e.toString());
    }

    private static TwinEvent event(TwinEvent.Type type, String path, JsonNode value) {
        return new TwinEvent(9, type, ID, JsonPointer.parse(path), value, 4, LATER, "tester");
    }

    private static JsonNode json(String singleQuoted) throws Exception {
        return JSON.readTree(singleQuoted.replace('\'', '"'));
    }
}
