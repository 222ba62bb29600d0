package org.dayuan.fleet.indicators;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.fleet.costs.CostKind;
import org.dayuan.fleet.costs.LedgerEntry;
import org.dayuan.http.kit.Csv;

/**
 * The fleet indicators of one period: the county (everything the caller sees), each organisation (its own
 * vehicles, and how many trips it ordered with any car) and each vehicle. A vehicle's costs, trips and
 * violations count for the organisation it belongs to.
 */
public final class FleetReport {
    private static final List<String> CSV_HEADER = List.of("level", "id", "name", "organisation", "plate",
            "energyType", "vehicles", "vehicleQuota", "overQuota", "newEnergyVehicles", "newEnergyShare", "trips",
            "tripsOrdered", "tripKm", "odometerKm", "km", "hours", "cost_total", "cost_fuel", "cost_charge",
            "cost_etc", "cost_maintenance", "cost_insurance", "costPerKm", "costPerTrip", "fuelLitres",
            "fuelLPer100Km", "fuelNormLPer100Km", "chargeKwh", "violations", "violationsPer100Trips");

    private final Period period;
    private final Figures county = new Figures("county", "全县");
    private final Map<String, Figures> organisations = new LinkedHashMap<>();
    private final Map<String, Figures> vehicles = new LinkedHashMap<>();
    private final Map<String, FleetData.Vehicle> vehicleInfo = new HashMap<>();

    private FleetReport(Period period) {
        this.period = period;
    }

    /** Computes the indicators of {@code period} from {@code data}, judging fuel use by {@code norms}. */
    public static FleetReport compute(Period period, FleetData data, FuelNorms norms) {
        FleetReport r = new FleetReport(period);
        for (FleetData.Organisation o : data.organisations()) {
            Figures f = new Figures(o.id(), o.name());
            f.vehicleQuota = o.vehicleQuota();
            r.organisations.put(o.id(), f);
        }
        for (FleetData.Vehicle v : data.vehicles()) {
            Figures f = new Figures(v.id(), v.name());
            f.vehicles = 1;
            f.newEnergyVehicles = v.newEnergy() ? 1 : 0;
            r.vehicles.put(v.id(), f);
            r.vehicleInfo.put(v.id(), v);
        }
        for (FleetData.Trip t : data.trips()) {
            if (!period.contains(t.start())) {
                continue;
            }
            Figures v = r.vehicles.get(t.vehicle());
            if (v != null) {
                v.trips++;
                v.tripKm += t.km();
                v.tripMinutes += t.minutes();
            }
            Figures ordering = t.organisation() == null ? null : r.organisations.get(t.organisation());
            if (ordering != null) {
                ordering.tripsOrdered++;
            }
        }
        for (LedgerEntry e : data.costs()) {
            Figures v = r.vehicles.get(e.vehicle());
            if (v == null || !period.contains(e.at().toInstant())) {
                continue;
            }
            v.cost.merge(e.kind(), e.amount(), Double::sum);
            if (e.kind() == CostKind.FUEL && e.quantity() != null) {
                v.fuelLitres += e.quantity();
            } else if (e.kind() == CostKind.CHARGE && e.quantity() != null) {
                v.chargeKwh += e.quantity();
            }
        }
        for (Figures v : r.vehicles.values()) {
            FleetData.Vehicle info = r.vehicleInfo.get(v.id);
            v.violations = data.violations().getOrDefault(v.id, 0);
            v.odometerKm = data.odometerKm().get(v.id);
            v.km = v.odometerKm != null ? v.odometerKm : v.tripKm;
            norms.norm(info.energyType(), info.displacement()).ifPresent(norm -> {
                v.fuelKm = v.km;
                v.normKm = norm * v.km;
            });
            r.county.add(v);
            if (info.organisation() != null) {
                r.organisations.computeIfAbsent(info.organisation(), id -> new Figures(id, id)).add(v);
            }
        }
        int quota = 0;
        boolean anyQuota = false;
        for (Figures o : r.organisations.values()) {
            r.county.tripsOrdered += o.tripsOrdered;
            if (o.vehicleQuota != null) {
                quota += o.vehicleQuota;
                anyQuota = true;
            }
        }
        r.county.vehicleQuota = anyQuota ? quota : null;
        return r;
    }

    public Figures county() {
        return county;
    }

    public Figures organisation(String id) {
        return organisations.get(id);
    }

    public Figures vehicle(String id) {
        return vehicles.get(id);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("period", period.text());
        o.put("from", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(period.start()));
        o.put("to", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(period.end()));
        o.put("timeZone", Period.ZONE.getId());
        o.set("county", withQuota(county));
        ArrayNode orgs = o.putArray("organisations");
        organisations.values().forEach(f -> orgs.add(withQuota(f)));
        ArrayNode cars = o.putArray("vehicles");
        for (Figures f : vehicles.values()) {
            FleetData.Vehicle v = vehicleInfo.get(f.id);
            ObjectNode row = f.toJson();
            row.put("plate", v.plate());
            row.put("organisation", v.organisation());
            row.put("energyType", v.energyType());
            row.remove(List.of("vehicles"));
            cars.add(row);
        }
        return o;
    }

    private static ObjectNode withQuota(Figures f) {
        ObjectNode row = f.toJson();
        if (f.vehicleQuota == null) {
            row.putNull("vehicleQuota");
        } else {
            row.put("vehicleQuota", f.vehicleQuota);
        }
        Boolean over = f.overQuota();
        if (over == null) {
            row.putNull("overQuota");
        } else {
            row.put("overQuota", over);
        }
        row.put("newEnergyVehicles", f.newEnergyVehicles);
        Figures.putNumber(row, "newEnergyShare", f.newEnergyShare(), 3);
        row.put("tripsOrdered", f.tripsOrdered);
        return row;
    }

    public Csv toCsv() {
        Csv csv = new Csv(CSV_HEADER.toArray(String[]::new));
        row(csv, "county", county, null);
        organisations.values().forEach(f -> row(csv, "organisation", f, null));
        vehicles.values().forEach(f -> row(csv, "vehicle", f, vehicleInfo.get(f.id)));
        return csv;
    }

    private static void row(Csv csv, String level, Figures f, FleetData.Vehicle v) {
        boolean car = v != null;
        List<Object> cells = new ArrayList<>(List.of(level, f.id, f.name));
        cells.add(car ? v.organisation() : null);
        cells.add(car ? v.plate() : null);
        cells.add(car ? v.energyType() : null);
        cells.add(car ? null : f.vehicles);
        cells.add(car ? null : f.vehicleQuota);
        cells.add(car || f.overQuota() == null ? null : f.overQuota().toString());
        cells.add(car ? null : f.newEnergyVehicles);
        cells.add(car ? null : r3(f.newEnergyShare()));
        cells.add(f.trips);
        cells.add(car ? null : f.tripsOrdered);
        cells.add(Figures.round(f.tripKm, 1));
        cells.add(f.odometerKm == null ? null : Figures.round(f.odometerKm, 1));
        cells.add(Figures.round(f.km, 1));
        cells.add(Figures.round(f.hours(), 2));
        cells.add(Figures.round(f.costTotal(), 2));
        for (CostKind k : CostKind.values()) {
            cells.add(Figures.round(f.cost.get(k), 2));
        }
        cells.add(r2(f.costPerKm()));
        cells.add(r2(f.costPerTrip()));
        cells.add(Figures.round(f.fuelLitres, 2));
        cells.add(r2(f.fuelPer100Km()));
        cells.add(r2(f.fuelNorm()));
        cells.add(Figures.round(f.chargeKwh, 2));
        cells.add(f.violations);
        cells.add(r2(f.violationsPer100Trips()));
        csv.row(cells.toArray());
    }

    private static Double r2(Double v) {
        return v == null ? null : Figures.round(v, 2);
    }

    private static Double r3(Double v) {
        return v == null ? null : Figures.round(v, 3);
    }
}
