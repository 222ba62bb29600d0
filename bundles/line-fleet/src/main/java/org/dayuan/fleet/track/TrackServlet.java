package org.dayuan.fleet.track;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.fleet.trips.TripsConfig;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/dayuan/fleet/vehicles/{thingId}/track?from=&to=&maxPoints=}: the vehicle's track as a GeoJSON
 * Feature ({@code application/geo+json}, see {@link Track#toGeoJson}), read as the caller, so a vehicle the caller
 * cannot see is a 404 like an unknown one. {@code from}/{@code to} are ISO 8601 date-times with offset (default: the
 * 24 hours up to now), the range at most {@code track.maxDays}; {@code maxPoints} from 2 to {@code track.maxPoints}.
 */
@Component(service = Servlet.class, configurationPid = "org.dayuan.fleet.trips")
@HttpWhiteboardServletName("dayuan-fleet-vehicles")
@HttpWhiteboardServletPattern("/api/dayuan/fleet/vehicles/*")
public final class TrackServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    public static final String GEO_JSON = "application/geo+json";

    private final transient Tracks tracks;
    private final transient Clock clock;
    private final Duration maxRange;
    private final int defaultPoints;
    private final int maxPoints;

    @Activate
    public TrackServlet(TripsConfig config, @Reference TwinHistory history) {
        this(new Tracks(history, Duration.ofMinutes(config.track_clockSkewMinutes()),
                        Duration.ofHours(config.track_lateReportHours())), Clock.systemUTC(),
                Duration.ofDays(config.track_maxDays()), config.track_defaultPoints(), config.track_maxPoints());
    }

    TrackServlet(Tracks tracks, Clock clock, Duration maxRange, int defaultPoints, int maxPoints) {
        this.tracks = tracks;
        this.clock = clock;
        this.maxRange = maxRange;
        this.defaultPoints = Math.min(defaultPoints, maxPoints);
        this.maxPoints = maxPoints;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String path = req.getPathInfo() == null ? "" : req.getPathInfo().replaceAll("^/+", "").replaceAll("/+$", "");
        if (!path.endsWith("/track") || path.length() == "/track".length()) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                    "A vehicle's track is GET /api/dayuan/fleet/vehicles/{thingId}/track?from=&to=&maxPoints=.");
        }
        TwinId vehicle = TwinId.of(path.substring(0, path.length() - "/track".length()));
        Instant to = instant(req, "to").orElse(clock.instant());
        Instant from = instant(req, "from").orElse(to.minus(Duration.ofHours(24)));
        if (!from.isBefore(to)) {
            throw ErrorCode.PARAMETER_INVALID.exception("The parameter from (" + from + ") must be before to (" + to
                    + ").");
        }
        if (Duration.between(from, to).compareTo(maxRange) > 0) {
            throw ErrorCode.PARAMETER_INVALID.exception("A track covers at most " + maxRange.toDays() + " days; "
                    + from + " to " + to + " is longer.");
        }
        int points = points(req);
        Http.writeJson(resp, 200, tracks.read(caller, vehicle, from, to).toGeoJson(points), GEO_JSON);
    }

    private int points(HttpServletRequest req) {
        String text = req.getParameter("maxPoints");
        if (text == null || text.isBlank()) {
            return defaultPoints;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 2 && n <= maxPoints) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the answer below names the range
        }
        throw ErrorCode.PARAMETER_INVALID.exception("The parameter maxPoints must be a whole number from 2 to "
                + maxPoints + ", not '" + text + "'.");
    }

    private static Optional<Instant> instant(HttpServletRequest req, String name) {
        String text = req.getParameter(name);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            // an offset's '+' sent unencoded in a query string arrives as a space
            return Optional.of(OffsetDateTime.parse(text.strip().replace(' ', '+')).toInstant());
        } catch (DateTimeParseException e) {
            throw ErrorCode.PARAMETER_INVALID.exception("The parameter " + name + " must be an ISO 8601 date-time"
                    + " with offset (e.g. 2026-12-07T09:00:00+08:00), not '" + text + "'.");
        }
    }
}
