package org.dayuan.energy;

import java.time.YearMonth;

/**
 * One monthly utility bill line.
 *
 * @param organisation thingId of the organisation billed
 * @param quantity     in the carrier's unit ({@link Carrier#unit()}), converted from the bill's unit
 * @param cost         amount in yuan, or null when the bill gives none
 */
public record Bill(String organisation, Carrier carrier, YearMonth period, double quantity, Double cost) {
}
