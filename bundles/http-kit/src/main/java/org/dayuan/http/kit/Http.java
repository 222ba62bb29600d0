package org.dayuan.http.kit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.NestingLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading bodies and writing JSON, CSV and errors, the same way for every Dayuan servlet and filter. A servlet
 * extends {@link JsonServlet}, which sends whatever its methods throw through {@link #writeError}.
 */
public final class Http {
    public static final String JSON = "application/json";
    public static final String CSV = "text/csv";
    /**
     * Reads one JSON value and refuses what follows it and duplicate keys: a body that two parsers could read two
     * ways (a login naming two users, a twin with two values for one attribute) is refused rather than guessed.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** How much of a refused body is read and dropped before the connection is given up. */
    private static final long DISCARD_LIMIT = 16L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Http.class);

    private Http() {
    }

    /** Who is calling, as the authentication filter established it; a 401 when no filter let the request in. */
    public static Caller caller(HttpServletRequest req) {
        return Caller.authenticated(req.getAttribute(Caller.REQUEST_ATTRIBUTE));
    }

    /** {@link #readJson(HttpServletRequest, String, int)} for {@code application/json}. */
    public static JsonNode readJson(HttpServletRequest req, int maxBytes) throws IOException {
        return readJson(req, JSON, maxBytes);
    }

    /**
     * The JSON body, after checking its media type and size: 415 for another media type, 413 past {@code maxBytes},
     * 400 for malformed JSON, none, or a value nesting deeper than {@link NestingLimit#MAX_DEPTH}.
     */
    public static JsonNode readJson(HttpServletRequest req, String mediaType, int maxBytes) throws IOException {
        requireMediaType(req, mediaType);
        byte[] body = readBody(req, maxBytes);
        if (body.length == 0) {
            throw ErrorCode.JSON_INVALID.exception("The request has no body; a JSON value is required.");
        }
        JsonNode json = parseJson(body);
        NestingLimit.check(JsonPointer.empty(), json);
        return json;
    }

    /** A 415 unless the request's media type, parameters aside, is {@code mediaType}. */
    public static void requireMediaType(HttpServletRequest req, String mediaType) {
        String type = req.getContentType();
        String base = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!base.equals(mediaType)) {
            throw ErrorCode.MEDIA_TYPE_UNSUPPORTED.exception("The Media-Type <" + (type == null ? "none" : type)
                    + "> is not supported for this request; use <" + mediaType + ">.");
        }
    }

    /** The body's bytes, possibly none; a 413 past {@code maxBytes}, whether declared or sent. */
    public static byte[] readBody(HttpServletRequest req, int maxBytes) throws IOException {
        long declared = req.getContentLengthLong();
        try (InputStream in = req.getInputStream()) {
            if (declared > maxBytes) {
                discard(in);
                throw tooLarge(declared, maxBytes);
            }
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                discard(in);
                throw tooLarge(body.length, maxBytes);
            }
            return body;
        }
    }

    /**
     * One JSON value; a 400 naming the problem and where it is, without quoting the body (it may hold a password).
     */
    public static JsonNode parseJson(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ErrorCode.JSON_INVALID.exception("Failed to parse JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()) + ".");
        } catch (IOException e) {
            throw ErrorCode.JSON_INVALID.exception("Failed to parse JSON.");
        }
    }

    /**
     * Reads and drops the rest of a refused body (up to a bound), so the client hears the 413 instead of a broken
     * pipe; past the bound the connection is simply closed.
     */
    public static void discard(InputStream in) throws IOException {
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

    public static void writeJson(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        writeBytes(resp, status, MAPPER.writeValueAsBytes(body));
    }

    /**
     * {@code body} as a JSON-based media type of its own ({@code application/geo+json}, {@code application/ld+json}),
     * for clients that pick a reader by the type.
     */
    public static void writeJson(HttpServletResponse resp, int status, JsonNode body, String mediaType)
            throws IOException {
        write(resp, status, mediaType, MAPPER.writeValueAsBytes(body));
    }

    /** JSON already serialized. */
    public static void writeBytes(HttpServletResponse resp, int status, byte[] bytes) throws IOException {
        write(resp, status, JSON, bytes);
    }

    /** A 200 with {@code csv} as {@code text/csv} in UTF-8. */
    public static void writeCsv(HttpServletResponse resp, Csv csv) throws IOException {
        write(resp, 200, CSV, csv.toBytes());
    }

    private static void write(HttpServletResponse resp, int status, String type, byte[] bytes) throws IOException {
        resp.setStatus(status);
        resp.setContentType(type);
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /**
     * Ditto's error JSON for anything thrown while handling a request. A {@link DayuanException} answers with its
     * own status and JSON; anything else is a bug or an outage the client cannot fix, so it is logged with its stack
     * trace under a fresh error id and answered as a 500 that names only that id, which lets an operator find the
     * log entry without the client learning anything of the inside. Nothing is written once the answer has begun.
     */
    public static void writeError(HttpServletRequest req, HttpServletResponse resp, Throwable t) throws IOException {
        DayuanException e;
        if (t instanceof DayuanException de) {
            e = de;
        } else {
            String id = errorId();
            LOG.error("Unexpected failure on {} {} (error id {})", req.getMethod(), req.getRequestURI(), id, t);
            e = ErrorCode.INTERNAL.exception("An unexpected error occurred while handling the request; it was logged"
                    + " with the error id " + id + ".", "Tell the operator the error id " + id + ".");
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

    /** Eight hex digits: unique enough to find one entry in a day's log, short enough to read out on the phone. */
    private static String errorId() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }
}
