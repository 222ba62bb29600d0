package org.dayuan.twin.core.models;

import static org.dayuan.twin.core.models.ModelFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rule of the data-schema subset, compiled from a one-keyword schema and checked on values. */
class SchemaTest {
    /** The rule {@code value} breaks under {@code schema}, or null when it conforms. */
    private static String broken(String schema, String value) {
        Violation v = SchemaCompiler.compile(json(schema), "test").check(json(value));
        return v == null ? null : v.rule();
    }

    private static String pathOf(String schema, String value) {
        return SchemaCompiler.compile(json(schema), "test").check(json(value)).path();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "string  | 'a'        | 1",
            "number  | 1.5        | '1.5'",
            "integer | 3          | 3.5",
            "integer | 3.0        | '3'",
            "boolean | false      | 'false'",
            "object  | {}         | []",
            "array   | []         | {}",
            "null    | null       | 0"})
    void typeAcceptsItsKindAndRefusesAnother(String type, String good, String bad) {
        String schema = "{'type':'" + type + "'}";
        assertNull(broken(schema, good));
        assertEquals("type " + type, broken(schema, bad));
    }

    @Test
    void unitIsNamedWithTheTypeSoAValueWithAUnitObjectIsRefused() {
        String schema = "{'type':'number','unit':'m2'}";
        assertNull(broken(schema, "18.5"));
        assertEquals("type number (unit m2)", broken(schema, "{'value':18.5,'unit':'m2'}"));
    }

    @Test
    void enumListsItsMembersAndComparesNumbersByValue() {
        String schema = "{'type':'string','enum':['inUse','idle','letOut','underRepair']}";
        assertNull(broken(schema, "'idle'"));
        assertEquals("enum [inUse, idle, letOut, underRepair]", broken(schema, "'free'"));
        assertNull(broken("{'enum':[1,2]}", "2.0"));
        assertEquals("enum [1, 2]", broken("{'enum':[1,2]}", "3"));
    }

    @Test
    void constAllowsOnlyItsValue() {
        assertNull(broken("{'const':'v1'}", "'v1'"));
        assertEquals("const v1", broken("{'const':'v1'}", "'v2'"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "minimum          | 0  | 0   | -0.5 | minimum 0",
            "maximum          | 90 | 90  | 90.1 | maximum 90",
            "exclusiveMinimum | 0  | 0.1 | 0    | exclusiveMinimum 0",
            "exclusiveMaximum | 10 | 9.9 | 10   | exclusiveMaximum 10"})
    void boundsCheckNumbersOnly(String keyword, String limit, String good, String bad, String rule) {
        String schema = "{'" + keyword + "':" + limit + "}";
        assertNull(broken(schema, good));
        assertEquals(rule, broken(schema, bad));
        assertNull(broken(schema, "'not a number'"), "bounds say nothing about strings");
    }

    @Test
    void lengthsCountCharactersNotBytes() {
        assertNull(broken("{'maxLength':3}", "'会议室'"));
        assertEquals("maxLength 3", broken("{'maxLength':3}", "'大会议室'"));
        assertEquals("minLength 1", broken("{'minLength':1}", "''"));
    }

    @Test
    void patternNeedsAMatchSomewhere() {
        assertNull(broken("{'pattern':'[0-9]{6}'}", "'code 320412'"));
        assertEquals("pattern ^[0-9]{6}$", broken("{'pattern':'^[0-9]{6}$'}", "'32041'"));
    }

    @Test
    void itemCountsAndItemsAreChecked() {
        String pair = "{'type':'array','items':{'type':'number'},'minItems':2,'maxItems':2}";
        assertNull(broken(pair, "[1,2]"));
        assertEquals("minItems 2", broken(pair, "[1]"));
        assertEquals("maxItems 2", broken(pair, "[1,2,3]"));
        assertEquals("type number", broken(pair, "[1,'2']"));
        assertEquals("/1", pathOf(pair, "[1,'2']"));
    }

    @Test
    void datesAndTimestampsMustParseOtherFormatsAreAnnotations() {
        assertNull(broken("{'format':'date'}", "'2025-06-02'"));
        assertEquals("format date", broken("{'format':'date'}", "'2025-02-30'"));
        assertNull(broken("{'format':'date-time'}", "'2025-06-02T08:00:00+08:00'"));
        assertNull(broken("{'format':'date-time'}", "'2025-06-02T00:00:00Z'"));
        assertEquals("format date-time", broken("{'format':'date-time'}", "'2025-06-02T08:00:00'"));
        assertNull(SchemaCompiler.compile(json("{'format':'uri','description':'x'}"), "test"));
    }

    @Test
    void nestedObjectsReportThePathAndRequiredMembers() {
        String lease = "{'type':'object','required':['start'],'properties':{'start':{'type':'string'},"
                + "'annualRent':{'type':'number','minimum':0}}}";
        assertNull(broken(lease, "{'start':'x','other':true}"), "members the schema does not describe are allowed");
        assertEquals("minimum 0", broken(lease, "{'start':'x','annualRent':-1}"));
        assertEquals("/annualRent", pathOf(lease, "{'start':'x','annualRent':-1}"));
        assertEquals("required", broken(lease, "{'annualRent':1}"));
        assertEquals("/start", pathOf(lease, "{'annualRent':1}"));
        String occupants = "{'type':'array','items':{'type':'object','properties':{'rank':{'enum':['正科']}}}}";
        assertEquals("/1/rank", pathOf(occupants, "[{'rank':'正科'},{'rank':'x'}]"));
    }

    @Test
    void schemasOfDescriptionsAloneAreDropped() {
        assertNull(SchemaCompiler.compile(json("{'description':'free text','readOnly':true}"), "test"));
        assertTrue(SchemaCompiler.compile(json("{'type':'string'}"), "test").constrains());
    }

    @Test
    void keywordsThatAreNotImplementedFailTheCompilationNamingWhere() {
        var e = assertThrows(IllegalStateException.class, () -> SchemaCompiler.compile(
                json("{'type':'object','properties':{'a':{'oneOf':[{'type':'string'}]}}}"), "dayuan:X:1.0.0"));
        assertTrue(e.getMessage().contains("dayuan:X:1.0.0/properties/a"), e.getMessage());
        assertTrue(e.getMessage().contains("oneOf"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> SchemaCompiler.compile(json("{'type':'text'}"), "t"));
        assertThrows(IllegalStateException.class, () -> SchemaCompiler.compile(json("{'minimum':'0'}"), "t"));
    }
}
