package org.dayuan.fleet.gateway;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.fleet.track.TrackPoint;
import org.dayuan.jtt808.Location;
import org.dayuan.jtt808.LocationItem;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.WriteCondition;

/**
 * Writes location reports onto a vehicle's feature {@code location} ({@code dayuan:Location:1.0.0}).
 *
 * <p>A point newer than the twin's {@code timestamp} becomes the current position: one merge per point, in time
 * order, so the twin's history holds every point of a batch as a track. A point at the twin's own {@code timestamp}
 * is a resend and changes nothing. A point older than it (a blind-area batch arriving after newer live reports, a
 * report delayed in the network) must not move the vehicle back, so it goes to {@code backfill} instead:
 * {@code {"receivedAt": ..., "points": [{timestamp, lat, lon, speed, heading, altitude, ...}, ...]}}, written once per
 * message with that message's late points, oldest first. The current position stays; the history of
 * {@code /features/location/properties/backfill} holds every late point, so a track reads the current position's
 * history and the backfill's together and sorts them by {@code timestamp}.
 */
final class LocationWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonPointer PROPERTIES = JsonPointer.of(Twin.FEATURES, FleetGateway.LOCATION,
            Twin.PROPERTIES);

    private final TwinRegistry registry;
    private final ZoneId zone;

    LocationWriter(TwinRegistry registry, ZoneId zone) {
        this.registry = registry;
        this.zone = zone;
    }

    /** Applies points given in time order. */
    void write(TwinId vehicle, List<Location> points, Instant now) {
        Caller me = registry.identity();
        Twin twin = registry.get(me, vehicle).orElseThrow(() -> new IllegalStateException("vehicle " + vehicle
                + " is gone"));
        Instant last = twin.get(PROPERTIES.append("timestamp")).flatMap(TrackPoint::instant).orElse(null);
        boolean online = twin.get(PROPERTIES.append("online")).map(JsonNode::asBoolean).orElse(false);
        List<ObjectNode> late = new ArrayList<>();
        for (Location l : points) {
            ObjectNode props = properties(l);
            Instant t = l.time().atZone(zone).toInstant();
            if (last == null || t.isAfter(last)) {
                props.put("online", true);
                merge(me, vehicle, props);
                last = t;
                online = true;
            } else if (t.isBefore(last)) {
                late.add(props);
            }
        }
        if (!late.isEmpty()) {
            ObjectNode backfill = NODES.objectNode().put("receivedAt", iso(now.atZone(zone).toOffsetDateTime()));
            backfill.putArray("points").addAll(late);
            ObjectNode props = NODES.objectNode().set("backfill", backfill);
            if (!online && last != null) {
                props.put("online", true);
            }
            merge(me, vehicle, props);
        } else if (!online && last != null) {
            merge(me, vehicle, NODES.objectNode().put("online", true));
        }
    }

    /** Marks the vehicle online when it has a position (a location without one would not be a valid feature). */
    void online(TwinId vehicle) {
        setOnline(vehicle, true);
    }

    void offline(TwinId vehicle) {
        if (vehicle != null) {
            setOnline(vehicle, false);
        }
    }

    private void setOnline(TwinId vehicle, boolean value) {
        Caller me = registry.identity();
        Optional<Twin> twin = registry.get(me, vehicle);
        if (twin.isEmpty() || twin.get().get(PROPERTIES.append("timestamp")).isEmpty()) {
            return;
        }
        boolean now = twin.get().get(PROPERTIES.append("online")).map(JsonNode::asBoolean).orElse(!value);
        if (now != value) {
            merge(me, vehicle, NODES.objectNode().put("online", value));
        }
    }

    private void merge(Caller me, TwinId vehicle, ObjectNode properties) {
        // At the properties, not the root: a merge of a whole twin takes the registry's tree lock through its
        // commit, which serialized every report of every car (under 1,000/s). The line writes as an integrator,
        // whose merge creates the feature when a car has none yet.
        registry.merge(me, vehicle, PROPERTIES, properties, WriteCondition.NONE);
    }

    /** The properties of one report, in the units of the Location model. */
    ObjectNode properties(Location l) {
        ObjectNode p = NODES.objectNode()
                .put("lat", l.lat())
                .put("lon", l.lon())
                .put("speed", l.speedKmh())
                .put("heading", l.heading())
                .put("acc", l.acc())
                .put("altitude", l.altitude())
                .put("alarm", l.alarm());
        l.item(LocationItem.MILEAGE).ifPresent(v -> p.put("odometer", v / 10.0));
        l.item(LocationItem.FUEL).ifPresent(v -> p.put("fuel", v / 10.0));
        l.item(LocationItem.SOC).ifPresent(v -> p.put("soc", (int) v));
        p.put("timestamp", iso(l.time().atZone(zone).toOffsetDateTime()));
        return p;
    }

    /** RFC 3339 with the seconds always written (OffsetDateTime.toString leaves out ":00"). */
    static String iso(OffsetDateTime t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }

}
