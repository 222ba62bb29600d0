package org.dayuan.energy.rules;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.dayuan.energy.Carrier;
import org.dayuan.energy.Ledger;
import org.dayuan.energy.MeterInfo;
import org.dayuan.energy.Resolution;
import org.dayuan.energy.Settings;
import org.dayuan.energy.TimeWindow;

/**
 * Water that never stops between {@code nightWater.start} (01:00) and {@code nightWater.end} (05:00): every
 * 15-minute slot above {@code minFlow}. Real use at night comes and goes, a leak or a running cistern does not,
 * so the smallest slot is what is judged. A slot without data breaks the run, so gaps never raise it.
 */
public final class NightWaterRule {
    public static final String ID = "energy.night-water";

    private final ZoneId zone;
    private final LocalTime start;
    private final LocalTime end;
    private final double minFlow;
    private final String severity;

    public NightWaterRule(ZoneId zone, LocalTime start, LocalTime end, double minFlow, String severity) {
        if (start.equals(end)) {
            throw new IllegalArgumentException("night water window is empty: " + start + " - " + end);
        }
        this.zone = zone;
        this.start = start;
        this.end = end;
        this.minFlow = minFlow;
        this.severity = severity;
    }

    /**
     * Keys {@code nightWater.start} (01:00), {@code nightWater.end} (05:00), {@code nightWater.minFlow}
     * (0.02 m³ per 15 min), {@code nightWater.severity} (major).
     */
    public static NightWaterRule fromConfig(Settings s, ZoneId zone) {
        return new NightWaterRule(zone, s.time("nightWater.start", LocalTime.of(1, 0)),
                s.time("nightWater.end", LocalTime.of(5, 0)), s.positive("nightWater.minFlow", 0.02),
                s.severity("nightWater.severity", "major"));
    }

    public List<Finding> evaluate(Collection<MeterInfo> meters, Ledger ledger, Instant now) {
        TimeWindow window = TimeWindow.lastDaily(start, end, zone, now);
        List<Finding> out = new ArrayList<>();
        for (MeterInfo m : meters) {
            if (m.carrier() != Carrier.WATER) {
                continue;
            }
            double lowest = Double.POSITIVE_INFINITY;
            double total = 0;
            for (double slot : ledger.series(m.id(), window.from(), window.to(), Resolution.QUARTER_HOUR)) {
                // NaN (no data) fails this test too.
                if (!(slot > minFlow)) {
                    lowest = Double.NaN;
                    break;
                }
                lowest = Math.min(lowest, slot);
                total += slot;
            }
            if (!Double.isNaN(lowest)) {
                out.add(new Finding(ID, m.id(), severity, window.to(), lowest, minFlow, "m3/15min", String.format(Locale.ROOT,
                        "夜间持续用水，疑似漏水 / water flowing all night, possible leak: %.2f m3 %s-%s, at least %.3f m3 every 15 min",
                        total, start, end, lowest)));
            }
        }
        return out;
    }
}
