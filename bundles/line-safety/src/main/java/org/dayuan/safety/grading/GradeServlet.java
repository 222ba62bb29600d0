package org.dayuan.safety.grading;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.safety.SafetyLine;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The four-colour grades over HTTP:
 * <ul>
 *   <li>{@code GET /api/dayuan/safety/grades?date=yyyy-MM-dd} (default today, in the grading zone): {"date",
 *       "items": [grade twins the caller sees, best first]}; today's are computed if nobody is graded yet; a day
 *       without grades is a 404;</li>
 *   <li>{@code POST /api/dayuan/safety/grades/recompute} (managers and admins): grades every organisation now and
 *       answers today's grades the caller sees.</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-safety-grades")
@HttpWhiteboardServletPattern("/api/dayuan/safety/grades/*")
public final class GradeServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient SafetyLine line;

    @Activate
    public GradeServlet(@Reference SafetyLine line) {
        this.line = line;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
            throw notFound(req);
        }
        String text = req.getParameter("date");
        LocalDate date;
        try {
            date = text == null || text.isBlank() ? line.today() : LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ErrorCode.PARAMETER_INVALID.exception("The date '" + text + "' is not a date yyyy-MM-dd.");
        }
        List<Twin> grades = line.grades(caller, date);
        if (grades.isEmpty()) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("There is no safety grade of " + date + " you can see.",
                    "Grades are kept from the day the safety line first graded; ask for another date.");
        }
        Http.writeJson(resp, 200, answer(date, grades));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        if (!"/recompute".equals(req.getPathInfo())) {
            throw notFound(req);
        }
        if (!caller.roles().contains(Caller.ROLE_MANAGER) && !caller.roles().contains(Caller.ROLE_ADMIN)) {
            throw ErrorCode.ACCESS_FORBIDDEN.exception("Only managers may recompute the safety grades.");
        }
        line.gradeAll();
        LocalDate today = line.today();
        Http.writeJson(resp, 200, answer(today, line.grades(caller, today)));
    }

    private static ObjectNode answer(LocalDate date, List<Twin> grades) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("date", date.toString());
        ArrayNode items = body.putArray("items");
        grades.forEach(g -> items.add(g.toJson()));
        return body;
    }

    private static RuntimeException notFound(HttpServletRequest req) {
        return ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                "Read grades with GET /api/dayuan/safety/grades?date= and recompute them with POST"
                        + " /api/dayuan/safety/grades/recompute.");
    }
}
