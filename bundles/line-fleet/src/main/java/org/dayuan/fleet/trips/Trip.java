package org.dayuan.fleet.trips;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.fleet.track.TrackPoint;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * What the line needs of a trip order ({@code dayuan:TripOrder:1.0.0}, attributes only): who, which car, when and
 * where it was allowed to go, and where it stands.
 */
public record Trip(TwinId id, long revision, String organisation, Optional<TwinId> vehicle, String state,
                   Instant plannedStart, Instant plannedEnd, Optional<Place> origin, Optional<Place> destination,
                   OptionalDouble corridorMeters, Optional<Instant> actualStart, Optional<Instant> actualEnd) {
    public static final String MODEL = "dayuan:TripOrder:1.0.0";
    public static final String REQUESTED = "requested";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String DISPATCHED = "dispatched";
    public static final String ON_TRIP = "onTrip";
    public static final String RETURNED = "returned";
    public static final String CLOSED = "closed";
    public static final String CANCELLED = "cancelled";
    /** The states in which a car is out on the order's authority. */
    public static final Set<String> ACTIVE = Set.of(DISPATCHED, ON_TRIP);

    /** A named WGS84 position. */
    public record Place(String name, double lat, double lon) {
        static Optional<Place> of(JsonNode node) {
            if (!node.path("lat").isNumber() || !node.path("lon").isNumber()) {
                return Optional.empty();
            }
            return Optional.of(new Place(node.path("name").asText(""), node.path("lat").asDouble(),
                    node.path("lon").asDouble()));
        }
    }

    /** The trip order {@code twin} holds; empty for any other twin or one whose window does not parse. */
    public static Optional<Trip> of(Twin twin) {
        if (!twin.definition().filter(MODEL::equals).isPresent()) {
            return Optional.empty();
        }
        JsonNode a = twin.toJson().path(Twin.ATTRIBUTES);
        Optional<Instant> start = TrackPoint.instant(a.path("plannedStart"));
        Optional<Instant> end = TrackPoint.instant(a.path("plannedEnd"));
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        Optional<TwinId> vehicle = id(a.path("vehicle"));
        JsonNode corridor = a.path("corridorMeters");
        return Optional.of(new Trip(twin.id(), twin.revision(), a.path("organisation").asText(""), vehicle,
                a.path("state").asText(""), start.get(), end.get(), Place.of(a.path("origin")),
                Place.of(a.path("destination")),
                corridor.isNumber() ? OptionalDouble.of(corridor.asDouble()) : OptionalDouble.empty(),
                TrackPoint.instant(a.path("actual").path("start")), TrackPoint.instant(a.path("actual").path("end"))));
    }

    public boolean active() {
        return ACTIVE.contains(state);
    }

    /**
     * Whether a car on this order may be moving at {@code at}: the order is active and {@code at} lies in its planned
     * window widened by {@code grace} on both sides, or the trip has started and has not ended.
     */
    public boolean allows(Instant at, Duration grace) {
        if (!active()) {
            return false;
        }
        boolean planned = !at.isBefore(plannedStart.minus(grace)) && !at.isAfter(plannedEnd.plus(grace));
        boolean under = ON_TRIP.equals(state) && actualStart.filter(s -> !at.isBefore(s)).isPresent();
        return planned || under;
    }

    private static Optional<TwinId> id(JsonNode node) {
        if (!node.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TwinId.of(node.asText()));
        } catch (DayuanException malformed) {
            return Optional.empty();
        }
    }

}
