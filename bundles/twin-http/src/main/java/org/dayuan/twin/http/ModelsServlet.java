package org.dayuan.twin.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.ThingModel;
import org.dayuan.twin.ThingModels;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The Thing Models installed now, which twins are validated against, read-only. {@code GET /api/dayuan/models} lists
 * them, each with the bundle that brought it (models come and go with their bundles);
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
    private static final long serialVersionUID = 1L;

    private final transient ThingModels models;

    @Activate
    public ModelsServlet(@Reference ThingModels models) {
        this.models = models;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String rest = req.getPathInfo();
        if (rest == null || rest.equals("/")) {
            Http.writeJson(resp, 200, index());
            return;
        }
        String name = rest.substring(1);
        ThingModel model = named(name).orElseThrow(() -> ErrorCode.RESOURCE_NOT_FOUND.exception("There is no"
                + " model '" + name + "' installed.", "GET " + BASE + " lists the models installed now."));
        byte[] body = model.source().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType(mediaType(req.getHeader("Accept")));
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** The installed model a request names by definition, type or file name. */
    private Optional<ThingModel> named(String name) {
        Optional<ThingModel> byDefinition = models.find(name);
        if (byDefinition.isPresent()) {
            return byDefinition;
        }
        String type = name.endsWith(ThingModels.MODEL_SUFFIX)
                ? name.substring(0, name.length() - ThingModels.MODEL_SUFFIX.length()) : name;
        return models.installed().stream().filter(m -> m.type().equals(type)).findFirst();
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

    private ArrayNode index() {
        ArrayNode out = Http.MAPPER.createArrayNode();
        for (ThingModel model : models.installed()) {
            out.addObject()
                    .put("definition", model.definition())
                    .put("title", model.title())
                    .put("description", model.description())
                    .put("kind", model.kind().word())
                    .put("bundle", model.bundle())
                    .put("href", BASE + "/" + model.definition());
        }
        return out;
    }
}
