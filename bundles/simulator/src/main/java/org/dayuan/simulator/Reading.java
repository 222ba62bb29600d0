package org.dayuan.simulator;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One meter's values at one instant, ready to publish.
 *
 * @param featureId  {@code energy} or {@code water}
 * @param properties exactly the feature's properties: {@code reading} (register, 2 decimals), {@code power} (kW,
 *                   electricity only) or {@code flow} (m³/h, water only), {@code timestamp} (ISO 8601 with +08:00)
 */
public record Reading(String thingId, String featureId, Instant time, ObjectNode properties) {
    public Reading {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(featureId, "featureId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(properties, "properties");
    }

    /** The register value as published. */
    public double reading() {
        return properties.path(SimulatorConstants.READING).asDouble();
    }

    /** The published power or flow; NaN for a gas meter, which publishes neither. */
    public double load() {
        String name = SimulatorConstants.FEATURE_WATER.equals(featureId) ? SimulatorConstants.FLOW
                : SimulatorConstants.POWER;
        return properties.has(name) ? properties.get(name).asDouble() : Double.NaN;
    }
}
