package org.dayuan.office.rules;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The office line's rules: over standard, idle, lease expiring, rent in arrears. */
@ObjectClassDefinition(name = "Dayuan office line: rules",
        description = "Alarms on rooms, raised through the alarm service: office.over-standard (area above the"
                + " occupants' entitlements), office.rank-unknown, office.idle, office.lease-expiring,"
                + " office.rent-arrears. Dates are read in timeZone; date rules are judged again every day.")
public @interface RulesConfig {
    @AttributeDefinition(description = "Run the rules: judge the rooms, raise and normal their alarms through the alarm"
            + " service, keep vacantSince. Off: the line writes nothing (the indicators still count).")
    boolean alarms() default true;

    @AttributeDefinition(description = "An office with no occupant for this many days (counted from vacantSince) is"
            + " idle.", min = "1")
    int idleDays() default 90;

    @AttributeDefinition(description = "A lease ending within this many days raises office.lease-expiring (warning).",
            min = "1")
    int leaseWarningDays() default 90;

    @AttributeDefinition(description = "Within this many days of its end (or past it) the lease alarm is major.",
            min = "0")
    int leaseUrgentDays() default 30;

    @AttributeDefinition(description = "Days after lease.paidUntil before unpaid rent counts as in arrears.",
            min = "0")
    int arrearsGraceDays() default 30;

    @AttributeDefinition(description = "Time zone in which today's date is read.")
    String timeZone() default "Asia/Shanghai";
}
