package org.dayuan.energy;

/**
 * One carrier's quantity in an indicator result.
 *
 * @param quantity   in the carrier's unit: the metered value when there is one, else the billed value
 * @param source     {@code "meter"} or {@code "bill"}
 * @param billed     the billed quantity when a bill exists, else null (kept beside metered data to reconcile)
 * @param difference metered − billed when both exist, else null
 * @param factor     the factors used; null for water, which is not converted
 */
public record CarrierLine(Carrier carrier, double quantity, String source, Double billed, Double difference, Factor factor) {
    public static final String METER = "meter";
    public static final String BILL = "bill";

    /** kgce of this line; NaN when no factor is known, 0 for water. */
    public double kgce() {
        return factor == null ? 0 : quantity * factor.kgcePerUnit();
    }

    /** kgCO₂ of this line; NaN when no factor is known, 0 for water. */
    public double kgco2() {
        return factor == null ? 0 : quantity * factor.kgco2PerUnit();
    }
}
