package org.dayuan.ditto.bridge;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.ErrorCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/dayuan/ditto-bridge}: the bridge's state for any logged-in user (it names the upstream and the
 * mirrored organisations, never a credential).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-ditto-bridge")
@HttpWhiteboardServletPattern({"/api/dayuan/ditto-bridge", "/api/dayuan/ditto-bridge/*"})
public final class BridgeStatusServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient BridgeComponent bridge;

    @Activate
    public BridgeStatusServlet(@Reference BridgeComponent bridge) {
        this.bridge = bridge;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Http.caller(req);
        String path = req.getPathInfo();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                    "The bridge's status is GET /api/dayuan/ditto-bridge.");
        }
        ObjectNode body = bridge.status().toJson();
        bridge.namespaces().forEach(body.putArray("namespaces")::add);
        Http.writeJson(resp, 200, body);
    }
}
