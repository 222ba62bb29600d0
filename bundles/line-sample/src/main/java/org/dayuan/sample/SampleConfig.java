package org.dayuan.sample;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The visitor line's settings; etc/org.dayuan.sample.cfg lists each with its default (ShippedConfigIT checks). */
@ObjectClassDefinition(name = "Dayuan sample line (visitor passes)",
        description = "访客登记: passes are issued when created and checked in through POST"
                + " /api/dayuan/visitors/{thingId}/checkin.")
@interface SampleConfig {
    @AttributeDefinition(description = "Minutes after a pass's validUntil during which it may still be checked in.",
            min = "0")
    int graceMinutes() default 0;
}
