package org.dayuan.energy;

import java.util.List;
import java.util.Objects;

/**
 * The static facts about one meter that the consumption logic needs, taken from its twin.
 *
 * @param id          the meter's thingId
 * @param main        a main meter (总表) as opposed to a sub-meter; only main meters are summed into totals, since
 *                    sub-meters measure part of what a main meter already counts
 * @param multiplier  CT ratio: register reading × multiplier = energy
 * @param feeds       thingIds of what the meter measures (room, floor, building, organisation)
 * @param registerMax the value at which the register rolls over to 0 (e.g. 999999.99); 0 = unknown
 * @param maxPerHour  plausibility limit in carrier units per hour after the multiplier; 0 = no limit
 */
public record MeterInfo(String id, Carrier carrier, boolean main, double multiplier, List<String> feeds,
                        double registerMax, double maxPerHour) {
    public MeterInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("meter id is required");
        }
        Objects.requireNonNull(carrier, "carrier");
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("meter " + id + ": multiplier must be at least 1, was " + multiplier);
        }
        if (!(registerMax >= 0) || Double.isInfinite(registerMax)) {
            throw new IllegalArgumentException("meter " + id + ": registerMax must be 0 or more, was " + registerMax);
        }
        if (!(maxPerHour >= 0) || Double.isInfinite(maxPerHour)) {
            throw new IllegalArgumentException("meter " + id + ": maxPerHour must be 0 or more, was " + maxPerHour);
        }
        feeds = List.copyOf(feeds);
    }

    /** A meter with multiplier 1, no known register size and no plausibility limit. */
    public static MeterInfo simple(String id, Carrier carrier, boolean main) {
        return new MeterInfo(id, carrier, main, 1, List.of(), 0, 0);
    }
}
