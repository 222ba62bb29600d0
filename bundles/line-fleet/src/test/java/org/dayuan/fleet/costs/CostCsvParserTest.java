package org.dayuan.fleet.costs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class CostCsvParserTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T02:00:00Z"), ZoneOffset.UTC);
    private final CostCsvParser parser = new CostCsvParser(100, CLOCK);

    private static final String HEADER = "vehicle,time,kind,amount,quantity,unit,vendor,reference,note\n";

    private static String errors(ParsedCosts p) {
        return p.errors().stream().map(RowError::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void readsEveryKindWithBomCrlfQuotingAndLocalTimesInShanghai() {
        ParsedCosts p = parser.parse("\uFEFF" + HEADER.replace("\n", "\r\n")
                + "苏D·12345,2026-11-03 08:15,fuel,356.80,45.2,L,\"中石化, 武进加油站\",F-001,\r\n"
                + "cz.wujin:vehicle-02,2026/11/04 09:00:30,charge,42.5,61.3,kWh,国家电网,C-9,\"说 \"\"快充\"\"\"\r\n"
                + "cz.wujin:vehicle-02,2026-11-05T10:00:00Z,etc,35,,,,E-1,\"two\r\nlines\"\r\n"
                + "苏D·12345,2026-11-06,维修保养,1200,,,定点修理厂,M-1,\r\n"
                + "苏D·12345,2026-11-07T08:00:00+08:00,insurance,4800.00,,,人保,I-1,\r\n");
        assertEquals("", errors(p));
        List<CostRecord> r = p.records();
        assertEquals(5, r.size());
        assertEquals(CostKind.FUEL, r.get(0).kind());
        assertEquals(OffsetDateTime.parse("2026-11-03T08:15:00+08:00"), r.get(0).at());
        assertEquals("中石化, 武进加油站", r.get(0).vendor());
        assertEquals(45.2, r.get(0).quantity());
        assertEquals("L", r.get(0).unit());
        assertEquals(2, r.get(0).line());
        assertEquals("说 \"快充\"", r.get(1).note());
        assertEquals("kWh", r.get(1).unit());
        assertEquals(Instant.parse("2026-11-05T10:00:00Z"), r.get(2).at().toInstant());
        assertEquals("two lines", r.get(2).note());
        assertNull(r.get(2).quantity());
        // the quoted line break makes the next record start two lines later
        assertEquals(6, r.get(3).line());
        assertEquals(CostKind.MAINTENANCE, r.get(3).kind());
        assertEquals(OffsetDateTime.parse("2026-11-06T00:00:00+08:00"), r.get(3).at());
        assertEquals(4800.0, r.get(4).amount());
    }

    @Test
    void chineseHeaderInAnyOrderWithoutOptionalColumns() {
        ParsedCosts p = parser.parse("单号,车辆,类别,金额,时间,数量\nA1,苏D·12345,加油,100,2026-11-01 10:00,12.5\n");
        assertEquals("", errors(p));
        assertEquals("A1", p.records().get(0).reference());
        assertEquals("L", p.records().get(0).unit());
    }

    @Test
    void everyBadRowIsReportedWithItsLineAndReason() {
        ParsedCosts p = parser.parse(HEADER
                + "v1,2026-11-03 08:15,fuel,100,10,L,,R1,\n"        // 2 good
                + "v1,yesterday,fuel,100,10,L,,R2,\n"                // 3 time
                + "v1,2026-12-24 10:00,etc,5,,,,R3,\n"               // 4 future
                + "v1,1999-12-31 10:00,etc,5,,,,R4,\n"               // 5 too early
                + "v1,2026-11-03 08:15,parking,5,,,,R5,\n"           // 6 kind
                + "v1,2026-11-03 08:15,etc,-5,,,,R6,\n"              // 7 negative
                + "v1,2026-11-03 08:15,etc,5.123,,,,R7,\n"           // 8 decimals
                + "v1,2026-11-03 08:15,etc,¥5,,,,R8,\n"              // 9 not a number
                + "v1,2026-11-03 08:15,fuel,100,,,,R9,\n"            // 10 fuel without litres
                + "v1,2026-11-03 08:15,fuel,100,10,kWh,,R10,\n"      // 11 wrong unit
                + "v1,2026-11-03 08:15,charge,100,0,kWh,,R11,\n"     // 12 zero quantity
                + "v1,2026-11-03 08:15,etc,5,3,L,,R12,\n"            // 13 quantity on etc
                + "v1,2026-11-03 08:15,etc,5,,,,,\n"                 // 14 no reference
                + "v1,2026-11-03 08:15,etc,5,,,,R14\n"               // 15 columns
                + ",2026-11-03 08:15,etc,5,,,,R15,\n"                // 16 no vehicle
                + "v1,2026-11-03 08:15,etc,5,,,," + "x".repeat(65) + ",\n" // 17 reference too long
                + "v1,2026-11-03 08:15,fuel,100,10,L,,R1,\n"         // 18 duplicate of line 2
                + "v1,2026-11-03 08:15,etc,5,,,,R18,\"open\n");      // 19 quote not closed
        assertEquals(1, p.records().size());
        List<RowError> e = p.errors();
        assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19),
                e.stream().map(RowError::line).toList(), errors(p));
        assertTrue(e.get(0).reason().contains("time 'yesterday' is not a date-time"), e.get(0).reason());
        assertTrue(e.get(1).reason().contains("in the future"), e.get(1).reason());
        assertTrue(e.get(2).reason().contains("before 2000-01-01"), e.get(2).reason());
        assertTrue(e.get(3).reason().contains("kind 'parking' is none of"), e.get(3).reason());
        assertTrue(e.get(4).reason().contains("amount -5 is outside 0 to 10000000"), e.get(4).reason());
        assertTrue(e.get(5).reason().contains("more than two decimals"), e.get(5).reason());
        assertTrue(e.get(6).reason().contains("amount '¥5' is not a number"), e.get(6).reason());
        assertTrue(e.get(7).reason().contains("fuel needs a quantity in L"), e.get(7).reason());
        assertTrue(e.get(8).reason().contains("unit 'kWh' is not L for fuel"), e.get(8).reason());
        assertTrue(e.get(9).reason().contains("quantity 0 must be more than 0"), e.get(9).reason());
        assertTrue(e.get(10).reason().contains("etc records carry no quantity or unit"), e.get(10).reason());
        assertTrue(e.get(11).reason().contains("reference is empty"), e.get(11).reason());
        assertTrue(e.get(12).reason().contains("expected 9 columns as in the header, found 8"), e.get(12).reason());
        assertTrue(e.get(13).reason().contains("vehicle is empty"), e.get(13).reason());
        assertTrue(e.get(14).reason().contains("reference is longer than 64"), e.get(14).reason());
        assertTrue(e.get(15).reason().contains("as line 2"), e.get(15).reason());
        assertTrue(e.get(16).reason().contains("double quote is not closed"), e.get(16).reason());
    }

    @Test
    void oneRowWithSeveralProblemsNamesThemAll() {
        ParsedCosts p = parser.parse(HEADER + "v1,never,nothing,abc,,,,R1,\n");
        assertEquals(1, p.errors().size());
        String reason = p.errors().get(0).reason();
        assertTrue(reason.contains("time 'never'") && reason.contains("kind 'nothing'")
                && reason.contains("amount 'abc'"), reason);
    }

    @Test
    void headerProblemsStopTheFile() {
        ParsedCosts p = parser.parse("vehicle,when,kind,kind,reference\nv1,x,y,z,w\n");
        assertEquals(1, p.errors().size());
        RowError e = p.errors().get(0);
        assertEquals(1, e.line());
        assertTrue(e.reason().contains("unknown column 'when'"), e.reason());
        assertTrue(e.reason().contains("column 'kind' appears twice"), e.reason());
        assertTrue(e.reason().contains("column 'time' is missing"), e.reason());
        assertTrue(e.reason().contains("column 'amount' is missing"), e.reason());
    }

    @Test
    void emptyFileAndBlankLines() {
        assertEquals("line 1: the file is empty: a header row naming the columns"
                        + " vehicle,time,kind,amount,quantity,unit,vendor,reference,note is required",
                errors(parser.parse("\uFEFF\n\n")));
        ParsedCosts p = parser.parse(HEADER + "\n \nv1,2026-11-01,etc,5,,,,R1,\n\n");
        assertEquals("", errors(p));
        assertEquals(4, p.records().get(0).line());
    }

    @Test
    void tooManyRowsIsRefusedAtTheFirstRowPastTheLimit() {
        CostCsvParser small = new CostCsvParser(2, CLOCK);
        ParsedCosts p = small.parse(HEADER + "v1,2026-11-01,etc,5,,,,R1,\nv1,2026-11-01,etc,5,,,,R2,\n"
                + "v1,2026-11-01,etc,5,,,,R3,\n");
        assertEquals("line 4: more than 2 data rows (import.maxRows); split the file", errors(p));
    }
}
