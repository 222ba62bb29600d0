package org.dayuan.energy;

/** How a reading was treated; only {@link #OK} and {@link #ROLLOVER} intervals carry consumption. */
public enum Quality {
    OK(true),
    /** The register passed its maximum and restarted from 0; the delta is computed across the wrap. */
    ROLLOVER(true),
    /** The reading went down (or jumped for good): a new baseline, and the interval is a gap with quantity 0. */
    METER_SWAP(false),
    /** Faster than the meter's maxPerHour allows; not counted and the baseline stays where it was. */
    IMPLAUSIBLE(false),
    /** Stamped at or before the previous reading; ignored. */
    OUT_OF_ORDER(false),
    /** The same time and value again, as QoS-1 redelivery produces; ignored, and not worth a log line. */
    DUPLICATE(false),
    /** NaN, infinite or negative; ignored. */
    INVALID(false);

    private final boolean counted;

    Quality(boolean counted) {
        this.counted = counted;
    }

    /** Whether an interval with this quality carries real consumption. */
    public boolean counted() {
        return counted;
    }
}
