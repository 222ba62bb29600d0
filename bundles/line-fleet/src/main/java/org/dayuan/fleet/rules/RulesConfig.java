package org.dayuan.fleet.rules;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The misuse rules (数据铁笼) of the fleet line: every threshold, and a switch per rule. */
@ObjectClassDefinition(name = "Dayuan fleet line: misuse rules",
        description = "Alarms on official vehicles: no order, off hours or holidays, out of area, off route, not home at"
                + " night, speeding, terminal offline, fuel use; each raised through the alarm service with its"
                + " evidence (track, order, figures).")
@interface RulesConfig {
    @AttributeDefinition(description = "Time zone in which duty hours, holidays and the night check are read.")
    String zone() default "Asia/Shanghai";

    @AttributeDefinition(description = "Minutes before a trip order's planned start and after its planned end during"
            + " which it still allows the car to move.", min = "0")
    int orderGraceMinutes() default 30;

    @AttributeDefinition(description = "Points at most in a track given as evidence (GeoJSON LineString).", min = "2")
    int evidence_maxPoints() default 200;

    @AttributeDefinition(description = "Speed (km/h) above which a report counts as moving.", min = "0")
    double move_speedKmh() default 5;

    @AttributeDefinition(description = "With ACC on, metres from where the car last stood with ACC off beyond which"
            + " it counts as moving although its speed reads low.", min = "1")
    double move_metres() default 200;

    @AttributeDefinition(description = "Seconds (terminal time) a car must keep moving before it counts as out on the"
            + " road, so that GPS jitter in the car park does not.", min = "0")
    int move_sustainSeconds() default 60;

    @AttributeDefinition(description = "Minutes standing with ACC on after which a car out on the road counts as"
            + " stopped (ACC off stops it at once).", min = "1")
    int move_stopMinutes() default 5;

    @AttributeDefinition(description = "Rule fleet.no-order (无单出车): out on the road with no active trip order.")
    boolean noOrder_enabled() default true;

    @AttributeDefinition(description = "Rule fleet.off-hours (非工作时间/节假日用车): out on the road outside duty hours"
            + " or on a holiday without an active order covering the time.")
    boolean offHours_enabled() default true;

    @AttributeDefinition(description = "Working days of an ordinary week (MON ... SUN, comma-separated).")
    String offHours_workingDays() default "MON,TUE,WED,THU,FRI";

    @AttributeDefinition(description = "Duty hours of a working day, HH:mm-HH:mm.")
    String offHours_hours() default "08:00-18:00";

    @AttributeDefinition(description = "Public holidays (yyyy-MM-dd or yyyy-MM-dd..yyyy-MM-dd, comma-separated);"
            + " the default is the 2026 State Council calendar.")
    String offHours_holidays() default "2026-01-01..2026-01-03,2026-02-15..2026-02-23,2026-04-04..2026-04-06,"
            + "2026-05-01..2026-05-05,2026-06-19..2026-06-21,2026-09-25..2026-09-27,2026-10-01..2026-10-07";

    @AttributeDefinition(description = "Adjusted working days (调休: weekend days worked), same format.")
    String offHours_workdays() default "2026-01-04,2026-02-14,2026-02-28,2026-05-09,2026-09-20,2026-10-10";

    @AttributeDefinition(description = "Rule fleet.area (越界): a position outside the allowed area.")
    boolean area_enabled() default true;

    @AttributeDefinition(description = "The allowed area's polygon: lon,lat pairs separated by ';' (WGS84). Empty:"
            + " no area rule.")
    String area_polygon() default "119.62,31.62;119.80,31.78;120.05,31.80;120.20,31.62;120.08,31.38;119.75,31.40";

    @AttributeDefinition(description = "Rule fleet.route (偏离路线): on an order, farther than its corridor from the"
            + " straight legs origin → destination → origin; or a returned trip that never came near its"
            + " destination.")
    boolean route_enabled() default true;

    @AttributeDefinition(description = "Corridor (m) of an order that names none.", min = "1")
    double route_corridorMeters() default 3000;

    @AttributeDefinition(description = "A returned trip whose track never came this close (m) to the destination"
            + " did not go there.", min = "1")
    double route_destinationMeters() default 500;

    @AttributeDefinition(description = "Rule fleet.night (夜间未归): at night.time, a car farther than night.homeMeters"
            + " from its home campus and not on an active order.")
    boolean night_enabled() default true;

    @AttributeDefinition(description = "Local time of the nightly check, HH:mm.")
    String night_time() default "22:00";

    @AttributeDefinition(description = "Metres from the home campus's anchor within which a car is home.", min = "1")
    double night_homeMeters() default 500;

    @AttributeDefinition(description = "Rule fleet.speeding (超速).")
    boolean speeding_enabled() default true;

    @AttributeDefinition(description = "Speed limit (km/h).", min = "1")
    double speeding_limitKmh() default 120;

    @AttributeDefinition(description = "Seconds (terminal time) above the limit before it counts.", min = "0")
    int speeding_seconds() default 30;

    @AttributeDefinition(description = "Also count the terminal's own overspeed alarm (bit 1 of the location's alarm word).")
    boolean speeding_alarmFlag() default true;

    @AttributeDefinition(description = "Rule fleet.offline (终端离线): online false, or nothing heard for"
            + " offline.minutes.")
    boolean offline_enabled() default true;

    @AttributeDefinition(description = "Minutes without a report after which a terminal is offline.", min = "1")
    int offline_minutes() default 60;

    @AttributeDefinition(description = "Rule fleet.fuel (油耗异常): a returned trip's L/100 km above the car's norm"
            + " times fuel.factor.")
    boolean fuel_enabled() default true;

    @AttributeDefinition(description = "Norms in L/100 km per energy type (type:norm, comma-separated).")
    String fuel_norms() default "gasoline:9,diesel:11,plugInHybrid:6";

    @AttributeDefinition(description = "Norm (L/100 km) of an energy type fuel.norms does not name.", min = "0.1")
    double fuel_defaultNorm() default 10;

    @AttributeDefinition(description = "A trip above norm × factor is abnormal.", min = "1")
    double fuel_factor() default 1.3;

    @AttributeDefinition(description = "Trips shorter than this (km) are not judged: a fuel gauge's step is too coarse.",
            min = "0")
    double fuel_minKm() default 10;
}
