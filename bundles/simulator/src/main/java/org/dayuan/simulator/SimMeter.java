package org.dayuan.simulator;

import static org.dayuan.simulator.SimulatorConstants.ATTR_CARRIER;
import static org.dayuan.simulator.SimulatorConstants.ATTR_CT_MULTIPLIER;
import static org.dayuan.simulator.SimulatorConstants.ATTR_END_USE;
import static org.dayuan.simulator.SimulatorConstants.ATTR_FEEDS;
import static org.dayuan.simulator.SimulatorConstants.ATTR_RELATIONS;
import static org.dayuan.simulator.SimulatorConstants.ATTR_ROLE;
import static org.dayuan.simulator.SimulatorConstants.ATTR_USE;
import static org.dayuan.simulator.SimulatorConstants.CARRIER_ELECTRICITY;
import static org.dayuan.simulator.SimulatorConstants.CARRIER_GAS;
import static org.dayuan.simulator.SimulatorConstants.CARRIER_WATER;
import static org.dayuan.simulator.SimulatorConstants.READING;
import static org.dayuan.simulator.SimulatorConstants.ROLE_MAIN;
import static org.dayuan.simulator.SimulatorConstants.ROLE_SUB;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One meter the simulator plays.
 *
 * @param thingId        the twin it publishes to
 * @param kind           what it measures
 * @param building       the building key ({@code a} for {@code cz.wujin:meter-e-a-main}); empty when unknown. A
 *                       sub-meter's fault load also shows on the main of the same building and carrier.
 * @param ctMultiplier   register units × ctMultiplier = primary-side energy; 1 for gas and water
 * @param initialReading the register when the simulation starts (kWh before the CT, or m³)
 */
public record SimMeter(String thingId, MeterKind kind, String building, double ctMultiplier, double initialReading) {
    /** {@code meter-<carrier letter>-<building key>-...} in the name part of a demo thingId. */
    private static final Pattern DEMO_METER = Pattern.compile("meter-[a-z]-([a-z0-9]+)(?:-.*)?");
    private static final Pattern BUILDING_TWIN = Pattern.compile("bldg-([a-z0-9]+)(?:-.*)?");
    private static final String SYNTHETIC_BUILDING_PREFIX = "s";

    public SimMeter {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(building, "building");
        if (!(ctMultiplier > 0) || Double.isInfinite(ctMultiplier)) {
            throw new IllegalArgumentException("ctMultiplier of " + thingId + " must be a positive number, was "
                    + ctMultiplier);
        }
        if (!(initialReading >= 0) || Double.isInfinite(initialReading)) {
            throw new IllegalArgumentException("initialReading of " + thingId + " must be a number >= 0, was "
                    + initialReading);
        }
    }

    /**
     * A meter from a registry twin, or empty when the twin is nothing the simulator can play (tank sensors, heat or
     * cooling meters, unknown roles or end uses, a CT multiplier below or equal to 0).
     *
     * @param attributes        the twin's attributes: carrier, role, endUse, use, ctMultiplier, relations.feeds
     * @param featureProperties the properties of its {@code energy} or {@code water} feature; only {@code reading}
     *                          is used, missing or invalid readings start at 0. May be null.
     */
    public static Optional<SimMeter> from(String thingId, JsonNode attributes, JsonNode featureProperties) {
        if (thingId == null || attributes == null || !attributes.isObject()) {
            return Optional.empty();
        }
        Optional<MeterKind> kind = kindOf(attributes);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        double ct = 1;
        JsonNode ctNode = attributes.get(ATTR_CT_MULTIPLIER);
        if (kind.get().carrier() != MeterKind.Carrier.WATER && ctNode != null && !ctNode.isNull()) {
            if (!ctNode.isNumber() || !(ctNode.asDouble() > 0) || Double.isInfinite(ctNode.asDouble())) {
                return Optional.empty();
            }
            ct = ctNode.asDouble();
        }
        double reading = 0;
        JsonNode readingNode = featureProperties == null ? null : featureProperties.get(READING);
        if (readingNode != null && readingNode.isNumber() && readingNode.asDouble() >= 0
                && Double.isFinite(readingNode.asDouble())) {
            reading = readingNode.asDouble();
        }
        return Optional.of(new SimMeter(thingId, kind.get(), buildingOf(thingId, attributes), ct, reading));
    }

    /**
     * Meter number {@code index} of a load test: {@code <namespace>:meter-<e|g|w>-s<index>-<suffix>}, e.g.
     * {@code load.test:meter-e-s000042-hvac}, in a building of its own (so no fault spreads to another meter), with
     * the demo's CT ratio for its kind and a register that depends only on the index.
     */
    public static SimMeter synthetic(String namespace, int index, MeterKind kind) {
        if (namespace == null || namespace.isEmpty() || namespace.indexOf(':') >= 0) {
            throw new IllegalArgumentException("A synthetic meter needs a namespace without ':', was " + namespace);
        }
        if (index < 0) {
            throw new IllegalArgumentException("A synthetic meter's index must be >= 0, was " + index);
        }
        Objects.requireNonNull(kind, "kind");
        String building = SYNTHETIC_BUILDING_PREFIX + String.format(Locale.ROOT, "%06d", index);
        String id = namespace + ":meter-" + kind.carrier().idLetter + "-" + building + "-" + kind.idSuffix();
        double reading = 1_000 + Math.floorMod(index * 7_919L, 90_000L);
        return new SimMeter(id, kind, building, kind.defaultCt(), reading);
    }

    private static Optional<MeterKind> kindOf(JsonNode attributes) {
        String carrier = text(attributes, ATTR_CARRIER);
        String role = text(attributes, ATTR_ROLE);
        if (CARRIER_ELECTRICITY.equals(carrier)) {
            if (ROLE_MAIN.equals(role)) {
                return Optional.of(MeterKind.MAIN);
            }
            if (!ROLE_SUB.equals(role)) {
                return Optional.empty();
            }
            String endUse = text(attributes, ATTR_END_USE);
            return switch (endUse == null ? "" : endUse) {
                case "power" -> Optional.of(MeterKind.POWER);
                case "lighting" -> Optional.of(MeterKind.LIGHTING);
                case "hvac" -> Optional.of(MeterKind.HVAC);
                case "special" -> Optional.of(MeterKind.SPECIAL);
                default -> Optional.empty();
            };
        }
        if (CARRIER_GAS.equals(carrier)) {
            return Optional.of(MeterKind.GAS);
        }
        // water meters carry no carrier attribute, but a use (domestic, canteen)
        String use = text(attributes, ATTR_USE);
        if (CARRIER_WATER.equals(carrier) || (carrier == null && use != null)) {
            if (ROLE_MAIN.equals(role)) {
                return Optional.of(MeterKind.WATER_MAIN);
            }
            if (ROLE_SUB.equals(role)) {
                return Optional.of(MeterKind.WATER_SUB);
            }
        }
        return Optional.empty();
    }

    /** From the thingId when it follows the demo's scheme, else from the first building the meter feeds. */
    private static String buildingOf(String thingId, JsonNode attributes) {
        Matcher m = DEMO_METER.matcher(thingId.substring(thingId.indexOf(':') + 1));
        if (m.matches()) {
            return m.group(1);
        }
        JsonNode feeds = attributes.path(ATTR_RELATIONS).path(ATTR_FEEDS);
        for (JsonNode fed : feeds) {
            String id = fed.asText();
            Matcher b = BUILDING_TWIN.matcher(id.substring(id.indexOf(':') + 1));
            if (b.matches()) {
                return b.group(1);
            }
        }
        return "";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
