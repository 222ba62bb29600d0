package org.dayuan.fleet.indicators;

import java.util.EnumMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.fleet.costs.CostKind;

/**
 * The indicators of one subject (the county, an organisation, a vehicle), summed from its vehicles. Km for ratios
 * is the odometer's where the vehicle's history gives it, else the km its trips recorded.
 */
public final class Figures {
    final String id;
    final String name;
    int vehicles;
    Integer vehicleQuota;
    int newEnergyVehicles;
    int trips;
    int tripsOrdered;
    double tripKm;
    double tripMinutes;
    Double odometerKm;
    double km;
    final Map<CostKind, Double> cost = new EnumMap<>(CostKind.class);
    double fuelLitres;
    /** Km of the cars that burn fuel, and those km weighted by each car's norm: the fuel ratio's denominators. */
    double fuelKm;
    double normKm;
    double chargeKwh;
    int violations;

    Figures(String id, String name) {
        this.id = id;
        this.name = name;
        for (CostKind k : CostKind.values()) {
            cost.put(k, 0.0);
        }
    }

    /** Adds a vehicle's figures to this subject's. */
    void add(Figures v) {
        vehicles += v.vehicles;
        newEnergyVehicles += v.newEnergyVehicles;
        trips += v.trips;
        tripKm += v.tripKm;
        tripMinutes += v.tripMinutes;
        if (v.odometerKm != null) {
            odometerKm = (odometerKm == null ? 0 : odometerKm) + v.odometerKm;
        }
        km += v.km;
        v.cost.forEach((k, a) -> cost.merge(k, a, Double::sum));
        fuelLitres += v.fuelLitres;
        fuelKm += v.fuelKm;
        normKm += v.normKm;
        chargeKwh += v.chargeKwh;
        violations += v.violations;
    }

    public double costTotal() {
        return cost.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public Double costPerKm() {
        return km > 0 ? costTotal() / km : null;
    }

    public Double costPerTrip() {
        return trips > 0 ? costTotal() / trips : null;
    }

    public Double fuelPer100Km() {
        return fuelKm > 0 && fuelLitres > 0 ? fuelLitres / fuelKm * 100 : null;
    }

    public Double fuelNorm() {
        return fuelKm > 0 ? normKm / fuelKm : null;
    }

    public Double violationsPer100Trips() {
        return trips > 0 ? violations * 100.0 / trips : null;
    }

    public Double newEnergyShare() {
        return vehicles > 0 ? (double) newEnergyVehicles / vehicles : null;
    }

    public Boolean overQuota() {
        return vehicleQuota == null ? null : vehicles > vehicleQuota;
    }

    public double hours() {
        return tripMinutes / 60;
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("name", name);
        o.put("vehicles", vehicles);
        o.put("trips", trips);
        o.put("tripKm", round(tripKm, 1));
        putNumber(o, "odometerKm", odometerKm, 1);
        o.put("km", round(km, 1));
        o.put("hours", round(hours(), 2));
        ObjectNode c = o.putObject("cost");
        c.put("total", round(costTotal(), 2));
        cost.forEach((k, a) -> c.put(k.id(), round(a, 2)));
        putNumber(o, "costPerKm", costPerKm(), 2);
        putNumber(o, "costPerTrip", costPerTrip(), 2);
        o.put("fuelLitres", round(fuelLitres, 2));
        putNumber(o, "fuelLPer100Km", fuelPer100Km(), 2);
        putNumber(o, "fuelNormLPer100Km", fuelNorm(), 2);
        Double per100 = fuelPer100Km();
        Double norm = fuelNorm();
        if (per100 == null || norm == null) {
            o.putNull("fuelAboveNorm");
        } else {
            o.put("fuelAboveNorm", per100 > norm);
        }
        o.put("chargeKwh", round(chargeKwh, 2));
        o.put("violations", violations);
        putNumber(o, "violationsPer100Trips", violationsPer100Trips(), 2);
        return o;
    }

    static void putNumber(ObjectNode o, String name, Double value, int decimals) {
        if (value == null) {
            o.putNull(name);
        } else {
            o.put(name, round(value, decimals));
        }
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
