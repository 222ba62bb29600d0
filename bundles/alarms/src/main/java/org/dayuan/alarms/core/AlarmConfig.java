package org.dayuan.alarms.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan alarm service",
        description = "The alarm lifecycle every line raises its alarms through: escalation deadlines, shelving limit,"
                + " how often deadlines are checked and how much history an alarm keeps.")
public @interface AlarmConfig {
    @AttributeDefinition(description = "T1: minutes an alarm may stay unacknowledged after it was raised before it is"
            + " escalated (once).", min = "1")
    int acknowledgeWithinMinutes() default 5;

    @AttributeDefinition(description = "T2: minutes an acknowledged alarm may stay unverified after its"
            + " acknowledgement before it is escalated (once).", min = "1")
    int verifyWithinMinutes() default 30;

    @AttributeDefinition(description = "The longest a person may shelve an alarm, in hours.", min = "1")
    int maxShelveHours() default 72;

    @AttributeDefinition(description = "Seconds between two checks of escalation deadlines and shelving expiries.",
            min = "1")
    int checkSeconds() default 15;

    @AttributeDefinition(description = "How many entries an alarm's log and deliveries keep (the newest).", min = "1")
    int logLimit() default 100;
}
