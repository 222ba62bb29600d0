package org.dayuan.fleet.indicators;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.dayuan.fleet.costs.LedgerEntry;

/**
 * What the indicators of one period are computed from, as the caller sees it: organisations, vehicles, the trips
 * done in the period, its costs, the violations per vehicle and the odometer km per vehicle (absent: unknown).
 */
public record FleetData(List<Organisation> organisations, List<Vehicle> vehicles, List<Trip> trips,
                        List<LedgerEntry> costs, Map<String, Integer> violations, Map<String, Double> odometerKm) {

    public record Organisation(String id, String name, Integer vehicleQuota) {
    }

    public record Vehicle(String id, String plate, String name, String organisation, String energyType,
                          Double displacement) {
        public boolean newEnergy() {
            return "electric".equals(energyType) || "plugInHybrid".equals(energyType);
        }
    }

    /** A trip returned or closed; {@code organisation} is the one that ordered it. */
    public record Trip(String id, String vehicle, String organisation, Instant start, double km, double minutes) {
    }
}
