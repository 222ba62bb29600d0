package org.dayuan.twin.http;

import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;

import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.ErrorCode;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** Any other path under {@code /api}: a JSON 404 in Ditto's shape instead of Jetty's HTML page. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-api-not-found")
@HttpWhiteboardServletPattern("/api/*")
public final class ApiNotFoundServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    /** Nothing is here whatever the method, so the answer is a 404, never a 405. */
    @Override
    protected Set<String> allowedMethods(HttpServletRequest req) {
        throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                "The twin API is under /api/2/things; health is /api/health.");
    }
}
