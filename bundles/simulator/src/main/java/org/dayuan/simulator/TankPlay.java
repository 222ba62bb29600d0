package org.dayuan.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fire-water sensors' values over time: every sensor hovers around its nominal value with a slow swing and a
 * little deterministic noise, always at least {@link #MARGIN} of its range inside its limits, so normal operation
 * raises nothing. One sensor, the scenario's, is drained below its low limit for {@code lowFor} every
 * {@code lowEvery} (first at {@code start + lowEvery}): it falls to {@link #LOW_DEPTH} of its range under the low
 * limit during the first quarter of the window, stays there, and is back to normal when the window ends, so the
 * safety line sees one low alarm raised and returning to normal per window. Stateless: a value depends only on the
 * instant, so restarts and repeated calls agree.
 */
public final class TankPlay {
    /** Share of the range kept between a normal value and either limit. */
    static final double MARGIN = 0.15;
    /** How far under the low limit the drained sensor goes, as a share of its range. */
    static final double LOW_DEPTH = 0.2;
    private static final double SWING = 0.05;
    private static final double NOISE = 0.01;
    private static final long SWING_PERIOD_MILLIS = Duration.ofHours(6).toMillis();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<SimTank> tanks;
    private final SimTank drained;
    private final long seed;
    private final long start;
    private final long lowEvery;
    private final long lowFor;

    /**
     * @param tanks    the sensors, thingIds unique
     * @param drained  thingId of the sensor the scenario drives low; empty for the first {@code level} sensor (or the
     *                 first of all when none measures level); none when {@code lowEvery} is zero
     * @param lowEvery period of the low scenario; zero for none
     * @param lowFor   how long the sensor stays drained, shorter than {@code lowEvery}
     * @throws IllegalArgumentException for a named sensor not among {@code tanks}, or durations out of range
     */
    public TankPlay(List<SimTank> tanks, String drained, long seed, Instant start, Duration lowEvery, Duration lowFor) {
        this.tanks = List.copyOf(tanks);
        this.seed = seed;
        this.start = start.toEpochMilli();
        this.lowEvery = lowEvery.toMillis();
        this.lowFor = lowFor.toMillis();
        checkScenario(lowEvery, lowFor);
        if (tanks.stream().map(SimTank::thingId).distinct().count() != tanks.size()) {
            throw new IllegalArgumentException("A tank sensor is listed twice");
        }
        this.drained = this.lowEvery == 0 || this.lowFor == 0 ? null : pick(this.tanks, Objects.requireNonNull(drained,
                "drained"));
    }

    /** @throws IllegalArgumentException unless {@code 0 <= lowFor < lowEvery}, or {@code lowEvery} is zero */
    public static void checkScenario(Duration lowEvery, Duration lowFor) {
        if (lowEvery.isNegative() || lowFor.isNegative()
                || (!lowEvery.isZero() && lowFor.compareTo(lowEvery) >= 0)) {
            throw new IllegalArgumentException("The low scenario needs 0 <= lowFor < lowEvery (or lowEvery 0 for"
                    + " none), was lowFor " + lowFor + ", lowEvery " + lowEvery);
        }
    }

    private static SimTank pick(List<SimTank> tanks, String thingId) {
        if (!thingId.isBlank()) {
            return tanks.stream().filter(t -> t.thingId().equals(thingId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Tank sensor " + thingId
                            + " of the low scenario is not among the sensors played"));
        }
        return tanks.stream().filter(t -> SimTank.LEVEL.equals(t.measures())).findFirst()
                .orElse(tanks.isEmpty() ? null : tanks.get(0));
    }

    public List<SimTank> tanks() {
        return tanks;
    }

    /** The sensor the low scenario drains, if any. */
    public Optional<SimTank> drained() {
        return Optional.ofNullable(drained);
    }

    /** Whether the drained sensor is in a low window at {@code t}. */
    public boolean isLow(Instant t) {
        return drained != null && lowOffset(t.toEpochMilli()) >= 0;
    }

    /** The sensor's value at {@code t}, rounded to what such a sensor shows (cm, kPa). */
    public double value(SimTank tank, Instant t) {
        long at = t.toEpochMilli();
        double range = tank.high() - tank.low();
        double value;
        long offset = tank == drained ? lowOffset(at) : -1;
        if (offset >= 0) {
            double bottom = tank.low() - LOW_DEPTH * range;
            double fall = Math.min(1, offset / (lowFor / 4.0));
            value = normal(tank, at) + (bottom - normal(tank, at)) * fall;
        } else {
            value = normal(tank, at);
        }
        return Math.round(Math.max(0, value) * 1000) / 1000.0;
    }

    /** One reading per sensor at {@code t}, in the feature's shape: {@code {"level": .., "timestamp": ..}}. */
    public List<Reading> readings(Instant t) {
        String timestamp = SimulatorConstants.TIMESTAMP_FORMAT.format(t.atZone(SimulatorConstants.ZONE));
        return tanks.stream().map(tank -> {
            ObjectNode properties = JSON.objectNode().put(tank.measures(), value(tank, t))
                    .put(SimulatorConstants.TIMESTAMP, timestamp);
            return new Reading(tank.thingId(), SimTank.FEATURE, t, properties);
        }).toList();
    }

    /** Millis since the current low window opened, or -1 outside one. */
    private long lowOffset(long at) {
        if (drained == null || at < start + lowEvery) {
            return -1;
        }
        long offset = Math.floorMod(at - start, lowEvery);
        return offset < lowFor ? offset : -1;
    }

    private double normal(SimTank tank, long at) {
        double range = tank.high() - tank.low();
        long tankSeed = LoadProfile.meterSeed(tank.thingId(), seed);
        double phase = (tankSeed & 0xffff) / 65536.0 * 2 * Math.PI;
        double swing = SWING * range * Math.sin(2 * Math.PI * at / SWING_PERIOD_MILLIS + phase);
        // a new noise value every minute: sensors filter, they do not jump every second
        long minute = Math.floorDiv(at, 60_000L);
        double noise = NOISE * range * (2 * unit(tankSeed ^ minute * 0x9E3779B97F4A7C15L) - 1);
        double lo = tank.low() + MARGIN * range;
        double hi = tank.high() - MARGIN * range;
        return Math.min(hi, Math.max(lo, tank.nominal() + swing + noise));
    }

    /** A uniform number in [0, 1) from a seed. */
    private static double unit(long z) {
        return (LoadProfile.mix(z) >>> 11) * 0x1.0p-53;
    }
}
