package org.dayuan.fleet.rules;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rules' configuration, checked and parsed once: a bad value refuses the whole configuration with its key. */
record Settings(ZoneId zone, Duration orderGrace, int evidencePoints,
                double moveSpeedKmh, double moveMetres, Duration moveSustain, Duration moveStop,
                boolean noOrder, boolean offHours, DutyCalendar calendar,
                boolean area, List<Geo.Point> polygon,
                boolean route, double corridorMeters, double destinationMeters,
                boolean night, LocalTime nightTime, double homeMeters,
                boolean speeding, double limitKmh, Duration speedingFor, boolean speedingFlag,
                boolean offline, Duration offlineAfter,
                boolean fuel, Map<String, Double> fuelNorms, double defaultNorm, double fuelFactor, double fuelMinKm) {

    static Settings of(RulesConfig c) {
        ZoneId zone;
        try {
            zone = ZoneId.of(c.zone().trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("zone: '" + c.zone() + "' is no time zone", e);
        }
        String[] hours = c.offHours_hours().split("-");
        if (hours.length != 2) {
            throw new IllegalArgumentException("offHours.hours: '" + c.offHours_hours() + "' is not HH:mm-HH:mm");
        }
        DutyCalendar calendar = new DutyCalendar(DutyCalendar.days(c.offHours_workingDays(), "offHours.workingDays"),
                time(hours[0], "offHours.hours"), time(hours[1], "offHours.hours"),
                DutyCalendar.dates(c.offHours_holidays(), "offHours.holidays"),
                DutyCalendar.dates(c.offHours_workdays(), "offHours.workdays"));
        return new Settings(zone, minutes(c.orderGraceMinutes()), Math.max(2, c.evidence_maxPoints()),
                c.move_speedKmh(), c.move_metres(), Duration.ofSeconds(Math.max(0, c.move_sustainSeconds())),
                minutes(Math.max(1, c.move_stopMinutes())),
                c.noOrder_enabled(), c.offHours_enabled(), calendar,
                c.area_enabled(), Geo.polygon(c.area_polygon(), "area.polygon"),
                c.route_enabled(), c.route_corridorMeters(), c.route_destinationMeters(),
                c.night_enabled(), time(c.night_time(), "night.time"), c.night_homeMeters(),
                c.speeding_enabled(), c.speeding_limitKmh(), Duration.ofSeconds(Math.max(0, c.speeding_seconds())),
                c.speeding_alarmFlag(),
                c.offline_enabled(), minutes(Math.max(1, c.offline_minutes())),
                c.fuel_enabled(), norms(c.fuel_norms()), c.fuel_defaultNorm(), c.fuel_factor(), c.fuel_minKm());
    }

    double fuelNorm(String energyType) {
        return fuelNorms.getOrDefault(energyType, defaultNorm);
    }

    private static Duration minutes(int m) {
        return Duration.ofMinutes(Math.max(0, m));
    }

    private static LocalTime time(String text, String key) {
        try {
            return LocalTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": '" + text.trim() + "' is not a time HH:mm", e);
        }
    }

    private static Map<String, Double> norms(String text) {
        Map<String, Double> norms = new HashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split(":");
            try {
                double norm = Double.parseDouble(kv[1].trim());
                if (kv.length != 2 || !(norm > 0)) {
                    throw new NumberFormatException();
                }
                norms.put(kv[0].trim(), norm);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("fuel.norms: '" + part.trim() + "' is not energyType:litres");
            }
        }
        return Map.copyOf(norms);
    }
}
