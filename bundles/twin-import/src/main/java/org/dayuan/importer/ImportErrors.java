package org.dayuan.importer;

import org.dayuan.twin.ErrorCode;

/** The error codes of bulk import; every other refusal of a line keeps the registry's own code. */
public final class ImportErrors {
    /** The answer to a file with refused lines: the Ditto error JSON plus {@code errors}, one entry per line. */
    public static final ErrorCode FILE_REFUSED = new ErrorCode("import:file.refused", 400,
            "Nothing was imported. Fix the lines listed under 'errors' (line numbers count from 1, header included)"
                    + " and send the whole file again.");
    public static final ErrorCode FILE_INVALID = new ErrorCode("import:file.invalid", 400,
            "Send NDJSON (one Thing JSON object with its thingId per line) or CSV whose header names thingId and"
                    + " JSON pointers such as attributes/name or features/power/properties/kw.");
    public static final ErrorCode TOO_MANY_LINES = new ErrorCode("import:file.toomanylines", 413,
            "Split the file into parts below the limit (org.dayuan.import maxLines); each part is imported whole.");
    public static final ErrorCode LINE_INVALID = new ErrorCode("import:line.invalid", 400,
            "Make the line one Thing JSON object (NDJSON) or a row with one cell per header column (CSV).");
    public static final ErrorCode DUPLICATE = new ErrorCode("import:thing.duplicate", 400,
            "Name each thingId once per file; merge the lines into one.");
    public static final ErrorCode NOT_CHECKED = new ErrorCode("import:line.notchecked", 400,
            "The file had more refused lines than the report lists (org.dayuan.import maxErrors); fix those and send"
                    + " the file again to see the rest.");
    public static final ErrorCode JOB_NOT_FOUND = new ErrorCode("import:job.notfound", 404,
            "Imports are kept in memory until the service restarts, the latest ones only; list them with"
                    + " GET /api/dayuan/import.");

    private ImportErrors() {
    }
}
