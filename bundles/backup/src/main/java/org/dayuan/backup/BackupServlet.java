package org.dayuan.backup;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/dayuan/backup}: streams a consistent backup of the store as {@code application/zip}, for
 * administrators only, while Dayuan keeps taking writes. Refusals are Ditto error JSON; a failure once the zip has
 * begun aborts the connection, so the client sees an incomplete transfer, never a file that looks whole.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-backup")
@HttpWhiteboardServletPattern(BackupServlet.PATH)
public final class BackupServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/api/dayuan/backup";
    private static final Logger LOG = LoggerFactory.getLogger(BackupServlet.class);

    private final transient BackupService backups;

    @Activate
    public BackupServlet(@Reference BackupService backups) {
        this.backups = backups;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        caller.require(Caller.Access.ADMINISTER, "make a backup: it holds every twin, its history and the audit"
                + " trail of every organisation");
        resp.setStatus(200);
        resp.setContentType("application/zip");
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + BackupService.fileName(Instant.now())
                + "\"");
        try {
            backups.write(resp.getOutputStream());
        } catch (SQLException e) {
            throw ErrorCode.STORE_UNAVAILABLE.exception("The backup could not be read from the store: "
                    + e.getMessage());
        }
        LOG.info("Backup sent to {}", caller.subject());
    }

    @Override
    protected void writeError(HttpServletRequest req, HttpServletResponse resp, Throwable t) throws IOException {
        if (resp.isCommitted()) {
            LOG.warn("A backup for {} failed after it began; the transfer is aborted", req.getRemoteAddr(), t);
            // Thrown past the container's normal completion, so the chunked answer is never terminated.
            throw new IOException("Backup aborted: " + t.getMessage(), t);
        }
        super.writeError(req, resp, t);
    }
}
