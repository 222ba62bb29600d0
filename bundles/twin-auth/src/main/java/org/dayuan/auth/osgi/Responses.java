package org.dayuan.auth.osgi;

import java.io.IOException;

import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dayuan.twin.DayuanException;

/** JSON bodies and Ditto error JSON, as the other Dayuan servlets write them. */
final class Responses {
    static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    static void json(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        // Tokens and identities must not linger in shared caches or the browser's history.
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static void error(HttpServletResponse resp, DayuanException e) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        json(resp, e.status(), e.toJson());
    }
}
