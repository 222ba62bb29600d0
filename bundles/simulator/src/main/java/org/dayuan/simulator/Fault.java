package org.dayuan.simulator;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A fault the simulator can play, each for an alarm of the energy line to catch. */
public enum Fault {
    /** One electricity meter stops advancing and stops publishing: the stale-meter alarm. */
    STUCK,
    /** Building B's HVAC meters keep their working-hour load last night and tonight: the night-baseload alarm. */
    HVAC_LEFT_ON,
    /** One water meter gets a constant extra flow of 0.3–0.5 m³/h, night and day: the night-water alarm. */
    LEAK,
    /** One main draws four times its load for one hour: the spike alarm. */
    SPIKE;

    /**
     * Faults from a config value such as {@code "stuck, hvac_left_on"}: names in any case, separated by commas or
     * blanks; empty or blank means none, {@code all} means all.
     *
     * @throws IllegalArgumentException naming the unknown value and the accepted ones
     */
    public static Set<Fault> parseSet(String value) {
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        if (value == null || value.isBlank()) {
            return faults;
        }
        for (String name : value.trim().split("[,\\s]+")) {
            if (name.isEmpty()) {
                continue;
            }
            if (name.equalsIgnoreCase("all")) {
                faults.addAll(EnumSet.allOf(Fault.class));
                continue;
            }
            try {
                faults.add(valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown fault '" + name + "' in '" + value + "'; known: "
                        + EnumSet.allOf(Fault.class) + " or all", e);
            }
        }
        return faults;
    }
}
