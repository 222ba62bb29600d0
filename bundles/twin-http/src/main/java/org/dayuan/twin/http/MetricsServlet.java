package org.dayuan.twin.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.metrics.MetricSource;
import org.dayuan.twin.metrics.PrometheusText;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/dayuan/metrics}: every {@link MetricSource} service in Prometheus' text format 0.0.4, for role
 * {@value Caller#ROLE_METRICS} or {@value Caller#ROLE_ADMIN} (403 for any other, 401 without a login, both as
 * Ditto's error JSON). Each bundle contributes its own figures; a source that fails is left out of the answer,
 * logged, and counted in {@code dayuan_metrics_source_failures}, so one broken bundle never hides the others.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-metrics")
@HttpWhiteboardServletPattern("/api/dayuan/metrics")
public final class MetricsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile List<MetricSource> sources = List.of();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Http.caller(req).require(Caller.Access.METRICS, "read the metrics (roles metrics or admin)");
        byte[] body = render(sources).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType(PrometheusText.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    static String render(List<MetricSource> sources) {
        PrometheusText text = new PrometheusText();
        int failed = 0;
        for (MetricSource source : sources) {
            try {
                text.include(source);
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("The metric source {} failed and is left out of this scrape", source.getClass().getName(),
                        e);
            }
        }
        int failures = failed;
        text.include(sink -> sink.gauge("dayuan_metrics_source_failures", "Metric sources that failed in this"
                + " scrape and are missing from it (the log names them).", failures));
        return text.render();
    }
}
