package org.dayuan.auth.osgi;

import java.security.Principal;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

import org.dayuan.twin.Caller;

/** The request as the servlets see it after authentication: the container's user API answers with the caller. */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final Caller caller;
    private final String authType;
    private final Principal principal;

    AuthenticatedRequest(HttpServletRequest request, Caller caller, String authType) {
        super(request);
        this.caller = caller;
        this.authType = authType;
        String name = caller.subject();
        this.principal = () -> name;
    }

    @Override
    public String getRemoteUser() {
        return caller.subject();
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getAuthType() {
        return authType;
    }

    @Override
    public boolean isUserInRole(String role) {
        return caller.roles().contains(role);
    }
}
