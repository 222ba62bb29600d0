package org.dayuan.fleet.trips;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.fleet.track.Track;
import org.dayuan.fleet.track.Tracks;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;

/**
 * Trip orders as twins: carries {@link TripOrders}' decisions to the registry as the caller, so the audit trail
 * names who took each step. A step is judged on the order as read and written only if the order is still at that
 * revision (checked inside the registry's write lock); one that lost the race is judged again on the order as it is
 * now, so of two approvals at once one passes and the other is refused as an illegal step.
 */
public final class TripStore {
    private static final ErrorCode CHANGED = new ErrorCode("fleet:trip.changed", 409,
            "The trip order kept changing while the step was written; try the step again.");
    private static final int ATTEMPTS = 5;
    private static final JsonPointer ATTRIBUTES = JsonPointer.of(Twin.ATTRIBUTES);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final TwinRegistry registry;
    private final TwinSearch search;
    private final Tracks tracks;
    private final TripOrders orders;
    private final int returnTrackPoints;
    /** Dispatches of one car are checked and written one at a time, so two orders cannot both take it. */
    private final Map<TwinId, Object> vehicleLocks = new ConcurrentHashMap<>();

    public TripStore(TwinRegistry registry, TwinSearch search, Tracks tracks, TripOrders orders,
                     int returnTrackPoints) {
        this.registry = registry;
        this.search = search;
        this.tracks = tracks;
        this.orders = orders;
        this.returnTrackPoints = returnTrackPoints;
    }

    /**
     * Requests a car as {@code caller}: the order lives under the organisation's twin, in its namespace, as
     * {@code <ns>:trip-<yyyyMMdd of plannedStart>-<random>}. An organisation the caller cannot see: 404.
     */
    public Twin create(Caller caller, JsonNode body, Instant now) {
        TripOrders.requireRole(caller, TripOrders.REQUEST);
        ObjectNode thing = orders.request(body, caller.subject(), now);
        TwinId organisation = TripOrders.organisation(body);
        if (registry.get(caller, organisation).isEmpty()) {
            throw ErrorCode.THING_NOT_FOUND.exception("There is no organisation " + organisation
                    + " to request a car for.");
        }
        String day = OffsetDateTime.parse(thing.path(Twin.ATTRIBUTES).path("plannedStart").asText()).format(DAY);
        TwinId id = TwinId.of(organisation.namespace() + ":trip-" + day + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        return registry.create(caller, id, thing);
    }

    /** Takes {@code action} ({@link TripOrders#ACTIONS}) on order {@code id} as {@code caller}. */
    public Twin step(Caller caller, TwinId id, String action, JsonNode body, Instant now) {
        if (!TripOrders.ACTIONS.contains(action)) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("There is no trip step '" + action + "'.");
        }
        TripOrders.requireRole(caller, action);
        if (TripOrders.DISPATCH.equals(action)) {
            Twin order = find(caller, id);
            ObjectNode patch = orders.step(order, action, body, caller.subject(), now); // refuses a bad body first
            TwinId vehicle = TwinId.of(patch.path("vehicle").asText());
            if (registry.get(caller, vehicle).filter(v -> v.definition().filter(d -> d.startsWith("dayuan:Vehicle:"))
                    .isPresent()).isEmpty()) {
                throw ErrorCode.THING_NOT_FOUND.exception("There is no vehicle " + vehicle + " to dispatch.");
            }
            synchronized (vehicleLocks.computeIfAbsent(vehicle, v -> new Object())) {
                requireFree(caller, vehicle, Trip.of(order).orElseThrow(), now);
                return write(caller, id, action, body, now, Optional.empty());
            }
        }
        return write(caller, id, action, body, now, Optional.empty());
    }

    /**
     * Starts dispatched order {@code id} for the line itself, at {@code at} (the terminal time of the report that
     * showed the car moving). Empty when the order is no longer dispatched (started meanwhile, by hand or by an
     * earlier report).
     */
    public Optional<Twin> startByReport(TwinId id, Instant at, String why) {
        Caller line = registry.identity();
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("comment", why);
        try {
            return Optional.of(write(line, id, TripOrders.START, body, at, Optional.of(at)));
        } catch (DayuanException e) {
            if (TripOrders.ILLEGAL_STEP.equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Twin write(Caller caller, TwinId id, String action, JsonNode body, Instant now,
                       Optional<Instant> startedAt) {
        for (int attempt = 1; ; attempt++) {
            Twin order = find(caller, id);
            ObjectNode patch = orders.step(order, action, body, caller.subject(), now);
            if (TripOrders.START.equals(action)) {
                patch.putObject("actual").put("start", startedAt.orElse(now).toString());
            } else if (TripOrders.RETURN.equals(action)) {
                patch.set("actual", actual(Trip.of(order).orElseThrow(), now));
            }
            long revision = order.revision();
            try {
                return registry.merge(caller, id, ATTRIBUTES, patch, (twin, value) -> {
                    if (twin.isEmpty() || twin.get().revision() != revision) {
                        throw CHANGED.exception("The trip order " + id + " changed while '" + action
                                + "' was written.");
                    }
                }).twin().orElseThrow();
            } catch (DayuanException e) {
                if (!CHANGED.equals(e.errorCode()) || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * What the trip was: from its start to {@code end}, km by odometer (by the track when the terminal reports no
     * mileage), minutes and the track. Read as the line: the order's record does not depend on who returns it.
     */
    private ObjectNode actual(Trip trip, Instant end) {
        Instant start = trip.actualStart().orElse(trip.plannedStart());
        ObjectNode actual = JsonNodeFactory.instance.objectNode();
        actual.put("start", start.toString()).put("end", end.toString());
        actual.put("minutes", Math.round(Duration.between(start, end).toSeconds() / 6.0) / 10.0);
        if (trip.vehicle().isPresent() && end.isAfter(start)) {
            Track track = tracks.read(registry.identity(), trip.vehicle().get(), start, end.plusMillis(1));
            double km = track.odometerKm().orElse(track.km());
            actual.put("km", Math.round(km * 10) / 10.0);
            actual.set("track", track.toGeoJson(returnTrackPoints));
        } else {
            actual.put("km", 0.0);
        }
        return actual;
    }

    /**
     * Refuses a dispatch of {@code vehicle} while another active order (any organisation's: the car cannot be in two
     * places) holds it in an overlapping window. A running order holds the car at least until now.
     */
    private void requireFree(Caller caller, TwinId vehicle, Trip order, Instant now) {
        String filter = "and(eq(definition," + TwinSearch.literal(Trip.MODEL) + "),eq(attributes/vehicle,"
                + TwinSearch.literal(vehicle.toString()) + "),in(attributes/state,"
                + TwinSearch.literal(Trip.DISPATCHED) + "," + TwinSearch.literal(Trip.ON_TRIP) + "))";
        for (Twin t : search.all(registry.identity(), filter)) {
            Optional<Trip> other = Trip.of(t).filter(o -> !o.id().equals(order.id()));
            if (other.isEmpty()) {
                continue;
            }
            Instant otherEnd = Trip.ON_TRIP.equals(other.get().state()) && now.isAfter(other.get().plannedEnd())
                    ? now : other.get().plannedEnd();
            if (other.get().plannedStart().isBefore(order.plannedEnd()) && order.plannedStart().isBefore(otherEnd)) {
                String which = caller.sees(other.get().id()) ? "order " + other.get().id() : "another order";
                throw TripOrders.VEHICLE_BUSY.exception("The vehicle " + vehicle + " is " + other.get().state()
                        + " on " + which + " from " + other.get().plannedStart() + " to " + otherEnd
                        + ", which overlaps " + order.plannedStart() + " to " + order.plannedEnd() + ".");
            }
        }
    }

    /** The line's own identity, as which it starts orders and reads the tracks they record. */
    public Caller identity() {
        return registry.identity();
    }

    public Twin find(Caller caller, TwinId id) {
        return registry.get(caller, id).filter(TripOrders::isOrder)
                .orElseThrow(() -> ErrorCode.THING_NOT_FOUND.exception("There is no trip order " + id + "."));
    }

    /** The orders {@code caller} sees, by planned start, optionally of one state, vehicle and organisation. */
    public List<Twin> list(Caller caller, Optional<String> state, Optional<String> vehicle,
                           Optional<String> organisation) {
        List<String> terms = new ArrayList<>(List.of("eq(definition," + TwinSearch.literal(Trip.MODEL) + ")"));
        state.ifPresent(s -> terms.add("eq(attributes/state," + TwinSearch.literal(s) + ")"));
        vehicle.ifPresent(v -> terms.add("eq(attributes/vehicle," + TwinSearch.literal(v) + ")"));
        organisation.ifPresent(o -> terms.add("eq(attributes/organisation," + TwinSearch.literal(o) + ")"));
        return search.all(caller, "and(" + String.join(",", terms) + ")").stream()
                .sorted(Comparator.comparing((Twin t) -> Trip.of(t).map(Trip::plannedStart).orElse(Instant.MIN))
                        .thenComparing(t -> t.id().toString()))
                .toList();
    }
}
