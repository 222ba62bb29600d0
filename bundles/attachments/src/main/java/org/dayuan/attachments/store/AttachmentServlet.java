package org.dayuan.attachments.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.attachments.Attachment;
import org.dayuan.attachments.AttachmentErrors;
import org.dayuan.attachments.Attachments;
import org.dayuan.attachments.Content;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.TwinId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/dayuan/attachments/{owner}}: GET lists the owner's attachments, POST uploads one (the body is the file,
 * {@code ?name=&kind=&description=}); {@code /api/dayuan/attachments/{owner}/{attachment}}: GET downloads it, DELETE
 * removes it. Every call acts as the logged-in user.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-attachments")
@HttpWhiteboardServletPattern(AttachmentServlet.BASE + "/*")
public final class AttachmentServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String BASE = "/api/dayuan/attachments";
    private static final Set<String> OWNER_METHODS = Set.of("GET", "HEAD", "POST");
    private static final Set<String> ATTACHMENT_METHODS = Set.of("GET", "HEAD", "DELETE");

    private final transient Attachments attachments;

    @Activate
    public AttachmentServlet(@Reference Attachments attachments) {
        this.attachments = attachments;
    }

    /** The owner, and the attachment when the path names one. */
    private record Target(TwinId owner, TwinId attachment) {
    }

    private static Target target(HttpServletRequest req) {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
        if (parts.length == 1 && !parts[0].isEmpty()) {
            return new Target(TwinId.of(parts[0]), null);
        }
        if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            return new Target(TwinId.of(parts[0]), TwinId.of(parts[1]));
        }
        throw ErrorCode.RESOURCE_NOT_FOUND.exception("Use " + BASE + "/{ownerThingId} or " + BASE
                + "/{ownerThingId}/{attachmentThingId}.");
    }

    @Override
    protected Set<String> allowedMethods(HttpServletRequest req) {
        return target(req).attachment() == null ? OWNER_METHODS : ATTACHMENT_METHODS;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        Target t = target(req);
        if (t.attachment() == null) {
            List<Attachment> list = attachments.list(caller, t.owner());
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("owner", t.owner().toString());
            ArrayNode items = json.putArray("items");
            list.forEach(a -> items.add(a.toJson()));
            Http.writeJson(resp, 200, json);
            return;
        }
        requireOf(t.owner(), attachments.get(caller, t.attachment()).orElse(null), t.attachment());
        try (Content content = attachments.open(caller, t.attachment())) {
            Attachment a = content.attachment();
            String etag = "\"" + a.sha256() + "\"";
            resp.setHeader("ETag", etag);
            if (etag.equals(req.getHeader("If-None-Match"))) {
                resp.setStatus(304);
                return;
            }
            resp.setStatus(200);
            resp.setContentType(a.contentType().startsWith("text/") ? a.contentType() + ";charset=UTF-8"
                    : a.contentType());
            resp.setContentLengthLong(a.size());
            resp.setHeader("Content-Disposition", contentDisposition(a.name()));
            // The type was checked against the bytes; a browser must not second-guess it into something runnable.
            resp.setHeader("X-Content-Type-Options", "nosniff");
            content.bytes().transferTo(resp.getOutputStream());
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        Target t = target(req);
        long declared = req.getContentLengthLong();
        int max = attachments.maxFileBytes();
        try (InputStream body = req.getInputStream()) {
            try {
                String type = FileTypes.base(req.getContentType());
                if (type.equals("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
                    // Reading the query parameters would make the container parse such a body as a form.
                    throw AttachmentErrors.TYPE_UNSUPPORTED.exception("Send the file itself as the body, with its own"
                            + " Content-Type, and name, kind and description as query parameters; <" + type
                            + "> bodies are not read.");
                }
                if (declared > max) {
                    throw AttachmentErrors.TOO_LARGE.exception("The file of " + declared
                            + " bytes is larger than the limit of " + max + " bytes.");
                }
                Attachment a = attachments.store(caller, t.owner(), req.getParameter("name"), req.getContentType(),
                        req.getParameter("kind"), req.getParameter("description"), body);
                resp.setHeader("Location", BASE + "/" + a.owner() + "/" + a.id());
                Http.writeJson(resp, 201, a.toJson());
            } catch (DayuanException refused) {
                // Let the client hear the refusal rather than a reset connection.
                Http.discard(body);
                throw refused;
            }
        }
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        Target t = target(req);
        requireOf(t.owner(), attachments.get(caller, t.attachment()).orElse(null), t.attachment());
        attachments.delete(caller, t.attachment());
        resp.setStatus(204);
    }

    /** The path names the owner too: an attachment reached under another twin is not found there. */
    private static void requireOf(TwinId owner, Attachment a, TwinId id) {
        if (a == null || !a.owner().equals(owner)) {
            throw ErrorCode.THING_NOT_FOUND.exception("There is no attachment " + id + " of " + owner + ".");
        }
    }

    /** RFC 6266: an ASCII fallback for old clients, and the real name in UTF-8 (RFC 5987) for the rest. */
    static String contentDisposition(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7E]", "_").replace("\\", "_").replace("\"", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
