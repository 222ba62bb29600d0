package org.dayuan.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Public-institution indicators (公共机构能源资源消费统计): kgce and kgCO₂ totals, per person and per m², water per
 * person, comparison with the base year and the target path, quota use. Stateless and thread safe.
 */
public final class IndicatorCalculator {
    private static final double SECONDS_PER_DAY = 86_400;

    private final Targets targets;
    private final ZoneId zone;

    public IndicatorCalculator(Targets targets, ZoneId zone) {
        this.targets = targets;
        this.zone = zone;
    }

    /**
     * A month's indicators. {@code metered} and {@code billed} are quantities per carrier in the carrier's unit;
     * metered data wins for a carrier that has both, a bill counts for a carrier with no metered data.
     */
    public Indicators compute(Subject subject, YearMonth month, Map<Carrier, Double> metered, Map<Carrier, Double> billed,
                              CarbonFactors factors, String region) {
        Totals t = totals(subject, metered, billed, factors, region, month.getYear());
        Double quota = subject.yearlyQuotaKgce() == null ? null
                : subject.yearlyQuotaKgce() * targets.monthShare(month.getMonth());
        return t.result(subject, month.toString(), null, Map.of(), quota);
    }

    /**
     * A year's indicators, compared with the subject's baseline (the national one when it has none). While the
     * year is still running at {@code asOf}, the comparison uses the projection to the full year, which assumes
     * the rest of the year consumes at the average rate so far (seasonal heating and cooling make it rough early
     * in the year).
     */
    public Indicators compute(Subject subject, Year year, Map<Carrier, Double> metered, Map<Carrier, Double> billed,
                              CarbonFactors factors, String region, Instant asOf) {
        Totals t = totals(subject, metered, billed, factors, region, year.getValue());
        Instant start = year.atDay(1).atStartOfDay(zone).toInstant();
        Instant end = year.plusYears(1).atDay(1).atStartOfDay(zone).toInstant();
        if (!asOf.isAfter(start)) {
            throw new IllegalArgumentException("year " + year + " has not started at " + asOf);
        }
        Intensities projected = null;
        if (asOf.isBefore(end)) {
            double elapsedDays = Duration.between(start, asOf).getSeconds() / SECONDS_PER_DAY;
            projected = t.values.times(year.length() / elapsedDays, subject);
        }
        Map<Metric, Comparison> comparisons = compare(subject, year.getValue(), projected != null ? projected : t.values);
        return t.result(subject, year.toString(), projected, comparisons, subject.yearlyQuotaKgce());
    }

    private Map<Metric, Comparison> compare(Subject subject, int year, Intensities values) {
        Baseline baseline = subject.baseline() != null ? subject.baseline() : targets.national();
        String source = subject.baseline() != null ? "own" : "national";
        Map<Metric, Comparison> out = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            Double base = baseline.value(m);
            Double value = values.value(m);
            if (base == null || value == null || base <= 0 || Double.isNaN(value)) {
                continue;
            }
            double target = targets.target(m, base, baseline.year(), year);
            out.put(m, new Comparison(m, base, baseline.year(), source, value, (value / base - 1) * 100, target,
                    value <= target));
        }
        return Collections.unmodifiableMap(out);
    }

    private Totals totals(Subject subject, Map<Carrier, Double> metered, Map<Carrier, Double> billed,
                          CarbonFactors factors, String region, int year) {
        Set<Carrier> carriers = EnumSet.noneOf(Carrier.class);
        carriers.addAll(metered.keySet());
        carriers.addAll(billed.keySet());
        Totals t = new Totals();
        for (Carrier c : carriers) {
            Double m = checked(subject, c, "metered", metered.get(c));
            Double b = checked(subject, c, "billed", billed.get(c));
            Factor factor = c.isEnergy() ? factors.lookup(c, region, year) : null;
            CarrierLine line = m != null
                    ? new CarrierLine(c, m, CarrierLine.METER, b, b == null ? null : m - b, factor)
                    : new CarrierLine(c, b, CarrierLine.BILL, b, null, factor);
            t.add(line);
        }
        t.values = Intensities.of(t.kgce, t.kgco2, t.water, subject);
        return t;
    }

    private static Double checked(Subject subject, Carrier c, String what, Double q) {
        if (q != null && (!(q >= 0) || Double.isInfinite(q))) {
            throw new IllegalArgumentException(subject.id() + ": " + what + " " + c.id() + " must be finite and >= 0, was " + q);
        }
        return q;
    }

    /** Running sums while the lines are built. */
    private static final class Totals {
        final Map<Carrier, CarrierLine> lines = new EnumMap<>(Carrier.class);
        final TreeSet<String> versions = new TreeSet<>();
        final List<String> notes = new ArrayList<>();
        double kgce;
        double kgco2;
        Double water;
        Intensities values;

        void add(CarrierLine line) {
            lines.put(line.carrier(), line);
            if (line.carrier() == Carrier.WATER) {
                water = line.quantity();
                return;
            }
            versions.add(line.factor().version());
            kgce += counted(line, line.kgce(), "kgce");
            kgco2 += counted(line, line.kgco2(), "kgCO2");
        }

        /** A missing factor leaves the carrier out of that total and says so, rather than counting it as 0 silently. */
        private double counted(CarrierLine line, double value, String total) {
            if (Double.isNaN(value)) {
                notes.add("no " + total + " factor for " + line.carrier().id() + ": " + line.quantity() + " "
                        + line.carrier().unit() + " left out of " + total);
                return 0;
            }
            return value;
        }

        Indicators result(Subject subject, String period, Intensities projected, Map<Metric, Comparison> comparisons,
                          Double quota) {
            return new Indicators(subject.id(), period, Collections.unmodifiableMap(new EnumMap<>(lines)), values,
                    projected, comparisons, quota, quota == null ? null : kgce / quota,
                    Collections.unmodifiableSortedSet(new TreeSet<>(versions)), List.copyOf(notes));
        }
    }
}
