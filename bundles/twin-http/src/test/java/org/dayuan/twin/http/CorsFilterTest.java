package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;

class CorsFilterTest {
    private static final String LISTED = "https://viewer.example";
    private static final String STRANGER = "https://anything.example";

    /** What the filter answers to {@code http}; whether it passed the request on to the servlet. */
    private static boolean send(String origins, FakeHttp http) throws Exception {
        CorsFilter filter = new CorsFilter(new HttpSettings(config(origins)));
        boolean[] passed = {false};
        filter.doFilter(http.request(), http.response(), (req, resp) -> passed[0] = true);
        return passed[0];
    }

    private static HttpConfig config(String origins) {
        return HttpTestConfig.with(Map.of("corsAllowedOrigins", new String[] {origins}));
    }

    private static FakeHttp preflight(String origin) {
        return new FakeHttp("OPTIONS", "/api/2/things/a:b").header("Origin", origin)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type");
    }

    private static FakeHttp get(String origin) {
        return new FakeHttp("GET", "/api/2/things/a:b").header("Origin", origin);
    }

    private static void assertNoCors(FakeHttp http) {
        assertNull(http.responseHeader("Access-Control-Allow-Origin"));
        assertNull(http.responseHeader("Access-Control-Allow-Credentials"));
        assertNull(http.responseHeader("Access-Control-Allow-Methods"));
    }

    @Test
    void byDefaultNoOriginGetsCorsHeaders() throws Exception {
        FakeHttp http = get(LISTED);
        CorsFilter filter = new CorsFilter(new HttpSettings(HttpTestConfig.with(Map.of())));
        filter.doFilter(http.request(), http.response(), (req, resp) -> { });
        assertNoCors(http);
    }

    @Test
    void aListedOriginIsEchoedWithCredentials() throws Exception {
        FakeHttp p = preflight(LISTED);
        assertFalse(send("https://other.example, " + LISTED, p));
        assertEquals(204, p.status);
        assertEquals(LISTED, p.responseHeader("Access-Control-Allow-Origin"));
        assertEquals("true", p.responseHeader("Access-Control-Allow-Credentials"));
        assertTrue(p.responseHeader("Access-Control-Allow-Methods").contains("PATCH"));
        assertEquals("Origin", p.responseHeader("Vary"));
        FakeHttp g = get(LISTED);
        assertTrue(send(LISTED, g));
        assertEquals(LISTED, g.responseHeader("Access-Control-Allow-Origin"));
        assertEquals("true", g.responseHeader("Access-Control-Allow-Credentials"));
        assertTrue(g.responseHeader("Access-Control-Expose-Headers").contains("ETag"));
    }

    @Test
    void anyOriginIsNeverEchoedNorGivenCredentials() throws Exception {
        // The attack: any web site reading the API with a visitor's credentials.
        FakeHttp p = preflight(STRANGER);
        assertTrue(send(LISTED, p), "a preflight from an origin not listed is not answered as CORS");
        assertNoCors(p);
        FakeHttp g = get(STRANGER);
        assertTrue(send(LISTED, g));
        assertNoCors(g);
    }

    @Test
    void aStarLetsAnyOriginReadWithoutCredentials() throws Exception {
        FakeHttp p = preflight(STRANGER);
        assertFalse(send("*", p));
        assertEquals(204, p.status);
        assertEquals("*", p.responseHeader("Access-Control-Allow-Origin"));
        assertNull(p.responseHeader("Access-Control-Allow-Credentials"));
        FakeHttp g = get(STRANGER);
        assertTrue(send(LISTED + ",*", g));
        assertEquals("*", g.responseHeader("Access-Control-Allow-Origin"));
        assertNull(g.responseHeader("Access-Control-Allow-Credentials"));
        FakeHttp listed = get(LISTED);
        assertTrue(send(LISTED + ",*", listed));
        assertEquals(LISTED, listed.responseHeader("Access-Control-Allow-Origin"));
        assertEquals("true", listed.responseHeader("Access-Control-Allow-Credentials"));
    }

    @Test
    void requestsWithoutOriginPassUntouched() throws Exception {
        FakeHttp http = new FakeHttp("GET", "/api/2/things/a:b");
        assertTrue(send("*", http));
        assertNoCors(http);
        assertNull(http.responseHeader("Vary"));
    }

    @Test
    void aChangedConfigurationAppliesToTheRegisteredFilter() throws Exception {
        HttpSettings settings = new HttpSettings(HttpTestConfig.with(Map.of()));
        CorsFilter filter = new CorsFilter(settings);
        FakeHttp before = get(LISTED);
        filter.doFilter(before.request(), before.response(), (req, resp) -> { });
        assertNoCors(before);
        settings.modified(config(LISTED));
        FakeHttp after = get(LISTED);
        filter.doFilter(after.request(), after.response(), (req, resp) -> { });
        assertEquals(LISTED, after.responseHeader("Access-Control-Allow-Origin"));
    }
}
