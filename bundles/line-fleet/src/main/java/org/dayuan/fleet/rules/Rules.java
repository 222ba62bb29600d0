package org.dayuan.fleet.rules;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.Severity;
import org.dayuan.fleet.track.TrackPoint;
import org.dayuan.fleet.trips.Trip;

/**
 * The level-triggered misuse rules: from a vehicle's state (its last report and how long each condition has held),
 * the trip orders allowing it and the settings, the conditions that hold now. The caller raises the ones that
 * appear and reports normal the ones that go.
 *
 * <p>Severities: being out without an order or off hours, and leaving the county, are major (the misuse itself);
 * leaving the route, not home at night, speeding, a silent terminal and abnormal fuel use are warnings, each of
 * which has innocent explanations a person should check.
 */
final class Rules {
    static final String NO_ORDER = "fleet.no-order";
    static final String OFF_HOURS = "fleet.off-hours";
    static final String AREA = "fleet.area";
    static final String ROUTE = "fleet.route";
    static final String NIGHT = "fleet.night";
    static final String SPEEDING = "fleet.speeding";
    static final String OFFLINE = "fleet.offline";
    static final String FUEL = "fleet.fuel";
    /** The types judged from a vehicle's state; fuel and a missed destination are judged when a trip returns. */
    static final Set<String> LEVEL = Set.of(NO_ORDER, OFF_HOURS, AREA, ROUTE, NIGHT, SPEEDING, OFFLINE);
    /** JT/T 808 alarm flag bit 1: the terminal's own overspeed alarm. */
    static final long OVERSPEED_FLAG = 1L << 1;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Settings s;

    Rules(Settings settings) {
        this.s = settings;
    }

    Settings settings() {
        return s;
    }

    /**
     * The conditions holding for {@code v} as of its last report (terminal time) and, for the wall-clock rules
     * (offline, night), as of {@code now}; {@code orders} answers the order allowing the car at an instant.
     */
    List<Finding> judge(VehicleState v, Function<Instant, Optional<Trip>> orders, Instant now) {
        List<Finding> out = new ArrayList<>();
        TrackPoint p = v.last;
        if (p != null) {
            Optional<Trip> order = orders.apply(p.at());
            if (order.isPresent()) {
                v.awayAtNight = null;
            }
            if (v.moving() && order.isEmpty()) {
                if (s.noOrder()) {
                    finding(out, v, NO_ORDER, Severity.MAJOR, "无单出车", String.format(Locale.ROOT,
                            "无单出车 / moving without a trip order since %s, %.0f km/h now", local(v.movingSince),
                            p.speed()), v.movingSince, p).put("speedKmh", p.speed())
                            .put("movingSince", v.movingSince.toString());
                }
                LocalDateTime at = LocalDateTime.ofInstant(p.at(), s.zone());
                if (s.offHours() && !s.calendar().onDuty(at)) {
                    String why = offDutyReason(at);
                    finding(out, v, OFF_HOURS, Severity.MAJOR, "非工作时间用车", "非工作时间用车 / moving " + why
                            + " at " + local(p.at()) + " without an order covering it", v.movingSince, p)
                            .put("reason", why).put("localTime", at.toString())
                            .put("dutyHours", s.calendar().start() + "-" + s.calendar().end())
                            .put("speedKmh", p.speed());
                }
            }
            area(v, p, out);
            route(v, p, order, out);
            speeding(v, p, out);
        }
        offline(v, now, out);
        night(v, orders, now, out);
        return out;
    }

    private void area(VehicleState v, TrackPoint p, List<Finding> out) {
        if (!s.area() || s.polygon().isEmpty() || Geo.inside(new Geo.Point(p.lat(), p.lon()), s.polygon())) {
            v.outsideSince = null;
            return;
        }
        v.outsideSince = v.outsideSince == null ? p.at() : v.outsideSince;
        finding(out, v, AREA, Severity.MAJOR, "越界", "越界 / outside the allowed area since "
                + local(v.outsideSince), v.outsideSince, p).put("lat", p.lat()).put("lon", p.lon());
    }

    private void route(VehicleState v, TrackPoint p, Optional<Trip> order, List<Finding> out) {
        Optional<Trip> trip = order.filter(t -> s.route() && t.destination().isPresent());
        if (trip.isEmpty()) {
            v.offRouteSince = null;
            return;
        }
        Trip t = trip.get();
        Geo.Point destination = new Geo.Point(t.destination().get().lat(), t.destination().get().lon());
        Geo.Point origin = t.origin().map(o -> new Geo.Point(o.lat(), o.lon())).or(() -> v.home).orElse(destination);
        double corridor = t.corridorMeters().orElse(s.corridorMeters());
        // origin → destination → origin: both legs lie on the one segment
        double off = Geo.metresFromSegment(new Geo.Point(p.lat(), p.lon()), origin, destination);
        if (off <= corridor) {
            v.offRouteSince = null;
            return;
        }
        v.offRouteSince = v.offRouteSince == null ? p.at() : v.offRouteSince;
        finding(out, v, ROUTE, Severity.WARNING, "偏离路线", String.format(Locale.ROOT,
                "偏离路线 / %.0f m off the way to %s, corridor %.0f m (order %s)", off,
                t.destination().get().name(), corridor, t.id()), v.offRouteSince, p)
                .put("order", t.id().toString()).put("distanceMeters", Math.round(off))
                .put("corridorMeters", corridor);
    }

    private void speeding(VehicleState v, TrackPoint p, List<Finding> out) {
        if (!s.speeding()) {
            return;
        }
        boolean sustained = v.overSince != null
                && Duration.between(v.overSince, p.at()).compareTo(s.speedingFor()) >= 0;
        boolean flagged = s.speedingFlag() && (v.alarmFlags & OVERSPEED_FLAG) != 0;
        if (sustained || flagged) {
            Instant since = v.overSince != null ? v.overSince : p.at();
            finding(out, v, SPEEDING, Severity.WARNING, "超速", String.format(Locale.ROOT,
                    "超速 / %.0f km/h, limit %.0f km/h%s", Math.max(p.speed(), v.overSince != null ? v.maxSpeed : 0),
                    s.limitKmh(), flagged ? " (terminal overspeed alarm)" : ""), since, p)
                    .put("speedKmh", p.speed()).put("maxSpeedKmh", Math.max(p.speed(), v.maxSpeed))
                    .put("limitKmh", s.limitKmh()).put("seconds", Duration.between(since, p.at()).toSeconds())
                    .put("terminalAlarm", flagged);
        }
    }

    private void offline(VehicleState v, Instant now, List<Finding> out) {
        if (!s.offline()) {
            return;
        }
        boolean silent = v.heard != null && Duration.between(v.heard, now).compareTo(s.offlineAfter()) > 0;
        if (!v.online || silent) {
            String why = !v.online ? "the terminal reports offline" : "no report for "
                    + Duration.between(v.heard, now).toMinutes() + " min";
            Instant to = v.last != null ? v.last.at() : now;
            ObjectNode d = details(v, OFFLINE, Severity.WARNING, "终端离线", "终端离线 / " + why, to.minus(
                    Duration.ofHours(1)), to, out);
            d.put("reason", why).put("offlineMinutes", s.offlineAfter().toMinutes());
            if (v.heard != null) {
                d.put("lastHeard", v.heard.toString());
            }
            if (v.last != null) {
                d.put("lastReport", v.last.at().toString()).put("lat", v.last.lat()).put("lon", v.last.lon());
            }
        }
    }

    /**
     * The nightly check at {@code now}: a car away from home and not on an order is marked away; it stays found until
     * a report puts it home or an order allows it.
     */
    void nightCheck(VehicleState v, Function<Instant, Optional<Trip>> orders, Instant now) {
        if (!s.night() || v.home.isEmpty() || v.position().isEmpty()) {
            return;
        }
        double away = Geo.metres(v.home.get(), v.position().get());
        if (away > s.homeMeters() && orders.apply(now).isEmpty()) {
            v.awayAtNight = v.awayAtNight == null ? now : v.awayAtNight;
        }
    }

    private void night(VehicleState v, Function<Instant, Optional<Trip>> orders, Instant now, List<Finding> out) {
        if (v.awayAtNight == null) {
            return;
        }
        if (!s.night() || orders.apply(now).isPresent() || v.home.isEmpty() || v.position().isEmpty()) {
            v.awayAtNight = null;
            return;
        }
        double away = Geo.metres(v.home.get(), v.position().get());
        Instant to = v.last.at();
        Instant from = v.homeAt != null && v.homeAt.isBefore(to) ? v.homeAt : to.minus(Duration.ofHours(12));
        details(v, NIGHT, Severity.WARNING, "夜间未归", String.format(Locale.ROOT,
                "夜间未归 / %.0f m from home at the %s check", away, s.nightTime()), from, to, out)
                .put("distanceMeters", Math.round(away)).put("homeMeters", s.homeMeters())
                .put("checkedAt", v.awayAtNight.toString()).put("lat", v.last.lat()).put("lon", v.last.lon());
    }

    private String offDutyReason(LocalDateTime at) {
        if (s.calendar().holidays().contains(at.toLocalDate())
                && !s.calendar().workdays().contains(at.toLocalDate())) {
            return "on a public holiday";
        }
        if (!s.calendar().workingDay(at.toLocalDate())) {
            DayOfWeek d = at.getDayOfWeek();
            return "on a rest day (" + d.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ")";
        }
        return "outside duty hours";
    }

    private String local(Instant at) {
        return LocalDateTime.ofInstant(at, s.zone()).toString();
    }

    private static ObjectNode finding(List<Finding> out, VehicleState v, String type, Severity severity, String name,
                                      String message, Instant since, TrackPoint p) {
        return details(v, type, severity, name, message, since, p.at(), out);
    }

    private static ObjectNode details(VehicleState v, String type, Severity severity, String name, String message,
                                      Instant since, Instant at, List<Finding> out) {
        ObjectNode details = NODES.objectNode();
        out.add(new Finding(v.id, type, severity, name, message, since, at, details));
        return details;
    }
}
