package org.dayuan.auth.internal;

/** Names that the filter, the servlet and the tests must agree on. */
public final class AuthConstants {
    /** Configuration PID of the authentication (metatype, {@code etc/org.dayuan.auth.cfg}). */
    public static final String PID = "org.dayuan.auth";
    /** The realm named in {@code WWW-Authenticate}; the JAAS realm behind it is configured separately. */
    public static final String HTTP_REALM = "dayuan";
    public static final String BASIC_CHALLENGE = "Basic realm=\"" + HTTP_REALM + "\", charset=\"UTF-8\"";
    public static final String BEARER_CHALLENGE = "Bearer error=\"invalid_token\"";
    /** What a failed login through {@code /api/dayuan/auth/login} answers: it issues bearer tokens. */
    public static final String LOGIN_CHALLENGE = "Bearer realm=\"" + HTTP_REALM + "\"";

    public static final String HEALTH_PATH = "/api/health";
    /** Liveness: open to anybody, says only that the process runs. */
    public static final String LIVE_PATH = HEALTH_PATH + "/live";
    public static final String AUTH_PATH = "/api/dayuan/auth";
    public static final String LOGIN_PATH = AUTH_PATH + "/login";
    /** The API's OpenAPI document: what the API offers, never what is in it, so a client reads it before login. */
    public static final String OPENAPI_PATH = "/api/dayuan/openapi.json";

    /** Request attribute: how the caller authenticated, {@value #VIA_BASIC} or {@value #VIA_TOKEN}. */
    public static final String VIA_ATTRIBUTE = "org.dayuan.auth.via";
    /** Request attribute: the verified token ({@link Tokens.Verified}) when the caller sent one. */
    public static final String TOKEN_ATTRIBUTE = "org.dayuan.auth.token";
    public static final String VIA_BASIC = "basic";
    public static final String VIA_TOKEN = "token";

    /** Largest login or revoke body; they are a few dozen bytes. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private AuthConstants() {
    }
}
