package org.dayuan.energy;

/** The four public-institution intensities that have reduction targets. */
public enum Metric {
    /** 单位建筑面积能耗, kgce/m². */
    KGCE_PER_M2("perM2"),
    /** 人均综合能耗, kgce/person. */
    KGCE_PER_PERSON("perPerson"),
    /** 人均用水量, m³/person. */
    WATER_PER_PERSON("waterPerPerson"),
    /** 单位建筑面积碳排放, kgCO₂/m². */
    CO2_PER_M2("co2PerM2");

    private final String key;

    Metric(String key) {
        this.key = key;
    }

    /** The suffix of this metric's config keys, e.g. {@code target.perM2}. */
    public String key() {
        return key;
    }
}
