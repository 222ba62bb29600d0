package org.dayuan.office.standards;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Which edition of the office-area standard is in force, and the township row the province sets. */
@ObjectClassDefinition(name = "Dayuan office line: area standard",
        description = "The office-room area standard (党政机关办公用房建设标准) the line judges offices by: the 2014"
                + " national edition (发改投资〔2014〕2674号) shipped in the bundle, or a province's own file, plus the"
                + " township row, which the standard leaves to the province.")
@interface StandardsConfig {
    @AttributeDefinition(description = "A province's own edition as JSON (edition, effective, levels → rows"
            + " [{label, area, ranks}], leaderRanks), read at start; empty: the shipped 2014 national edition.")
    String file() default "";

    @AttributeDefinition(description = "m² for a township head (乡级正职); at most a county deputy's entitlement.",
            min = "1")
    double township_head() default 24;

    @AttributeDefinition(description = "m² for a township deputy (乡级副职).", min = "1")
    double township_deputy() default 18;

    @AttributeDefinition(description = "m² for township staff (科员及以下 at level township).", min = "1")
    double township_staff() default 9;
}
