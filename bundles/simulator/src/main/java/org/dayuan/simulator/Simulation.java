package org.dayuan.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The meters' registers over simulated time. {@link #advanceTo} integrates each meter's load from the simulation's
 * time to the new instant (register += kWh / ctMultiplier for electricity, += m³ for gas and water) and returns one
 * {@link Reading} per meter that still publishes. Registers never go backwards or below zero.
 *
 * <p>The load is integrated in pieces of at most five minutes with the mean of each piece's middle, so results barely
 * depend on the step. Shapes are computed once per piece for all meters; a meter then costs a few multiplications
 * plus its payload, and meters with a planned fault a little more.
 *
 * <p>Faults ({@link FaultPlan}): a stuck meter's register stops at the fault's start and it publishes nothing from
 * then on; a spike, a leak or HVAC left on adds load to the meter and, for a sub-meter, the same load to the main of
 * its building and carrier. Not thread-safe: one thread drives a simulation.
 */
public final class Simulation {
    private static final double MILLIS_PER_HOUR = 3_600_000.0;
    private static final int KINDS = MeterKind.values().length;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<SimMeter> meterList;
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final LoadProfile profile;
    private final MeterKind[] kind;
    private final double[] level;
    private final double[] ct;
    private final long[] seedOf;
    private final double[] register;
    /** Index of the main that also measures this sub-meter, or -1. */
    private final int[] mainOf;
    /** First instant (epoch ms) a meter is stuck; Long.MAX_VALUE if never. */
    private final long[] stuckFrom;

    /** Meters with at least one fault other than STUCK, and their faults as plain arrays. */
    private final int[] faulted;
    private final Fault[][] faultKind;
    private final long[][] faultFrom;
    private final long[][] faultUntil;
    private final double[][] faultMagnitude;

    // scratch, reused every step
    private final double[] kindIntegral = new double[KINDS];
    private final double[] pieceShape = new double[KINDS];
    private final double[] pieceWorking = new double[KINDS];
    private final double[] nowShape = new double[KINDS];
    private final double[] nowWorking = new double[KINDS];
    private final double[] faultIntegral;
    private final double[] faultExtraIntegral;
    private final double[] faultExtraNow;
    private final double[] extraIntegral;
    private final double[] extraNow;

    private long time;

    /**
     * @param meters  the meters, thingIds unique
     * @param profile the load model
     * @param faults  faults to play; entries for meters not in {@code meters} are ignored
     * @param seed    decides each meter's level and noise
     * @param start   the instant the registers hold their {@link SimMeter#initialReading initial readings}
     */
    public Simulation(List<SimMeter> meters, LoadProfile profile, FaultPlan faults, long seed, Instant start) {
        this.meterList = List.copyOf(meters);
        this.profile = Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(faults, "faults");
        this.time = Objects.requireNonNull(start, "start").toEpochMilli();
        int n = meterList.size();
        kind = new MeterKind[n];
        level = new double[n];
        ct = new double[n];
        seedOf = new long[n];
        register = new double[n];
        mainOf = new int[n];
        stuckFrom = new long[n];
        extraIntegral = new double[n];
        extraNow = new double[n];
        Map<String, Integer> mains = new HashMap<>();
        for (int i = 0; i < n; i++) {
            SimMeter m = meterList.get(i);
            if (indexOf.put(m.thingId(), i) != null) {
                throw new IllegalArgumentException("Meter " + m.thingId() + " is listed twice");
            }
            kind[i] = m.kind();
            level[i] = profile.level(m, seed);
            ct[i] = m.ctMultiplier();
            seedOf[i] = LoadProfile.meterSeed(m.thingId(), seed);
            register[i] = m.initialReading();
            stuckFrom[i] = Long.MAX_VALUE;
            if (m.kind().isMain() && !m.building().isEmpty()) {
                mains.putIfAbsent(m.building() + "/" + m.kind().carrier(), i);
            }
        }
        for (int i = 0; i < n; i++) {
            SimMeter m = meterList.get(i);
            boolean sub = !m.kind().isMain() && m.kind().carrier() != MeterKind.Carrier.GAS;
            mainOf[i] = sub && !m.building().isEmpty()
                    ? mains.getOrDefault(m.building() + "/" + m.kind().carrier(), -1) : -1;
        }

        List<Integer> withFaults = new ArrayList<>();
        Map<Integer, List<FaultPlan.Entry>> byMeter = new HashMap<>();
        for (FaultPlan.Entry e : faults.entries()) {
            Integer i = indexOf.get(e.thingId());
            if (i == null) {
                continue;
            }
            if (e.fault() == Fault.STUCK) {
                stuckFrom[i] = Math.min(stuckFrom[i], millis(e.from()));
            } else {
                byMeter.computeIfAbsent(i, k -> {
                    withFaults.add(k);
                    return new ArrayList<>();
                }).add(e);
            }
        }
        withFaults.sort(null);
        int f = withFaults.size();
        faulted = new int[f];
        faultKind = new Fault[f][];
        faultFrom = new long[f][];
        faultUntil = new long[f][];
        faultMagnitude = new double[f][];
        for (int k = 0; k < f; k++) {
            faulted[k] = withFaults.get(k);
            List<FaultPlan.Entry> entries = byMeter.get(faulted[k]);
            faultKind[k] = entries.stream().map(FaultPlan.Entry::fault).toArray(Fault[]::new);
            faultFrom[k] = entries.stream().mapToLong(e -> millis(e.from())).toArray();
            faultUntil[k] = entries.stream().mapToLong(e -> millis(e.until())).toArray();
            faultMagnitude[k] = entries.stream().mapToDouble(FaultPlan.Entry::magnitude).toArray();
        }
        faultIntegral = new double[f];
        faultExtraIntegral = new double[f];
        faultExtraNow = new double[f];
    }

    /** The instant the registers are at. */
    public Instant time() {
        return Instant.ofEpochMilli(time);
    }

    public List<SimMeter> meters() {
        return meterList;
    }

    /** The meter's register now (full precision), or empty for an unknown thingId. */
    public OptionalDouble register(String thingId) {
        Integer i = indexOf.get(thingId);
        return i == null ? OptionalDouble.empty() : OptionalDouble.of(register[i]);
    }

    /** The meter's working-hour load (kW or m³/h) as drawn from the seed. */
    public OptionalDouble level(String thingId) {
        Integer i = indexOf.get(thingId);
        return i == null ? OptionalDouble.empty() : OptionalDouble.of(level[i]);
    }

    /**
     * Advances every register to {@code t} and returns the readings at {@code t}, one per meter that is not stuck.
     * {@code t} equal to {@link #time()} publishes the current registers without advancing.
     *
     * @throws IllegalArgumentException if {@code t} is before {@link #time()}
     */
    public List<Reading> advanceTo(Instant t) {
        List<Reading> readings = new ArrayList<>(meterList.size());
        advanceTo(t, readings::add);
        return readings;
    }

    /** As {@link #advanceTo(Instant)}, handing each reading to {@code out} instead of collecting them. */
    public void advanceTo(Instant t, Consumer<Reading> out) {
        step(t, Objects.requireNonNull(out, "out"));
    }

    /**
     * History: advances in steps of {@code step} from {@code from} to {@code to}, handing out the readings at
     * {@code from + step}, {@code from + 2 step}, … up to the last one not after {@code to}; nothing is kept. If the
     * simulation is before {@code from} it first advances to {@code from} silently.
     *
     * @return the number of readings handed out
     * @throws IllegalArgumentException if {@code step} is not positive, {@code to} is before {@code from} or
     *                                  {@code from} is before {@link #time()}
     */
    public long backfill(Instant from, Instant to, Duration step, Consumer<Reading> out) {
        Objects.requireNonNull(out, "out");
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("Backfill step must be positive, was " + step);
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Backfill must end after it starts: " + from + " .. " + to);
        }
        step(from, null);
        long[] count = {0};
        Consumer<Reading> counting = r -> {
            count[0]++;
            out.accept(r);
        };
        for (Instant t = from.plus(step); !t.isAfter(to); t = t.plus(step)) {
            step(t, counting);
        }
        return count[0];
    }

    /** Integrates up to {@code t}; hands out readings unless {@code out} is null. */
    private void step(Instant t, Consumer<Reading> out) {
        long t1 = t.toEpochMilli();
        if (t1 < time) {
            throw new IllegalArgumentException("The simulation is at " + time() + " and cannot go back to " + t);
        }
        integrate(time, t1);
        profile.shapes(t1, nowShape, nowWorking);
        for (int k = 0; k < faulted.length; k++) {
            int i = faulted[k];
            int q = kind[i].ordinal();
            faultExtraNow[k] = extra(k, t1, nowShape[q] * level[i], nowWorking[q] * level[i]);
            int main = mainOf[i];
            if (main >= 0) {
                extraIntegral[main] += faultExtraIntegral[k];
                extraNow[main] += faultExtraNow[k];
            }
        }
        String timestamp = out == null ? null
                : SimulatorConstants.TIMESTAMP_FORMAT.format(t.atZone(SimulatorConstants.ZONE));
        long epochSecond = Math.floorDiv(t1, 1000L);
        int nextFaulted = 0;
        long span = t1 - time;
        for (int i = 0; i < kind.length; i++) {
            int q = kind[i].ordinal();
            boolean isFaulted = nextFaulted < faulted.length && faulted[nextFaulted] == i;
            double share = stuckFrom[i] < t1 ? meteredShare(i, span) : 1;
            // a faulted meter's own integral already stops where it got stuck
            double energy = (isFaulted ? faultIntegral[nextFaulted] : kindIntegral[q] * level[i] * share)
                    + extraIntegral[i] * share;
            register[i] += Math.max(0, energy) / ct[i];
            double load = nowShape[q] * level[i] * profile.noise(kind[i], seedOf[i], epochSecond) + extraNow[i]
                    + (isFaulted ? faultExtraNow[nextFaulted] : 0);
            if (isFaulted) {
                nextFaulted++;
            }
            if (out != null && t1 < stuckFrom[i]) {
                out.accept(reading(i, t, timestamp, Math.max(0, load)));
            }
        }
        Arrays.fill(extraIntegral, 0);
        Arrays.fill(extraNow, 0);
        time = t1;
    }

    /** Fills the shape integrals of every kind, and the faulted meters' own integrals, over [a, b). */
    private void integrate(long a, long b) {
        Arrays.fill(kindIntegral, 0);
        Arrays.fill(faultIntegral, 0);
        Arrays.fill(faultExtraIntegral, 0);
        while (a < b) {
            long end = Math.min(b, (Math.floorDiv(a, LoadProfile.PIECE_MILLIS) + 1) * LoadProfile.PIECE_MILLIS);
            long mid = a + (end - a) / 2;
            double hours = (end - a) / MILLIS_PER_HOUR;
            profile.shapes(mid, pieceShape, pieceWorking);
            for (int q = 0; q < KINDS; q++) {
                kindIntegral[q] += pieceShape[q] * hours;
            }
            for (int k = 0; k < faulted.length; k++) {
                int i = faulted[k];
                int q = kind[i].ordinal();
                double normal = pieceShape[q] * level[i];
                double extra = extra(k, mid, normal, pieceWorking[q] * level[i]);
                double metered = Math.max(0, Math.min(end, stuckFrom[i]) - a) / MILLIS_PER_HOUR;
                faultIntegral[k] += (normal + extra) * metered;
                faultExtraIntegral[k] += extra * hours;
            }
            a = end;
        }
    }

    /** Load a faulted meter draws on top of its normal load at {@code at}. */
    private double extra(int k, long at, double normal, double working) {
        double extra = 0;
        for (int j = 0; j < faultKind[k].length; j++) {
            if (at < faultFrom[k][j] || at >= faultUntil[k][j]) {
                continue;
            }
            double magnitude = faultMagnitude[k][j];
            extra += switch (faultKind[k][j]) {
                case SPIKE -> (magnitude - 1) * normal;
                case HVAC_LEFT_ON -> Math.max(0, magnitude * working - normal);
                case LEAK -> magnitude;
                case STUCK -> 0;
            };
        }
        return extra;
    }

    /** Share of the step before the meter got stuck (1 if it is not stuck). */
    private double meteredShare(int i, long span) {
        return span == 0 ? 0 : Math.min(1, Math.max(0, stuckFrom[i] - time) / (double) span);
    }

    private Reading reading(int i, Instant t, String timestamp, double load) {
        MeterKind k = kind[i];
        ObjectNode properties = JSON.objectNode();
        properties.put(SimulatorConstants.READING, round(register[i], 100));
        if (k.carrier() == MeterKind.Carrier.ELECTRICITY) {
            properties.put(SimulatorConstants.POWER, round(load, 100));
        } else if (k.carrier() == MeterKind.Carrier.WATER) {
            properties.put(SimulatorConstants.FLOW, round(load, 1000));
        }
        properties.put(SimulatorConstants.TIMESTAMP, timestamp);
        return new Reading(meterList.get(i).thingId(), k.featureId(), t, properties);
    }

    private static double round(double value, double factor) {
        return Math.round(value * factor) / factor;
    }

    private static long millis(Instant t) {
        if (t.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return Long.MAX_VALUE;
        }
        if (t.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE))) {
            return Long.MIN_VALUE;
        }
        return t.toEpochMilli();
    }
}
