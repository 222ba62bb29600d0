package org.dayuan.simulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The dispatch order (派车单, {@code dayuan:TripOrder:1.0.0}) the simulator places for an ordered trip, as a
 * dispatcher would leave it: state {@code dispatched}, under the car's organisation, the planned window around the
 * trip, one log entry. Its thingId follows from the car and the departure, so placing it again after a restart finds
 * the same twin.
 */
public final class TripOrders {
    public static final String DEFINITION = "dayuan:TripOrder:1.0.0";
    /** Who the simulator's orders are requested and dispatched by. */
    public static final String BY = "simulator";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final List<String> DRIVERS = List.of("张建国", "李卫东", "王志强", "陈国平", "刘海军", "周明");

    private TripOrders() {
    }

    /** {@code <namespace>:trip-<vehicle name>-<yyyyMMdd-HHmm of departure>}. */
    public static String thingId(FleetPlan.Trip trip) {
        SimVehicle v = trip.vehicle();
        return v.namespace() + ":trip-" + v.name() + "-" + local(trip.depart()).format(ID_TIME);
    }

    /** The twin to create, placed at {@code at}. */
    public static ObjectNode twin(FleetPlan.Trip trip, Instant at) {
        SimVehicle v = trip.vehicle();
        ObjectNode thing = JSON.createObjectNode();
        thing.put("definition", DEFINITION);
        ObjectNode a = thing.putObject("attributes");
        a.put("name", "派车单 " + local(trip.plannedStart()).format(NAME_TIME) + " " + v.plate() + " → "
                + trip.place().name());
        a.put("parent", v.organisation());
        a.put("organisation", v.organisation());
        a.put("requester", BY);
        a.put("purpose", trip.place().purpose());
        a.put("passengers", 1 + Math.floorMod(trip.depart().getEpochSecond(), 3));
        ObjectNode d = a.putObject("destination");
        d.put("name", trip.place().name());
        d.put("lat", round6(trip.lat()));
        d.put("lon", round6(trip.lon()));
        a.put("plannedStart", timestamp(trip.plannedStart()));
        a.put("plannedEnd", timestamp(trip.plannedEnd()));
        a.put("state", "dispatched");
        a.put("vehicle", v.thingId());
        a.put("driver", DRIVERS.get(Math.floorMod(v.thingId().hashCode(), DRIVERS.size())));
        ObjectNode entry = a.putArray("log").addObject();
        entry.put("action", "dispatch");
        entry.put("by", BY);
        entry.put("at", timestamp(at));
        entry.put("comment", "模拟派车");
        return thing;
    }

    static String timestamp(Instant t) {
        return SimulatorConstants.TIMESTAMP_FORMAT.format(OffsetDateTime.ofInstant(t, SimulatorConstants.ZONE));
    }

    private static java.time.LocalDateTime local(Instant t) {
        return java.time.LocalDateTime.ofInstant(t, SimulatorConstants.ZONE);
    }

    private static double round6(double d) {
        return Math.round(d * 1e6) / 1e6;
    }
}
