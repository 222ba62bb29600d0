package org.dayuan.safety;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The safety line's settings for fire water, hazards and the four-colour grading (PID {@code org.dayuan.safety});
 * etc/org.dayuan.safety.cfg lists each with its default (ShippedConfigIT checks).
 */
@ObjectClassDefinition(name = "Dayuan safety line (fire water, hazards, four-colour grading)",
        description = "安消一体化: fire-water level and pressure alarms with hysteresis, hazards (隐患) and the daily"
                + " green/blue/yellow/red grade of every organisation.")
public @interface SafetyConfig {
    @AttributeDefinition(description = "Water level deadband (m): a level alarm returns to normal only once the"
            + " level is back inside its limit by this much.", min = "0")
    double water_levelDeadband() default 0.05;

    @AttributeDefinition(description = "Pressure deadband (MPa): a pressure alarm returns to normal only once the"
            + " pressure is back inside its limit by this much.", min = "0")
    double water_pressureDeadband() default 0.02;

    @AttributeDefinition(description = "Days a hazard has to be rectified when it is assigned without a dueAt.",
            min = "1")
    int hazard_dueDays() default 7;

    @AttributeDefinition(description = "Minutes between the checks that mark hazards past their dueAt overdue.",
            min = "1")
    int hazard_checkMinutes() default 5;

    @AttributeDefinition(description = "Local time (HH:mm, zone grade.zone) at which every organisation is graded"
            + " each day.")
    String grade_time() default "23:30";

    @AttributeDefinition(description = "Time zone of the grading day and of grade.time.")
    String grade_zone() default "Asia/Shanghai";

    @AttributeDefinition(description = "Days of alarms the grade looks back over.", min = "1")
    int grade_days() default 30;

    @AttributeDefinition(description = "Target mean time to acknowledge an alarm (minutes); slower lowers the"
            + " acknowledge sub-score in proportion.", min = "1")
    double grade_acknowledgeTargetMinutes() default 5;

    @AttributeDefinition(description = "Target mean time to verify an alarm (minutes); slower lowers the verify"
            + " sub-score in proportion.", min = "1")
    double grade_verifyTargetMinutes() default 30;

    @AttributeDefinition(description = "Points one open fault or link alarm costs the faults sub-score.", min = "0")
    double grade_faultPenalty() default 10;

    @AttributeDefinition(description = "Further points an open fault or link alarm costs per day it has been open.",
            min = "0")
    double grade_faultDayPenalty() default 2;

    @AttributeDefinition(description = "Points one disabled (屏蔽) fire component costs the disabled sub-score.",
            min = "0")
    double grade_disabledPenalty() default 5;

    @AttributeDefinition(description = "Points one open hazard costs the hazards sub-score.", min = "0")
    double grade_hazardPenalty() default 5;

    @AttributeDefinition(description = "Points one overdue hazard costs the hazards sub-score, on top of being"
            + " open.", min = "0")
    double grade_overduePenalty() default 15;

    @AttributeDefinition(description = "Weight of the false-alarm sub-score (100 x (1 - false rate of verified"
            + " safety.fire alarms)).", min = "0")
    double weight_falseAlarms() default 25;

    @AttributeDefinition(description = "Weight of the time-to-acknowledge sub-score.", min = "0")
    double weight_acknowledge() default 10;

    @AttributeDefinition(description = "Weight of the time-to-verify sub-score.", min = "0")
    double weight_verify() default 10;

    @AttributeDefinition(description = "Weight of the open faults sub-score.", min = "0")
    double weight_faults() default 15;

    @AttributeDefinition(description = "Weight of the disabled components sub-score.", min = "0")
    double weight_disabled() default 10;

    @AttributeDefinition(description = "Weight of the water sub-score (% of fire-water sensors in range now).",
            min = "0")
    double weight_water() default 15;

    @AttributeDefinition(description = "Weight of the hazards sub-score.", min = "0")
    double weight_hazards() default 15;

    @AttributeDefinition(description = "Lowest score graded green (绿).", min = "0", max = "100")
    double band_green() default 90;

    @AttributeDefinition(description = "Lowest score graded blue (蓝).", min = "0", max = "100")
    double band_blue() default 75;

    @AttributeDefinition(description = "Lowest score graded yellow (黄); lower is red (红).", min = "0", max = "100")
    double band_yellow() default 60;
}
