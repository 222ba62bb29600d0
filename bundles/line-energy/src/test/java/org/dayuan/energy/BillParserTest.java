package org.dayuan.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BillParserTest {
    static final String HEADER = "organisation,carrier,period,quantity,unit,cost";
    /** Mid-May 2024 in Shanghai. */
    final Clock clock = Clock.fixed(Fixtures.at("2024-05-15T12:00"), Fixtures.SHANGHAI);
    final BillParser parser = BillParser.fromConfig(Settings.empty(), clock);

    BillFile parse(String text) throws IOException {
        return parser.parse(new StringReader(text));
    }

    List<String> errors(String... lines) throws IOException {
        BillFile f = parse(HEADER + "\n" + String.join("\n", lines));
        assertTrue(f.bills().isEmpty(), "a file with errors yields no bills");
        return f.errors().stream().map(BillError::toString).toList();
    }

    @Test
    void readsAFileWithBomCrlfBlankLinesAndQuotes() throws IOException {
        BillFile f = parse("\uFEFF" + HEADER + "\r\n"
                + "\"cz.wujin:org-1\",electricity,2024-04,12345.6,kWh,\"9876.50\"\r\n"
                + "\r\n"
                + "cz.wujin:org-1,water,2024-04,321,m³,\r\n"
                + "cz.wujin.xx:食堂,gas,2024-03,1000,M3,2500\r\n");
        assertEquals(List.of(), f.errors());
        assertTrue(f.ok());
        assertEquals(3, f.bills().size());
        Bill e = f.bills().get(0);
        assertEquals("cz.wujin:org-1", e.organisation());
        assertEquals(Carrier.ELECTRICITY, e.carrier());
        assertEquals(YearMonth.of(2024, 4), e.period());
        assertEquals(12345.6, e.quantity());
        assertEquals(9876.5, e.cost());
        assertNull(f.bills().get(1).cost());
        assertEquals(2500.0, f.bills().get(2).cost());
    }

    @Test
    void convertsUnitsToTheCarriersUnit() throws IOException {
        BillFile f = parse(HEADER + "\n"
                + "cz.wujin:org-1,heat,2024-01,10,GJ,\n"
                + "cz.wujin:org-1,heat,2024-02,36,MJ,\n"
                + "cz.wujin:org-1,gasoline,2024-04,100,L,800\n"
                + "cz.wujin:org-1,diesel,2024-04,100,l,700\n"
                + "cz.wujin:org-1,diesel,2024-03,50,kg,350\n");
        assertEquals(List.of(), f.errors());
        List<Double> q = f.bills().stream().map(Bill::quantity).toList();
        assertEquals(2777.7777777778, q.get(0), 1e-6, "10 GJ = 10e9 J / 3.6e6 J per kWh");
        assertEquals(10, q.get(1), 1e-9, "36 MJ / 3.6 = 10 kWh");
        assertEquals(73, q.get(2), 1e-9, "100 L × 0.73 kg/L");
        assertEquals(85, q.get(3), 1e-9, "100 L × 0.85 kg/L");
        assertEquals(50, q.get(4), 1e-9);
    }

    @Test
    void densitiesComeFromConfig() throws IOException {
        BillParser p = BillParser.fromConfig(Settings.of(Map.of("bill.density.diesel", "0.84")), clock);
        BillFile f = p.parse(new StringReader(HEADER + "\ncz.wujin:org-1,diesel,2024-04,100,L,\n"));
        assertEquals(84, f.bills().get(0).quantity(), 1e-9);
    }

    @Test
    void acceptsTheChineseHeader() throws IOException {
        BillFile f = parse("单位,能源种类,账期,用量,单位名称,金额\ncz.wujin:org-1,electricity,2024-04,1,kWh,\n");
        assertEquals(1, f.bills().size());
    }

    @Test
    void reportsEveryBadFieldWithItsLineNumber() throws IOException {
        assertEquals(List.of(
                "line 2: expected 6 columns, found 5",
                "line 3: organisation 'org-1' is not a thingId like cz.wujin:org-1",
                "line 4: quantity '12,3x' is not a number",
                "line 5: unknown carrier 'coal'",
                "line 6: period '2024-13' is not a month like 2024-05",
                "line 7: period '2024/03' is not a month like 2024-05",
                "line 8: period 2024-06 is in the future",
                "line 9: quantity -5 must be a finite number >= 0",
                "line 10: quantity 'NaN' is not a number",
                "line 11: unit 'kWh' is not one of [m3] for gas",
                "line 12: cost 'abc' is not a number",
                "line 13: organisation ':org-1' is not a thingId like cz.wujin:org-1",
                "line 14: organisation 'cz.wujin:a/b' is not a thingId like cz.wujin:org-1",
                "line 15: unbalanced double quote"),
                errors("cz.wujin:org-1,electricity,2024-04,1,kWh",
                        "org-1,electricity,2024-04,1,kWh,",
                        "cz.wujin:org-1,electricity,2024-04,\"12,3x\",kWh,",
                        "cz.wujin:org-1,coal,2024-04,1,kg,",
                        "cz.wujin:org-1,electricity,2024-13,1,kWh,",
                        "cz.wujin:org-1,electricity,2024/03,1,kWh,",
                        "cz.wujin:org-1,electricity,2024-06,1,kWh,",
                        "cz.wujin:org-1,electricity,2024-04,-5,kWh,",
                        "cz.wujin:org-1,electricity,2024-04,NaN,kWh,",
                        "cz.wujin:org-1,gas,2024-04,1,kWh,",
                        "cz.wujin:org-1,electricity,2024-04,1,kWh,abc",
                        ":org-1,electricity,2024-04,1,kWh,",
                        "cz.wujin:a/b,electricity,2024-04,1,kWh,",
                        "cz.wujin:org-1,electricity,2024-04,\"1,kWh,"));
    }

    @Test
    void refusesThousandsSeparatorsSinceSomeLocalesUseADecimalComma() throws IOException {
        assertEquals(List.of("line 2: cost '9,876.50' is not a number"),
                errors("cz.wujin:org-1,electricity,2024-04,1,kWh,\"9,876.50\""));
    }

    @Test
    void oneLineCanHaveSeveralProblems() throws IOException {
        assertEquals(List.of("line 2: organisation 'x' is not a thingId like cz.wujin:org-1", "line 2: unknown carrier 'oil'",
                "line 2: quantity '' is not a number"), errors("x,oil,2024-04,,kg,"));
    }

    @Test
    void theCurrentMonthIsNotInTheFuture() throws IOException {
        assertTrue(parse(HEADER + "\ncz.wujin:org-1,electricity,2024-05,1,kWh,\n").ok());
    }

    @Test
    void aSecondBillForTheSameOrganisationCarrierAndMonthIsADuplicate() throws IOException {
        assertEquals(List.of("line 4: duplicate of line 2 for cz.wujin:org-1 electricity 2024-04"),
                errors("cz.wujin:org-1,electricity,2024-04,1,kWh,",
                        "cz.wujin:org-1,water,2024-04,1,m3,",
                        "cz.wujin:org-1,electricity,2024-04,2,kWh,"));
    }

    @Test
    void aMissingOrWrongHeaderRejectsTheFile() throws IOException {
        BillFile f = parse("cz.wujin:org-1,electricity,2024-04,1,kWh,\n");
        assertFalse(f.ok());
        assertEquals("line 1: header must be organisation,carrier,period,quantity,unit,cost", f.errors().get(0).toString());
        assertEquals(List.of(new BillError(1, "empty file: header organisation,carrier,period,quantity,unit,cost required")),
                parse("").errors());
        assertEquals(1, parse("\n\n").errors().size());
    }

    @Test
    void tooManyLinesRejectTheFile() throws IOException {
        BillParser small = BillParser.fromConfig(Settings.of(Map.of("bill.maxLines", "2")), clock);
        BillFile f = small.parse(new StringReader(HEADER + "\n"
                + "cz.wujin:org-1,electricity,2024-01,1,kWh,\n"
                + "cz.wujin:org-1,electricity,2024-02,1,kWh,\n"
                + "cz.wujin:org-1,electricity,2024-03,1,kWh,\n"));
        assertEquals(List.of("line 4: more than 2 data lines (bill.maxLines); split the file"),
                f.errors().stream().map(BillError::toString).toList());
        assertTrue(f.bills().isEmpty());
    }
}
