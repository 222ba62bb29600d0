package org.dayuan.energy.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Every setting of the energy line, with its default; etc/org.dayuan.energy.cfg lists each one (a test keeps the two
 * in step). A method name's {@code _} stands for the {@code .} of the key ({@code spike_factor} is
 * {@code spike.factor}). The domain reads the same keys through {@link org.dayuan.energy.Settings}, which refuses a
 * value that does not parse naming the key. Three families of keys are open-ended and described here rather than
 * listed: {@code co2.<carrier>.<region>.<year>} (with {@code .source}), {@code maxPerHour.<carrier>} and
 * {@code spike.minQuantity.<carrier>}.
 */
@ObjectClassDefinition(name = "Dayuan energy line",
        description = "Interval consumption, kgce and kgCO2, indicators, alarms and utility bills (能耗感知一张网)."
                + " Families of keys beyond the attributes below: co2.<carrier>.<region>.<year> = kgCO2 per unit"
                + " (the newest year not after the one asked applies, a region without an entry falls back to"
                + " national), with optional co2.<carrier>.<region>.<year>.source = text; maxPerHour.<carrier> ="
                + " plausibility limit in units per hour after the CT multiplier (0 or absent: none; a change replays"
                + " the history); spike.minQuantity.<carrier> = hourly quantity at or below which no spike is"
                + " reported (default spike.minQuantity). Carriers: electricity, gas, heat, cooling, water, gasoline,"
                + " diesel.")
@interface EnergyConfig {
    @AttributeDefinition(description = "Grid region of the electricity CO2 factor (co2.electricity.<region>.<year>).")
    String region() default "east-china";

    @AttributeDefinition(description = "Run the alarm rules and raise their findings through the alarm service.")
    boolean alarms() default true;

    @AttributeDefinition(description = "Seconds between rule evaluations.", min = "5")
    int evaluateSeconds() default 60;

    @AttributeDefinition(description = "Days of 15-minute consumption kept in memory (rebuilt from the journal at"
            + " start, and again when this changes); indicators of older periods need bills.", min = "35")
    int keepDays() default 400;

    @AttributeDefinition(required = false, description = "Folder watched for utility bill CSV files; empty:"
            + " data/dayuan/energy/bills under Karaf's data folder. Imported files move to .done, refused ones to"
            + " .failed with a .errors.txt report beside them.")
    String billsDir() default "";

    @AttributeDefinition(description = "Most data lines accepted in one bill file.", min = "1")
    int bill_maxLines() default 100_000;

    @AttributeDefinition(description = "Density of gasoline in kg/L, for bills in litres.")
    double bill_density_gasoline() default 0.73;

    @AttributeDefinition(description = "Density of diesel in kg/L, for bills in litres.")
    double bill_density_diesel() default 0.85;

    @AttributeDefinition(description = "The standard the kgce factors come from; recorded with each figure.")
    String kgce_version() default "GB/T 2589-2020";

    @AttributeDefinition(description = "Standard coal factor of electricity, kgce per kWh (当量值).")
    double kgce_electricity() default 0.1229;

    @AttributeDefinition(description = "Standard coal factor of natural gas, kgce per m3.")
    double kgce_gas() default 1.2143;

    @AttributeDefinition(description = "Standard coal factor of bought heat, kgce per kWh.")
    double kgce_heat() default 0.12283;

    @AttributeDefinition(description = "Standard coal factor of bought cooling, kgce per kWh.")
    double kgce_cooling() default 0.12283;

    @AttributeDefinition(description = "Standard coal factor of gasoline, kgce per kg.")
    double kgce_gasoline() default 1.4714;

    @AttributeDefinition(description = "Standard coal factor of diesel, kgce per kg.")
    double kgce_diesel() default 1.4571;

    @AttributeDefinition(description = "Year of the baseline the targets are measured against.")
    int target_baselineYear() default 2020;

    @AttributeDefinition(description = "Year by which the targets are due.")
    int target_targetYear() default 2025;

    @AttributeDefinition(description = "Target change of energy per m2 from the baseline, percent.")
    double target_perM2() default -6;

    @AttributeDefinition(description = "Target change of energy per person from the baseline, percent.")
    double target_perPerson() default -7;

    @AttributeDefinition(description = "Target change of water per person from the baseline, percent.")
    double target_waterPerPerson() default -7;

    @AttributeDefinition(description = "Target change of CO2 per m2 from the baseline, percent.")
    double target_co2PerM2() default -7;

    @AttributeDefinition(description = "National baseline of kgce per m2, for subjects without their own"
            + " energyBaseline attribute.")
    double baseline_perM2() default 18.48;

    @AttributeDefinition(description = "National baseline of kgce per person.")
    double baseline_perPerson() default 329.56;

    @AttributeDefinition(description = "National baseline of water m3 per person.")
    double baseline_waterPerPerson() default 21.53;

    @AttributeDefinition(required = false, description = "National baseline of kgCO2 per m2; absent: none.")
    double baseline_co2PerM2();

    @AttributeDefinition(required = false, description = "How a yearly quota (attribute energyQuota) is split over"
            + " the months: twelve comma-separated weights; empty: all months equal.")
    String quota_monthWeights() default "";

    @AttributeDefinition(description = "Severity of the quota alarm: info, warning, major or critical.")
    String quota_severity() default "warning";

    @AttributeDefinition(description = "Time zone of the working calendar and of the ledger's days; a change replays"
            + " the history.")
    String calendar_zone() default "Asia/Shanghai";

    @AttributeDefinition(description = "Start of working hours, like 08:30.")
    String calendar_workStart() default "08:30";

    @AttributeDefinition(description = "End of working hours, like 17:30.")
    String calendar_workEnd() default "17:30";

    @AttributeDefinition(description = "Days of the weekend, comma-separated, like SATURDAY,SUNDAY.")
    String calendar_weekend() default "SATURDAY,SUNDAY";

    @AttributeDefinition(required = false, description = "Holidays, comma-separated ISO dates.")
    String calendar_holidays() default "";

    @AttributeDefinition(required = false, description = "Extra working days (调休), comma-separated ISO dates.")
    String calendar_extraWorkdays() default "";

    @AttributeDefinition(description = "Start of the night, like 22:00.")
    String calendar_nightStart() default "22:00";

    @AttributeDefinition(description = "End of the night, like 06:00.")
    String calendar_nightEnd() default "06:00";

    @AttributeDefinition(description = "Minutes without a reading after which a meter counts as stale.")
    double staleMeter_afterMinutes() default 30;

    @AttributeDefinition(description = "Severity of the stale meter alarm: info, warning, major or critical.")
    String staleMeter_severity() default "warning";

    @AttributeDefinition(description = "Mean night power above this share of the mean working-hours power raises"
            + " the night baseload alarm.")
    double nightBaseload_share() default 0.5;

    @AttributeDefinition(description = "Working days the working-hours load is averaged over.")
    int nightBaseload_workingDays() default 5;

    @AttributeDefinition(description = "Share of a window's slots that must have data for it to be judged.")
    double nightBaseload_minCoverage() default 0.5;

    @AttributeDefinition(description = "Severity of the night baseload alarm: info, warning, major or critical.")
    String nightBaseload_severity() default "warning";

    @AttributeDefinition(description = "End uses (attribute endUse) that run day and night by design and get no"
            + " night baseload alarm, comma-separated.")
    String nightBaseload_excludeEndUses() default "special";

    @AttributeDefinition(description = "An hour above this many times the same hour of earlier weeks is a spike.")
    double spike_factor() default 2.5;

    @AttributeDefinition(description = "Earlier weeks the same hour is compared with.")
    int spike_weeks() default 4;

    @AttributeDefinition(description = "Earlier weeks with data needed before a spike is judged.")
    int spike_minSamples() default 2;

    @AttributeDefinition(description = "Hourly quantity at or below which no spike is reported, in the carrier's"
            + " unit; spike.minQuantity.<carrier> overrides it per carrier.")
    double spike_minQuantity() default 1.0;

    @AttributeDefinition(description = "Severity of the spike alarm: info, warning, major or critical.")
    String spike_severity() default "warning";

    @AttributeDefinition(description = "Start of the night water window, like 01:00.")
    String nightWater_start() default "01:00";

    @AttributeDefinition(description = "End of the night water window, like 05:00.")
    String nightWater_end() default "05:00";

    @AttributeDefinition(description = "Water per 15-minute slot that every slot of the night window must exceed"
            + " for a leak alarm.")
    double nightWater_minFlow() default 0.02;

    @AttributeDefinition(description = "Severity of the night water alarm: info, warning, major or critical.")
    String nightWater_severity() default "major";

    @AttributeDefinition(description = "An interval between two readings longer than this many hours is kept out"
            + " of the 15-minute ledger (when the energy was used is unknown); a change replays the history.")
    double maxIntervalHours() default 24;
}
