package org.dayuan.importer.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Bulk import's limits; etc/org.dayuan.import.cfg lists each with its default (ShippedConfigIT checks). */
@ObjectClassDefinition(name = "Dayuan bulk import",
        description = "POST /api/dayuan/import and dayuan:import: NDJSON or CSV files of twins, all or nothing.")
@interface ImportConfig {
    @AttributeDefinition(description = "Largest file one import takes, in bytes; a larger body is a 413.",
            min = "1")
    int maxBytes() default 67108864;

    @AttributeDefinition(description = "Most twins (lines) one file may hold; more is a 413 import:file.toomanylines.",
            min = "1")
    int maxLines() default 100000;

    @AttributeDefinition(description = "Most refused lines a report lists; the check stops there (each refused line"
            + " costs one more pass over the file).", min = "1")
    int maxErrors() default 100;

    @AttributeDefinition(description = "How many finished imports GET /api/dayuan/import keeps, newest first.",
            min = "1")
    int keepFinished() default 50;
}
