package org.dayuan.device.mqtt;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code GET /api/dayuan/mqtt}: whether the broker is reached, what was received, applied and refused, and why. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-mqtt-status")
@HttpWhiteboardServletPattern("/api/dayuan/mqtt")
public final class StatusServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final transient MqttIngestion ingestion;

    @Activate
    public StatusServlet(@Reference MqttIngestion ingestion) {
        this.ingestion = ingestion;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        IngestStats stats = ingestion.stats;
        ObjectNode body = JSON.createObjectNode();
        body.put("broker", ingestion.brokerUrl());
        body.put("connected", stats.connected);
        body.put("received", stats.received.get());
        body.put("applied", stats.applied.get());
        body.put("rejected", stats.rejected.get());
        body.put("failed", stats.failed.get());
        if (stats.lastError != null) {
            body.put("lastError", stats.lastError);
        }
        body.put("deadLetterDir", ingestion.deadLetterDir().toString());
        body.putArray("recentRejections").addAll(ingestion.deadLetters().recent());
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        JSON.writeValue(resp.getOutputStream(), body);
    }
}
