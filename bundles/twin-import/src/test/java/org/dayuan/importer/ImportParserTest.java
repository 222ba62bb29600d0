package org.dayuan.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dayuan.twin.DayuanException;
import org.junit.jupiter.api.Test;

/** Reading NDJSON and CSV files into lines: what each line becomes, and what refuses the file as a whole. */
class ImportParserTest {
    private final ImportParser parser = new ImportParser(100);

    private List<ImportLine> parse(String text, ImportFormat format) {
        return parser.parse(text.getBytes(StandardCharsets.UTF_8), format, n -> { });
    }

    @Test
    void ndjsonLinesAreNumberedAsAnEditorShowsThemBlankLinesIncluded() {
        List<ImportLine> lines = parse("{\"thingId\":\"cz.wujin:a\",\"attributes\":{\"name\":\"A\"}}\r\n\n"
                + "  \n{\"thingId\":\"cz.wujin:b\"}", ImportFormat.NDJSON);
        assertEquals(2, lines.size());
        assertEquals(1, lines.get(0).line());
        assertEquals("A", lines.get(0).thing().path("attributes").path("name").asText());
        assertEquals(4, lines.get(1).line());
        assertEquals("cz.wujin:b", lines.get(1).id().toString());
    }

    @Test
    void eachBadNdjsonLineIsRefusedWithItsOwnCodeAndTheOthersStillRead() {
        List<ImportLine> lines = parse(String.join("\n",
                "{\"thingId\":\"cz.wujin:ok\"}",
                "{\"thingId\":\"cz.wujin:broken\"",
                "[1,2]",
                "{\"attributes\":{}}",
                "{\"thingId\":\"no-namespace\"}",
                "{\"thingId\":\"cz.wujin:x\",\"attributes\":[1]}",
                "{\"thingId\":\"cz.wujin:dup\",\"a\":1,\"a\":2}"), ImportFormat.NDJSON);
        assertEquals(7, lines.size());
        assertTrue(lines.get(0).isOk());
        assertEquals("json.invalid", lines.get(1).error().errorCode().code());
        assertEquals("things:thing.invalid", lines.get(2).error().errorCode().code());
        assertEquals("things:id.invalid", lines.get(3).error().errorCode().code());
        assertNull(lines.get(3).thingId());
        assertEquals("things:id.invalid", lines.get(4).error().errorCode().code());
        assertEquals("no-namespace", lines.get(4).thingId());
        assertEquals("things:thing.invalid", lines.get(5).error().errorCode().code());
        assertEquals("json.invalid", lines.get(6).error().errorCode().code(), "duplicate keys are refused");
    }

    @Test
    void csvCellsAreJsonWhenTheyAreJsonAndTextOtherwiseAndEmptyCellsAreLeftOut() {
        List<ImportLine> lines = parse("\uFEFFthingId,definition,parent,attributes/name,attributes/area,"
                + "/features/power/properties/kw,attributes/code,attributes/tags,attributes/note\r\n"
                + "cz.wujin:r1,dayuan:Room:1.0.0,cz.wujin:f1,\"Room 1, east\",42.5,3,\"\"\"007\"\"\",\"[\"\"a\"\"]\","
                + "\"two\nlines\"\r\n"
                + "cz.wujin:r2,,,plain text,,,007,,\r\n", ImportFormat.CSV);
        assertEquals(2, lines.size());
        ImportLine r1 = lines.get(0);
        assertTrue(r1.isOk(), () -> String.valueOf(r1.error()));
        assertEquals(2, r1.line(), "the header is line 1");
        assertEquals("dayuan:Room:1.0.0", r1.thing().path("definition").asText());
        assertEquals("cz.wujin:f1", r1.thing().path("attributes").path("parent").asText());
        assertEquals("Room 1, east", r1.thing().path("attributes").path("name").asText());
        assertTrue(r1.thing().path("attributes").path("area").isNumber());
        assertEquals(3, r1.thing().path("features").path("power").path("properties").path("kw").asInt());
        assertEquals("007", r1.thing().path("attributes").path("code").asText());
        assertTrue(r1.thing().path("attributes").path("tags").isArray());
        assertEquals("two\nlines", r1.thing().path("attributes").path("note").asText());
        ImportLine r2 = lines.get(1);
        assertEquals(4, r2.line(), "a quoted line break moves the next row down");
        assertFalse(r2.thing().has("definition"));
        assertFalse(r2.thing().path("attributes").has("area"));
        assertEquals("plain text", r2.thing().path("attributes").path("name").asText());
        assertEquals("007", r2.thing().path("attributes").path("code").asText(), "not a JSON number: text");
    }

    @Test
    void aCsvRowOfTheWrongWidthOrWithoutIdIsRefusedAlone() {
        List<ImportLine> lines = parse("thingId,attributes/name\ncz.wujin:a,A,extra\n,B\ncz.wujin:c,C\n",
                ImportFormat.CSV);
        assertEquals(3, lines.size());
        assertEquals("import:line.invalid", lines.get(0).error().errorCode().code());
        assertEquals("cz.wujin:a", lines.get(0).thingId());
        assertEquals("things:id.invalid", lines.get(1).error().errorCode().code());
        assertTrue(lines.get(2).isOk());
    }

    @Test
    void aCsvHeaderItCannotUseRefusesTheFile() {
        for (String header : List.of("name,attributes/x", "thingId,thingId", "thingId,_revision",
                "thingId,attributes", "thingId,attributes/a,attributes/a/b", "thingId,features/power")) {
            DayuanException e = assertThrows(DayuanException.class,
                    () -> parse(header + "\ncz.wujin:a,1\n", ImportFormat.CSV), header);
            assertEquals("import:file.invalid", e.errorCode().code(), header);
        }
    }

    @Test
    void anUnclosedQuoteIsReportedOnItsLineAndStopsTheReading() {
        List<ImportLine> lines = parse("thingId,attributes/name\ncz.wujin:a,A\ncz.wujin:b,\"B\n", ImportFormat.CSV);
        assertTrue(lines.get(0).isOk());
        assertEquals("import:line.invalid", lines.get(lines.size() - 1).error().errorCode().code());
    }

    @Test
    void moreLinesThanAllowedRefuseTheFileWith413() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= 100; i++) {
            text.append("{\"thingId\":\"cz.wujin:t").append(i).append("\"}\n");
        }
        DayuanException e = assertThrows(DayuanException.class, () -> parse(text.toString(), ImportFormat.NDJSON));
        assertEquals(413, e.status());
        assertEquals("import:file.toomanylines", e.errorCode().code());
    }

    @Test
    void anEmptyFileOrOneThatIsNotUtf8IsRefused() {
        assertEquals("import:file.invalid", assertThrows(DayuanException.class,
                () -> parse("\n\n", ImportFormat.NDJSON)).errorCode().code());
        assertEquals("import:file.invalid", assertThrows(DayuanException.class,
                () -> parse("thingId\n", ImportFormat.CSV)).errorCode().code());
        assertEquals("import:file.invalid", assertThrows(DayuanException.class, () -> parser.parse(
                new byte[] {'{', (byte) 0xC3, '}'}, ImportFormat.NDJSON, n -> { })).errorCode().code());
    }

    @Test
    void formatsAreKnownByMediaTypeAndFileName() {
        assertEquals(ImportFormat.NDJSON, ImportFormat.ofMediaType("application/x-ndjson; charset=utf-8").orElseThrow());
        assertEquals(ImportFormat.CSV, ImportFormat.ofMediaType("text/csv").orElseThrow());
        assertTrue(ImportFormat.ofMediaType("application/json").isEmpty());
        assertEquals(ImportFormat.CSV, ImportFormat.ofFileName("Rooms.CSV").orElseThrow());
        assertEquals(ImportFormat.NDJSON, ImportFormat.ofFileName("twins.jsonl").orElseThrow());
        assertTrue(ImportFormat.ofFileName("twins.xlsx").isEmpty());
    }
}
