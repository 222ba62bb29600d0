package org.dayuan.fleet.indicators;

import java.io.IOException;
import java.time.Clock;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.fleet.costs.CostsConfig;
import org.dayuan.fleet.costs.VehicleLedgers;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/dayuan/fleet/indicators?period=2026-11|2026-Q4|2026} (default: this month, Asia/Shanghai): the
 * fleet indicators of the county, each organisation and each vehicle the caller sees ({@link FleetReport}); CSV with
 * {@code format=csv} or {@code Accept: text/csv}. A bad period is a 400 {@code things:parameter.invalid}.
 */
@Component(service = Servlet.class, configurationPid = "org.dayuan.fleet.costs")
@HttpWhiteboardServletName("dayuan-fleet-indicators")
@HttpWhiteboardServletPattern("/api/dayuan/fleet/indicators")
public final class IndicatorsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient FleetSource source;
    private final transient TwinHistory history;
    private final transient FuelNorms norms;
    private final transient Clock clock;

    @Activate
    public IndicatorsServlet(@Reference TwinRegistry registry, @Reference TwinSearch search,
                             @Reference TwinHistory history, CostsConfig config) {
        this(new FleetSource(search, new VehicleLedgers(registry, search)), history,
                new FuelNorms(config.fuel_norm_default(), config.fuel_norm_classes(), config.fuel_norm_plugInHybrid()),
                Clock.systemUTC());
    }

    IndicatorsServlet(FleetSource source, TwinHistory history, FuelNorms norms, Clock clock) {
        this.source = source;
        this.history = history;
        this.norms = norms;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String text = req.getParameter("period");
        Period period = text == null || text.isBlank() ? Period.monthOf(clock.instant()) : Period.parse(text);
        FleetData data = source.read(caller, period, new HistoryOdometers(history, caller, clock));
        FleetReport report = FleetReport.compute(period, data, norms);
        String accept = req.getHeader("Accept");
        if ("csv".equals(req.getParameter("format")) || accept != null && accept.startsWith(Http.CSV)) {
            Http.writeCsv(resp, report.toCsv());
        } else {
            Http.writeJson(resp, 200, report.toJson());
        }
    }
}
