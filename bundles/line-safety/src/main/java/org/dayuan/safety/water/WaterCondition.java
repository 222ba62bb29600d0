package org.dayuan.safety.water;

/**
 * The four conditions a fire-water sensor can be in, each an alarm type of its own so that a tank both low and (after
 * a refill) high never shares one alarm. Low level and low pressure leave the system unable to fight a fire, so they
 * also call for work (a work order); high values are worth an alarm but not a crew.
 */
public enum WaterCondition {
    WATER_LOW("safety.water-low", WaterRule.LEVEL, true, "消防水位过低"),
    WATER_HIGH("safety.water-high", WaterRule.LEVEL, false, "消防水位过高"),
    PRESSURE_LOW("safety.pressure-low", WaterRule.PRESSURE, true, "消防管网压力过低"),
    PRESSURE_HIGH("safety.pressure-high", WaterRule.PRESSURE, false, "消防管网压力过高");

    private final String type;
    private final String measure;
    private final boolean low;
    private final String title;

    WaterCondition(String type, String measure, boolean low, String title) {
        this.type = type;
        this.measure = measure;
        this.low = low;
        this.title = title;
    }

    /** The alarm type, {@code safety.water-low} etc. */
    public String type() {
        return type;
    }

    /** {@code level} or {@code pressure}: the feature property it watches. */
    public String measure() {
        return measure;
    }

    /** Below the low limit (true) or above the high one. */
    public boolean low() {
        return low;
    }

    /** The limit attribute of the sensor twin: levelLow, levelHigh, pressureLow, pressureHigh. */
    public String limitAttribute() {
        return measure + (low ? "Low" : "High");
    }

    public String unit() {
        return WaterRule.LEVEL.equals(measure) ? "m" : "MPa";
    }

    /** The alarm's Chinese display name. */
    public String title() {
        return title;
    }

    /** Whether the condition calls for a work order besides the alarm. */
    public boolean needsWork() {
        return low;
    }
}
