package org.dayuan.fleet.track;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.twin.Caller;
import org.dayuan.twin.HistoryRange;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinId;

/**
 * Reads a vehicle's track from its twin's history: every state of {@code features/location/properties} the journal
 * kept, plus the late reports the gateway stored under {@code backfill} (points measured before the current
 * position, from a batch or blind-area upload, which must not move the car back on the map but belong on its track;
 * the gateway writes them as {@code {"receivedAt": ..., "points": [...]}}, each point shaped as the location).
 *
 * <p>The journal is searched by when changes were stored and the points are then chosen by when they were measured,
 * so the journal range reaches {@code clockSkew} before {@code from} (a terminal clock a little ahead) and
 * {@code lateReports} after {@code to} (a blind-area upload arriving hours later).
 */
public final class Tracks {
    public static final JsonPointer LOCATION = JsonPointer.parse("/features/location/properties");
    public static final String BACKFILL = "backfill";

    private final TwinHistory history;
    private final Duration clockSkew;
    private final Duration lateReports;

    public Tracks(TwinHistory history, Duration clockSkew, Duration lateReports) {
        this.history = history;
        this.clockSkew = clockSkew;
        this.lateReports = lateReports;
    }

    /**
     * The points measured in [{@code from}, {@code to}) that {@code caller} may read, one per measurement time.
     * Unknown or hidden vehicle: the history's 404.
     */
    public Track read(Caller caller, TwinId vehicle, Instant from, Instant to) {
        Map<Instant, TrackPoint> points = new TreeMap<>();
        Instant journalFrom = from.minus(clockSkew);
        Instant journalTo = Instant.MAX.minus(lateReports).isAfter(to) ? to.plus(lateReports) : Instant.MAX;
        history.changes(caller, vehicle, new HistoryRange.Instants(journalFrom, journalTo), change -> {
            change.twin().flatMap(t -> t.get(LOCATION)).ifPresent(location -> {
                add(location, from, to, points);
                location.path(BACKFILL).path("points").forEach(p -> add(p, from, to, points));
            });
            return true;
        });
        return new Track(vehicle, from, to, points.values().stream().toList());
    }

    private static void add(JsonNode location, Instant from, Instant to, Map<Instant, TrackPoint> points) {
        TrackPoint.of(location).filter(p -> !p.at().isBefore(from) && p.at().isBefore(to))
                .ifPresent(p -> points.putIfAbsent(p.at(), p));
    }

    /** Whether a change at {@code path} may have written the location: at, above or below it. */
    public static boolean touchesLocation(JsonPointer path) {
        return path.isPrefixOf(LOCATION) || LOCATION.isPrefixOf(path);
    }
}
