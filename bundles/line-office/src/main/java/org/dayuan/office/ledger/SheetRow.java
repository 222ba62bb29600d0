package org.dayuan.office.ledger;

import java.util.List;

/** One row of a ledger file as the clerk's spreadsheet numbers it (the header is row 1), its cells as text. */
record SheetRow(int number, List<String> cells) {
    SheetRow {
        cells = List.copyOf(cells);
    }

    String cell(int column) {
        return column < cells.size() ? cells.get(column) : "";
    }

    boolean blank() {
        return cells.stream().allMatch(String::isBlank);
    }
}
