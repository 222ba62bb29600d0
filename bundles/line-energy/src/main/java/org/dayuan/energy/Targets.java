package org.dayuan.energy;

import java.time.Month;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reduction targets, the national baseline for subjects without their own, and how a yearly quota is split
 * over months. Keys and defaults (Changzhou's targets, DOMAIN.md §1.3 and §2.4):
 * {@code target.baselineYear} 2020, {@code target.targetYear} 2025, {@code target.perM2} −6,
 * {@code target.perPerson} −7, {@code target.waterPerPerson} −7, {@code target.co2PerM2} −7 (percent);
 * {@code baseline.perM2} 18.48, {@code baseline.perPerson} 329.56, {@code baseline.waterPerPerson} 21.53,
 * {@code baseline.co2PerM2} unset; {@code quota.monthWeights} twelve numbers, default all equal.
 */
public final class Targets {
    private static final Map<Metric, Double> DEFAULT_PERCENT = Map.of(
            Metric.KGCE_PER_M2, -6.0, Metric.KGCE_PER_PERSON, -7.0, Metric.WATER_PER_PERSON, -7.0, Metric.CO2_PER_M2, -7.0);
    private static final Map<Metric, Double> NATIONAL_2020 = Map.of(
            Metric.KGCE_PER_M2, 18.48, Metric.KGCE_PER_PERSON, 329.56, Metric.WATER_PER_PERSON, 21.53);

    private final int baselineYear;
    private final int targetYear;
    private final Map<Metric, Double> percent;
    private final Baseline national;
    private final double[] monthWeights;

    public Targets(int baselineYear, int targetYear, Map<Metric, Double> percent, Baseline national, double[] monthWeights) {
        if (targetYear <= baselineYear) {
            throw new IllegalArgumentException("target year " + targetYear + " must come after baseline year " + baselineYear);
        }
        if (monthWeights.length != 12) {
            throw new IllegalArgumentException("twelve month weights are needed, got " + monthWeights.length);
        }
        for (double w : monthWeights) {
            if (!(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("month weights must be greater than 0, got " + w);
            }
        }
        this.baselineYear = baselineYear;
        this.targetYear = targetYear;
        this.percent = new EnumMap<>(percent);
        this.national = national;
        this.monthWeights = monthWeights.clone();
    }

    public static Targets fromConfig(Settings s) {
        Map<Metric, Double> percent = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            percent.put(m, s.number("target." + m.key(), DEFAULT_PERCENT.get(m)));
        }
        int baselineYear = s.integer("target.baselineYear", 2020);
        Baseline national = new Baseline(baselineYear,
                nationalValue(s, Metric.KGCE_PER_M2), nationalValue(s, Metric.KGCE_PER_PERSON),
                nationalValue(s, Metric.WATER_PER_PERSON), nationalValue(s, Metric.CO2_PER_M2));
        double[] weights = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        List<String> given = s.list("quota.monthWeights");
        if (!given.isEmpty()) {
            if (given.size() != 12) {
                throw Settings.invalid("quota.monthWeights", s.string("quota.monthWeights", ""), "must list twelve numbers");
            }
            for (int i = 0; i < 12; i++) {
                weights[i] = Settings.parseNumber("quota.monthWeights", given.get(i));
            }
        }
        try {
            return new Targets(baselineYear, s.integer("target.targetYear", 2025), percent, national, weights);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config keys 'target.*' / 'quota.monthWeights': " + e.getMessage(), e);
        }
    }

    private static Double nationalValue(Settings s, Metric m) {
        String key = "baseline." + m.key();
        Double def = NATIONAL_2020.get(m);
        if (!s.keys().contains(key)) {
            return def;
        }
        return s.positive(key, 0);
    }

    public static Targets defaults() {
        return fromConfig(Settings.empty());
    }

    /** The baseline used for subjects that have none of their own. */
    public Baseline national() {
        return national;
    }

    public int targetYear() {
        return targetYear;
    }

    /** Target change by the target year, in percent (−6 means 6 % lower than the baseline). */
    public double percent(Metric metric) {
        return percent.get(metric);
    }

    /**
     * The target path: linear from the baseline in its year to baseline × (1 + percent) in the target year,
     * flat after it (and equal to the baseline before its year).
     */
    public double target(Metric metric, double baselineValue, int fromYear, int year) {
        double change = percent(metric) / 100;
        if (year >= targetYear) {
            return baselineValue * (1 + change);
        }
        if (year <= fromYear) {
            return baselineValue;
        }
        return baselineValue * (1 + change * (year - fromYear) / (targetYear - fromYear));
    }

    /** The share of a yearly quota that falls on a month. */
    public double monthShare(Month month) {
        double total = 0;
        for (double w : monthWeights) {
            total += w;
        }
        return monthWeights[month.ordinal()] / total;
    }
}
