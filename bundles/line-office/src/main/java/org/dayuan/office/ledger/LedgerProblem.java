package org.dayuan.office.ledger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One reason a ledger was refused: the spreadsheet row (1 is the header; 0 is the file as a whole), the column's
 * header as the file spells it (empty when the problem is the row's), the cell's text and what is wrong with it.
 */
public record LedgerProblem(int row, String column, String value, String message) {
    static LedgerProblem file(String message) {
        return new LedgerProblem(0, "", "", message);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("row", row);
        o.put("column", column);
        o.put("value", value);
        o.put("message", message);
        return o;
    }

    @Override
    public String toString() {
        return (row == 0 ? "" : "row " + row + (column.isEmpty() ? "" : ", " + column) + ": ") + message;
    }
}
