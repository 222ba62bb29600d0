package org.dayuan.energy;

/**
 * Totals and the per-person / per-m² values derived from them. A per-person value is null when the headcount
 * is 0, a per-m² value when the area is 0; water and water per person are null when there is no water data at
 * all, so a subject without a water meter does not look like one that saved all its water.
 */
public record Intensities(double kgce, double kgco2, Double waterM3, Double kgcePerPerson, Double kgcePerM2,
                          Double waterM3PerPerson, Double kgco2PerM2) {

    static Intensities of(double kgce, double kgco2, Double waterM3, Subject subject) {
        return new Intensities(kgce, kgco2, waterM3, per(kgce, subject.headcount()), per(kgce, subject.areaM2()),
                waterM3 == null ? null : per(waterM3, subject.headcount()), per(kgco2, subject.areaM2()));
    }

    private static Double per(double total, double divisor) {
        return divisor > 0 ? total / divisor : null;
    }

    /** The same figures scaled, e.g. to project a part of a year onto the whole year. */
    Intensities times(double factor, Subject subject) {
        return of(kgce * factor, kgco2 * factor, waterM3 == null ? null : waterM3 * factor, subject);
    }

    /** The value of one target metric, or null. */
    public Double value(Metric metric) {
        return switch (metric) {
            case KGCE_PER_M2 -> kgcePerM2;
            case KGCE_PER_PERSON -> kgcePerPerson;
            case WATER_PER_PERSON -> waterM3PerPerson;
            case CO2_PER_M2 -> kgco2PerM2;
        };
    }
}
