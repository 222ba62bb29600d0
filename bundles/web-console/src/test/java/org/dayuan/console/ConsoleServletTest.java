package org.dayuan.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;

/** The built console as the bundle serves it (the build puts Vite's output on the test classpath first). */
class ConsoleServletTest {
    private final ConsoleServlet servlet = new ConsoleServlet();

    private FakeHttp get(String uri) throws Exception {
        FakeHttp http = new FakeHttp(uri);
        http.servletPath = uri;
        return http.send(servlet);
    }

    @Test
    void theRootIsTheIndexRevalidatedOnEveryLoad() throws Exception {
        FakeHttp index = get("/");
        assertEquals(200, index.status);
        assertEquals("text/html; charset=utf-8", index.contentType);
        assertEquals("no-cache", index.responseHeader("Cache-Control"));
        assertEquals(ConsoleServlet.POLICY, index.responseHeader("Content-Security-Policy"));
        assertTrue(index.body.toString(StandardCharsets.UTF_8).contains("<div id=\"app\">"));
    }

    @Test
    void hashedAssetsAreCachedForAYearAndTyped() throws Exception {
        String html = get("/").body.toString(StandardCharsets.UTF_8);
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(html);
        assertTrue(script.find(), html);
        FakeHttp js = get(script.group(1));
        assertEquals(200, js.status);
        assertEquals("text/javascript; charset=utf-8", js.contentType);
        assertEquals("public, max-age=31536000, immutable", js.responseHeader("Cache-Control"));
        assertEquals("nosniff", js.responseHeader("X-Content-Type-Options"));
    }

    @Test
    void nothingOutsideTheConsoleIsServed() throws Exception {
        assertEquals(404, get("/assets/none.js").status);
        assertEquals(404, get("/../org/dayuan/console/ConsoleServlet.class").status);
        assertEquals(404, get("/assets/../../org/dayuan/console/ConsoleServlet.class").status);
        assertEquals(404, get("/assets/").status);
    }
}
