package org.dayuan.simulator;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One fire-water sensor the simulator plays (a {@code dayuan:WaterTankSensor} twin).
 *
 * @param thingId  the twin it publishes to
 * @param measures {@code level} (m) or {@code pressure} (MPa): the property it publishes in feature {@code tank}
 * @param low      the twin's {@code <measures>Low} limit
 * @param high     the twin's {@code <measures>High} limit, above {@code low}
 * @param nominal  the value it hovers around: the twin's current value when inside the limits, else their middle
 */
public record SimTank(String thingId, String measures, double low, double high, double nominal) {
    public static final String FEATURE = "tank";
    public static final String LEVEL = "level";
    public static final String PRESSURE = "pressure";

    public SimTank {
        Objects.requireNonNull(thingId, "thingId");
        if (!LEVEL.equals(measures) && !PRESSURE.equals(measures)) {
            throw new IllegalArgumentException("Tank sensor " + thingId + " must measure level or pressure, was "
                    + measures);
        }
        if (!(low >= 0) || !(high > low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("Tank sensor " + thingId + " needs limits 0 <= low < high, was " + low
                    + " .. " + high);
        }
        if (!(nominal > low && nominal < high)) {
            throw new IllegalArgumentException("Nominal value of tank sensor " + thingId + " must be inside its limits "
                    + low + " .. " + high + ", was " + nominal);
        }
    }

    /**
     * A sensor from a registry twin, or empty when the twin lacks what the simulator needs ({@code measures}, both
     * numeric limits with low below high): such a twin is left alone rather than fed values nobody can judge.
     *
     * @param attributes        the twin's attributes
     * @param featureProperties the properties of its {@code tank} feature (may be missing)
     */
    public static Optional<SimTank> from(String thingId, JsonNode attributes, JsonNode featureProperties) {
        String measures = attributes.path("measures").asText("");
        JsonNode low = attributes.path(measures + "Low");
        JsonNode high = attributes.path(measures + "High");
        if (!(LEVEL.equals(measures) || PRESSURE.equals(measures)) || !low.isNumber() || !high.isNumber()
                || !(low.asDouble() >= 0) || !(high.asDouble() > low.asDouble())) {
            return Optional.empty();
        }
        double lo = low.asDouble();
        double hi = high.asDouble();
        JsonNode current = featureProperties.path(measures);
        double margin = (hi - lo) * TankPlay.MARGIN;
        double nominal = current.isNumber() && current.asDouble() > lo + margin && current.asDouble() < hi - margin
                ? current.asDouble() : (lo + hi) / 2;
        return Optional.of(new SimTank(thingId, measures, lo, hi, nominal));
    }
}
