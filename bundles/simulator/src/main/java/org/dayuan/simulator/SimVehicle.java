package org.dayuan.simulator;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A vehicle twin as its terminal plays it: the terminal's phone number ({@code terminalId}), the plate and energy type,
 * the organisation that orders its trips, where it parks (the position of its location feature when the simulator
 * starts) and the readings it starts from.
 *
 * @param fuel litres, NaN for a car without a tank
 * @param soc  percent, NaN for a car without a traction battery
 */
public record SimVehicle(String thingId, String terminalId, String plate, String organisation, Energy energy,
                         double homeLat, double homeLon, double odometer, double fuel, double soc) {
    public static final String FEATURE = "location";

    /** How a car is driven: what it burns and what its terminal reports (fuel item 0x02, state of charge 0xE1). */
    public enum Energy {
        GASOLINE(8.0, 0), DIESEL(10.0, 0), ELECTRIC(0, 0.3), PLUG_IN_HYBRID(5.5, 0.9);

        /** Litres per km on fuel. */
        final double litresPer100Km;
        /** Percent of charge per km on the battery. */
        final double socPerKm;

        Energy(double litresPer100Km, double socPerKm) {
            this.litresPer100Km = litresPer100Km;
            this.socPerKm = socPerKm;
        }

        public boolean hasTank() {
            return this != ELECTRIC;
        }

        public boolean hasBattery() {
            return this == ELECTRIC || this == PLUG_IN_HYBRID;
        }

        static Optional<Energy> of(String energyType) {
            return Optional.ofNullable(switch (energyType) {
                case "gasoline" -> GASOLINE;
                case "diesel" -> DIESEL;
                case "electric" -> ELECTRIC;
                case "plugInHybrid" -> PLUG_IN_HYBRID;
                default -> null;
            });
        }
    }

    public SimVehicle {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(terminalId, "terminalId");
        Objects.requireNonNull(energy, "energy");
    }

    /**
     * The vehicle a twin describes, if its terminal can be played: a terminalId of 1-12 digits, a known energyType and a
     * position.
     */
    public static Optional<SimVehicle> from(JsonNode twin) {
        JsonNode a = twin.path("attributes");
        JsonNode loc = twin.path("features").path(FEATURE).path("properties");
        String terminal = a.path("terminalId").asText("");
        Optional<Energy> energy = Energy.of(a.path("energyType").asText(""));
        if (!terminal.matches("[0-9]{1,12}") || energy.isEmpty() || !loc.path("lat").isNumber()
                || !loc.path("lon").isNumber()) {
            return Optional.empty();
        }
        Energy e = energy.get();
        double fuel = e.hasTank() ? loc.path("fuel").asDouble(40) : Double.NaN;
        double soc = e.hasBattery() ? loc.path("soc").asDouble(80) : Double.NaN;
        return Optional.of(new SimVehicle(twin.path("thingId").asText(), terminal, a.path("plate").asText(terminal),
                a.path("organisation").asText(""), e, loc.path("lat").asDouble(), loc.path("lon").asDouble(),
                loc.path("odometer").asDouble(0), fuel, soc));
    }

    /** The name part of the thingId. */
    public String name() {
        return thingId.substring(thingId.indexOf(':') + 1);
    }

    public String namespace() {
        return thingId.substring(0, Math.max(0, thingId.indexOf(':')));
    }
}
