package org.dayuan.office.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * The rows of a CSV ledger (RFC 4180: quoted cells may hold commas, doubled quotes and line breaks), read with the
 * kit's CSV library. The text is UTF-8, with or without a BOM, or else GB18030 (GBK's superset), which Excel on a
 * Chinese Windows writes for "CSV (逗号分隔)"; bytes that are neither are refused, never read as mojibake. Rows are
 * numbered as a spreadsheet shows them (a cell with a line break stays one row).
 */
final class CsvSheet {
    private static final CsvMapper CSV = new CsvMapper();
    private static final Charset GB18030 = Charset.forName("GB18030");

    private CsvSheet() {
    }

    /** At most {@code maxRows} rows after the header; {@code progress} hears each row's number as it is read. */
    static List<SheetRow> read(byte[] body, int maxRows, IntConsumer progress) {
        String text = decode(body);
        List<SheetRow> rows = new ArrayList<>();
        int number = 0;
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(text)) {
            while (it.hasNextValue()) {
                String[] cells = it.nextValue();
                number++;
                if (number > maxRows + 1) {
                    throw new LedgerInvalidException(List.of(new LedgerProblem(number, "", "",
                            "the file has more than " + maxRows + " rooms (maxRows); split it by building")));
                }
                rows.add(new SheetRow(number, List.of(cells)));
                progress.accept(number);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof LedgerInvalidException refused) {
                throw refused;
            }
            throw new LedgerInvalidException(List.of(new LedgerProblem(number + 1, "", "",
                    "the CSV cannot be read after row " + number + " (a double quote not closed?)")));
        }
        return rows;
    }

    /** UTF-8 (a BOM dropped), else GB18030; strict both ways. */
    static String decode(byte[] body) {
        int bom = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb
                && (body[2] & 0xff) == 0xbf ? 3 : 0;
        try {
            return strict(StandardCharsets.UTF_8, body, bom);
        } catch (CharacterCodingException notUtf8) {
            if (bom > 0) {
                throw new LedgerInvalidException(List.of(LedgerProblem.file("the file starts as UTF-8 (a BOM) but is"
                        + " not UTF-8 further on; save it again as CSV UTF-8")));
            }
        }
        try {
            return strict(GB18030, body, 0);
        } catch (CharacterCodingException neither) {
            throw new LedgerInvalidException(List.of(LedgerProblem.file("the file is neither UTF-8 nor GB18030 (GBK)"
                    + " text; save it from Excel as CSV UTF-8, or send the .xlsx")));
        }
    }

    private static String strict(Charset charset, byte[] body, int offset) throws CharacterCodingException {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body, offset, body.length - offset)).toString();
    }
}
