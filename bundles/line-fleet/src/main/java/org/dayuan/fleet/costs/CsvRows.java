package org.dayuan.fleet.costs;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of CSV text one by one, each with the physical line it starts on, so an error names the line a clerk
 * sees in an editor even when a quoted field spans lines. LF or CRLF.
 */
final class CsvRows {
    /** {@code cells} is null when a quote is not closed before the text ends. */
    record Row(int line, List<String> cells, boolean blank) {
    }

    private final String text;
    private int pos;
    private int line = 1;

    CsvRows(String text) {
        this.text = text;
    }

    /** The next record, or null at the end. */
    Row next() {
        if (pos >= text.length()) {
            return null;
        }
        int start = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (quoted) {
                if (c == '"' && pos < text.length() && text.charAt(pos) == '"') {
                    cell.append('"');
                    pos++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (c == '\n') {
                line++;
                break;
            } else if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                continue;
            } else {
                cell.append(c);
                any |= !Character.isWhitespace(c);
            }
        }
        if (quoted) {
            return new Row(start, null, false);
        }
        cells.add(cell.toString());
        return new Row(start, cells, !any);
    }
}
