package org.dayuan.http.kit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * CSV (RFC 4180, CRLF line ends) that a spreadsheet opens as data, never as formulas: every export of Dayuan writes
 * its rows here, and jackson-dataformat-csv writes the file. Numbers stay numbers. Text a spreadsheet would take for
 * a formula (it starts with {@code = + - @}, tab or carriage return) gets a leading single quote and quotes, as
 * OWASP's CSV-injection guidance says: quoting alone is not enough, since a spreadsheet reads {@code "=1+2"} as the
 * formula {@code =1+2}. Text that is itself a plain decimal number, such as {@code -3.5}, is no formula and is left
 * as it is. Other text is quoted unless it holds only letters, digits and {@code . : _ / -} (ids, names, timestamps),
 * so no separator a spreadsheet may use for the file ({@code , ;} tab) splits a cell and smuggles a formula into the
 * next one.
 *
 * <p>A cell is {@code null} (empty), a {@link Number} (NaN and infinities are empty), a {@link JsonNode} (a JSON
 * number is a number, a JSON string its text, anything else its JSON text), or anything else as its text.
 */
public final class Csv {
    /** Strict quoting: by default the generator quotes every text longer than 24 characters, even a bare id. */
    private static final CsvFactory FACTORY = CsvFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withLineSeparator("\r\n");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final StringWriter out = new StringWriter();
    private final CsvGenerator csv;

    /** A CSV whose first row is {@code header}. */
    public Csv(String... header) {
        try {
            csv = FACTORY.createGenerator(out);
            csv.setSchema(SCHEMA);
            // The rows are arrays inside one array: the generator leaves out nulls in a row at the top level.
            csv.writeStartArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        row((Object[]) header);
    }

    /** Appends one row. */
    public Csv row(Object... cells) {
        try {
            csv.writeStartArray();
            for (Object cell : cells) {
                cell(cell);
            }
            csv.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The rows so far. */
    @Override
    public String toString() {
        try {
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The rows so far in UTF-8. */
    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    private void cell(Object value) throws IOException {
        if (value instanceof JsonNode json) {
            if (json.isNumber()) {
                cell(json.numberValue());
            } else if (json.isNull() || json.isMissingNode()) {
                csv.writeNull();
            } else {
                text(json.isTextual() ? json.asText() : json.toString());
            }
        } else if (value == null || value instanceof Double d && (d.isNaN() || d.isInfinite())
                || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            csv.writeNull();
        } else if (value instanceof Double d) {
            csv.writeNumber(d);
        } else if (value instanceof Float f) {
            csv.writeNumber(f);
        } else if (value instanceof BigDecimal b) {
            csv.writeNumber(b);
        } else if (value instanceof BigInteger b) {
            csv.writeNumber(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            csv.writeNumber(((Number) value).longValue());
        } else {
            text(value.toString());
        }
    }

    /** Text, with a single quote before anything a spreadsheet would evaluate, quoted unless plainly safe. */
    private void text(String text) throws IOException {
        boolean formula = !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0
                && !PLAIN_NUMBER.matcher(text).matches();
        boolean bare = !formula && !text.isEmpty() && text.chars().allMatch(Csv::bare);
        // The generator quotes only what would break the file; this cell's quoting is decided here, per cell.
        csv.configure(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS, !bare);
        csv.configure(CsvGenerator.Feature.ALWAYS_QUOTE_EMPTY_STRINGS, !bare);
        csv.writeString(formula ? "'" + text : text);
    }

    private static boolean bare(int c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '_' || c == '/' || c == '-';
    }
}
