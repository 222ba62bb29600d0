package org.dayuan.energy.rules;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dayuan.energy.Carrier;
import org.dayuan.energy.Ledger;
import org.dayuan.energy.MeterInfo;
import org.dayuan.energy.Settings;
import org.dayuan.energy.Usage;

/**
 * The last complete hour of a meter above {@code factor} × the mean of the same weekday and hour over the
 * previous {@code weeks} weeks. Comparing like with like (Monday 09:00 with Mondays 09:00) keeps the normal daily
 * and weekly shape from firing it. Only fully covered hours count, the compared hour and each sample alike; with
 * fewer than {@code minSamples} samples, or an hour below the absolute minimum, the rule is quiet.
 */
public final class SpikeRule {
    public static final String ID = "energy.spike";

    private final ZoneId zone;
    private final double factor;
    private final int weeks;
    private final int minSamples;
    private final Map<Carrier, Double> minimums;
    private final String severity;

    /** @param minimums per carrier, the hourly quantity at or below which no spike is reported */
    public SpikeRule(ZoneId zone, double factor, int weeks, int minSamples, Map<Carrier, Double> minimums, String severity) {
        if (weeks < 1 || minSamples < 1 || minSamples > weeks) {
            throw new IllegalArgumentException("spike needs 1 <= minSamples <= weeks, got " + minSamples + " and " + weeks);
        }
        this.zone = zone;
        this.factor = factor;
        this.weeks = weeks;
        this.minSamples = minSamples;
        this.minimums = new EnumMap<>(minimums);
        this.severity = severity;
    }

    /**
     * Keys {@code spike.factor} (2.5), {@code spike.weeks} (4), {@code spike.minSamples} (2),
     * {@code spike.minQuantity} (1.0 carrier units per hour) with an optional per-carrier
     * {@code spike.minQuantity.<carrier>}, {@code spike.severity} (warning).
     */
    public static SpikeRule fromConfig(Settings s, ZoneId zone) {
        double defaultMinimum = s.number("spike.minQuantity", 1.0);
        Map<Carrier, Double> minimums = new EnumMap<>(Carrier.class);
        for (Carrier c : Carrier.values()) {
            minimums.put(c, s.number("spike.minQuantity." + c.id(), defaultMinimum));
        }
        return new SpikeRule(zone, s.positive("spike.factor", 2.5), s.integer("spike.weeks", 4),
                s.integer("spike.minSamples", 2), minimums, s.severity("spike.severity", "warning"));
    }

    public List<Finding> evaluate(Collection<MeterInfo> meters, Ledger ledger, Instant now) {
        ZonedDateTime hourEnd = now.atZone(zone).truncatedTo(ChronoUnit.HOURS);
        ZonedDateTime hourStart = hourEnd.minusHours(1);
        List<Finding> out = new ArrayList<>();
        for (MeterInfo m : meters) {
            Usage hour = ledger.usage(m.id(), hourStart.toInstant(), hourEnd.toInstant());
            double minimum = minimums.getOrDefault(m.carrier(), 0.0);
            if (!hour.complete() || hour.quantity() <= minimum) {
                continue;
            }
            double sum = 0;
            int samples = 0;
            for (int w = 1; w <= weeks; w++) {
                // minusWeeks on the local time keeps the same wall-clock hour across a DST change.
                Usage u = ledger.usage(m.id(), hourStart.minusWeeks(w).toInstant(), hourEnd.minusWeeks(w).toInstant());
                if (u.complete()) {
                    sum += u.quantity();
                    samples++;
                }
            }
            if (samples < minSamples) {
                continue;
            }
            double usual = sum / samples;
            if (hour.quantity() > factor * usual) {
                out.add(new Finding(ID, m.id(), severity, hourEnd.toInstant(), hour.quantity(), factor * usual,
                        m.carrier().unit(),
                        String.format(Locale.ROOT, "用量突增 / consumption spike: %.2f %s in the hour from %s vs usual %.2f",
                                hour.quantity(), m.carrier().unit(), hourStart.toLocalTime(), usual)));
            }
        }
        return out;
    }
}
