package org.dayuan.auth.osgi;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.auth.internal.AuthConstants;
import org.dayuan.auth.internal.Credentials;
import org.dayuan.auth.internal.Gatekeeper;
import org.dayuan.auth.internal.Names;
import org.dayuan.auth.internal.RoleMapping;
import org.dayuan.auth.internal.Tokens;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
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
public final class AuthServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AuthServlet.class);
    /** The one method of each operation. */
    private static final Map<String, String> OPERATIONS = Map.of("/login", "POST", "/logout", "POST",
            "/whoami", "GET", "/revoke", "POST");

    private final transient AuthService auth;
    private final transient Gatekeeper gate;

    @Activate
    public AuthServlet(@Reference AuthService auth) {
        this.auth = auth;
        this.gate = auth.gate;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // Tokens and identities must not linger in shared caches or the browser's history.
        resp.setHeader("Cache-Control", "no-store");
        super.service(req, resp);
    }

    @Override
    protected Set<String> allowedMethods(HttpServletRequest req) {
        String method = OPERATIONS.get(operation(req));
        if (method == null) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI()
                    + "' does not exist.", "Authentication offers login, logout, whoami and revoke under "
                    + AuthConstants.AUTH_PATH + ".");
        }
        return Set.of(method);
    }

    /** Only {@code whoami} allows GET. */
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        whoami(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (operation(req)) {
            case "/login" -> login(req, resp);
            case "/logout" -> logout(req, resp);
            default -> revoke(req, resp);
        }
    }

    @Override
    protected void writeError(HttpServletRequest req, HttpServletResponse resp, Throwable t) throws IOException {
        if (t instanceof DayuanException e && e.status() == 401) {
            // A failed login names the scheme it issues; a Basic challenge would make a browser answer the page's
            // login form with a login box of its own.
            resp.setHeader("WWW-Authenticate", "/login".equals(operation(req)) ? AuthConstants.LOGIN_CHALLENGE
                    : AuthConstants.BASIC_CHALLENGE);
        }
        super.writeError(req, resp, t);
    }

    private static String operation(HttpServletRequest req) {
        return req.getPathInfo() == null ? "" : req.getPathInfo();
    }

    private void login(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String origin = req.getRemoteAddr();
        byte[] body = Http.readBody(req, AuthConstants.MAX_BODY_BYTES);
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
            Http.requireMediaType(req, Http.JSON);
            JsonNode json = object(body);
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
                    "An administrator must give the user one of admin, manager, integrator, viewer, device or metrics.");
        }
        Tokens.Issued issued = gate.tokens().issue(caller, lifetime);
        LOG.info("Issued a token to '{}' from {}, valid until {}", Names.forLog(caller.subject()), origin,
                issued.expiresAt());
        ObjectNode out = Http.MAPPER.createObjectNode();
        out.put("token", issued.token());
        out.put("tokenType", "Bearer");
        out.put("expiresAt", issued.expiresAt().toString());
        out.put("subject", caller.subject());
        caller.roles().stream().sorted().forEach(out.putArray("roles")::add);
        caller.namespaces().stream().sorted().forEach(out.putArray("namespaces")::add);
        Http.writeJson(resp, 200, out);
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
        Http.caller(req);
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
        Caller caller = Http.caller(req);
        ObjectNode out = Http.MAPPER.createObjectNode();
        out.put("subject", caller.subject());
        caller.roles().stream().sorted().forEach(out.putArray("roles")::add);
        caller.namespaces().stream().sorted().forEach(out.putArray("namespaces")::add);
        out.put("origin", caller.origin());
        Object via = req.getAttribute(AuthConstants.VIA_ATTRIBUTE);
        out.put("via", via == null ? null : via.toString());
        if (req.getAttribute(AuthConstants.TOKEN_ATTRIBUTE) instanceof Tokens.Verified token) {
            out.put("expiresAt", token.expiresAt().toString());
        }
        Http.writeJson(resp, 200, out);
    }

    private void revoke(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        caller.require(Caller.Access.ADMINISTER, "revoke the tokens of users");
        byte[] body = Http.readBody(req, AuthConstants.MAX_BODY_BYTES);
        Http.requireMediaType(req, Http.JSON);
        String subject = string(object(body), "subject");
        if (!Names.isPlausibleUser(subject)) {
            throw ErrorCode.JSON_INVALID.exception("'subject' must be a user name.");
        }
        gate.forgetBasic(subject);
        Instant until;
        try {
            until = gate.tokens().revokeAll(subject, auth.maxLifetime);
        } catch (IOException e) {
            throw notSaved(e);
        }
        LOG.warn("'{}' from {} revoked all tokens of '{}' issued until {}", Names.forLog(caller.subject()),
                caller.origin(), Names.forLog(subject), until);
        ObjectNode out = Http.MAPPER.createObjectNode();
        out.put("subject", subject);
        out.put("revokedUntil", until.toString());
        Http.writeJson(resp, 200, out);
    }

    private static DayuanException notSaved(IOException e) {
        LOG.error("Could not save the token revocation list", e);
        return ErrorCode.INTERNAL.exception("The revocation is in force but could not be saved, so a restart would"
                + " undo it; the failure was logged.");
    }

    /** The body as a JSON object; the kit's parser names what is wrong without quoting the password. */
    private static JsonNode object(byte[] body) {
        if (body.length == 0) {
            throw ErrorCode.JSON_INVALID.exception("The request has no body; a JSON object is required.");
        }
        JsonNode json = Http.parseJson(body);
        if (!json.isObject()) {
            throw ErrorCode.JSON_INVALID.exception("The body must be a JSON object.");
        }
        return json;
    }

    private static String string(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw ErrorCode.JSON_INVALID.exception("'" + field + "' is required and must be a string.");
        }
        return value.textValue();
    }
}
