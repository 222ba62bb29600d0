package org.dayuan.twin.http;

import java.io.IOException;
import java.lang.management.ManagementFactory;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.spi.TwinJournal;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code GET /api/health}: 200 when the store answers, 503 when it does not, with what a monitor wants to see. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-health")
@HttpWhiteboardServletPattern("/api/health")
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient TwinRegistry registry;
    private final transient TwinJournal journal;

    @Activate
    public HealthServlet(@Reference TwinRegistry registry, @Reference TwinJournal journal) {
        this.registry = registry;
        this.journal = journal;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean healthy = journal.isHealthy();
        ObjectNode body = Http.MAPPER.createObjectNode();
        body.put("status", healthy ? "UP" : "DOWN");
        body.put("store", journal.describe());
        body.put("storeHealthy", healthy);
        // Open to monitors without a login; the twin count only for a login, and only of the twins it may see.
        if (req.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller) {
            body.put("twins", registry.count(caller));
        }
        var bundle = FrameworkUtil.getBundle(HealthServlet.class);
        body.put("version", bundle == null ? "unknown" : bundle.getVersion().toString());
        body.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        Http.writeJson(resp, healthy ? 200 : 503, body);
    }
}
