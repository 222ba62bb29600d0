package org.dayuan.energy.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;

import org.dayuan.energy.Carrier;
import org.dayuan.energy.Ledger;
import org.dayuan.energy.MeterInfo;
import org.dayuan.energy.Settings;
import org.dayuan.energy.TimeWindow;
import org.dayuan.energy.Usage;
import org.dayuan.energy.WorkCalendar;

/**
 * Electricity left on when nobody works: the mean power of last night's window, and of the whole previous day
 * when that was not a working day, above {@code share} × the mean power of working hours over the last
 * {@code workingDays} working days. Means are over the slots that have data; a window with less than
 * {@code minCoverage} of its slots covered is not judged, and without one working day of data the rule is quiet.
 */
public final class NightBaseloadRule {
    public static final String ID = "energy.night-baseload";

    private final WorkCalendar calendar;
    private final double share;
    private final int workingDays;
    private final double minCoverage;
    private final String severity;

    public NightBaseloadRule(WorkCalendar calendar, double share, int workingDays, double minCoverage, String severity) {
        if (!(share > 0) || workingDays < 1 || !(minCoverage > 0 && minCoverage <= 1)) {
            throw new IllegalArgumentException("night baseload needs share > 0, workingDays >= 1, 0 < minCoverage <= 1");
        }
        this.calendar = calendar;
        this.share = share;
        this.workingDays = workingDays;
        this.minCoverage = minCoverage;
        this.severity = severity;
    }

    /**
     * Keys {@code nightBaseload.share} (0.5), {@code nightBaseload.workingDays} (5),
     * {@code nightBaseload.minCoverage} (0.5), {@code nightBaseload.severity} (warning).
     */
    public static NightBaseloadRule fromConfig(Settings s, WorkCalendar calendar) {
        return new NightBaseloadRule(calendar, s.positive("nightBaseload.share", 0.5),
                s.integer("nightBaseload.workingDays", 5), s.positive("nightBaseload.minCoverage", 0.5),
                s.severity("nightBaseload.severity", "warning"));
    }

    public List<Finding> evaluate(Collection<MeterInfo> meters, Ledger ledger, Instant now) {
        List<Finding> out = new ArrayList<>();
        LocalDate yesterday = now.atZone(calendar.zone()).toLocalDate().minusDays(1);
        for (MeterInfo m : meters) {
            if (m.carrier() != Carrier.ELECTRICITY) {
                continue;
            }
            double workingMean = workingMean(m.id(), ledger, now);
            if (Double.isNaN(workingMean)) {
                continue;
            }
            check(m.id(), ledger, calendar.lastNight(now), workingMean, "夜间", "night").ifPresent(out::add);
            if (!calendar.isWorkingDay(yesterday)) {
                check(m.id(), ledger, TimeWindow.day(yesterday, calendar.zone()), workingMean, "非工作日", "non-working day " + yesterday)
                        .ifPresent(out::add);
            }
        }
        return out;
    }

    private Optional<Finding> check(String meter, Ledger ledger, TimeWindow window, double workingMean,
                                              String zh, String en) {
        Usage usage = ledger.usage(meter, window.from(), window.to());
        if (usage.coverage() < minCoverage) {
            return Optional.empty();
        }
        double mean = usage.meanPerHour();
        double limit = share * workingMean;
        if (mean <= limit) {
            return Optional.empty();
        }
        return Optional.of(new Finding(ID, meter, severity, window.to(), mean, limit, "kW", String.format(Locale.ROOT,
                "%s基础负荷偏高 / %s baseload high: %.1f kW vs working-hours mean %.1f kW", zh, en, mean, workingMean)));
    }

    /**
     * Mean kW over the working hours of the last working days that have data and have ended by {@code now}; NaN
     * when there is none. Pooled over all covered slots, so a short day weighs less than a full one.
     */
    private double workingMean(String meter, Ledger ledger, Instant now) {
        SortedSet<LocalDate> days = ledger.days(meter);
        if (days.isEmpty()) {
            return Double.NaN;
        }
        double quantity = 0;
        int covered = 0;
        int found = 0;
        for (LocalDate d = now.atZone(calendar.zone()).toLocalDate(); found < workingDays && !d.isBefore(days.first());
             d = d.minusDays(1)) {
            TimeWindow hours = calendar.workingHours(d);
            if (!calendar.isWorkingDay(d) || hours.to().isAfter(now)) {
                continue;
            }
            Usage u = ledger.usage(meter, hours.from(), hours.to());
            if (u.coverage() >= minCoverage) {
                quantity += u.quantity();
                covered += u.coveredSlots();
                found++;
            }
        }
        return found == 0 ? Double.NaN : new Usage(quantity, covered, covered).meanPerHour();
    }
}
