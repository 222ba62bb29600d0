package org.dayuan.safety.grading;

import java.util.OptionalDouble;

/**
 * One organisation's safety figures over the grading window (§1.4): verified fire alarms and how many were false,
 * the mean minutes to acknowledge and to verify (empty when nothing was), open fault and link alarms with their
 * summed and oldest age in days, disabled fire components of all components, fire-water sensors in range now of
 * those with a reading, open and overdue hazards.
 */
public record Indicators(int fireVerified, int fireFalse, OptionalDouble acknowledgeMinutes,
                         OptionalDouble verifyMinutes, int openFaults, double faultDays, double oldestFaultDays,
                         int disabledComponents, int components, int waterSensors, int waterInRange,
                         int openHazards, int overdueHazards) {

    /** False verified fire alarms of all verified ones (real or false), 0 when none was verified. */
    public double falseAlarmRate() {
        return fireVerified == 0 ? 0 : (double) fireFalse / fireVerified;
    }

    /** Percent of fire-water sensors within their limits now; 100 when the organisation has none with a reading. */
    public double waterInRangePercent() {
        return waterSensors == 0 ? 100 : 100.0 * waterInRange / waterSensors;
    }
}
