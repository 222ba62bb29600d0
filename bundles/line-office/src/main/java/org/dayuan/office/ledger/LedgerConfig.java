package org.dayuan.office.ledger;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the room ledger import (PID {@code org.dayuan.office.ledger}); etc/org.dayuan.office.ledger.cfg lists
 * each with its default. {@code _} in a method name is {@code .} in the key.
 */
@ObjectClassDefinition(name = "Dayuan office line: room ledger import",
        description = "An organisation's room ledger (房间台账) from Excel (.xlsx) or CSV: POST"
                + " /api/dayuan/office/ledger?organisation=<thingId>, whole file or nothing.")
public @interface LedgerConfig {
    @AttributeDefinition(description = "Largest ledger file accepted, in bytes; a larger upload is answered 413 and"
            + " changes nothing.", min = "1024")
    int maxBytes() default 10 * 1024 * 1024;

    @AttributeDefinition(description = "Most rooms (data rows) in one ledger file.", min = "1")
    int maxRows() default 20_000;

    @AttributeDefinition(description = "Most bytes an .xlsx may unpack to (all its parts together); past it the"
            + " workbook is refused with 413, so a zip bomb cannot fill the memory.", min = "1024")
    int xlsx_maxUnpackedBytes() default 100 * 1024 * 1024;

    @AttributeDefinition(description = "How many finished imports are kept in memory for GET .../imports/{id};"
            + " older ones are forgotten (they are lost on restart too).", min = "1")
    int jobs_kept() default 50;

    @AttributeDefinition(description = "Longest a request with wait=true waits for its import, in seconds; after"
            + " it the answer is the import's state so far.", min = "1")
    int wait_seconds() default 120;
}
