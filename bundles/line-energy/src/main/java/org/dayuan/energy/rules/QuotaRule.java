package org.dayuan.energy.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.dayuan.energy.Indicators;
import org.dayuan.energy.Settings;

/**
 * A subject whose kgce so far is above its quota for the period: the month's share of the yearly quota for a
 * month result, the yearly quota for a year result. Takes results from {@code IndicatorCalculator}, so the
 * quota arithmetic lives in one place.
 */
public final class QuotaRule {
    public static final String ID = "energy.quota";

    private final String severity;

    public QuotaRule(String severity) {
        this.severity = severity;
    }

    /** Key {@code quota.severity} (warning). */
    public static QuotaRule fromConfig(Settings s) {
        return new QuotaRule(s.severity("quota.severity", "warning"));
    }

    /** @param results month-to-date (or year-to-date) indicators; those without a quota are skipped */
    public List<Finding> evaluate(Collection<Indicators> results, Instant now) {
        List<Finding> out = new ArrayList<>();
        for (Indicators r : results) {
            Double quota = r.quotaKgce();
            double kgce = r.values().kgce();
            if (quota != null && kgce > quota) {
                out.add(new Finding(ID, r.subjectId(), severity, now, kgce, quota, "kgce", String.format(Locale.ROOT,
                        "超出能耗定额 / over energy quota: %.1f kgce in %s vs quota %.1f kgce (%.0f%%)",
                        kgce, r.period(), quota, kgce / quota * 100)));
            }
        }
        return out;
    }
}
