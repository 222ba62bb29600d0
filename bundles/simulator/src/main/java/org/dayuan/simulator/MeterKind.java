package org.dayuan.simulator;

/**
 * What a simulated meter measures, and the facts the load model needs about it: the feature it publishes, the
 * range of its working-hour load (kW for electricity, m³/h for gas and water) and how noisy it is.
 */
public enum MeterKind {
    /** A building's electricity main, read through a 200/5 A CT. */
    MAIN(Carrier.ELECTRICITY, 150, 350, 0.04, 40, "main"),
    /** Lifts and pumps, read through a 50/5 A CT. */
    POWER(Carrier.ELECTRICITY, 10, 40, 0.15, 10, "power"),
    /** A floor's lighting and sockets. */
    LIGHTING(Carrier.ELECTRICITY, 5, 25, 0.05, 1, "lighting"),
    /** A floor's air conditioning. */
    HVAC(Carrier.ELECTRICITY, 10, 60, 0.08, 1, "hvac"),
    /** Computer rooms: nearly flat round the clock. */
    SPECIAL(Carrier.ELECTRICITY, 15, 30, 0.03, 1, "special"),
    /** The canteen's gas meter; the level is the lunch peak in m³/h. */
    GAS(Carrier.GAS, 6, 15, 0.10, 1, "kitchen"),
    /** A building's domestic water main. */
    WATER_MAIN(Carrier.WATER, 1.5, 5, 0.12, 1, "main"),
    /** The canteen's water sub-meter; the level is the lunch peak in m³/h. */
    WATER_SUB(Carrier.WATER, 0.8, 2.5, 0.12, 1, "canteen");

    /** What flows through the meter; decides the feature, the unit and which main a sub-meter sits under. */
    public enum Carrier {
        ELECTRICITY('e'), GAS('g'), WATER('w');

        /** The letter after {@code meter-} in the demo's thingIds. */
        final char idLetter;

        Carrier(char idLetter) {
            this.idLetter = idLetter;
        }
    }

    private final Carrier carrier;
    private final double minLevel;
    private final double maxLevel;
    private final double noise;
    private final int defaultCt;
    private final String idSuffix;

    MeterKind(Carrier carrier, double minLevel, double maxLevel, double noise, int defaultCt, String idSuffix) {
        this.carrier = carrier;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.noise = noise;
        this.defaultCt = defaultCt;
        this.idSuffix = idSuffix;
    }

    public Carrier carrier() {
        return carrier;
    }

    /** {@code energy} for electricity and gas, {@code water} for water. */
    public String featureId() {
        return carrier == Carrier.WATER ? SimulatorConstants.FEATURE_WATER : SimulatorConstants.FEATURE_ENERGY;
    }

    /** The instantaneous-load property: {@code power} (kW), {@code flow} (m³/h), or null for gas (none in the model). */
    public String loadProperty() {
        return switch (carrier) {
            case ELECTRICITY -> SimulatorConstants.POWER;
            case WATER -> SimulatorConstants.FLOW;
            case GAS -> null;
        };
    }

    /** The main of its building, which also measures what this kind's sub-meters draw. */
    public boolean isMain() {
        return this == MAIN || this == WATER_MAIN;
    }

    /** Lower bound of a meter's working-hour load, primary side. */
    public double minLevel() {
        return minLevel;
    }

    /** Upper bound of a meter's working-hour load, primary side. */
    public double maxLevel() {
        return maxLevel;
    }

    /** Middle of the range: the level of a typical meter of this kind. */
    public double typicalLevel() {
        return (minLevel + maxLevel) / 2;
    }

    /** Relative standard deviation of an instantaneous reading around the mean load. */
    public double noise() {
        return noise;
    }

    /** The CT ratio of such meters in the demo (40 for mains, 10 for power, 1 otherwise). */
    public int defaultCt() {
        return defaultCt;
    }

    /** The last part of a demo thingId for this kind, e.g. {@code hvac} or {@code kitchen}. */
    String idSuffix() {
        return idSuffix;
    }
}
