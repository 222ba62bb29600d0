package org.dayuan.fleet.trips;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.fleet.track.Tracks;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Trip orders (派车单) over HTTP, every read and write as the caller:
 * <ul>
 *   <li>{@code GET /api/dayuan/fleet/trips?state=&vehicle=&organisation=}: {"items": [...]} by planned start;</li>
 *   <li>{@code GET /api/dayuan/fleet/trips/{thingId}}: one order;</li>
 *   <li>{@code POST /api/dayuan/fleet/trips} {organisation, purpose, destination, origin, plannedStart, plannedEnd,
 *       passengers, corridorMeters, comment}: 201 and the order, requested;</li>
 *   <li>{@code POST /api/dayuan/fleet/trips/{thingId}/{approve|reject|dispatch|start|return|close|cancel}}
 *       {comment; dispatch: vehicle, driver}: the order after the step, or 409 {@code fleet:trip.illegalstep}.</li>
 * </ul>
 */
@Component(service = Servlet.class, configurationPid = "org.dayuan.fleet.trips")
@HttpWhiteboardServletName("dayuan-fleet-trips")
@HttpWhiteboardServletPattern("/api/dayuan/fleet/trips/*")
public final class TripServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 64 * 1024;

    private final transient TripStore store;
    private final transient Clock clock;

    @Activate
    public TripServlet(TripsConfig config, @Reference TwinRegistry registry, @Reference TwinSearch search,
                       @Reference TwinHistory history) {
        this(store(config, registry, search, history), Clock.systemUTC());
    }

    TripServlet(TripStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static TripStore store(TripsConfig config, TwinRegistry registry, TwinSearch search, TwinHistory history) {
        Tracks tracks = new Tracks(history, Duration.ofMinutes(config.track_clockSkewMinutes()),
                Duration.ofHours(config.track_lateReportHours()));
        return new TripStore(registry, search, tracks, new TripOrders(config.corridorMeters()),
                config.return_trackPoints());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String path = path(req);
        if (!path.isEmpty()) {
            Http.writeJson(resp, 200, store.find(caller, TwinId.of(path)).toJson());
            return;
        }
        Optional<String> state = parameter(req, "state");
        if (state.isPresent() && !TripOrders.STATES.contains(state.get())) {
            throw ErrorCode.PARAMETER_INVALID.exception("The state '" + state.get() + "' is none of "
                    + String.join(", ", TripOrders.STATES.stream().sorted().toList()) + ".");
        }
        Optional<String> vehicle = parameter(req, "vehicle").map(v -> TwinId.of(v).toString());
        Optional<String> organisation = parameter(req, "organisation").map(o -> TwinId.of(o).toString());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode items = body.putArray("items");
        store.list(caller, state, vehicle, organisation).forEach(t -> items.add(t.toJson()));
        Http.writeJson(resp, 200, body);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String path = path(req);
        if (path.isEmpty()) {
            Twin created = store.create(caller, Http.readJson(req, MAX_BODY), clock.instant());
            resp.setHeader("Location", req.getRequestURI().replaceAll("/+$", "") + "/" + created.id());
            Http.writeJson(resp, 201, created.toJson());
            return;
        }
        int slash = path.lastIndexOf('/');
        String action = slash < 0 ? "" : path.substring(slash + 1);
        if (slash <= 0 || !TripOrders.ACTIONS.contains(action)) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                    "Request a car with POST /api/dayuan/fleet/trips and step an order with POST"
                            + " /api/dayuan/fleet/trips/{thingId}/{approve|reject|dispatch|start|return|close|cancel}.");
        }
        TwinId id = TwinId.of(path.substring(0, slash));
        JsonNode body = req.getContentLengthLong() == 0 ? JsonNodeFactory.instance.objectNode()
                : Http.readJson(req, MAX_BODY);
        Http.writeJson(resp, 200, store.step(caller, id, action, body, clock.instant()).toJson());
    }

    private static Optional<String> parameter(HttpServletRequest req, String name) {
        return Optional.ofNullable(req.getParameter(name)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static String path(HttpServletRequest req) {
        String p = req.getPathInfo() == null ? "" : req.getPathInfo();
        return p.replaceAll("^/+", "").replaceAll("/+$", "");
    }
}
