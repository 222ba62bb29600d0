package org.dayuan.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.TwinId;

/**
 * One line of an import file as parsed: its line number (from 1, a CSV header included), the thingId as written
 * (null when there was none), and either the twin it describes or why it cannot be read.
 */
public record ImportLine(int line, String thingId, TwinId id, ObjectNode thing, DayuanException error) {

    static ImportLine ok(int line, TwinId id, ObjectNode thing) {
        return new ImportLine(line, id.toString(), id, thing, null);
    }

    static ImportLine refused(int line, String thingId, DayuanException error) {
        return new ImportLine(line, thingId, null, null, error);
    }

    public boolean isOk() {
        return error == null;
    }
}
