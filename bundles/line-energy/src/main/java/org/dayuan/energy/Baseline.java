package org.dayuan.energy;

/**
 * A subject's base-year intensities (normally 2020, the reference of the 十四五 targets). A null value means
 * that intensity has no comparison.
 */
public record Baseline(int year, Double kgcePerM2, Double kgcePerPerson, Double waterM3PerPerson, Double co2PerM2) {
    /** The baseline value of one metric, or null. */
    public Double value(Metric metric) {
        return switch (metric) {
            case KGCE_PER_M2 -> kgcePerM2;
            case KGCE_PER_PERSON -> kgcePerPerson;
            case WATER_PER_PERSON -> waterM3PerPerson;
            case CO2_PER_M2 -> co2PerM2;
        };
    }
}
