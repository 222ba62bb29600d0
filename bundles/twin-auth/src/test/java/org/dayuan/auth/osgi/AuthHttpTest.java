package org.dayuan.auth.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.login.FailedLoginException;
import javax.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.auth.internal.AuthConstants;
import org.dayuan.auth.internal.Authenticator;
import org.dayuan.testing.MutableClock;
import org.dayuan.auth.internal.Realm;
import org.dayuan.http.kit.Http;
import org.dayuan.twin.Caller;
import org.dayuan.twin.metrics.PrometheusText;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter and the servlet together, as a client sees them. */
class AuthHttpTest {
    private static final Map<String, List<String>> USERS = Map.of(
            "wujin-viewer", List.of("viewer", "ns:cz.wujin"),
            "boss", List.of("admin", "ns:*", "ssh"),
            "prometheus", List.of("metrics"),
            "karaf", List.of("ssh", "systembundles"));
    private static final Authenticator STORE = (user, password) -> {
        if (!"pw".equals(password) || !USERS.containsKey(user)) {
            throw new FailedLoginException("login failed");
        }
        return USERS.get(user);
    };

    private static final Realm REALM = new Realm() {
        @Override
        public boolean exists(String user) {
            return USERS.containsKey(user);
        }

        @Override
        public void decoyCheck(String password) {
        }
    };

    /** Not the fake's default, so that an origin reported is known to be the client's address. */
    private static final String ORIGIN = "10.0.0.7";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private AuthFilter filter;
    private AuthServlet servlet;
    private HttpServletRequest passed;
    private AuthService auth;

    @BeforeEach
    void setUp() throws Exception {
        auth = new AuthService(TestConfig.with(Map.of("maxFailedLogins", 3)), dir, STORE, REALM, clock);
        filter = new AuthFilter(auth, null);
        servlet = new AuthServlet(auth);
    }

    @Test
    void healthLoginAndTheOpenApiDocumentPassWithoutCredentials() throws Exception {
        assertNotNull(filter(request("GET", "/api/health")).passed);
        assertNotNull(filter(request("POST", AuthConstants.LOGIN_PATH)).passed);
        assertNotNull(filter(request("GET", "/api/dayuan/openapi.json")).passed);
        assertNull(filter(request("GET", AuthConstants.LOGIN_PATH)).passed);
        assertNull(filter(request("GET", "/api/health/x")).passed);
        assertNull(filter(request("GET", "/api/dayuan/openapi.json/x")).passed);
    }

    @Test
    void withoutCredentialsTheAnswerIs401WithABasicChallenge() throws Exception {
        Result r = filter(request("GET", "/api/2/things"));

        assertNull(r.passed);
        assertEquals(401, r.http.status);
        assertEquals("Basic realm=\"dayuan\", charset=\"UTF-8\"", r.http.responseHeader("WWW-Authenticate"));
        JsonNode error = r.http.json();
        assertEquals("gateway:authentication.failed", error.get("error").asText());
        assertEquals(401, error.get("status").asInt());
    }

    @Test
    void basicCredentialsLetTheCallerIn() throws Exception {
        Result r = filter(request("GET", "/api/2/things").header("Authorization", basic("wujin-viewer", "pw")));

        assertNotNull(r.passed);
        Caller caller = (Caller) r.passed.getAttribute(Caller.REQUEST_ATTRIBUTE);
        assertEquals(new Caller("wujin-viewer", Set.of("viewer"), Set.of("cz.wujin"), ORIGIN),
                caller);
        assertEquals("wujin-viewer", r.passed.getRemoteUser());
        assertEquals("wujin-viewer", r.passed.getUserPrincipal().getName());
        assertTrue(r.passed.isUserInRole("viewer"));
        assertEquals("basic", r.passed.getAttribute(AuthConstants.VIA_ATTRIBUTE));
    }

    @Test
    void malformedHeadersAre401NeverServerErrors() throws Exception {
        for (String header : new String[] {"Basic %%%", "Basic " + b64("nocolon"), "Basic",
                "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'}), "Digest x",
                "Basic " + "A".repeat(20_000), "Bearer", "Bearer not-a-token"}) {
            Result r = filter(request("GET", "/api/2/things").header("Authorization", header));
            assertEquals(401, r.http.status, header);
            assertNull(r.passed);
        }
    }

    @Test
    void wrongPasswordIs401AndLocksAfterTheLimit() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, filter(get("wujin-viewer", "bad")).http.status);
        }

        Result r = filter(get("wujin-viewer", "pw"));

        assertEquals(401, r.http.status);
        assertTrue(r.http.body().contains("locked for this address until"), r.http.body());
    }

    @Test
    void failuresAndLockoutsAreCountedForTheMetrics() throws Exception {
        for (int i = 0; i < 3; i++) {
            filter(get("wujin-viewer", "bad"));
        }
        filter(get("wujin-viewer", "pw"));
        filter(get("nobody", "bad"));

        PrometheusText text = new PrometheusText();
        text.include(auth);
        String metrics = text.render();
        assertTrue(metrics.contains("\ndayuan_login_failures_total 4\n"), metrics);
        assertTrue(metrics.contains("\ndayuan_login_lockouts_total 1\n"), metrics);
        assertTrue(metrics.contains("\ndayuan_login_refused_locked_total 1\n"), metrics);
    }

    @Test
    void aLoginWithOnlyTheMetricsRoleIsLetIn() throws Exception {
        Result r = filter(get("prometheus", "pw"));

        assertNotNull(r.passed);
        assertEquals(Set.of("metrics"), ((Caller) r.passed.getAttribute(Caller.REQUEST_ATTRIBUTE)).roles());
    }

    @Test
    void aLoginWithoutDayuanRoleIs403() throws Exception {
        Result r = filter(get("karaf", "pw"));

        assertEquals(403, r.http.status);
        assertTrue(r.http.body().contains("no Dayuan role"), r.http.body());
        assertNull(r.passed);
    }

    @Test
    void loginIssuesATokenThatTheFilterAccepts() throws Exception {
        FakeHttp login = serve(request("POST", AuthConstants.LOGIN_PATH)
                .jsonBody("{\"username\":\"wujin-viewer\",\"password\":\"pw\",\"expiresInSeconds\":7200}"));

        assertEquals(200, login.status, login.body());
        JsonNode body = login.json();
        assertEquals("Bearer", body.get("tokenType").asText());
        assertEquals("2025-03-01T10:00:00Z", body.get("expiresAt").asText());
        assertEquals("[\"viewer\"]", body.get("roles").toString());
        assertEquals("[\"cz.wujin\"]", body.get("namespaces").toString());
        assertEquals("no-store", login.responseHeader("Cache-Control"));

        Result r = filter(request("GET", AuthConstants.AUTH_PATH + "/whoami")
                .header("Authorization", "Bearer " + body.get("token").asText()));
        assertNotNull(r.passed);
        FakeHttp whoami = serve(r);
        JsonNode me = whoami.json();
        assertEquals("wujin-viewer", me.get("subject").asText());
        assertEquals("token", me.get("via").asText());
        assertEquals(ORIGIN, me.get("origin").asText());
        assertEquals("2025-03-01T10:00:00Z", me.get("expiresAt").asText());
    }

    @Test
    void loginAcceptsBasicWithAnEmptyBody() throws Exception {
        FakeHttp login = serve(request("POST", AuthConstants.LOGIN_PATH)
                .header("Authorization", basic("boss", "pw")));

        assertEquals(200, login.status, login.body());
        assertEquals("2025-03-01T09:00:00Z", login.json().get("expiresAt").asText());
    }

    @Test
    void badLoginRequestsGetClearErrors() throws Exception {
        assertEquals(400, login("{\"username\":\"wujin-viewer\"}").status);
        assertEquals(400, login("{\"username\":1,\"password\":\"pw\"}").status);
        assertEquals(400, login("[\"wujin-viewer\",\"pw\"]").status);
        assertEquals(400, login("{\"username\":\"wujin-viewer\",\"password\":\"pw\"").status);
        assertEquals(400, login("{\"username\":\"wujin-viewer\",\"password\":\"pw\","
                + "\"expiresInSeconds\":\"5\"}").status);
        assertEquals(400, login("{\"username\":\"wujin-viewer\",\"password\":\"pw\","
                + "\"expiresInSeconds\":2592001}").status);
        assertEquals(400, login("{\"username\":\"wujin-viewer\",\"password\":\"pw\",\"expiresInSeconds\":0}").status);
        assertEquals(413, login("{\"username\":\"" + "x".repeat(17_000) + "\"}").status);
        FakeHttp form = request("POST", AuthConstants.LOGIN_PATH);
        form.requestBody("application/x-www-form-urlencoded", "username=a&password=b");
        assertEquals(415, serve(form).status);
        FakeHttp wrong = login("{\"username\":\"wujin-viewer\",\"password\":\"nope\"}");
        assertEquals(401, wrong.status);
        assertFalse(wrong.body().contains("nope"));
        // no Basic challenge, which would make a browser put its own login box over the console's form
        assertEquals("Bearer realm=\"dayuan\"", wrong.responseHeader("WWW-Authenticate"));
        assertEquals(403, login("{\"username\":\"karaf\",\"password\":\"pw\"}").status);
        assertEquals(401, serve(request("POST", AuthConstants.LOGIN_PATH)).status);
    }

    @Test
    void logoutRevokesTheTokenUsed() throws Exception {
        String token = token("wujin-viewer");
        Result r = filter(request("POST", AuthConstants.AUTH_PATH + "/logout")
                .header("Authorization", "Bearer " + token));

        assertEquals(204, serve(r).status);

        Result again = filter(request("GET", "/api/2/things").header("Authorization", "Bearer " + token));
        assertEquals(401, again.http.status);
        assertTrue(again.http.body().contains("revoked"), again.http.body());
        // the Bearer challenge alone: a Basic one would open a browser's login box over the page
        assertEquals(List.of("Bearer error=\"invalid_token\""), again.http.responseHeaders.get("WWW-Authenticate"));
    }

    @Test
    void onlyAdministratorsRevokeAllTokensOfAUser() throws Exception {
        String victim = token("wujin-viewer");
        Result byViewer = filter(request("POST", AuthConstants.AUTH_PATH + "/revoke")
                .header("Authorization", "Bearer " + victim).jsonBody("{\"subject\":\"boss\"}"));
        assertEquals(403, serve(byViewer).status);

        Result byAdmin = filter(request("POST", AuthConstants.AUTH_PATH + "/revoke")
                .header("Authorization", basic("boss", "pw")).jsonBody("{\"subject\":\"wujin-viewer\"}"));
        FakeHttp revoked = serve(byAdmin);
        assertEquals(200, revoked.status, revoked.body());

        assertEquals(401, filter(request("GET", "/api/2/things")
                .header("Authorization", "Bearer " + victim)).http.status);
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        Result r = filter(request("GET", AuthConstants.AUTH_PATH + "/nothing")
                .header("Authorization", basic("boss", "pw")));
        assertEquals(404, serve(r).status);
        Result put = filter(request("PUT", AuthConstants.AUTH_PATH + "/whoami")
                .header("Authorization", basic("boss", "pw")));
        FakeHttp resp = serve(put);
        assertEquals(405, resp.status);
        assertEquals("GET", resp.responseHeader("Allow"));
        assertEquals(405, serve(request("GET", AuthConstants.LOGIN_PATH)).status);
    }

    @Test
    void aBrokenUserStoreIsA500InJsonWithoutAStackTraceFromTheFilterAndTheServlet() throws Exception {
        Authenticator broken = (user, password) -> {
            throw new IllegalStateException("users.properties at /opt/dayuan/etc is unreadable");
        };
        AuthService auth = new AuthService(TestConfig.with(Map.of()), dir, broken, REALM, clock);
        filter = new AuthFilter(auth, null);
        servlet = new AuthServlet(auth);

        FakeHttp login = login("{\"username\":\"boss\",\"password\":\"pw\"}");
        login.internalErrorId();
        assertEquals("no-store", login.responseHeader("Cache-Control"));
        Result r = filter(get("boss", "pw"));
        assertNull(r.passed);
        r.http.internalErrorId();
        assertFalse(login.body().contains("/opt") || r.http.body().contains("/opt"), r.http.body());
    }

    @Test
    void theServletRefusesRequestsTheFilterDidNotAuthenticate() throws Exception {
        assertEquals(401, serve(request("GET", AuthConstants.AUTH_PATH + "/whoami")).status);
    }

    @Test
    void badConfigurationIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AuthService(TestConfig.with(Map.of("maxFailedLogins", 0)), dir, STORE, REALM, clock));
        assertTrue(e.getMessage().contains("org.dayuan.auth: maxFailedLogins"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new AuthService(TestConfig.with(Map.of("tokenSecret", "short")), dir, STORE, REALM, clock));
        assertTrue(e.getMessage().contains("tokenSecret"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new AuthService(TestConfig.with(Map.of("maxTokenMinutes", 10)), dir, STORE, REALM, clock));
    }

    @Test
    void theGeneratedKeyOutlivesARestart() throws Exception {
        String token = token("wujin-viewer");
        AuthService restarted = new AuthService(TestConfig.with(Map.of()), dir, STORE, REALM, clock);
        filter = new AuthFilter(restarted, null);

        assertNotNull(filter(request("GET", "/api/2/things").header("Authorization", "Bearer " + token))
                .passed);
    }

    @Test
    void adminPasswordIsGeneratedFromAnUnambiguousAlphabet() {
        String password = AdminBootstrap.generate();

        assertEquals(16, password.length());
        assertTrue(password.matches("[a-km-zA-HJ-NP-Z2-9]{16}"), password);
        assertFalse(password.equals(AdminBootstrap.generate()));
    }

    private String token(String user) throws Exception {
        FakeHttp login = login("{\"username\":\"" + user + "\",\"password\":\"pw\"}");
        assertEquals(200, login.status, login.body());
        return login.json().get("token").asText();
    }

    private FakeHttp login(String json) throws Exception {
        return serve(request("POST", AuthConstants.LOGIN_PATH).jsonBody(json));
    }

    private static FakeHttp get(String user, String password) {
        return request("GET", "/api/2/things").header("Authorization", basic(user, password));
    }

    /**
     * A request from {@link #ORIGIN} as the container hands it to the filter, which sees every /api path, and to the
     * servlet mounted at {@link AuthConstants#AUTH_PATH}: nobody has authenticated it yet.
     */
    private static FakeHttp request(String method, String path) {
        FakeHttp http = new FakeHttp(method, path).caller(null)
                .mountedAt(path.startsWith(AuthConstants.AUTH_PATH + "/") ? AuthConstants.AUTH_PATH : path);
        http.remoteAddr = ORIGIN;
        return http;
    }

    /** What got past the filter, null if nothing did, and the exchange, holding the filter's answer if it refused. */
    private record Result(HttpServletRequest passed, FakeHttp http) {
    }

    private Result filter(FakeHttp http) throws Exception {
        passed = null;
        filter.doFilter(http.request(), http.response(), (req, resp) -> passed = (HttpServletRequest) req);
        return new Result(passed, http);
    }

    /** The servlet answers on the same exchange, as it does behind the filter; the filter wrote nothing on it. */
    private FakeHttp serve(Result passedFilter) throws Exception {
        assertNotNull(passedFilter.passed, passedFilter.http.body());
        servlet.service(passedFilter.passed, passedFilter.http.response());
        return passedFilter.http;
    }

    private FakeHttp serve(FakeHttp http) throws Exception {
        return http.send(servlet);
    }

    private static String basic(String user, String password) {
        return "Basic " + b64(user + ":" + password);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
