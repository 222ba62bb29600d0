package org.dayuan.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwinTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final TwinId ID = TwinId.of("cz.wujin:a");

    private static JsonNode json(String s) throws Exception {
        return M.readTree(s.replace('\'', '"'));
    }

    private static Twin twin(String s) throws Exception {
        return Twin.of(ID, json(s), 1, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void keepsDittoFieldsAndDropsReadOnlyOnes() throws Exception {
        Twin t = twin("{'thingId':'cz.wujin:a','policyId':'cz.wujin:p','definition':'dayuan:Room:1.0.0',"
                + "'attributes':{'area':18},'features':{'f':{'definition':['a:b:1'],'properties':{'x':1}}},"
                + "'_revision':99,'unknown':true}");
        assertEquals(json("{'thingId':'cz.wujin:a','policyId':'cz.wujin:p','definition':'dayuan:Room:1.0.0',"
                + "'attributes':{'area':18},'features':{'f':{'definition':['a:b:1'],'properties':{'x':1}}}}"),
                t.toJson());
        assertEquals(1, t.revision());
    }

    @Test
    void jsonBytesAreTheSerializedThingAndStayTheSame() throws Exception {
        Twin t = twin("{'attributes':{'name':'305 室','area':18.5}}");
        assertEquals(t.toJson(), M.readTree(t.jsonBytes()));
        assertSame(t.jsonBytes(), t.jsonBytes());
        assertEquals(t.jsonBytes().length, twin("{'attributes':{'name':'305 室','area':18.5}}").jsonLength());
    }

    @Test
    void roundTripsWithMeta() throws Exception {
        Twin t = Twin.of(ID, json("{'attributes':{'parent':'cz.wujin:b'}}"), 7, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-02-01T00:00:00Z"));
        assertEquals(t, Twin.fromJsonWithMeta(t.toJsonWithMeta()));
        assertEquals("cz.wujin:b", t.parent().orElseThrow());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'thingId':'cz.wujin:other'}|things:id.notsettable",
        "{'attributes':5}|things:thing.invalid",
        "{'attributes':{'a/b':1}}|things:thing.invalid",
        "{'attributes':{'':1}}|things:thing.invalid",
        "{'features':{'f':5}}|things:thing.invalid",
        "{'features':{'f/g':{}}}|things:feature.id.invalid",
        "{'features':{'f':{'properties':[1]}}}|things:thing.invalid",
        "{'features':{'f':{'definition':'a:b:1'}}}|things:definition.invalid",
        "{'features':{'f':{'definition':['nope']}}}|things:definition.invalid",
        "{'definition':'not a definition'}|things:definition.invalid",
        "{'definition':7}|things:definition.invalid",
        "{'policyId':7}|policies:id.invalid",
        "{'policyId':'nocolon'}|policies:id.invalid",
        "[1,2]|things:thing.invalid",
        "{'attributes':{'big':1e999999}}|things:thing.invalid"})
    void rejectsInvalidThings(String body, String code) {
        DayuanException e = assertThrows(DayuanException.class, () -> twin(body));
        assertEquals(code, e.errorCode().code());
        assertFalse(e.toJson().path("message").asText().isEmpty());
    }

    @Test
    void errorJsonHasDittoShape() {
        DayuanException e = ThingPaths.notFound(ID, JsonPointer.parse("/features/f/properties/x"));
        assertEquals(404, e.toJson().get("status").asInt());
        assertEquals("things:feature.property.notfound", e.toJson().get("error").asText());
        assertFalse(e.toJson().get("description").asText().isEmpty());
    }
}
