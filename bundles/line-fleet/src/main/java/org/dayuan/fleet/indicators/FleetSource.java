package org.dayuan.fleet.indicators;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.fleet.costs.VehicleLedgers;
import org.dayuan.fleet.costs.Vehicles;
import org.dayuan.fleet.track.TrackPoint;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinSearch;

/**
 * Reads what the indicators of a period need from the registry, as the caller: so a viewer's figures cover only the
 * organisations it is bound to. Trips are the TripOrder twins returned or closed whose {@code actual.start} falls in
 * the period; violations are the raises of the fleet rules' alarms ({@code fleet.*}) on the caller's vehicles in the
 * period (each raise and repeat kept in the alarm's {@code seen}, else its {@code raisedAt}), except those verified
 * as false or test alarms.
 */
public final class FleetSource {
    static final String ORGANISATION = "dayuan:Organisation:1.0.0";
    static final String TRIP_ORDER = "dayuan:TripOrder:1.0.0";
    static final String ALARM = "dayuan:Alarm:2.0.0";

    private final TwinSearch search;
    private final VehicleLedgers ledgers;

    public FleetSource(TwinSearch search, VehicleLedgers ledgers) {
        this.search = search;
        this.ledgers = ledgers;
    }

    public FleetData read(Caller caller, Period period, Odometers odometers) {
        List<FleetData.Organisation> orgs = new ArrayList<>();
        for (Twin o : search.all(caller, eqDefinition(ORGANISATION))) {
            JsonNode quota = o.get(attribute("vehicleQuota")).orElse(null);
            orgs.add(new FleetData.Organisation(o.id().toString(), Vehicles.attribute(o, "name").orElse(o.id()
                    .toString()), quota != null && quota.canConvertToInt() ? quota.asInt() : null));
        }
        Map<String, FleetData.Vehicle> vehicles = new LinkedHashMap<>();
        Map<String, Double> odometerKm = new HashMap<>();
        for (Twin v : Vehicles.visibleTo(search, caller).all()) {
            JsonNode displacement = v.get(attribute("displacement")).orElse(null);
            vehicles.put(v.id().toString(), new FleetData.Vehicle(v.id().toString(), Vehicles.plate(v).orElse(null),
                    Vehicles.attribute(v, "name").orElse(v.id().toString()), Vehicles.organisation(v).orElse(null),
                    Vehicles.attribute(v, "energyType").orElse(null),
                    displacement != null && displacement.isNumber() ? displacement.asDouble() : null));
            OptionalDouble km = odometers.km(v.id(), period.start().toInstant(), period.end().toInstant());
            km.ifPresent(k -> odometerKm.put(v.id().toString(), k));
        }
        List<FleetData.Trip> trips = new ArrayList<>();
        for (Twin t : search.all(caller, "and(" + eqDefinition(TRIP_ORDER)
                + ",in(attributes/state,\"returned\",\"closed\"))")) {
            Optional<Instant> start = t.get(attribute("actual", "start")).flatMap(TrackPoint::instant);
            if (start.isEmpty() || !period.contains(start.get())) {
                continue;
            }
            double km = t.get(attribute("actual", "km")).filter(JsonNode::isNumber).map(JsonNode::asDouble)
                    .orElse(0.0);
            Optional<Instant> end = t.get(attribute("actual", "end")).flatMap(TrackPoint::instant);
            double minutes = t.get(attribute("actual", "minutes")).filter(JsonNode::isNumber)
                    .map(JsonNode::asDouble)
                    .orElse(end.map(e -> Math.max(0, (e.toEpochMilli() - start.get().toEpochMilli()) / 60_000.0))
                            .orElse(0.0));
            trips.add(new FleetData.Trip(t.id().toString(), Vehicles.attribute(t, "vehicle").orElse(null),
                    Vehicles.attribute(t, "organisation").orElse(null), start.get(), km, minutes));
        }
        Map<String, Integer> violations = new HashMap<>();
        for (Twin a : search.all(caller, "and(" + eqDefinition(ALARM)
                + ",like(attributes/type,\"fleet.*\"))")) {
            String source = Vehicles.attribute(a, "source").orElse("");
            String result = Vehicles.attribute(a, "result").orElse("");
            if (!vehicles.containsKey(source) || result.equals("false") || result.equals("test")) {
                continue;
            }
            int n = raisesWithin(a, period);
            if (n > 0) {
                violations.merge(source, n, Integer::sum);
            }
        }
        return new FleetData(orgs, List.copyOf(vehicles.values()), trips,
                ledgers.entries(caller, Optional.empty(), period.firstMonth(), period.lastMonth()), violations,
                odometerKm);
    }

    private static int raisesWithin(Twin alarm, Period period) {
        Optional<JsonNode> seen = alarm.get(attribute("seen")).filter(JsonNode::isArray).filter(s -> s.size() > 0);
        if (seen.isPresent()) {
            int n = 0;
            for (JsonNode t : seen.get()) {
                if (TrackPoint.instant(t).filter(period::contains).isPresent()) {
                    n++;
                }
            }
            return n;
        }
        return alarm.get(attribute("raisedAt")).flatMap(TrackPoint::instant).filter(period::contains).isPresent() ? 1 : 0;
    }

    private static JsonPointer attribute(String... path) {
        String[] segments = new String[path.length + 1];
        segments[0] = Twin.ATTRIBUTES;
        System.arraycopy(path, 0, segments, 1, path.length);
        return JsonPointer.of(segments);
    }

    private static String eqDefinition(String definition) {
        return "eq(definition," + TwinSearch.literal(definition) + ")";
    }

}
