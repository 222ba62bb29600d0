package org.dayuan.energy;

import java.util.Objects;

/**
 * What indicators are computed for: an organisation or a building.
 *
 * @param areaM2           building area, m²
 * @param headcount        用能人数, the energy-using headcount (also used for water per person)
 * @param baseline         own base-year intensities, or null to compare with the national defaults
 * @param yearlyQuotaKgce  能耗定额 for the year, or null when none is set
 */
public record Subject(String id, String name, double areaM2, int headcount, Baseline baseline, Double yearlyQuotaKgce) {
    public Subject {
        Objects.requireNonNull(id, "id");
        if (!(areaM2 >= 0) || Double.isInfinite(areaM2)) {
            throw new IllegalArgumentException("subject " + id + ": area must be 0 or more, was " + areaM2);
        }
        if (headcount < 0) {
            throw new IllegalArgumentException("subject " + id + ": headcount must be 0 or more, was " + headcount);
        }
        if (yearlyQuotaKgce != null && !(yearlyQuotaKgce > 0)) {
            throw new IllegalArgumentException("subject " + id + ": yearly quota must be greater than 0, was " + yearlyQuotaKgce);
        }
    }
}
