package org.dayuan.twin;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * CSV (RFC 4180, CRLF line ends) that a spreadsheet opens as data, never as formulas: every export of Dayuan writes
 * its rows here. Numbers stay numbers. Text a spreadsheet would take for a formula (it starts with
 * {@code = + - @}, tab or carriage return) gets a leading single quote and quotes, as OWASP's CSV-injection guidance
 * says: quoting alone is not enough, since a spreadsheet reads {@code "=1+2"} as the formula {@code =1+2}. Text
 * that is itself a plain decimal number, such as {@code -3.5}, is no formula and is left as it is. Other text is
 * quoted unless it holds only letters, digits and {@code . : _ / -} (ids, names, timestamps), so no separator a
 * spreadsheet may use for the file ({@code , ;} tab) splits a cell and smuggles a formula into the next one.
 *
 * <p>A cell is {@code null} (empty), a {@link Number} (NaN and infinities are empty), a {@link JsonNode} (a JSON
 * number is a number, a JSON string its text, anything else its JSON text), or anything else as its text.
 */
public final class Csv {
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final StringBuilder out = new StringBuilder();

    /** A CSV whose first row is {@code header}. */
    public Csv(String... header) {
        row((Object[]) header);
    }

    /** Appends one row. */
    public Csv row(Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells[i]));
        }
        out.append("\r\n");
        return this;
    }

    /** The rows so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    /** One cell as it is written between the commas. */
    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof JsonNode json) {
            if (json.isNumber()) {
                return cell(json.numberValue());
            }
            return text(json.isTextual() ? json.asText() : json.toString());
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "" : d.toString();
        }
        if (value instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? "" : f.toString();
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        return text(value.toString());
    }

    /** Text, with a single quote before anything a spreadsheet would evaluate, quoted unless plainly safe. */
    static String text(String text) {
        boolean formula = !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0
                && !PLAIN_NUMBER.matcher(text).matches();
        if (!formula && !text.isEmpty() && text.chars().allMatch(Csv::bare)) {
            return text;
        }
        return '"' + (formula ? "'" : "") + text.replace("\"", "\"\"") + '"';
    }

    private static boolean bare(int c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '_' || c == '/' || c == '-';
    }
}
