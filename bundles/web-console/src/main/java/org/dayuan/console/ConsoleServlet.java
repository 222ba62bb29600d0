package org.dayuan.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The console's built files, at {@code /}: every path the API does not take. The files come from this bundle only
 * (campuses run on closed networks, so nothing is fetched from elsewhere). Vite names what it builds under
 * {@code assets/} by content hash, so those are cached for a year; {@code index.html}, which names them, is
 * revalidated on every load so a new build is picked up at once.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-console")
@HttpWhiteboardServletPattern("/")
public final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String ROOT = "/console";
    private static final String INDEX = "/index.html";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** The console fetches only its own files and the API; it embeds nothing and is embedded nowhere. */
    static final String POLICY = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
            + "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
            + "base-uri 'self'";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("glb", "model/gltf-binary"),
            Map.entry("gltf", "model/gltf+json"),
            Map.entry("wasm", "application/wasm"));

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        URL file = path == null ? null : ConsoleServlet.class.getResource(ROOT + path);
        if (file == null || path.endsWith("/")) {
            resp.setHeader("Cache-Control", "no-cache");
            resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
            resp.setContentType("text/plain; charset=utf-8");
            resp.getOutputStream().write(("No such page in the console: " + req.getRequestURI() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", POLICY);
        resp.setHeader("Referrer-Policy", "same-origin");
        resp.setHeader("Cache-Control", path.startsWith("/assets/") ? IMMUTABLE : "no-cache");
        resp.setContentType(type(path));
        try (InputStream in = file.openStream()) {
            byte[] bytes = in.readAllBytes();
            resp.setContentLength(bytes.length);
            if (!"HEAD".equals(req.getMethod())) {
                resp.getOutputStream().write(bytes);
            }
        }
    }

    /** The file a request names, with {@code /} meaning the index; null for a path that tries to climb out. */
    static String path(HttpServletRequest req) {
        String path = req.getPathInfo() != null ? req.getServletPath() + req.getPathInfo() : req.getServletPath();
        if (path == null || path.isEmpty() || "/".equals(path)) {
            return INDEX;
        }
        if (path.contains("..") || path.contains("\\") || path.contains("//")) {
            return null;
        }
        return path;
    }

    static String type(String path) {
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
