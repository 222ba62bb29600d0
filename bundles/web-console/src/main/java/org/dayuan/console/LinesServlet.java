package org.dayuan.console;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.ErrorCode;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/dayuan/lines}: the Dayuan features installed now ({@code dayuan-energy}, {@code dayuan-safety},
 * ...), as Karaf's feature service knows them. A viewer asks it to show the panels of the lines a county installed
 * and to drop them when an integrator uninstalls one, without a restart. Any login may read it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-lines")
@HttpWhiteboardServletPattern("/api/dayuan/lines")
public final class LinesServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String PREFIX = "dayuan-";
    static final ErrorCode FEATURES_UNAVAILABLE = new ErrorCode("console:features.unavailable", 503,
            "Karaf's feature service is not running; try again once Dayuan has started.");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FeaturesService features;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        FeaturesService service = features;
        if (service == null) {
            throw FEATURES_UNAVAILABLE.exception("Karaf's feature service is not running, so which lines are"
                    + " installed is not known.");
        }
        Feature[] installed;
        try {
            installed = service.listInstalledFeatures();
        } catch (Exception e) {
            throw new IllegalStateException("Karaf's feature service could not list the installed features", e);
        }
        ObjectNode out = Http.MAPPER.createObjectNode();
        ArrayNode lines = out.putArray("lines");
        Arrays.stream(installed).filter(f -> f.getName().startsWith(PREFIX))
                .sorted(Comparator.comparing(Feature::getName)).forEach(f -> {
                    ObjectNode line = lines.addObject();
                    line.put("feature", f.getName());
                    line.put("version", f.getVersion());
                    line.put("description", f.getDescription());
                });
        resp.setHeader("Cache-Control", "no-store");
        Http.writeJson(resp, 200, out);
    }
}
