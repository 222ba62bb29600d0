package org.dayuan.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.Random;

/**
 * Mean primary-side load (kW, or m³/h for gas and water) of a meter at an instant, in {@link SimulatorConstants#ZONE
 * Asia/Shanghai} local time.
 *
 * <p>A meter's load is its <em>level</em> (its working-hour load, drawn once per meter from the kind's range with a
 * seeded {@link Random}) times a <em>shape</em> between 0 and about 1 that follows the clock:
 * <ul>
 * <li>Working days (Monday to Friday; public holidays are not modelled) ramp up from 06:30, are high 08:30–17:30 with
 * a lunch dip 12:00–13:30, taper off over the evening and are empty from 22:30; weekends see a few people by day.</li>
 * <li>Night baseload: mains 18 % of their level, power 15 %, lighting 5 %, HVAC 1 %, computer rooms 85 %.</li>
 * <li>HVAC (and part of each main) scales with a monthly season factor: high in summer and winter, low in April and
 * October.</li>
 * <li>Canteen gas and water follow meal times (breakfast, a lunch peak, dinner); water mains are near zero at night.</li>
 * </ul>
 * Readings scatter around the mean with a deterministic noise per meter and second.
 */
public final class LoadProfile {
    /** Load is integrated in pieces of at most this length, on a grid aligned to the epoch. */
    static final long PIECE_MILLIS = 5 * 60_000L;
    private static final int KINDS = MeterKind.values().length;

    /** HVAC demand by month, January first: Changzhou has hot summers and cold winters. */
    private static final double[] SEASON = {0.95, 0.85, 0.45, 0.15, 0.30, 0.70, 1.0, 1.0, 0.65, 0.20, 0.45, 0.85};
    /** Share of people in on a working day, by hour: ramp, lunch dip, evening taper. */
    private static final double[][] OFFICE_WORKDAY = {
            {0, 6.5, 7.5, 8.5, 9, 11.75, 12, 13.25, 13.75, 17.25, 17.75, 19, 21, 22.5, 24},
            {0, 0, 0.3, 0.9, 1, 1, 0.6, 0.6, 1, 1, 0.6, 0.3, 0.1, 0, 0}};
    /** Duty staff at weekends. */
    private static final double[][] OFFICE_REST = {
            {0, 8, 9, 17, 18.5, 24},
            {0, 0, 0.12, 0.12, 0, 0}};
    /** Canteen activity on a working day: breakfast, the lunch peak, dinner for those working late. */
    private static final double[][] MEALS = {
            {0, 6, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 15.5, 16.5, 17.5, 18.5, 19.5, 24},
            {0, 0, 0.35, 0.45, 0.1, 0.2, 0.9, 1, 0.5, 0.1, 0.1, 0.5, 0.6, 0.2, 0, 0}};
    /** Weekend canteen activity relative to a working day. */
    private static final double REST_MEALS = 0.15;

    private static final double MAIN_NIGHT = 0.18;
    /** Share of a main's daytime load that is HVAC and so follows the season. */
    private static final double MAIN_HVAC_SHARE = 0.25;
    private static final double POWER_NIGHT = 0.15;
    private static final double LIGHTING_NIGHT = 0.05;
    private static final double HVAC_NIGHT = 0.01;
    private static final double SPECIAL_NIGHT = 0.85;
    private static final double WATER_NIGHT = 0.005;
    private static final double WATER_OFFICE = 0.85;
    private static final double WATER_MEALS = 0.3;

    private static final ZoneRules RULES = SimulatorConstants.ZONE.getRules();
    private static final int MONDAY_OFFSET = 3; // 1970-01-01 was a Thursday
    private static final double SQRT_3 = Math.sqrt(3);

    private final double scale;
    /** Negative for the standard profile; otherwise every meter draws exactly this, always, without noise. */
    private final double constant;

    private LoadProfile(double scale, double constant) {
        this.scale = scale;
        this.constant = constant;
    }

    /** The realistic profile at the demo's magnitudes. */
    public static LoadProfile standard() {
        return standard(1);
    }

    /** The realistic profile with every load multiplied by {@code scale} (>= 0). */
    public static LoadProfile standard(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("Load scale must be a number >= 0, was " + scale);
        }
        return new LoadProfile(scale, -1);
    }

    /** Every meter draws exactly {@code load} (kW or m³/h) at every instant, with no noise: for checks by hand. */
    public static LoadProfile constant(double load) {
        if (!(load >= 0) || Double.isInfinite(load)) {
            throw new IllegalArgumentException("Constant load must be a number >= 0, was " + load);
        }
        return new LoadProfile(1, load);
    }

    /** Load of a typical meter of this kind at {@code t}. */
    public double mean(MeterKind kind, Instant t) {
        return (constant >= 0 ? constant : kind.typicalLevel() * scale) * shape(kind, t);
    }

    /** Mean load of this meter at {@code t}: its {@link #level level} times the {@link #shape shape}. */
    public double mean(SimMeter meter, long seed, Instant t) {
        return level(meter, seed) * shape(meter.kind(), t);
    }

    /** The meter's working-hour load, drawn from its kind's range by a Random seeded with seed and thingId. */
    public double level(SimMeter meter, long seed) {
        if (constant >= 0) {
            return constant;
        }
        MeterKind kind = meter.kind();
        double u = new Random(meterSeed(meter.thingId(), seed)).nextDouble();
        return (kind.minLevel() + (kind.maxLevel() - kind.minLevel()) * u) * scale;
    }

    /** The share of its level a meter of this kind draws at {@code t}. */
    public double shape(MeterKind kind, Instant t) {
        double[] shape = new double[KINDS];
        shapes(t.toEpochMilli(), shape, new double[KINDS]);
        return shape[kind.ordinal()];
    }

    /** The share it would draw at full working-hour activity on {@code t}'s date (the season still applies). */
    public double working(MeterKind kind, Instant t) {
        double[] working = new double[KINDS];
        shapes(t.toEpochMilli(), new double[KINDS], working);
        return working[kind.ordinal()];
    }

    /** Fills the shape and the working-hour shape of every kind (indexed by ordinal) at one instant. */
    void shapes(long epochMilli, double[] shape, double[] working) {
        if (constant >= 0) {
            Arrays.fill(shape, 1);
            Arrays.fill(working, 1);
            return;
        }
        long epochSecond = Math.floorDiv(epochMilli, 1000L);
        long localSecond = epochSecond + RULES.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        long day = Math.floorDiv(localSecond, 86_400L);
        double hour = (Math.floorMod(localSecond, 86_400L) + Math.floorMod(epochMilli, 1000L) / 1000.0) / 3600.0;
        boolean workday = Math.floorMod(day + MONDAY_OFFSET, 7) < DayOfWeek.SATURDAY.ordinal();
        double season = SEASON[LocalDate.ofEpochDay(day).getMonthValue() - 1];
        double office = interpolate(workday ? OFFICE_WORKDAY : OFFICE_REST, hour);
        double meals = interpolate(MEALS, hour) * (workday ? 1 : REST_MEALS);
        fill(shape, office, meals, season);
        fill(working, 1, 1, season);
    }

    private static void fill(double[] out, double office, double meals, double season) {
        double mainDay = 1 - MAIN_HVAC_SHARE + MAIN_HVAC_SHARE * season;
        out[MeterKind.MAIN.ordinal()] = MAIN_NIGHT + (1 - MAIN_NIGHT) * office * mainDay;
        out[MeterKind.POWER.ordinal()] = POWER_NIGHT + (1 - POWER_NIGHT) * office;
        out[MeterKind.LIGHTING.ordinal()] = LIGHTING_NIGHT + (1 - LIGHTING_NIGHT) * office;
        out[MeterKind.HVAC.ordinal()] = HVAC_NIGHT + (1 - HVAC_NIGHT) * office * season;
        out[MeterKind.SPECIAL.ordinal()] = SPECIAL_NIGHT + (1 - SPECIAL_NIGHT) * office;
        out[MeterKind.GAS.ordinal()] = meals;
        out[MeterKind.WATER_MAIN.ordinal()] = WATER_NIGHT
                + (1 - WATER_NIGHT) * Math.min(1, WATER_OFFICE * office + WATER_MEALS * meals);
        out[MeterKind.WATER_SUB.ordinal()] = meals;
    }

    /**
     * Multiplier around 1 for one instantaneous reading: about normal with the kind's relative deviation and never
     * beyond ±3.5 deviations, the same for the same meter seed and second. 1 for the constant profile.
     */
    double noise(MeterKind kind, long meterSeed, long epochSecond) {
        if (constant >= 0) {
            return 1;
        }
        long h = mix(meterSeed + epochSecond * 0x9E3779B97F4A7C15L);
        // Irwin–Hall: four 16-bit uniforms, mean 2, variance 1/3
        double sum = ((h & 0xFFFF) + ((h >>> 16) & 0xFFFF) + ((h >>> 32) & 0xFFFF) + (h >>> 48)) / 65_536.0;
        return 1 + kind.noise() * (sum - 2) * SQRT_3;
    }

    /** The per-meter seed: the same thingId and seed always give the same meter. */
    static long meterSeed(String thingId, long seed) {
        return mix(mix(seed) ^ thingId.hashCode());
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double interpolate(double[][] table, double hour) {
        double[] hours = table[0];
        double[] values = table[1];
        for (int i = 1; i < hours.length; i++) {
            if (hour <= hours[i]) {
                double f = (hour - hours[i - 1]) / (hours[i] - hours[i - 1]);
                return values[i - 1] + f * (values[i] - values[i - 1]);
            }
        }
        return values[values.length - 1];
    }
}
