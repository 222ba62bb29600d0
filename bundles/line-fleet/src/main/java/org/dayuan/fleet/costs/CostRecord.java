package org.dayuan.fleet.costs;

import java.time.OffsetDateTime;

/**
 * One cost as a file row states it, checked for form: {@code vehicle} is still the text of the row (a thingId or a
 * plate), resolved against the registry by {@link VehicleLedgers}. {@code at} carries the offset of Asia/Shanghai
 * when the row gave a local time. {@code quantity} and {@code unit} are null for kinds without a quantity.
 */
public record CostRecord(int line, String vehicle, OffsetDateTime at, CostKind kind, double amount, Double quantity,
                         String unit, String vendor, String reference, String note) {
}
