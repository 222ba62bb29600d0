package org.dayuan.fleet.track;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One position of a vehicle as its terminal measured it: {@code at} is the terminal's time (the location's
 * {@code timestamp}), not when the registry stored it, because late and batched reports arrive out of order.
 */
public record TrackPoint(Instant at, double lat, double lon, double speed, boolean acc, OptionalDouble odometer,
                         OptionalDouble fuel) {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    /**
     * The point a location object ({@code features/location/properties}, or a backfilled report of the same shape)
     * describes; empty when it lacks a position or a parseable timestamp.
     */
    public static Optional<TrackPoint> of(JsonNode location) {
        if (location == null || !location.path("lat").isNumber() || !location.path("lon").isNumber()) {
            return Optional.empty();
        }
        Optional<Instant> at = instant(location.path("timestamp"));
        if (at.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TrackPoint(at.get(), location.path("lat").asDouble(), location.path("lon").asDouble(),
                location.path("speed").asDouble(0), location.path("acc").asBoolean(false),
                number(location, "odometer"), number(location, "fuel")));
    }

    /** An RFC 3339 time with its offset, as the fleet's twins hold them; empty when absent or malformed. */
    public static Optional<Instant> instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(node.asText()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static OptionalDouble number(JsonNode location, String field) {
        JsonNode value = location.path(field);
        return value.isNumber() ? OptionalDouble.of(value.asDouble()) : OptionalDouble.empty();
    }

    /** Great-circle distance in kilometres (haversine: exact enough for a car between two reports). */
    public double kmTo(TrackPoint other) {
        return km(lat, lon, other.lat, other.lon);
    }

    static double km(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
