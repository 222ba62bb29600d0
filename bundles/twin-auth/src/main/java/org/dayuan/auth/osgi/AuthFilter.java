package org.dayuan.auth.osgi;

import java.io.IOException;
import java.util.Locale;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.auth.internal.AuthConstants;
import org.dayuan.auth.internal.Credentials;
import org.dayuan.auth.internal.Gatekeeper;
import org.dayuan.auth.internal.RoleMapping;
import org.dayuan.auth.internal.Tokens;
import org.dayuan.http.kit.Http;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Authenticates every request under {@code /api}, and every WebSocket upgrade under {@code /ws} (a connection then
 * acts as the caller that opened it), and leaves the {@link Caller} in the request attribute
 * {@value Caller#REQUEST_ATTRIBUTE}, where the servlets look for it (and answer 401 without it). Only the health
 * check, the login itself and the API's OpenAPI document pass without credentials.
 *
 * <p>The ranking is below CORS ({@code dayuan-cors}, ranking 0): the whiteboard runs higher rankings first, and a
 * browser's preflight carries no credentials, so it must be answered before this filter asks for them.
 */
@Component(service = Filter.class, property = "service.ranking:Integer=" + AuthFilter.RANKING)
@HttpWhiteboardFilterName("dayuan-auth")
@HttpWhiteboardFilterPattern({"/api/*", "/ws/*"})
@HttpWhiteboardFilterAsyncSupported
public final class AuthFilter implements Filter {
    static final int RANKING = -100;

    private final Gatekeeper gate;

    /**
     * @param admin unused: referenced so that no request is authenticated before the first-start admin exists with
     *              all its roles. Karaf's realm adds a user's roles one write at a time, and a login in between
     *              would be let in (and cached) with only some of them.
     */
    @Activate
    public AuthFilter(@Reference AuthService auth, @Reference AdminBootstrap.Ready admin) {
        this.gate = auth.gate;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String header = req.getHeader("Authorization");
        if (isOpen(req)) {
            boolean health = header != null && AuthConstants.HEALTH_PATH.equals(path(req));
            chain.doFilter(health ? authenticatedIfPossible(req, header) : request, response);
            return;
        }
        HttpServletRequest authenticated;
        try {
            authenticated = authenticate(req, header);
        } catch (RuntimeException e) {
            refuse(req, resp, e, header);
            return;
        }
        chain.doFilter(authenticated, response);
    }

    /** An open path still learns who is calling when told, so health can show a login what it may see. */
    private HttpServletRequest authenticatedIfPossible(HttpServletRequest req, String header) {
        try {
            return authenticate(req, header);
        } catch (RuntimeException e) {
            return req;
        }
    }

    /**
     * What passes without credentials: health and liveness for monitors, the login, which checks its own, and the
     * OpenAPI document a client reads to learn how to log in.
     */
    static boolean isOpen(HttpServletRequest req) {
        String path = path(req);
        return path.equals(AuthConstants.HEALTH_PATH) || path.equals(AuthConstants.LIVE_PATH)
                || path.equals(AuthConstants.LOGIN_PATH) && "POST".equals(req.getMethod())
                || path.equals(AuthConstants.OPENAPI_PATH);
    }

    /** The container's decoded, normalised path, so "/api/./health" or "%2F" tricks decide nothing here. */
    private static String path(HttpServletRequest req) {
        return req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    }

    private HttpServletRequest authenticate(HttpServletRequest req, String header) {
        String origin = req.getRemoteAddr();
        Caller caller;
        String via;
        Credentials credentials = Credentials.parse(header);
        if (credentials instanceof Credentials.Basic basic) {
            caller = gate.basic(basic, origin);
            via = AuthConstants.VIA_BASIC;
        } else {
            Tokens.Verified token = gate.bearer((Credentials.Bearer) credentials, origin);
            req.setAttribute(AuthConstants.TOKEN_ATTRIBUTE, token);
            caller = token.caller(origin);
            via = AuthConstants.VIA_TOKEN;
        }
        if (!RoleMapping.hasDayuanRole(caller)) {
            throw ErrorCode.ACCESS_FORBIDDEN.exception("'" + caller.subject() + "' has no Dayuan role.",
                    "An administrator must give the user one of admin, manager, integrator, viewer, device or metrics,"
                            + " and ns:<namespace> for the organisations it may see.");
        }
        req.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
        req.setAttribute(AuthConstants.VIA_ATTRIBUTE, via);
        return new AuthenticatedRequest(req, caller,
                via.equals(AuthConstants.VIA_BASIC) ? HttpServletRequest.BASIC_AUTH : "Bearer");
    }

    /** Ditto's error JSON; anything but a {@link DayuanException} is logged and answered as a 500 with its id. */
    private static void refuse(HttpServletRequest req, HttpServletResponse resp, RuntimeException e, String header)
            throws IOException {
        if (e instanceof DayuanException de && de.status() == 401) {
            // A refused token is answered with the Bearer challenge alone: a Basic one would make a browser open
            // its own login box over the page that sent the token, and the page would never see the 401.
            boolean bearer = header != null && header.strip().toLowerCase(Locale.ROOT).startsWith("bearer");
            resp.setHeader("WWW-Authenticate", bearer ? AuthConstants.BEARER_CHALLENGE : AuthConstants.BASIC_CHALLENGE);
        }
        // As every answer about credentials, for no cache to keep.
        resp.setHeader("Cache-Control", "no-store");
        Http.writeError(req, resp, e);
    }
}
