package org.dayuan.sample;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.WriteResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code POST /api/dayuan/visitors/{thingId}/checkin}: checks a visitor in and answers the pass as it is now. The
 * write is the caller's own: it goes through this bundle's view of the registry with the caller from the request,
 * so the caller's roles and organisations apply (bounded by the bundle's grant): outside its organisations the
 * registry refuses with 403 whether the twin exists or not, and an unknown twin or one that is no pass is a 404. The state is checked inside the registry's write lock, so two check-ins
 * of one pass cannot both succeed. The servlet overrides only {@code doPost}, so the kit answers any other method with
 * a JSON 405 and {@code Allow: POST}.
 */
@Component(service = Servlet.class, configurationPid = "org.dayuan.sample")
@Designate(ocd = SampleConfig.class)
@HttpWhiteboardServletName("dayuan-visitors")
@HttpWhiteboardServletPattern("/api/dayuan/visitors/*")
public final class VisitorServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final String CHECKIN = "/checkin";
    private static final JsonPointer PASS = JsonPointer.of(Twin.FEATURES, VisitorPasses.FEATURE, Twin.PROPERTIES);

    private final transient TwinRegistry registry;
    private final transient VisitorPasses passes;
    private final transient Clock clock;

    @Activate
    public VisitorServlet(@Reference TwinRegistry registry, SampleConfig config) {
        this(registry, new VisitorPasses(Duration.ofMinutes(config.graceMinutes())), Clock.systemUTC());
    }

    /** The servlet over {@code registry}, the bundle's view; tests give one over a registry in memory. */
    VisitorServlet(TwinRegistry registry, VisitorPasses passes, Clock clock) {
        this.registry = registry;
        this.passes = passes;
        this.clock = clock;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (!path.endsWith(CHECKIN) || path.length() <= 1 + CHECKIN.length()) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                    "Check a visitor in with POST /api/dayuan/visitors/{thingId}/checkin.");
        }
        TwinId id = TwinId.of(path.substring(1, path.length() - CHECKIN.length()));
        Instant now = clock.instant();
        WriteResult result = registry.merge(caller, id, PASS, VisitorPasses.checkedIn(now), (twin, value) ->
                passes.requireCheckIn(twin.filter(VisitorPasses::isPass).orElseThrow(() ->
                        ErrorCode.THING_NOT_FOUND.exception("There is no visitor pass " + id + ".")), now));
        Http.writeJson(resp, 200, result.twin().orElseThrow().toJson());
    }
}
