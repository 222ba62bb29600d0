package org.dayuan.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * What the panels report when: a deterministic story from the seed, so a restarted simulator tells the same one.
 * Every {@code fireEvery} (the k-th at {@code start + k·fireEvery}) a detector of a random panel goes to fire; with
 * probability {@code falseAlarmShare} it is a false alarm, reset after {@code falseAlarmReset}, else a real fire,
 * reset after {@code fireReset} (once the staff have dealt with it). Every {@code faultEvery}, the first half a period
 * after the start (so faults and fires do not coincide), a detector reports a fault, cleared after {@code faultFor}. Every {@code silentEvery} the
 * silent panel's link sends nothing for {@code silentFor}. A zero period plays none of its kind.
 */
public final class PanelPlan {
    /** The scenario's settings; durations zero for "never". */
    public record Scenario(Duration fireEvery, double falseAlarmShare, Duration falseAlarmReset, Duration fireReset,
                           Duration faultEvery, Duration faultFor, String silentPanel, Duration silentEvery,
                           Duration silentFor) {
        public Scenario {
            Objects.requireNonNull(silentPanel, "silentPanel");
            if (!(falseAlarmShare >= 0 && falseAlarmShare <= 1)) {
                throw new IllegalArgumentException("panels.falseAlarmShare must be 0-1, was " + falseAlarmShare);
            }
            check("fireEvery", fireEvery);
            check("falseAlarmReset", falseAlarmReset);
            check("fireReset", fireReset);
            check("faultEvery", faultEvery);
            check("faultFor", faultFor);
            check("silentEvery", silentEvery);
            check("silentFor", silentFor);
            if (!fireEvery.isZero() && (falseAlarmReset.isZero() || fireReset.isZero())) {
                throw new IllegalArgumentException("A played fire needs a reset after more than 0, was false alarm "
                        + falseAlarmReset + ", fire " + fireReset);
            }
            if (!faultEvery.isZero() && faultFor.isZero()) {
                throw new IllegalArgumentException("A played fault must last more than 0");
            }
            if (!silentEvery.isZero() && (silentFor.isZero() || silentFor.compareTo(silentEvery) >= 0)) {
                throw new IllegalArgumentException("The silent link needs 0 < silentFor < silentEvery, was "
                        + silentFor + ", " + silentEvery);
            }
        }

        private static void check(String name, Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("panels." + name + " must not be negative, was " + d);
            }
        }
    }

    public enum Kind { FIRE, FIRE_RESET, FAULT, FAULT_CLEARED, SILENT }

    /**
     * One thing a panel does.
     *
     * @param detector the component concerned; null for {@link Kind#SILENT}
     * @param until    end of the silence, or of the alarm or fault begun ({@code at} for a reset or clear)
     * @param real     for {@link Kind#FIRE} and its reset: a real fire rather than a false alarm
     */
    public record Event(Instant at, Kind kind, String panel, SimPanel.Detector detector, Instant until,
                        boolean real) {
    }

    private final List<SimPanel> withDetectors;
    private final SimPanel silent;
    private final Scenario scenario;
    private final long seed;
    private final long start;

    /**
     * @throws IllegalArgumentException if the scenario names a silent panel that is not among {@code panels}
     */
    public PanelPlan(List<SimPanel> panels, Scenario scenario, long seed, Instant start) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.seed = seed;
        this.start = start.toEpochMilli();
        this.withDetectors = panels.stream().filter(p -> !p.detectors().isEmpty()).toList();
        if (scenario.silentEvery().isZero() || panels.isEmpty()) {
            silent = null;
        } else if (scenario.silentPanel().isBlank()) {
            silent = panels.get(panels.size() - 1);
        } else {
            silent = panels.stream().filter(p -> p.thingId().equals(scenario.silentPanel())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Silent panel " + scenario.silentPanel()
                            + " is not among the panels played"));
        }
    }

    /** The panel whose link goes silent, or null. */
    public SimPanel silentPanel() {
        return silent;
    }

    /** The events in {@code (from, to]}, in time order. */
    public List<Event> due(Instant from, Instant to) {
        long a = from.toEpochMilli();
        long b = to.toEpochMilli();
        List<Event> events = new ArrayList<>();
        if (!withDetectors.isEmpty()) {
            fires(a, b, events);
            faults(a, b, events);
        }
        silences(a, b, events);
        events.sort(Comparator.comparing(Event::at));
        return events;
    }

    private void fires(long a, long b, List<Event> out) {
        long every = scenario.fireEvery().toMillis();
        if (every == 0) {
            return;
        }
        long longest = Math.max(scenario.fireReset().toMillis(), scenario.falseAlarmReset().toMillis());
        for (long k = first(a - longest, 0, every, 1); start + k * every <= b; k++) {
            Random r = random('F', k);
            SimPanel panel = withDetectors.get(r.nextInt(withDetectors.size()));
            SimPanel.Detector detector = panel.detectors().get(r.nextInt(panel.detectors().size()));
            boolean real = r.nextDouble() >= scenario.falseAlarmShare();
            long at = start + k * every;
            long reset = at + (real ? scenario.fireReset() : scenario.falseAlarmReset()).toMillis();
            add(out, a, b, at, Kind.FIRE, panel, detector, reset, real);
            add(out, a, b, reset, Kind.FIRE_RESET, panel, detector, reset, real);
        }
    }

    private void faults(long a, long b, List<Event> out) {
        long every = scenario.faultEvery().toMillis();
        if (every == 0) {
            return;
        }
        long offset = every / 2;
        for (long k = first(a - scenario.faultFor().toMillis(), offset, every, 0); start + offset + k * every <= b;
                k++) {
            Random r = random('T', k);
            SimPanel panel = withDetectors.get(r.nextInt(withDetectors.size()));
            SimPanel.Detector detector = panel.detectors().get(r.nextInt(panel.detectors().size()));
            long at = start + offset + k * every;
            long cleared = at + scenario.faultFor().toMillis();
            add(out, a, b, at, Kind.FAULT, panel, detector, cleared, false);
            add(out, a, b, cleared, Kind.FAULT_CLEARED, panel, detector, cleared, false);
        }
    }

    private void silences(long a, long b, List<Event> out) {
        long every = scenario.silentEvery().toMillis();
        if (silent == null) {
            return;
        }
        for (long k = first(a, 0, every, 1); start + k * every <= b; k++) {
            long at = start + k * every;
            add(out, a, b, at, Kind.SILENT, silent, null, at + scenario.silentFor().toMillis(), false);
        }
    }

    /** The first occurrence k >= min whose instant {@code start + offset + k·every} may be after {@code after}. */
    private long first(long after, long offset, long every, long min) {
        return Math.max(min, Math.floorDiv(after - start - offset, every));
    }

    private static void add(List<Event> out, long a, long b, long at, Kind kind, SimPanel panel,
                            SimPanel.Detector detector, long until, boolean real) {
        if (at > a && at <= b) {
            out.add(new Event(Instant.ofEpochMilli(at), kind, panel.thingId(), detector, Instant.ofEpochMilli(until),
                    real));
        }
    }

    private Random random(char kind, long k) {
        return new Random(LoadProfile.mix(seed ^ LoadProfile.mix(kind * 1_000_003L + k)));
    }
}
