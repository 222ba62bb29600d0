package org.dayuan.fleet.costs;

import java.util.Locale;
import java.util.Optional;

/**
 * What a cost record pays for. Fuel and charging carry a quantity (litres, kWh) because the fuel and energy figures
 * are computed from it; the other kinds carry none.
 */
public enum CostKind {
    FUEL("fuel", "加油", "L"),
    CHARGE("charge", "充电", "kWh"),
    ETC("etc", "通行费", null),
    MAINTENANCE("maintenance", "维修保养", null),
    INSURANCE("insurance", "保险", null);

    private final String id;
    private final String chinese;
    private final String unit;

    CostKind(String id, String chinese, String unit) {
        this.id = id;
        this.chinese = chinese;
        this.unit = unit;
    }

    public String id() {
        return id;
    }

    public String chinese() {
        return chinese;
    }

    /** The unit of the quantity a record of this kind must carry; empty for kinds without a quantity. */
    public Optional<String> unit() {
        return Optional.ofNullable(unit);
    }

    /** By its id (any case) or its Chinese name. */
    public static Optional<CostKind> parse(String text) {
        String t = text.trim();
        for (CostKind k : values()) {
            if (k.id.equals(t.toLowerCase(Locale.ROOT)) || k.chinese.equals(t)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
