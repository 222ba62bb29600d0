package org.dayuan.fleet.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.Severity;
import org.dayuan.fleet.track.Track;
import org.dayuan.fleet.track.TrackPoint;
import org.dayuan.fleet.trips.Trip;

/**
 * The rules judged once, when a trip returns, from its whole track: a trip that never came near its destination
 * ({@code fleet.route}) and fuel used above the car's norm ({@code fleet.fuel}). Each finding is a single event: the
 * caller raises it and reports it normal at once, leaving it open for a person to look at.
 */
final class TripEndRules {
    /** A fuel reading this much above the one before is a refill (a gauge wobbles by less). */
    static final double REFILL_LITRES = 1.0;

    private final Settings s;

    TripEndRules(Settings settings) {
        this.s = settings;
    }

    List<Finding> judge(Trip trip, Track track, String energyType) {
        List<Finding> out = new ArrayList<>();
        if (track.isEmpty()) {
            return out;
        }
        missedDestination(trip, track, out);
        fuel(trip, track, energyType, out);
        return out;
    }

    private void missedDestination(Trip trip, Track track, List<Finding> out) {
        if (!s.route() || trip.destination().isEmpty()) {
            return;
        }
        Trip.Place d = trip.destination().get();
        Geo.Point destination = new Geo.Point(d.lat(), d.lon());
        double closest = Double.MAX_VALUE;
        for (TrackPoint p : track.points()) {
            closest = Math.min(closest, Geo.metres(destination, new Geo.Point(p.lat(), p.lon())));
        }
        if (closest > s.destinationMeters()) {
            ObjectNode details = add(out, trip, track, Rules.ROUTE, "未到达目的地", String.format(Locale.ROOT,
                    "偏离路线 / the trip never came within %.0f m of %s (closest %.0f m, order %s)",
                    s.destinationMeters(), d.name(), closest, trip.id()));
            details.put("closestMeters", Math.round(closest)).put("destinationMeters", s.destinationMeters())
                    .put("destination", d.name());
        }
    }

    private void fuel(Trip trip, Track track, String energyType, List<Finding> out) {
        if (!s.fuel() || "electric".equals(energyType)) {
            return;
        }
        List<Double> litres = new ArrayList<>();
        for (TrackPoint p : track.points()) {
            p.fuel().ifPresent(litres::add);
        }
        if (litres.size() < 2) {
            return;
        }
        for (int i = 1; i < litres.size(); i++) {
            if (litres.get(i) - litres.get(i - 1) > REFILL_LITRES) {
                return; // refuelled on the way: the drop does not measure what was burnt
            }
        }
        double used = litres.get(0) - litres.get(litres.size() - 1);
        OptionalDouble odometer = track.odometerKm();
        double km = odometer.isPresent() ? odometer.getAsDouble() : track.km();
        if (used <= 0 || km < s.fuelMinKm()) {
            return;
        }
        double per100 = used / km * 100;
        double norm = s.fuelNorm(energyType);
        if (per100 > norm * s.fuelFactor()) {
            ObjectNode details = add(out, trip, track, Rules.FUEL, "油耗异常", String.format(Locale.ROOT,
                    "油耗异常 / %.1f L/100 km on order %s (%.1f L over %.1f km), norm %.1f × %.2f", per100, trip.id(),
                    used, km, norm, s.fuelFactor()));
            details.put("litres", round(used)).put("km", round(km)).put("litresPer100Km", round(per100))
                    .put("normPer100Km", norm).put("factor", s.fuelFactor()).put("energyType", energyType);
        }
    }

    private static ObjectNode add(List<Finding> out, Trip trip, Track track, String type, String name,
                                  String message) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("order", trip.id().toString());
        out.add(new Finding(track.vehicle(), type, Severity.WARNING, name, message, track.from(),
                track.points().get(track.points().size() - 1).at(), details));
        return details;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
