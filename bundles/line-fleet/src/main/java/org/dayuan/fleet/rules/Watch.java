package org.dayuan.fleet.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.Alarms;
import org.dayuan.fleet.track.Track;
import org.dayuan.fleet.track.TrackPoint;
import org.dayuan.fleet.track.Tracks;
import org.dayuan.fleet.trips.Trip;
import org.dayuan.fleet.trips.TripIndex;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the rules to and from the platform: keeps each vehicle's state from its location reports, asks the rules
 * after every report, trip order change and timer tick, and sends the alarm service the edges only (raise when a
 * finding appears, with the track of the span it held as evidence; normal when it goes). Not thread-safe: the
 * component calls it from one thread.
 */
final class Watch {
    static final String VEHICLE = "dayuan:Vehicle:1.0.0";
    static final String LINE = "fleet";
    private static final Logger LOG = LoggerFactory.getLogger(Watch.class);
    private static final JsonPointer ANCHOR = JsonPointer.parse("/attributes/geometry/anchor");
    /** Evidence reaches back at most this far: a condition held for days is shown by its last day. */
    private static final Duration EVIDENCE_SPAN = Duration.ofHours(24);
    private static final int PARENT_DEPTH = 5;

    private final Caller identity;
    private final TwinRegistry registry;
    private final TwinSearch search;
    private final Tracks tracks;
    private final TripIndex trips;
    private final Alarms alarms;
    private final Rules rules;
    private final TripEndRules tripEnd;
    private final Clock clock;
    private final Map<TwinId, VehicleState> vehicles = new HashMap<>();
    /** The conditions raised at the alarm service and not yet reported normal, per vehicle. */
    private final Map<TwinId, Set<String>> raised = new HashMap<>();
    /** Trips already judged at their return, so a later edit of a returned order is not judged again. */
    private final Set<TwinId> judgedTrips = new HashSet<>();
    private Instant lastTick;

    Watch(Caller identity, TwinRegistry registry, TwinSearch search, Tracks tracks, TripIndex trips, Alarms alarms,
          Settings settings, Clock clock) {
        this.identity = identity;
        this.registry = registry;
        this.search = search;
        this.tracks = tracks;
        this.trips = trips;
        this.alarms = alarms;
        this.rules = new Rules(settings);
        this.tripEnd = new TripEndRules(settings);
        this.clock = clock;
    }

    /**
     * Reads back the line's open, active alarms and every vehicle's last position, then judges every vehicle once:
     * a condition that lasted through a restart is not raised again, one that went meanwhile is reported normal. A
     * car whose movement alarms were active is taken to be still out on the road since its last report.
     */
    void start() {
        raised.clear();
        vehicles.clear();
        for (Twin alarm : alarms.openAlarms(identity, LINE + ".")) {
            JsonNode a = alarm.toJson().path(Twin.ATTRIBUTES);
            if (a.path("active").asBoolean(false) && a.path("source").isTextual()) {
                raised.computeIfAbsent(TwinId.of(a.path("source").asText()), k -> new HashSet<>())
                        .add(a.path("type").asText());
            }
        }
        Instant now = clock.instant();
        lastTick = now;
        for (Twin twin : search.all(identity, "eq(definition," + TwinSearch.literal(VEHICLE) + ")")) {
            VehicleState v = state(twin);
            Set<String> up = raised.getOrDefault(twin.id(), Set.of());
            twin.get(Tracks.LOCATION).ifPresent(location -> TrackPoint.of(location).ifPresent(p -> {
                v.observe(p, location.path("online").asBoolean(true), location.path("alarm").asLong(0), now,
                        rules.settings());
                if (up.contains(Rules.NO_ORDER) || up.contains(Rules.OFF_HOURS)) {
                    v.movingSince = p.at();
                }
                if (up.contains(Rules.SPEEDING)) {
                    v.overSince = p.at().minus(rules.settings().speedingFor());
                }
            }));
            if (up.contains(Rules.NIGHT)) {
                v.awayAtNight = now;
            }
        }
        for (VehicleState v : vehicles.values()) {
            reconcile(v, rules.judge(v, orders(v.id, Optional.empty()), now), now);
        }
        // alarms of vehicles the line no longer sees (deleted, or out of its grant)
        for (TwinId gone : List.copyOf(raised.keySet())) {
            if (!vehicles.containsKey(gone)) {
                reconcile(new VehicleState(gone), List.of(), now);
            }
        }
    }

    void onEvent(TwinEvent event, Optional<Twin> after) {
        if (after.isEmpty()) {
            if (event.deletesTwin()) {
                vehicles.remove(event.thingId());
                raised.remove(event.thingId()); // the alarm service deletes a twin's alarms with it
            }
            return;
        }
        Twin twin = after.get();
        if (twin.definition().filter(VEHICLE::equals).isPresent()) {
            if (Tracks.touchesLocation(event.path())) {
                JsonNode late = backfilled(event);
                if (late.isEmpty()) {
                    report(twin, clock.instant());
                } else {
                    // late reports (a blind-area upload) are judged as of when they were measured, like live ones
                    late.forEach(p -> report(twin, p, clock.instant()));
                }
            }
        } else {
            Trip.of(twin).ifPresent(trip -> tripChanged(trip, event));
        }
    }

    private void report(Twin twin, Instant heard) {
        report(twin, twin.get(Tracks.LOCATION).orElse(null), heard);
    }

    private void report(Twin twin, JsonNode location, Instant heard) {
        VehicleState v = state(twin);
        Optional<TrackPoint> point = TrackPoint.of(location);
        if (point.isEmpty()) {
            return;
        }
        if (v.observe(point.get(), location.path("online").asBoolean(true), location.path("alarm").asLong(0),
                heard, rules.settings())) {
            reconcile(v, rules.judge(v, orders(v.id, Optional.empty()), clock.instant()), point.get().at());
        }
    }

    private void tripChanged(Trip trip, TwinEvent event) {
        if (trip.vehicle().isEmpty()) {
            return;
        }
        VehicleState v = vehicles.get(trip.vehicle().get());
        if (Trip.RETURNED.equals(trip.state()) && setsState(event) && judgedTrips.add(trip.id())) {
            Instant from = trip.actualStart().orElse(trip.plannedStart());
            Instant to = trip.actualEnd().orElse(event.timestamp());
            if (to.isAfter(from)) {
                Track track = tracks.read(identity, trip.vehicle().get(), from, to.plusMillis(1));
                for (Finding f : tripEnd.judge(trip, track, v == null ? "" : v.energyType)) {
                    raise(f);
                    normal(f.vehicle(), f.type(), f.at());
                }
            }
        }
        if (v != null) {
            // an order that appears allows the car at once; one that ends leaves it without
            reconcile(v, rules.judge(v, orders(v.id, Optional.of(trip)), clock.instant()),
                    v.last != null ? v.last.at() : clock.instant());
        }
    }

    /**
     * The wall-clock rules, run every minute: silent terminals, and once the local night time has passed since the
     * last tick, the nightly check (every car away from home and not on an order is found). A tick after the line was
     * down over the night time still runs the check it missed.
     */
    void tick() {
        Instant now = clock.instant();
        Instant night = FleetRules.next(lastTick, rules.settings().nightTime(), rules.settings().zone());
        boolean nightCheck = !night.isAfter(now);
        lastTick = now;
        for (VehicleState v : vehicles.values()) {
            Function<Instant, Optional<Trip>> orders = orders(v.id, Optional.empty());
            if (nightCheck) {
                rules.nightCheck(v, orders, now);
            }
            reconcile(v, rules.judge(v, orders, now), now);
        }
    }

    /** Whether the vehicle {@code id} has the condition {@code type} raised and not yet reported normal. */
    boolean raised(TwinId id, String type) {
        return raised.getOrDefault(id, Set.of()).contains(type);
    }

    /** The order allowing the car at an instant, with {@code fresh} (just changed) in place of its older revision. */
    private Function<Instant, Optional<Trip>> orders(TwinId vehicle, Optional<Trip> fresh) {
        return at -> Stream.concat(fresh.filter(t -> t.vehicle().filter(vehicle::equals).isPresent()).stream(),
                        trips.of(vehicle).stream().filter(t -> fresh.map(f -> !f.id().equals(t.id())).orElse(true)))
                .filter(t -> t.allows(at, rules.settings().orderGrace())).findFirst();
    }

    private VehicleState state(Twin twin) {
        VehicleState v = vehicles.computeIfAbsent(twin.id(), VehicleState::new);
        JsonNode a = twin.toJson().path(Twin.ATTRIBUTES);
        v.energyType = a.path("energyType").asText("");
        if (v.home.isEmpty()) {
            v.home = home(twin);
        }
        return v;
    }

    /** The anchor of the nearest ancestor that has one: the campus the car belongs to. */
    private Optional<Geo.Point> home(Twin twin) {
        Optional<Twin> at = Optional.of(twin);
        for (int i = 0; i < PARENT_DEPTH && at.isPresent(); i++) {
            Optional<JsonNode> anchor = at.get().get(ANCHOR);
            if (anchor.isPresent() && anchor.get().path("lat").isNumber() && anchor.get().path("lon").isNumber()) {
                return Optional.of(new Geo.Point(anchor.get().path("lat").asDouble(),
                        anchor.get().path("lon").asDouble()));
            }
            at = at.get().parent().flatMap(p -> {
                try {
                    return registry.get(identity, TwinId.of(p));
                } catch (DayuanException e) {
                    return Optional.empty();
                }
            });
        }
        return Optional.empty();
    }

    private void reconcile(VehicleState v, List<Finding> findings, Instant at) {
        Map<String, Finding> wanted = new LinkedHashMap<>();
        findings.forEach(f -> wanted.putIfAbsent(f.type(), f));
        Set<String> up = raised.getOrDefault(v.id, Set.of());
        wanted.values().stream().filter(f -> !up.contains(f.type())).forEach(this::raise);
        for (String type : List.copyOf(up)) {
            if (Rules.LEVEL.contains(type) && !wanted.containsKey(type)) {
                normal(v.id, type, at);
            }
        }
    }

    private void raise(Finding f) {
        try {
            Instant from = f.since().isBefore(f.at().minus(EVIDENCE_SPAN)) ? f.at().minus(EVIDENCE_SPAN) : f.since();
            Track track = tracks.read(identity, f.vehicle(), from, f.at().plusMillis(1));
            f.details().set("track", track.toGeoJson(rules.settings().evidencePoints()));
            Twin alarm = alarms.raise(identity, new AlarmCondition(f.vehicle(), f.type(), LINE, f.severity(),
                    f.name(), f.message(), f.at(), f.details()));
            raised.computeIfAbsent(f.vehicle(), k -> new HashSet<>()).add(f.type());
            LOG.info("Fleet alarm raised: {} {} {}", alarm.id(), f.vehicle(), f.message());
        } catch (DayuanException e) {
            if (ErrorCode.THING_NOT_FOUND.equals(e.errorCode())) {
                LOG.info("Fleet alarm {} on {} not raised: the vehicle is gone", f.type(), f.vehicle());
            } else {
                LOG.warn("Fleet alarm {} on {} not raised: {}", f.type(), f.vehicle(), e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("Fleet alarm {} on {} not raised: {}", f.type(), f.vehicle(), e.getMessage(), e);
        }
    }

    private void normal(TwinId vehicle, String type, Instant at) {
        try {
            alarms.normal(identity, vehicle, type, at).ifPresent(a -> LOG.info("Fleet alarm back to normal: {}",
                    a.id()));
            forget(vehicle, type);
        } catch (DayuanException e) {
            if (ErrorCode.THING_NOT_FOUND.equals(e.errorCode())) {
                forget(vehicle, type);
            } else {
                LOG.warn("Fleet alarm {} on {} not reported normal: {}", type, vehicle, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("Fleet alarm {} on {} not reported normal: {}", type, vehicle, e.getMessage(), e);
        }
    }

    private void forget(TwinId vehicle, String type) {
        Set<String> up = raised.get(vehicle);
        if (up != null) {
            up.remove(type);
            if (up.isEmpty()) {
                raised.remove(vehicle);
            }
        }
    }

    /** A change at or above {@code features/location}, or inside it. */
    /**
     * The points an event wrote under {@code backfill} (the gateway's place for reports older than the current
     * position: {@code {receivedAt, points: [...]}}), empty when it wrote none.
     */
    static JsonNode backfilled(TwinEvent event) {
        JsonPointer points = Tracks.LOCATION.append(Tracks.BACKFILL).append("points");
        if (event.value() == null || !event.path().isPrefixOf(points)) {
            return MissingNode.getInstance();
        }
        JsonNode value = event.value();
        for (int i = event.path().size(); i < points.size(); i++) {
            value = value.path(points.get(i));
        }
        return value.isArray() ? value : MissingNode.getInstance();
    }

    /** Whether the event wrote the order's state (not some later edit of a returned order). */
    static boolean setsState(TwinEvent event) {
        String p = event.path().toString();
        JsonNode v = event.value();
        if (v == null) {
            return false;
        }
        return switch (p) {
            case "" -> v.path(Twin.ATTRIBUTES).has("state");
            case "/attributes" -> v.has("state");
            case "/attributes/state" -> true;
            default -> false;
        };
    }
}
