package org.dayuan.office.standards;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/dayuan/office/standards}: the table in force (edition, effective date, rows by level with the
 * rank labels each covers, leader ranks), to any logged-in user: it is a published standard, not organisation data.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-office-standards")
@HttpWhiteboardServletPattern("/api/dayuan/office/standards")
public final class StandardsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient StandardsSource standards;

    @Activate
    public StandardsServlet(@Reference StandardsSource standards) {
        this.standards = standards;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Http.caller(req);
        Http.writeJson(resp, 200, standards.get().toJson());
    }
}
