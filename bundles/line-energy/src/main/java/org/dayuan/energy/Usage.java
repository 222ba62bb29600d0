package org.dayuan.energy;

/**
 * What a ledger holds for one meter over a window.
 *
 * @param quantity     sum of the covered slots, in the carrier's unit
 * @param coveredSlots slots that received a counted interval (zero consumption included)
 * @param slots        slots in the window
 */
public record Usage(double quantity, int coveredSlots, int slots) {
    /** Share of the window that has data, 0..1. */
    public double coverage() {
        return slots == 0 ? 0 : (double) coveredSlots / slots;
    }

    public boolean complete() {
        return slots > 0 && coveredSlots == slots;
    }

    /**
     * Mean rate per hour over the covered part only, so a meter that was offline for a while is not read as
     * consuming less; NaN when nothing is covered.
     */
    public double meanPerHour() {
        return coveredSlots == 0 ? Double.NaN : quantity / (coveredSlots * Ledger.SLOT_HOURS);
    }
}
