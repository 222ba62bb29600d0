package org.dayuan.energy;

import java.util.Locale;

/** What a meter or a bill measures, with the unit quantities are kept in everywhere in this line. */
public enum Carrier {
    ELECTRICITY("kWh", true),
    GAS("m3", true),
    HEAT("kWh", true),
    COOLING("kWh", true),
    /** Reported in m³ beside energy, never inside 综合能耗 (GB/T 2589). */
    WATER("m3", false),
    GASOLINE("kg", true),
    DIESEL("kg", true);

    private final String unit;
    private final boolean energy;

    Carrier(String unit, boolean energy) {
        this.unit = unit;
        this.energy = energy;
    }

    public String unit() {
        return unit;
    }

    /** Whether this carrier counts in kgce and kgCO₂ totals. */
    public boolean isEnergy() {
        return energy;
    }

    /** The lower-case name used in config keys, CSV files and twin attributes. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the lower-case name ("electricity"); throws {@link IllegalArgumentException} naming the input. */
    public static Carrier parse(String name) {
        for (Carrier c : values()) {
            if (c.id().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown carrier '" + name + "'");
    }
}
