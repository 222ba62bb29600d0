package org.dayuan.twin.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading bodies and writing JSON and errors, the same way for every Dayuan servlet. */
final class Http {
    static final String JSON = "application/json";
    static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    /** How much of a refused body is read and dropped before the connection is given up. */
    private static final long DISCARD_LIMIT = 16L * 1024 * 1024;
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Logger LOG = LoggerFactory.getLogger(Http.class);

    private Http() {
    }

    /** Who is calling, as the authentication filter established it. */
    static Caller caller(HttpServletRequest req) {
        return Caller.authenticated(req.getAttribute(Caller.REQUEST_ATTRIBUTE));
    }

    /**
     * The JSON body, after checking its media type and size: 415 for another media type, 413 past {@code maxBytes},
     * 400 for malformed JSON or none.
     */
    static JsonNode readJson(HttpServletRequest req, String mediaType, int maxBytes) throws IOException {
        String type = req.getContentType();
        String base = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals(mediaType)) {
            throw ErrorCode.MEDIA_TYPE_UNSUPPORTED.exception("The Media-Type <" + (type == null ? "none" : type)
                    + "> is not supported for this request; use <" + mediaType + ">.");
        }
        long declared = req.getContentLengthLong();
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            if (declared > maxBytes) {
                discard(in);
                throw tooLarge(declared, maxBytes);
            }
            body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                discard(in);
                throw tooLarge(body.length, maxBytes);
            }
        }
        if (body.length == 0) {
            throw ErrorCode.JSON_INVALID.exception("The request has no body; a JSON value is required.");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ErrorCode.JSON_INVALID.exception("Failed to parse JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()) + ".");
        }
    }

    /**
     * Reads and drops the rest of a refused body (up to a bound), so the client hears the 413 instead of a broken
     * pipe; past the bound the connection is simply closed.
     */
    private static void discard(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        long left = DISCARD_LIMIT;
        for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
            left -= n;
        }
    }

    private static DayuanException tooLarge(long size, int max) {
        return ErrorCode.TOO_LARGE.exception("The request body of " + (size > max ? "more than " + max : size)
                + " bytes exceeds the limit of " + max + " bytes.");
    }

    static void writeJson(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        writeBytes(resp, status, MAPPER.writeValueAsBytes(body));
    }

    /** JSON already serialized. */
    static void writeBytes(HttpServletResponse resp, int status, byte[] bytes) throws IOException {
        resp.setStatus(status);
        resp.setContentType(JSON);
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** Ditto's error JSON; anything that is not a {@link DayuanException} is logged and becomes a bare 500. */
    static void writeError(HttpServletRequest req, HttpServletResponse resp, Throwable t) throws IOException {
        DayuanException e;
        if (t instanceof DayuanException de) {
            e = de;
        } else {
            LOG.error("Unexpected failure on {} {}", req.getMethod(), req.getRequestURI(), t);
            e = ErrorCode.INTERNAL.exception("An unexpected error occurred while handling the request.");
        }
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        if (e.status() == 304) {
            resp.setStatus(304);
            return;
        }
        writeJson(resp, e.status(), e.toJson());
    }
}
