package org.dayuan.auth.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.auth.internal.AuthConstants;
import org.dayuan.auth.internal.Credentials;
import org.dayuan.auth.internal.Gatekeeper;
import org.dayuan.auth.internal.Names;
import org.dayuan.auth.internal.RoleMapping;
import org.dayuan.auth.internal.Tokens;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/dayuan/auth}: {@code POST login} (a bearer token for a user name and password), {@code POST logout}
 * (revokes the token used), {@code GET whoami} and, for administrators, {@code POST revoke} (all tokens of a user).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-auth")
@HttpWhiteboardServletPattern(AuthConstants.AUTH_PATH + "/*")
public final class AuthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AuthServlet.class);
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final transient AuthService auth;
    private final transient Gatekeeper gate;

    @Activate
    public AuthServlet(@Reference AuthService auth) {
        this.auth = auth;
        this.gate = auth.gate;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String op = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            switch (op) {
                case "/login" -> {
                    allow(req, resp, "POST");
                    login(req, resp);
                }
                case "/logout" -> {
                    allow(req, resp, "POST");
                    logout(req, resp);
                }
                case "/whoami" -> {
                    allow(req, resp, "GET");
                    whoami(req, resp);
                }
                case "/revoke" -> {
                    allow(req, resp, "POST");
                    revoke(req, resp);
                }
                default -> throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI()
                        + "' does not exist.", "Authentication offers login, logout, whoami and revoke under "
                        + AuthConstants.AUTH_PATH + ".");
            }
        } catch (DayuanException e) {
            if (e.status() == 401) {
                resp.setHeader("WWW-Authenticate", AuthConstants.BASIC_CHALLENGE);
            }
            Responses.error(resp, e);
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure on {} {}", req.getMethod(), req.getRequestURI(), e);
            Responses.error(resp, ErrorCode.INTERNAL.exception("An unexpected error occurred; it was logged."));
        }
    }

    private static void allow(HttpServletRequest req, HttpServletResponse resp, String method) {
        if (!method.equals(req.getMethod())) {
            resp.setHeader("Allow", method);
            throw ErrorCode.METHOD_NOT_ALLOWED.exception("'" + req.getRequestURI() + "' allows only " + method
                    + ", not " + req.getMethod() + ".");
        }
    }

    private void login(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String origin = req.getRemoteAddr();
        byte[] body = readBody(req);
        String user;
        String password;
        Long seconds = null;
        if (body.length == 0) {
            String header = req.getHeader("Authorization");
            if (header == null) {
                throw ErrorCode.UNAUTHENTICATED.exception("Send {\"username\", \"password\"} as JSON, or HTTP Basic"
                        + " credentials with an empty body.");
            }
            if (!(Credentials.parse(header) instanceof Credentials.Basic basic)) {
                throw ErrorCode.UNAUTHENTICATED.exception("A token is not exchanged for another; log in with a"
                        + " user name and password.");
            }
            user = basic.user();
            password = basic.password();
            String asked = req.getParameter("expiresInSeconds");
            if (asked != null) {
                try {
                    seconds = Long.valueOf(asked.strip());
                } catch (NumberFormatException e) {
                    throw ErrorCode.PARAMETER_INVALID.exception("expiresInSeconds must be a whole number of"
                            + " seconds, not '" + Names.forLog(asked) + "'.");
                }
            }
        } else {
            requireJson(req);
            JsonNode json = parse(body);
            user = string(json, "username");
            password = string(json, "password");
            JsonNode asked = json.get("expiresInSeconds");
            if (asked != null && !asked.isNull()) {
                if (!asked.isIntegralNumber() || !asked.canConvertToLong()) {
                    throw ErrorCode.JSON_INVALID.exception("'expiresInSeconds' must be a whole number of seconds.");
                }
                seconds = asked.longValue();
            }
        }
        Duration lifetime = lifetime(seconds);
        Caller caller = gate.login(user, password, origin);
        if (!RoleMapping.hasDayuanRole(caller)) {
            throw ErrorCode.ACCESS_FORBIDDEN.exception("'" + caller.subject() + "' has no Dayuan role.",
                    "An administrator must give the user one of admin, manager, integrator, viewer or device.");
        }
        Tokens.Issued issued = gate.tokens().issue(caller, lifetime);
        LOG.info("Issued a token to '{}' from {}, valid until {}", Names.forLog(caller.subject()), origin,
                issued.expiresAt());
        ObjectNode out = Responses.JSON.createObjectNode();
        out.put("token", issued.token());
        out.put("tokenType", "Bearer");
        out.put("expiresAt", issued.expiresAt().toString());
        out.put("subject", caller.subject());
        caller.roles().stream().sorted().forEach(out.putArray("roles")::add);
        caller.namespaces().stream().sorted().forEach(out.putArray("namespaces")::add);
        Responses.json(resp, 200, out);
    }

    private Duration lifetime(Long seconds) {
        if (seconds == null) {
            return auth.defaultLifetime;
        }
        long max = auth.maxLifetime.toSeconds();
        if (seconds < 1 || seconds > max) {
            throw ErrorCode.PARAMETER_INVALID.exception("expiresInSeconds must be between 1 and " + max + ", not "
                    + seconds + ".");
        }
        return Duration.ofSeconds(seconds);
    }

    private void logout(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        caller(req);
        if (!(req.getAttribute(AuthConstants.TOKEN_ATTRIBUTE) instanceof Tokens.Verified token)) {
            throw ErrorCode.PARAMETER_INVALID.exception("Log out with the bearer token to end it; Basic"
                    + " credentials have no token to revoke.");
        }
        try {
            gate.tokens().revoke(token);
        } catch (IOException e) {
            throw notSaved(e);
        }
        resp.setStatus(204);
    }

    private void whoami(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = caller(req);
        ObjectNode out = Responses.JSON.createObjectNode();
        out.put("subject", caller.subject());
        caller.roles().stream().sorted().forEach(out.putArray("roles")::add);
        caller.namespaces().stream().sorted().forEach(out.putArray("namespaces")::add);
        out.put("origin", caller.origin());
        Object via = req.getAttribute(AuthConstants.VIA_ATTRIBUTE);
        out.put("via", via == null ? null : via.toString());
        if (req.getAttribute(AuthConstants.TOKEN_ATTRIBUTE) instanceof Tokens.Verified token) {
            out.put("expiresAt", token.expiresAt().toString());
        }
        Responses.json(resp, 200, out);
    }

    private void revoke(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = caller(req);
        caller.require(Caller.Access.ADMINISTER, "revoke the tokens of users");
        byte[] body = readBody(req);
        requireJson(req);
        String subject = string(parse(body), "subject");
        if (!Names.isPlausibleUser(subject)) {
            throw ErrorCode.JSON_INVALID.exception("'subject' must be a user name.");
        }
        Instant until;
        try {
            until = gate.tokens().revokeAll(subject, auth.maxLifetime);
        } catch (IOException e) {
            throw notSaved(e);
        }
        LOG.warn("'{}' from {} revoked all tokens of '{}' issued until {}", Names.forLog(caller.subject()),
                caller.origin(), Names.forLog(subject), until);
        ObjectNode out = Responses.JSON.createObjectNode();
        out.put("subject", subject);
        out.put("revokedUntil", until.toString());
        Responses.json(resp, 200, out);
    }

    private static Caller caller(HttpServletRequest req) {
        return Caller.authenticated(req.getAttribute(Caller.REQUEST_ATTRIBUTE));
    }

    private static DayuanException notSaved(IOException e) {
        LOG.error("Could not save the token revocation list", e);
        return ErrorCode.INTERNAL.exception("The revocation is in force but could not be saved, so a restart would"
                + " undo it; the failure was logged.");
    }

    private static byte[] readBody(HttpServletRequest req) throws IOException {
        int max = AuthConstants.MAX_BODY_BYTES;
        if (req.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        try (InputStream in = req.getInputStream()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw tooLarge(max);
            }
            return body;
        }
    }

    private static DayuanException tooLarge(int max) {
        return ErrorCode.TOO_LARGE.exception("The request body exceeds the limit of " + max + " bytes.");
    }

    private static void requireJson(HttpServletRequest req) {
        String type = req.getContentType();
        String base = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json")) {
            throw ErrorCode.MEDIA_TYPE_UNSUPPORTED.exception("The Media-Type <" + (type == null ? "none" : type)
                    + "> is not supported for this request; use <application/json>.");
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ErrorCode.JSON_INVALID.exception("The request has no body; a JSON object is required.");
        }
        try {
            JsonNode json = STRICT.readTree(body);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (JsonProcessingException e) {
            // The original message names the problem without quoting the body, which holds a password.
            throw ErrorCode.JSON_INVALID.exception("Failed to parse JSON: " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw ErrorCode.JSON_INVALID.exception("Failed to parse JSON.");
        }
        throw ErrorCode.JSON_INVALID.exception("The body must be a JSON object.");
    }

    private static String string(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw ErrorCode.JSON_INVALID.exception("'" + field + "' is required and must be a string.");
        }
        return value.textValue();
    }
}
