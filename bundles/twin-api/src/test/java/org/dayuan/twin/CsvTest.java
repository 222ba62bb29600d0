package org.dayuan.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class CsvTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void textAFormulaWouldStartWithGetsASingleQuoteAndQuotes() {
        assertEquals("\"'=1+2*cmd|' /C calc'!A0\"", Csv.cell("=1+2*cmd|' /C calc'!A0"));
        assertEquals("\"'+1+1\"", Csv.cell("+1+1"));
        assertEquals("\"'-2+3\"", Csv.cell("-2+3"));
        assertEquals("\"'@SUM(A1:A2)\"", Csv.cell("@SUM(A1:A2)"));
        assertEquals("\"'\t=1\"", Csv.cell("\t=1"));
        assertEquals("\"'\r=1\"", Csv.cell("\r=1"));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", Csv.cell("=HYPERLINK(\"http://x\")"),
                "double quotes inside are doubled");
    }

    @Test
    void otherTextIsQuotedUnlessItHoldsOnlyLettersDigitsAndIdPunctuation() {
        assertEquals("\"Building B, east\"", Csv.cell("Building B, east"));
        assertEquals("\"x;=1+2\"", Csv.cell("x;=1+2"), "a semicolon separates cells where Excel uses it");
        assertEquals("\"a\tb\"", Csv.cell("a\tb"));
        assertEquals("\"a\r\nb\"", Csv.cell("a\r\nb"));
        assertEquals("\"\"", Csv.cell(""));
        assertEquals("2026-11-01T00:00:00Z", Csv.cell("2026-11-01T00:00:00Z"));
        assertEquals("cz.wujin:org-czj", Csv.cell("cz.wujin:org-czj"));
        assertEquals("武进区财政局", Csv.cell("武进区财政局"));
    }

    @Test
    void numbersStayNumbersNegativeOnesToo() {
        assertEquals("-3.5", Csv.cell(-3.5));
        assertEquals("12", Csv.cell(12L));
        assertEquals("-0.1250", Csv.cell(new BigDecimal("-0.1250")));
        assertEquals("", Csv.cell(Double.NaN));
        assertEquals("", Csv.cell(Double.POSITIVE_INFINITY));
        assertEquals("", Csv.cell(null));
        assertEquals("-3.5", Csv.cell("-3.5"), "text that is a plain number is no formula");
        assertEquals("\"+1e3\"", Csv.cell("+1e3"));
    }

    @Test
    void jsonValuesAreNumbersOrText() {
        assertEquals("-3.5", Csv.cell(JSON.numberNode(-3.5)));
        assertEquals("\"'=1+2\"", Csv.cell(JSON.textNode("=1+2")));
        assertEquals("true", Csv.cell(JSON.booleanNode(true)));
        assertEquals("\"{\"\"a\"\":\"\"=1\"\"}\"", Csv.cell(JSON.objectNode().put("a", "=1")),
                "JSON text starts with a brace, which no spreadsheet evaluates");
    }

    @Test
    void rowsEndWithCrLfAfterTheHeader() {
        Csv csv = new Csv("t", "value").row("2026-11-01", -1.5).row("2026-11-02", "=1");
        assertEquals("t,value\r\n2026-11-01,-1.5\r\n2026-11-02,\"'=1\"\r\n", csv.toString());
    }
}
