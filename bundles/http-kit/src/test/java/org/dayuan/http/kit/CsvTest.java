package org.dayuan.http.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class CsvTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One cell as it is written between the commas. */
    private static String cell(Object value) {
        String csv = new Csv("h").row(value).toString();
        return csv.substring("h\r\n".length(), csv.length() - "\r\n".length());
    }

    @Test
    void textAFormulaWouldStartWithGetsASingleQuoteAndQuotes() {
        assertEquals("\"'=1+2*cmd|' /C calc'!A0\"", cell("=1+2*cmd|' /C calc'!A0"));
        assertEquals("\"'+1+1\"", cell("+1+1"));
        assertEquals("\"'-2+3\"", cell("-2+3"));
        assertEquals("\"'@SUM(A1:A2)\"", cell("@SUM(A1:A2)"));
        assertEquals("\"'\t=1\"", cell("\t=1"));
        assertEquals("\"'\r=1\"", cell("\r=1"));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", cell("=HYPERLINK(\"http://x\")"),
                "double quotes inside are doubled");
    }

    @Test
    void otherTextIsQuotedUnlessItHoldsOnlyLettersDigitsAndIdPunctuation() {
        assertEquals("\"Building B, east\"", cell("Building B, east"));
        assertEquals("\"x;=1+2\"", cell("x;=1+2"), "a semicolon separates cells where Excel uses it");
        assertEquals("\"a\tb\"", cell("a\tb"));
        assertEquals("\"a\r\nb\"", cell("a\r\nb"));
        assertEquals("\"\"", cell(""));
        assertEquals("2026-11-01T00:00:00Z", cell("2026-11-01T00:00:00Z"));
        assertEquals("2026-12-06T07:57:19.697954325Z", cell("2026-12-06T07:57:19.697954325Z"), "long ones too");
        assertEquals("cz.wujin.hutang.school:meter-electricity-main-0001",
                cell("cz.wujin.hutang.school:meter-electricity-main-0001"));
        assertEquals("\"a long text with spaces, and a comma\"", cell("a long text with spaces, and a comma"));
        assertEquals("cz.wujin:org-czj", cell("cz.wujin:org-czj"));
        assertEquals("武进区财政局", cell("武进区财政局"));
    }

    @Test
    void numbersStayNumbersNegativeOnesToo() {
        assertEquals("-3.5", cell(-3.5));
        assertEquals("12", cell(12L));
        assertEquals("-0.1250", cell(new BigDecimal("-0.1250")));
        assertEquals("1000", cell(new BigDecimal("1E+3")), "plain, not 1E+3");
        assertEquals("", cell(Double.NaN));
        assertEquals("", cell(Double.POSITIVE_INFINITY));
        assertEquals("", cell(null));
        assertEquals("-3.5", cell("-3.5"), "text that is a plain number is no formula");
        assertEquals("\"+1e3\"", cell("+1e3"));
    }

    @Test
    void jsonValuesAreNumbersOrText() {
        assertEquals("-3.5", cell(JSON.numberNode(-3.5)));
        assertEquals("\"'=1+2\"", cell(JSON.textNode("=1+2")));
        assertEquals("true", cell(JSON.booleanNode(true)));
        assertEquals("", cell(JSON.nullNode()));
        assertEquals("\"{\"\"a\"\":\"\"=1\"\"}\"", cell(JSON.objectNode().put("a", "=1")),
                "JSON text starts with a brace, which no spreadsheet evaluates");
    }

    @Test
    void rowsEndWithCrLfAfterTheHeaderAndEmptyCellsKeepTheirPlace() {
        Csv csv = new Csv("t", "value", "note").row("2026-11-01", -1.5, null).row(null, "=1", "ok")
                .row(null, null, null);
        assertEquals("t,value,note\r\n2026-11-01,-1.5,\r\n,\"'=1\",ok\r\n,,\r\n", csv.toString());
    }

    @Test
    void aQuotedCellDoesNotMakeTheNextOneQuoted() {
        assertEquals("h\r\n\"a b\",c,\"'=\"\"\",d\r\n", new Csv("h").row("a b", "c", "=\"", "d").toString());
    }
}
