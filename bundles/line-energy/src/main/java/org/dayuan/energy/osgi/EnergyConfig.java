package org.dayuan.energy.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The documented switches of the energy line. The factor table ({@code kgce.*}, {@code co2.*}), targets, calendar
 * and rule thresholds are further keys of the same PID, listed with their defaults in etc/org.dayuan.energy.cfg.
 */
@ObjectClassDefinition(name = "Dayuan energy line",
        description = "Interval consumption, kgce and kgCO2, indicators, alarms and utility bills (能耗感知一张网)")
@interface EnergyConfig {
    @AttributeDefinition(description = "Grid region of the electricity CO2 factor (co2.electricity.<region>.<year>).")
    String region() default "east-china";

    @AttributeDefinition(description = "Run the alarm rules and write Alarm twins.")
    boolean alarms() default true;

    @AttributeDefinition(description = "Seconds between rule evaluations.", min = "5")
    int evaluateSeconds() default 60;

    @AttributeDefinition(description = "Days of 15-minute consumption kept in memory (rebuilt from the journal at"
            + " start); indicators of older periods need bills.", min = "35")
    int keepDays() default 400;

    @AttributeDefinition(required = false, description = "Folder watched for utility bill CSV files; empty:"
            + " data/dayuan/energy/bills under Karaf's data folder. Imported files move to .done, refused ones to"
            + " .failed with a .errors.txt report beside them.")
    String billsDir() default "";
}
