package org.dayuan.energy.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.dayuan.energy.Settings;

/**
 * A meter that has sent no reading for longer than {@code staleMeter.afterMinutes} (30). Meters with no reading
 * since start-up are left out: trackers live in memory, so after a restart every meter would look stale.
 */
public final class StaleMeterRule {
    public static final String ID = "energy.stale-meter";

    private final Duration staleAfter;
    private final String severity;

    public StaleMeterRule(Duration staleAfter, String severity) {
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive, was " + staleAfter);
        }
        this.staleAfter = staleAfter;
        this.severity = severity;
    }

    /** Keys {@code staleMeter.afterMinutes} (30) and {@code staleMeter.severity} (warning). */
    public static StaleMeterRule fromConfig(Settings s) {
        return new StaleMeterRule(Duration.ofSeconds(Math.round(s.positive("staleMeter.afterMinutes", 30) * 60)),
                s.severity("staleMeter.severity", "warning"));
    }

    /** @param lastReadings meter thingId → time of its newest reading, e.g. {@code ConsumptionTracker.lastTime()} */
    public List<Finding> evaluate(Map<String, Instant> lastReadings, Instant now) {
        List<Finding> out = new ArrayList<>();
        new TreeMap<>(lastReadings).forEach((meter, last) -> {
            if (last == null) {
                return;
            }
            Duration silent = Duration.between(last, now);
            if (silent.compareTo(staleAfter) > 0) {
                double minutes = silent.getSeconds() / 60.0;
                out.add(new Finding(ID, meter, severity, last.plus(staleAfter), minutes, staleAfter.getSeconds() / 60.0, "min",
                        String.format(Locale.ROOT, "表计数据中断 / meter stale: no reading for %.0f min", minutes)));
            }
        });
        return out;
    }
}
