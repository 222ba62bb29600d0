package org.dayuan.http.kit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.http.kit.openapi.OpenApiDocument;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/dayuan/openapi.json}: the OpenAPI 3 document of the API as installed now. An extender like the
 * Thing Model one: while a bundle is active, the fragments it carries under {@code OSGI-INF/dayuan/openapi/*.json}
 * are in the document; when it stops, its paths leave it. Public, as Ditto's own document is: it names what the API
 * offers, never what is in it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-openapi")
@HttpWhiteboardServletPattern(OpenApiServlet.PATH)
public final class OpenApiServlet extends JsonServlet {
    static final String PATH = "/api/dayuan/openapi.json";
    static final String FRAGMENTS = "OSGI-INF/dayuan/openapi";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OpenApiServlet.class);

    private final transient OpenApiDocument document;
    private final transient BundleTracker<Bundle> tracker;

    @Activate
    public OpenApiServlet(BundleContext context) throws IOException {
        ObjectNode base;
        try (InputStream in = OpenApiServlet.class.getResourceAsStream("openapi-base.json")) {
            base = (ObjectNode) Http.MAPPER.readTree(in);
        }
        base.withObjectProperty("info").put("version", context.getBundle().getVersion().toString());
        document = new OpenApiDocument(base);
        // ACTIVE only: a line whose bundle is starting has no servlet yet, so its paths would answer 404.
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                JsonNode fragment = fragment(bundle);
                if (fragment == null) {
                    return null;
                }
                document.put(bundle.getSymbolicName(), fragment);
                document.merge().conflicts().stream().filter(c -> c.startsWith(bundle.getSymbolicName() + " "))
                        .forEach(c -> LOG.warn("API fragment: {}; the earlier definition stays", c));
                LOG.info("API paths of bundle {} documented: {}", bundle.getSymbolicName(),
                        fragment.path("paths").size());
                return bundle;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
                document.remove(bundle.getSymbolicName());
                LOG.info("API paths of bundle {} no longer documented", bundle.getSymbolicName());
            }
        };
        tracker.open();
    }

    @Deactivate
    void close() {
        tracker.close();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-cache");
        Http.writeJson(resp, 200, document.merge().document());
    }

    /**
     * The bundle's fragment files as one fragment, or null without any. A file that is not JSON is left out with a
     * warning: one line's typo must not take the whole document down.
     */
    private static JsonNode fragment(Bundle bundle) {
        Enumeration<URL> entries = bundle.findEntries(FRAGMENTS, "*.json", false);
        List<URL> files = new ArrayList<>();
        while (entries != null && entries.hasMoreElements()) {
            files.add(entries.nextElement());
        }
        if (files.isEmpty()) {
            return null;
        }
        files.sort((a, b) -> a.getPath().compareTo(b.getPath()));
        OpenApiDocument merged = new OpenApiDocument(Http.MAPPER.createObjectNode());
        for (URL file : files) {
            try (InputStream in = file.openStream()) {
                merged.put(file.getPath(), Http.MAPPER.readTree(in));
            } catch (IOException | RuntimeException e) {
                LOG.warn("API fragment {} of bundle {} left out: {}", file.getPath(), bundle.getSymbolicName(),
                        e.getMessage());
            }
        }
        OpenApiDocument.Merged m = merged.merge();
        m.conflicts().forEach(c -> LOG.warn("API fragment of bundle {}: {}", bundle.getSymbolicName(), c));
        m.document().path("paths").fields().forEachRemaining(p -> ((ObjectNode) p.getValue())
                .remove(OpenApiDocument.BUNDLE_EXTENSION));
        return m.document();
    }
}
