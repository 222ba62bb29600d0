package org.dayuan.importer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import org.dayuan.http.kit.Http;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.NestingLimit;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * Reads an import file into lines, each either a twin or the reason it cannot be one. Everything a line can be
 * judged on by itself is judged here (JSON, thingId, the Thing JSON's shape), so the report names every such line
 * at once; what needs the registry (models, parents, organisations, existing twins) is the {@link Importer}'s.
 *
 * <p>NDJSON: one Thing JSON object per line with its {@code thingId}; blank lines are skipped but counted, so line
 * numbers are those an editor shows. CSV (RFC 4180, quoted cells may hold commas, quotes and line breaks): the header
 * names {@code thingId} and any of {@code definition}, {@code policyId}, {@code parent} (short for
 * {@code attributes/parent}) and JSON pointers into the thing below {@code attributes} or {@code features}, a leading
 * slash optional ({@code attributes/name}, {@code /features/power/properties/kw}). A cell is read as JSON when it is
 * JSON ({@code 12.5}, {@code true}, {@code null}, {@code [1,2]}, {@code {"a":1}}, {@code "007"}) and as text
 * otherwise; an empty cell leaves its field out.
 */
public final class ImportParser {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
    private static final Set<String> PLAIN_COLUMNS = Set.of(Twin.THING_ID, Twin.DEFINITION, Twin.POLICY_ID);
    private static final String PARENT_COLUMN = "parent";

    private final int maxLines;

    /** @param maxLines the most lines (records, a CSV header aside) a file may have; more is a 413 for the file */
    public ImportParser(int maxLines) {
        this.maxLines = maxLines;
    }

    /**
     * The lines of {@code body}; {@code read} hears the count of lines read so far now and then. Throws (the file as a
     * whole refused) for text that is not UTF-8, a CSV header it cannot use, or more than the allowed lines.
     */
    public List<ImportLine> parse(byte[] body, ImportFormat format, IntConsumer read) {
        String text = utf8(body);
        if (text.startsWith("\uFEFF")) {
            // spreadsheets put a byte order mark before a CSV saved as UTF-8
            text = text.substring(1);
        }
        List<ImportLine> lines = format == ImportFormat.CSV ? csv(text, read) : ndjson(text, read);
        if (lines.isEmpty()) {
            throw ImportErrors.FILE_INVALID.exception("The file holds no twin.");
        }
        return lines;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ImportErrors.FILE_INVALID.exception("The file is not UTF-8 text.");
        }
    }

    private void checkCount(int records) {
        if (records > maxLines) {
            throw ImportErrors.TOO_MANY_LINES.exception("The file has more than " + maxLines
                    + " lines, the most one import takes.");
        }
    }

    private List<ImportLine> ndjson(String text, IntConsumer read) {
        List<ImportLine> out = new ArrayList<>();
        int lineNr = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNr++;
            String line = text.substring(start, end).strip();
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            checkCount(out.size() + 1);
            out.add(ndjsonLine(lineNr, line));
            if (out.size() % 1000 == 0) {
                read.accept(out.size());
            }
        }
        read.accept(out.size());
        return out;
    }

    private static ImportLine ndjsonLine(int lineNr, String line) {
        JsonNode json;
        try {
            json = Http.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return ImportLine.refused(lineNr, null, ErrorCode.JSON_INVALID.exception("The line is not JSON: "
                    + e.getOriginalMessage() + (e.getLocation() == null ? "" : " at column "
                    + e.getLocation().getColumnNr()) + "."));
        }
        if (!json.isObject()) {
            return ImportLine.refused(lineNr, null, ErrorCode.THING_INVALID.exception(
                    "The line must be one Thing JSON object."));
        }
        JsonNode id = json.get(Twin.THING_ID);
        if (id == null || !id.isTextual()) {
            return ImportLine.refused(lineNr, null, ErrorCode.THING_ID_INVALID.exception(
                    "The line has no thingId; every twin of an import names its own."));
        }
        return thing(lineNr, id.asText(), (ObjectNode) json);
    }

    /** The twin of one line once its JSON is read: its id and the shape of its Thing JSON checked. */
    private static ImportLine thing(int lineNr, String thingId, ObjectNode json) {
        try {
            TwinId id = TwinId.of(thingId);
            NestingLimit.check(JsonPointer.empty(), json);
            Twin.of(id, json, 1, java.time.Instant.EPOCH, java.time.Instant.EPOCH);
            return ImportLine.ok(lineNr, id, json);
        } catch (DayuanException e) {
            return ImportLine.refused(lineNr, thingId, e);
        }
    }

    private List<ImportLine> csv(String text, IntConsumer read) {
        List<ImportLine> out = new ArrayList<>();
        try (JsonParser p = CSV.createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return out;
            }
            List<Column> columns = null;
            while (true) {
                JsonToken t = p.nextToken();
                if (t == null || t == JsonToken.END_ARRAY) {
                    break;
                }
                int lineNr = -1;
                List<String> cells = new ArrayList<>();
                while (p.nextToken() == JsonToken.VALUE_STRING) {
                    if (lineNr < 0) {
                        lineNr = p.currentTokenLocation().getLineNr();
                    }
                    cells.add(p.getText());
                }
                if (columns == null) {
                    columns = header(cells);
                    continue;
                }
                if (cells.size() == 1 && cells.get(0).isBlank()) {
                    continue;
                }
                checkCount(out.size() + 1);
                out.add(row(lineNr, columns, cells));
                if (out.size() % 1000 == 0) {
                    read.accept(out.size());
                }
            }
        } catch (DayuanException e) {
            throw e;
        } catch (IOException e) {
            // a quote left open runs to the end of the file: nothing after it can be told apart
            String where = e instanceof JsonProcessingException j && j.getLocation() != null
                    ? " at line " + j.getLocation().getLineNr() : "";
            out.add(ImportLine.refused(e instanceof JsonProcessingException j && j.getLocation() != null
                    ? j.getLocation().getLineNr() : out.size() + 2, null,
                    ImportErrors.LINE_INVALID.exception("The CSV cannot be read" + where + ": "
                            + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
                            + "; nothing after it was read.")));
        }
        read.accept(out.size());
        return out;
    }

    /** What a CSV column fills in: a top-level field, or a JSON pointer into the thing. */
    private record Column(String name, JsonPointer pointer) {
    }

    private static List<Column> header(List<String> cells) {
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean hasId = false;
        for (String raw : cells) {
            String name = raw.strip();
            if (!seen.add(name)) {
                throw ImportErrors.FILE_INVALID.exception("The CSV header names '" + name + "' twice.");
            }
            if (PLAIN_COLUMNS.contains(name)) {
                hasId |= Twin.THING_ID.equals(name);
                columns.add(new Column(name, null));
                continue;
            }
            JsonPointer pointer;
            try {
                pointer = PARENT_COLUMN.equals(name) ? JsonPointer.of(Twin.ATTRIBUTES, Twin.PARENT)
                        : JsonPointer.parse(name.startsWith("/") ? name : "/" + name);
            } catch (DayuanException e) {
                throw ImportErrors.FILE_INVALID.exception("The CSV header column '" + name
                        + "' is not a JSON pointer: " + e.getMessage());
            }
            boolean attribute = pointer.size() >= 2 && Twin.ATTRIBUTES.equals(pointer.get(0));
            boolean feature = pointer.size() >= 3 && Twin.FEATURES.equals(pointer.get(0));
            if (!attribute && !feature) {
                throw ImportErrors.FILE_INVALID.exception("The CSV header column '" + name + "' is neither thingId,"
                        + " definition, policyId, parent nor a pointer below attributes/ or features/<id>/.");
            }
            for (Column c : columns) {
                if (c.pointer() != null && (c.pointer().isPrefixOf(pointer) || pointer.isPrefixOf(c.pointer()))) {
                    throw ImportErrors.FILE_INVALID.exception("The CSV header columns '" + c.name() + "' and '"
                            + name + "' overlap: one lies inside the other.");
                }
            }
            columns.add(new Column(name, pointer));
        }
        if (!hasId) {
            throw ImportErrors.FILE_INVALID.exception("The CSV header has no thingId column.");
        }
        return columns;
    }

    private static ImportLine row(int lineNr, List<Column> columns, List<String> cells) {
        String thingId = null;
        for (int i = 0; i < Math.min(columns.size(), cells.size()); i++) {
            if (Twin.THING_ID.equals(columns.get(i).name())) {
                thingId = cells.get(i).strip();
            }
        }
        if (cells.size() != columns.size()) {
            return ImportLine.refused(lineNr, thingId, ImportErrors.LINE_INVALID.exception("The row has "
                    + cells.size() + " cells where the header has " + columns.size() + " columns."));
        }
        if (thingId == null || thingId.isEmpty()) {
            return ImportLine.refused(lineNr, null, ErrorCode.THING_ID_INVALID.exception(
                    "The row has no thingId; every twin of an import names its own."));
        }
        ObjectNode thing = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            String cell = cells.get(i);
            if (cell.isEmpty()) {
                continue;
            }
            if (c.pointer() == null) {
                thing.put(c.name(), cell.strip());
            } else {
                JsonNode value = PARENT_COLUMN.equals(c.name()) ? JsonNodeFactory.instance.textNode(cell.strip())
                        : cellValue(cell);
                set(thing, c.pointer(), value);
            }
        }
        return thing(lineNr, thingId, thing);
    }

    /** A cell as JSON when it is a JSON value, else as text. */
    static JsonNode cellValue(String cell) {
        try {
            return Http.MAPPER.readTree(cell);
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(cell);
        }
    }

    private static void set(ObjectNode thing, JsonPointer pointer, JsonNode value) {
        ObjectNode at = thing;
        for (int i = 0; i < pointer.size() - 1; i++) {
            JsonNode next = at.get(pointer.get(i));
            at = next instanceof ObjectNode o ? o : at.putObject(pointer.get(i));
        }
        at.set(pointer.get(pointer.size() - 1), value);
    }
}
