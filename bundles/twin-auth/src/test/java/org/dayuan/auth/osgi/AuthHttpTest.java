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
import org.dayuan.auth.internal.MutableClock;
import org.dayuan.twin.Caller;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter and the servlet together, as a client sees them. */
class AuthHttpTest {
    private static final Map<String, List<String>> USERS = Map.of(
            "wujin-viewer", List.of("viewer", "ns:cz.wujin"),
            "boss", List.of("admin", "ns:*", "ssh"),
            "karaf", List.of("ssh", "systembundles"));
    private static final Authenticator STORE = (user, password) -> {
        if (!"pw".equals(password) || !USERS.containsKey(user)) {
            throw new FailedLoginException("login failed");
        }
        return USERS.get(user);
    };

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private AuthFilter filter;
    private AuthServlet servlet;
    private HttpServletRequest passed;

    @BeforeEach
    void setUp() throws Exception {
        AuthService auth = new AuthService(TestConfig.with(Map.of("maxFailedLogins", 3)), dir, STORE, clock);
        filter = new AuthFilter(auth);
        servlet = new AuthServlet(auth);
    }

    @Test
    void healthAndLoginPassWithoutCredentials() throws Exception {
        assertNotNull(filter(new FakeHttp.Request("GET", "/api/health")).passed);
        assertNotNull(filter(new FakeHttp.Request("POST", AuthConstants.LOGIN_PATH)).passed);
        assertNull(filter(new FakeHttp.Request("GET", AuthConstants.LOGIN_PATH)).passed);
        assertNull(filter(new FakeHttp.Request("GET", "/api/health/x")).passed);
    }

    @Test
    void withoutCredentialsTheAnswerIs401WithABasicChallenge() throws Exception {
        Result r = filter(new FakeHttp.Request("GET", "/api/2/things"));

        assertNull(r.passed);
        assertEquals(401, r.response.status);
        assertEquals("Basic realm=\"dayuan\", charset=\"UTF-8\"", r.response.header("WWW-Authenticate"));
        JsonNode error = Responses.JSON.readTree(r.response.text());
        assertEquals("gateway:authentication.failed", error.get("error").asText());
        assertEquals(401, error.get("status").asInt());
    }

    @Test
    void basicCredentialsLetTheCallerIn() throws Exception {
        Result r = filter(new FakeHttp.Request("GET", "/api/2/things").header("Authorization", basic("wujin-viewer", "pw")));

        assertNotNull(r.passed);
        Caller caller = (Caller) r.passed.getAttribute(Caller.REQUEST_ATTRIBUTE);
        assertEquals(new Caller("wujin-viewer", Set.of("viewer"), Set.of("cz.wujin"), "10.0.0.7"),
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
            Result r = filter(new FakeHttp.Request("GET", "/api/2/things").header("Authorization", header));
            assertEquals(401, r.response.status, header);
            assertNull(r.passed);
        }
    }

    @Test
    void wrongPasswordIs401AndLocksAfterTheLimit() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, filter(get("wujin-viewer", "bad")).response.status);
        }

        Result r = filter(get("wujin-viewer", "pw"));

        assertEquals(401, r.response.status);
        assertTrue(r.response.text().contains("locked until"), r.response.text());
    }

    @Test
    void aLoginWithoutDayuanRoleIs403() throws Exception {
        Result r = filter(get("karaf", "pw"));

        assertEquals(403, r.response.status);
        assertTrue(r.response.text().contains("no Dayuan role"), r.response.text());
        assertNull(r.passed);
    }

    @Test
    void loginIssuesATokenThatTheFilterAccepts() throws Exception {
        FakeHttp.Response login = serve(new FakeHttp.Request("POST", AuthConstants.LOGIN_PATH)
                .json("{\"username\":\"wujin-viewer\",\"password\":\"pw\",\"expiresInSeconds\":7200}"));

        assertEquals(200, login.status, login.text());
        JsonNode body = Responses.JSON.readTree(login.text());
        assertEquals("Bearer", body.get("tokenType").asText());
        assertEquals("2025-03-01T10:00:00Z", body.get("expiresAt").asText());
        assertEquals("[\"viewer\"]", body.get("roles").toString());
        assertEquals("[\"cz.wujin\"]", body.get("namespaces").toString());
        assertEquals("no-store", login.header("Cache-Control"));

        Result r = filter(new FakeHttp.Request("GET", AuthConstants.AUTH_PATH + "/whoami")
                .header("Authorization", "Bearer " + body.get("token").asText()));
        assertNotNull(r.passed);
        FakeHttp.Response whoami = serve(r);
        JsonNode me = Responses.JSON.readTree(whoami.text());
        assertEquals("wujin-viewer", me.get("subject").asText());
        assertEquals("token", me.get("via").asText());
        assertEquals("10.0.0.7", me.get("origin").asText());
        assertEquals("2025-03-01T10:00:00Z", me.get("expiresAt").asText());
    }

    @Test
    void loginAcceptsBasicWithAnEmptyBody() throws Exception {
        FakeHttp.Response login = serve(new FakeHttp.Request("POST", AuthConstants.LOGIN_PATH)
                .header("Authorization", basic("boss", "pw")));

        assertEquals(200, login.status, login.text());
        assertEquals("2025-03-01T09:00:00Z", Responses.JSON.readTree(login.text()).get("expiresAt").asText());
    }

    @Test
    void badLoginRequestsGetClearErrors() throws Exception {
        assertEquals(400, login("{\"username\":\"wujin-viewer\"}").status);
        assertEquals(400, login("{\"username\":1,\"password\":\"pw\"}").status);
        assertEquals(400, login("[\"wujin-viewer\",\"pw\"]").status);
        assertEquals(400, login("{\"username\":\"wujin-viewer\",\"password\":\"pw\"").status);
        assertEquals(400, login("{\"username\":\"wujin-viewer\",\"password\":\"pw\",\"expiresInSeconds\":\"5\"}").status);
        assertEquals(400, login("{\"username\":\"wujin-viewer\",\"password\":\"pw\",\"expiresInSeconds\":2592001}").status);
        assertEquals(400, login("{\"username\":\"wujin-viewer\",\"password\":\"pw\",\"expiresInSeconds\":0}").status);
        assertEquals(413, login("{\"username\":\"" + "x".repeat(17_000) + "\"}").status);
        FakeHttp.Request form = new FakeHttp.Request("POST", AuthConstants.LOGIN_PATH);
        form.contentType = "application/x-www-form-urlencoded";
        form.body = "username=a&password=b".getBytes(StandardCharsets.UTF_8);
        assertEquals(415, serve(form).status);
        FakeHttp.Response wrong = login("{\"username\":\"wujin-viewer\",\"password\":\"nope\"}");
        assertEquals(401, wrong.status);
        assertFalse(wrong.text().contains("nope"));
        assertEquals(403, login("{\"username\":\"karaf\",\"password\":\"pw\"}").status);
        assertEquals(401, serve(new FakeHttp.Request("POST", AuthConstants.LOGIN_PATH)).status);
    }

    @Test
    void logoutRevokesTheTokenUsed() throws Exception {
        String token = token("wujin-viewer");
        Result r = filter(new FakeHttp.Request("POST", AuthConstants.AUTH_PATH + "/logout")
                .header("Authorization", "Bearer " + token));

        assertEquals(204, serve(r).status);

        Result again = filter(new FakeHttp.Request("GET", "/api/2/things").header("Authorization", "Bearer " + token));
        assertEquals(401, again.response.status);
        assertTrue(again.response.text().contains("revoked"), again.response.text());
        assertEquals(List.of(AuthConstants.BASIC_CHALLENGE, "Bearer error=\"invalid_token\""),
                again.response.headers.get("WWW-Authenticate"));
    }

    @Test
    void onlyAdministratorsRevokeAllTokensOfAUser() throws Exception {
        String victim = token("wujin-viewer");
        Result byViewer = filter(new FakeHttp.Request("POST", AuthConstants.AUTH_PATH + "/revoke")
                .header("Authorization", "Bearer " + victim).json("{\"subject\":\"boss\"}"));
        assertEquals(403, serve(byViewer).status);

        Result byAdmin = filter(new FakeHttp.Request("POST", AuthConstants.AUTH_PATH + "/revoke")
                .header("Authorization", basic("boss", "pw")).json("{\"subject\":\"wujin-viewer\"}"));
        FakeHttp.Response revoked = serve(byAdmin);
        assertEquals(200, revoked.status, revoked.text());

        assertEquals(401, filter(new FakeHttp.Request("GET", "/api/2/things")
                .header("Authorization", "Bearer " + victim)).response.status);
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        Result r = filter(new FakeHttp.Request("GET", AuthConstants.AUTH_PATH + "/nothing")
                .header("Authorization", basic("boss", "pw")));
        assertEquals(404, serve(r).status);
        Result put = filter(new FakeHttp.Request("PUT", AuthConstants.AUTH_PATH + "/whoami")
                .header("Authorization", basic("boss", "pw")));
        FakeHttp.Response resp = serve(put);
        assertEquals(405, resp.status);
        assertEquals("GET", resp.header("Allow"));
        assertEquals(405, serve(new FakeHttp.Request("GET", AuthConstants.LOGIN_PATH)).status);
    }

    @Test
    void theServletRefusesRequestsTheFilterDidNotAuthenticate() throws Exception {
        assertEquals(401, serve(new FakeHttp.Request("GET", AuthConstants.AUTH_PATH + "/whoami")).status);
    }

    @Test
    void badConfigurationIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AuthService(TestConfig.with(Map.of("maxFailedLogins", 0)), dir, STORE, clock));
        assertTrue(e.getMessage().contains("org.dayuan.auth: maxFailedLogins"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new AuthService(TestConfig.with(Map.of("tokenSecret", "short")), dir, STORE, clock));
        assertTrue(e.getMessage().contains("tokenSecret"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new AuthService(TestConfig.with(Map.of("maxTokenMinutes", 10)), dir, STORE, clock));
    }

    @Test
    void theGeneratedKeyOutlivesARestart() throws Exception {
        String token = token("wujin-viewer");
        AuthService restarted = new AuthService(TestConfig.with(Map.of()), dir, STORE, clock);
        filter = new AuthFilter(restarted);

        assertNotNull(filter(new FakeHttp.Request("GET", "/api/2/things").header("Authorization", "Bearer " + token))
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
        FakeHttp.Response login = login("{\"username\":\"" + user + "\",\"password\":\"pw\"}");
        assertEquals(200, login.status, login.text());
        return Responses.JSON.readTree(login.text()).get("token").asText();
    }

    private FakeHttp.Response login(String json) throws Exception {
        return serve(new FakeHttp.Request("POST", AuthConstants.LOGIN_PATH).json(json));
    }

    private static FakeHttp.Request get(String user, String password) {
        return new FakeHttp.Request("GET", "/api/2/things").header("Authorization", basic(user, password));
    }

    private record Result(HttpServletRequest passed, FakeHttp.Response response) {
    }

    private Result filter(FakeHttp.Request request) throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        passed = null;
        filter.doFilter(request.proxy(), response.proxy(), (req, resp) -> passed = (HttpServletRequest) req);
        return new Result(passed, response);
    }

    private FakeHttp.Response serve(Result passedFilter) throws Exception {
        assertNotNull(passedFilter.passed, passedFilter.response.text());
        FakeHttp.Response response = new FakeHttp.Response();
        servlet.service(passedFilter.passed, response.proxy());
        return response;
    }

    private FakeHttp.Response serve(FakeHttp.Request request) throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        servlet.service(request.proxy(), response.proxy());
        return response;
    }

    private static String basic(String user, String password) {
        return "Basic " + b64(user + ":" + password);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
