package org.dayuan.twin.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.models.Models;
import org.dayuan.twin.ErrorCode;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The Thing Models twins are validated against, read-only. {@code GET /api/dayuan/models} lists them;
 * {@code GET /api/dayuan/models/{model}} serves one as stored, where {@code model} is its definition
 * ({@code dayuan:Room:1.0.0}), its type ({@code Room}) or its file name ({@code Room.tm.jsonld}). The file name
 * form makes the models' relative links ({@code ./EnergyMeasurement.tm.jsonld}) resolve against the URL of the
 * model that holds them, so WoT tools can follow them.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-models")
@HttpWhiteboardServletPattern({ModelsServlet.BASE, ModelsServlet.BASE + "/*"})
public final class ModelsServlet extends JsonServlet {
    static final String BASE = "/api/dayuan/models";
    /** The media type of a WoT Thing Model (W3C WoT Thing Description 1.1), which the models' links also use. */
    static final String TM_JSON = "application/tm+json";
    private static final String FILE_SUFFIX = ".tm.jsonld";
    private static final long serialVersionUID = 1L;

    /** Built once: the models are resources of a bundle and change only with it. */
    private final transient ArrayNode index = index();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String rest = req.getPathInfo();
        if (rest == null || rest.equals("/")) {
            Http.writeJson(resp, 200, index);
            return;
        }
        String name = rest.substring(1);
        String type = typeNamed(name).orElseThrow(() -> ErrorCode.RESOURCE_NOT_FOUND.exception("There is no"
                + " model '" + name + "'.", "GET " + BASE + " lists the models."));
        byte[] body;
        try (InputStream in = Models.open(type)) {
            body = in.readAllBytes();
        }
        resp.setStatus(200);
        resp.setContentType(mediaType(req.getHeader("Accept")));
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** The type a request names by definition, type or file name. */
    static Optional<String> typeNamed(String name) {
        String bare = name.endsWith(FILE_SUFFIX) ? name.substring(0, name.length() - FILE_SUFFIX.length()) : name;
        return Models.isKnown(bare) ? Optional.of(bare) : Models.typeOf(name);
    }

    /**
     * {@code application/tm+json}, unless the client accepts plain JSON and neither that nor a wildcard: a client
     * written for JSON APIs still gets a content type it asked for.
     */
    static String mediaType(String accept) {
        if (accept == null) {
            return TM_JSON;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        boolean tm = a.contains(TM_JSON) || a.contains("*/*") || a.contains("application/*");
        return !tm && a.contains(Http.JSON) ? Http.JSON : TM_JSON;
    }

    private static ArrayNode index() {
        ArrayNode out = Http.MAPPER.createArrayNode();
        for (String type : Models.ALL_TYPES) {
            ObjectNode model = Models.read(type);
            String definition = Models.definitionOf(type);
            out.addObject()
                    .put("definition", definition)
                    .put("title", model.path("title").asText())
                    .put("description", model.path("description").asText())
                    .put("kind", Models.THING_TYPES.contains(type) ? "thing" : "feature")
                    .put("href", BASE + "/" + definition);
        }
        return out;
    }
}
