package org.dayuan.fleet.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.dayuan.fleet.track.TrackPoint;
import org.dayuan.twin.TwinId;

/**
 * What the rules remember of one vehicle between reports, all in terminal time except {@code heard} (wall clock):
 * the last position, whether it is out on the road (a movement sustained beyond jitter) and since when each lasting
 * condition holds.
 */
final class VehicleState {
    final TwinId id;
    String energyType = "";
    Optional<Geo.Point> home = Optional.empty();

    TrackPoint last;
    boolean online = true;
    long alarmFlags;
    /** Wall-clock time the last report arrived. */
    Instant heard;

    /** Where the car last stood with ACC off: a car with ACC on far from it is moving, whatever its speed reads. */
    Geo.Point anchor;
    /** First report of a movement not yet sustained long enough to count. */
    Instant candidateSince;
    /** Out on the road since (the movement's first report); null while parked. */
    Instant movingSince;
    /** Standing with ACC on since, while out on the road. */
    Instant standingSince;
    Instant overSince;
    double maxSpeed;
    Instant outsideSince;
    Instant offRouteSince;
    /** Found away from home at the nightly check (wall clock); null once home or on an order. */
    Instant awayAtNight;
    /** Last report within the home radius. */
    Instant homeAt;

    VehicleState(TwinId id) {
        this.id = id;
    }

    boolean moving() {
        return movingSince != null;
    }

    /**
     * Takes a report into the motion state and answers whether it is to be judged: a report slightly older than the
     * last one (terminals resend) is only kept on the track; one older by more than the stop time starts a replay,
     * judged afresh as of when it happened.
     */
    boolean observe(TrackPoint p, boolean online, long alarmFlags, Instant heard, Settings s) {
        if (last != null && p.at().isBefore(last.at())) {
            if (Duration.between(p.at(), last.at()).compareTo(s.moveStop()) <= 0) {
                return false;
            }
            candidateSince = null;
            movingSince = null;
            standingSince = null;
            overSince = null;
            outsideSince = null;
            offRouteSince = null;
            anchor = null;
        } else if (last != null && Duration.between(last.at(), p.at()).compareTo(s.moveStop()) > 0) {
            // after a silence a movement or an overspeed must be seen afresh: the gap proves neither
            candidateSince = null;
            overSince = null;
        }
        this.online = online;
        this.alarmFlags = alarmFlags;
        this.heard = heard;
        Geo.Point here = new Geo.Point(p.lat(), p.lon());
        if (anchor == null) {
            anchor = here;
        }
        boolean fast = p.speed() > s.moveSpeedKmh();
        boolean displaced = p.acc() && Geo.metres(anchor, here) > s.moveMetres();
        if (fast || displaced) {
            standingSince = null;
            if (candidateSince == null) {
                candidateSince = p.at();
            }
            if (movingSince == null && Duration.between(candidateSince, p.at()).compareTo(s.moveSustain()) >= 0) {
                movingSince = candidateSince;
            }
        } else {
            candidateSince = null;
            if (movingSince != null) {
                standingSince = standingSince == null ? p.at() : standingSince;
                if (!p.acc() || Duration.between(standingSince, p.at()).compareTo(s.moveStop()) >= 0) {
                    movingSince = null;
                    standingSince = null;
                }
            }
            if (!p.acc()) {
                anchor = here;
            }
        }
        if (p.speed() > s.limitKmh()) {
            maxSpeed = overSince == null ? p.speed() : Math.max(maxSpeed, p.speed());
            overSince = overSince == null ? p.at() : overSince;
        } else {
            overSince = null;
        }
        if (home.filter(h -> Geo.metres(h, here) <= s.homeMeters()).isPresent()) {
            homeAt = p.at();
            awayAtNight = null;
        }
        last = p;
        return true;
    }

    Optional<Geo.Point> position() {
        return last == null ? Optional.empty() : Optional.of(new Geo.Point(last.lat(), last.lon()));
    }
}
